"""Line breaking: long formulas become rows no wider than their room, and mean the same."""
from __future__ import annotations

import re

import sympy as sp
from hypothesis import given, settings, strategies as st

import derive
from derive.render.breaking import break_lines, roomy_matrices, width
from derive.render.delims import plain_delims
from derive.render.printer import printer


def balanced(line: str) -> bool:
    """Braces and \\left/\\right pairs match within the line (TeX needs that of a row;
    hand-sized brackets such as \\bigl( may open on one row and close on another)."""
    depth = braces = 0
    for t in re.findall(r"\\left(?![a-z])|\\right(?![a-z])|[{}]", line):
        braces += {"{": 1, "}": -1}.get(t, 0)
        depth += {r"\left": 1, r"\right": -1}.get(t, 0)
        if braces < 0 or depth < 0:
            return False
    return braces == 0 and depth == 0


def unsized(tex: str) -> str:
    """The formula with sized brackets read as \\left/\\right and spaces dropped."""
    tex = re.sub(r"\\[bB]igg?l", r"\\left", tex)
    tex = re.sub(r"\\[bB]igg?r", r"\\right", tex)
    return re.sub(r"\s+", "", tex)


x = sp.symbols("x_1:9")
terms = st.lists(st.tuples(st.sampled_from(x), st.integers(1, 9), st.integers(1, 3)), min_size=2, max_size=14)


@settings(max_examples=40, deadline=None)
@given(terms, st.floats(8.0, 30.0))
def test_a_broken_sum_fits_its_room_and_rejoins_to_itself(parts, room):
    expr = sp.Add(*[c * v ** p / (v + 1) for v, c, p in parts])
    tex = printer().doprint(expr)
    lines = break_lines(tex, room)
    assert all(balanced(ln) for ln in lines)
    if len(lines) > 1:
        assert all(re.match(r"^[-+=]", ln) for ln in lines[1:])      # a line starts with its sign
    assert unsized("".join(lines)) == unsized(tex)
    pieces_fit = all(width(ln) <= room for ln in lines[1:-1])
    assert pieces_fit or any(width(t) > room - 1 for t in re.split(r" [-+] ", tex))


def test_a_bracket_spanning_a_break_is_sized_by_hand():
    long_sum = " + ".join(r"\frac{a_{%d}}{b_{%d}}" % (k, k) for k in range(12))
    tex = r"\operatorname{tr}\left(%s\right)" % long_sum
    lines = break_lines(tex, 20.0)
    assert len(lines) > 1
    assert lines[0].startswith(r"\operatorname{tr}\biggl(") and lines[-1].endswith(r"\biggr)")
    assert r"\left" not in "".join(lines) and all(balanced(ln) for ln in lines)


def test_nothing_inside_braces_or_a_matrix_cell_is_split_as_a_row():
    frac = r"\frac{%s}{2}" % " + ".join("x_{%d}" % k for k in range(40))
    for line in break_lines(frac, 10.0):
        assert balanced(line)
    cells = r"\left[\begin{matrix}%s\\%s\end{matrix}\right]" % (
        " + ".join("a_{%d} b_{%d}" % (k, k) for k in range(12)), " + ".join("c_{%d}" % k for k in range(12)))
    lines = break_lines(cells, 18.0)
    assert len(lines) == 1 and r"\begin{aligned}" in lines[0]     # the cells break, not the row


def test_a_long_fraction_is_opened_rather_than_overflowing():
    num = " - ".join(r"\operatorname{tr}(A_{%d} B_{%d})" % (k, k) for k in range(10))
    lines = break_lines(r"\frac{%s}{\tau}" % num, 20.0)
    assert len(lines) > 1 and lines[0].startswith(r"\frac{1}{\tau}")


def test_brackets_stay_sized_only_around_tall_content():
    assert plain_delims(r"\sigma\left(x\right) \left(1 - \sigma\left(x\right)\right)") == r"\sigma(x) (1 - \sigma(x))"
    assert plain_delims(r"\left(\frac{a}{b}\right)^{2}") == r"\left(\frac{a}{b}\right)^{2}"
    assert plain_delims(r"\left. x^{2} \right|_{x=1}") == r"\left. x^{2} \right|_{x=1}"
    assert plain_delims(r"\log{\left(x \right)}") == r"\log(x)"


def test_plain_brackets_read_back_to_the_same_expression():
    z = sp.Symbol("z")
    for e in (sp.log(1 + sp.exp(-z)), z * (1 - z) ** 2, sp.exp(z) / (1 + sp.exp(z))):
        tex = printer().doprint(e)
        assert r"\left(" not in tex or r"\frac" in tex
        back = derive.parse(tex)
        back = back.subs({s: sp.Symbol(s.name) for s in back.free_symbols})
        assert sp.simplify(back - e) == 0


def test_matrices_of_fractions_are_set_in_display_style():
    tex = r"\left[\begin{matrix}\frac{a}{b} & 1\\0 & \frac{c}{d}\end{matrix}\right]"
    out = roomy_matrices(tex)
    assert out.count(r"\dfrac") == 2 and r"\\[0.6ex]" in out
    assert roomy_matrices(r"\begin{matrix}a & b\end{matrix}") == r"\begin{matrix}a & b\end{matrix}"
