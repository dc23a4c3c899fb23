"""Printing: notation profile, tidy forms as a reader writes them, Markdown blocks, size estimates."""
import re

import pytest
import sympy as sp

import derive
import derive.functions
from derive.catalog import catalog as full_catalog  # full_catalog() is shadowed by its module
from derive import Assumptions, Derivation
from derive.render.breaking import break_lines, width
from derive.render.rows import ARTICLE, chain_rows
from derive.render.steplines import chains, items
from derive.render.printer import latex_block, printer, tidy
from derive.render.profile import Notation, NotationError
from derive.render.texmetrics import measure


@pytest.fixture(scope="module")
def catalog():
    return full_catalog()


def _linear() -> Derivation:
    """A small derivation with a log, a transpose and a vector."""
    x, y = sp.Symbol("x", positive=True), sp.Symbol("y", positive=True)
    w = sp.MatrixSymbol("w", 3, 1)
    d = Derivation("toy", "Toy", assumptions=Assumptions().declare(x, "positive"))
    d.start(sp.log(x * y))
    d.state(sp.log(x) + sp.log(y), because="log of a product")
    d.start(sp.Transpose(w) * w)
    d.state(sp.Transpose(w) * w, because="as written")
    return d


# -- notation profile --------------------------------------------------------------------
def test_log_or_ln():
    d = _linear()
    assert r"\log" in d.to_latex() and r"\ln" not in d.to_latex()
    assert r"\ln" in d.to_latex(log="ln") and r"\log" not in d.to_latex(log="ln")


def test_transpose_top_or_T():
    d = _linear()
    assert r"w^{\top}" in d.to_latex()
    assert "w^{T}" in d.to_latex(transpose="T")


def test_vectors_bold_or_arrow():
    d = _linear()
    assert r"\mathbf{w}" not in d.to_latex()
    assert r"\mathbf{w}^{\top} \mathbf{w}" in d.to_latex(vectors=("w",))
    assert r"\vec{w}" in d.to_latex(vectors="w", vector_style="arrow")


def test_vector_entries_stay_plain():
    z = sp.IndexedBase("z")
    i = sp.Symbol("i", integer=True)
    assert printer(vectors=("z",))._print(z[i]) == "z_{i}"


def test_justify_tag_or_column():
    d = _linear()
    assert r"\tag*{$\text{log of a product}$}" in d.to_latex(justify="tag")
    assert r"&& \text{log of a product}" in d.to_latex()


def test_notation_object_equals_keywords():
    d = _linear()
    profile = Notation(log="ln", transpose="T", vectors=("w",), justify="tag")
    assert d.to_latex(notation=profile) == d.to_latex(log="ln", transpose="T", vectors=("w",),
                                                       justify="tag")


def test_aligned_blocks_never_use_tags():
    """\\tag* is not allowed inside aligned (Markdown, Jupyter): the column is used."""
    assert r"\tag" not in latex_block(_linear(), env="aligned", justify="tag")


@pytest.mark.parametrize("bad", [dict(log="lg"), dict(transpose="t2"), dict(justify="left"),
                                 dict(vector_style="hat")])
def test_unknown_styles_are_refused(bad):
    with pytest.raises(NotationError):
        Notation(**bad)


# -- forms as a reader writes them ----------------------------------------------------------
def test_tidy_drops_factor_one_and_pulls_minus_out():
    N, x = sp.symbols("N x")
    with sp.evaluate(False):
        half = sp.Mul(sp.Mul(-1, N), sp.Rational(1, 2))
        one = sp.Mul(1, sp.exp(x))
    p = printer()
    assert p._print(tidy(half)) == r"- \frac{N}{2}"
    assert p._print(tidy(one)) == "e^{x}"


def test_first_term_of_a_computed_sum_is_positive():
    mu, x = sp.symbols("mu x")
    assert printer()._print(x - mu) == r"x - \mu"


def test_display_form_keeps_its_author_order():
    a, b, c = sp.symbols("a b c")
    d = Derivation("order", "Order")
    with sp.evaluate(False):
        shown = c * b - a
    d.start(c * b - a, display=shown)
    assert printer().formula(d.steps[0]) == "c b - a"


def test_a_display_keeps_the_factors_its_author_wrote():
    """The seed's 1 x 5 + 2 x 7 stays as written; Sum's own 1 in front of a body goes."""
    a, b = sp.IndexedBase("a"), sp.IndexedBase("b")
    k, n = sp.symbols("k n", integer=True)
    with sp.evaluate(False):
        cell = sp.Add(sp.Mul(1, 5), sp.Mul(2, 7))
        total = sp.Sum(a[k] * b[k], (k, 1, n))
    d = Derivation("seed", "Seed")
    d.start(sp.Integer(19), display=cell)
    d.start(total, display=total)
    assert printer().formula(d.steps[0]) == r"1 \cdot 5 + 2 \cdot 7"
    assert printer().formula(d.steps[1]) == r"\sum_{k=1}^{n} a_{k} b_{k}"


@pytest.mark.parametrize("build, tex", [
    (lambda x, t: sp.Derivative(sp.log(sp.exp(x) + 1) * sp.sin(x), x),
     r"\frac{d}{d x} \left(\log{\left(e^{x} + 1 \right)} \sin{\left(x \right)}\right)"),
    (lambda x, t: sp.Derivative(-sp.Sum(sp.log(t * sp.IndexedBase("x")[sp.Symbol("i")]),
                                         (sp.Symbol("i"), 1, sp.Symbol("N"))), t),
     r"\frac{\partial}{\partial \theta} \left(- \sum_{i=1}^{N} \log{\left(\theta x_{i} \right)}\right)"),
    (lambda x, t: sp.Derivative(x ** 2 / 2, x), r"\frac{d}{d x} \frac{x^{2}}{2}"),
    (lambda x, t: sp.Derivative(sp.exp(x), x) ** 2 * t,
     r"\theta \left(\frac{d}{d x} e^{x}\right)^{2}"),
])
def test_what_d_dx_acts_on_is_unambiguous(build, tex):
    x, t = sp.symbols("x theta")
    assert printer()._print(build(x, t)) == tex


def test_a_derivative_followed_by_factors_is_bracketed():
    x, z = sp.symbols("x z")
    with sp.evaluate(False):
        form = sp.Mul(sp.Derivative(sp.exp(x), x), sp.Sum(z, (z, 1, 3)))
    assert printer(order="none")._print(form).startswith(r"\left(\frac{d}{d x} e^{x}\right) ")


@pytest.mark.parametrize("name", ["f", "g_{k}", r"\sigma", r"\mathcal{L}"])
def test_a_name_that_could_be_a_function_is_multiplied_with_a_dot(name):
    """f (1 - r) would read as f applied to 1 - r."""
    r = sp.Symbol("r")
    symbol = {r"\sigma": "sigma", r"\mathcal{L}": "Lcal", "g_{k}": "g_k"}.get(name, name)
    tex = printer(symbol_names={sp.Symbol("Lcal"): r"\mathcal{L}"})._print(sp.Symbol(symbol) * (1 - r))
    assert tex == name + r" \cdot \left(1 - r\right)"
    assert printer()._print(sp.Symbol("x") * (1 - r)) == r"x \left(1 - r\right)"


def test_determinants_are_written_with_bars_or_det():
    a, b = sp.symbols("a b")
    m = sp.ImmutableMatrix([[a, b], [b, a]])
    assert printer()._print(sp.Determinant(m)) == r"\begin{vmatrix}a & b \\ b & a\end{vmatrix}"
    assert printer()._print(sp.Determinant(sp.MatMul(m, m))).startswith(r"\det\left(")


def test_softmax_of_a_concrete_size_lists_its_entries():
    z = sp.IndexedBase("z")
    i, n = sp.Symbol("i", integer=True), sp.Symbol("n", integer=True, positive=True)
    assert printer()._print(derive.functions.softmax(z, 1, 3)) == \
        r"\operatorname{softmax}\left(z_{1}, z_{2}, z_{3}\right)_{1}"
    assert printer()._print(derive.functions.softmax(z, i, n)) == \
        r"\operatorname{softmax}\left(z\right)_{i}"


def test_tidy_keeps_every_catalog_form_equal(catalog):
    """tidy only changes how a form is written: numerically it is the same expression."""
    from derive.verify import NumericSettings, numeric_compare

    few = NumericSettings(samples=8, instances=2)
    changed = 0
    for d in catalog.values():
        for step in d.steps:
            form = step.shown
            if tidy(form) == form:
                continue
            changed += 1
            result = numeric_compare(tidy(form), form, "=", d.assumptions, few)
            assert result.holds is not False, (d.slug, form)
    assert changed, "the catalog has forms to tidy (factors of 1, explicit -1)"


def test_mathjax_justifications_have_no_text_mode_escapes(catalog):
    """MathJax shows \\^{} and \\_ literally inside \\text{}: aligned blocks avoid them."""
    for d in catalog.values():
        block = latex_block(d, env="aligned")
        for text in re.findall(r"\\text\{([^{}]*)\}", block):
            assert "\\" not in text, (d.slug, text)


# -- Markdown -------------------------------------------------------------------------------
def _balanced(tex: str) -> bool:
    depth = 0
    for k, c in enumerate(tex):
        if c in "{}" and k and tex[k - 1] == "\\":
            continue
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0


def test_markdown_blocks_are_non_empty_and_balanced(catalog):
    from derive.export import Options, markdown

    md = markdown(list(catalog.values()), Options("md"))
    blocks = re.findall(r"^\$\$\n(.*?)\n\$\$$", md, flags=re.S | re.M)
    assert len(blocks) == len(catalog)
    assert md.count("$$") == 2 * len(blocks)
    for block in blocks:
        assert block.strip()
        assert "\n\n" not in block, "a blank line ends a $$ block on GitHub"
        assert _balanced(block)
        assert sorted(re.findall(r"\\begin\{(\w+\*?)\}", block)) == \
            sorted(re.findall(r"\\end\{(\w+\*?)\}", block))
        assert block.count(r"\left") == block.count(r"\right")


# -- size estimates and line breaking ----------------------------------------------------------
def test_estimates_follow_typesetting():
    assert measure(r"\frac{a}{b}").width < measure("a b").width + 0.5
    assert measure(r"\frac{a}{b}").height > measure("a").height
    cell = measure(r"\frac{e^{z_1}}{e^{z_1} + e^{z_2}}")
    matrix = measure(r"\left[\begin{matrix}\frac{e^{z_1}}{e^{z_1} + e^{z_2}} & 0\\0 & 1\end{matrix}\right]")
    assert matrix.width > cell.width and matrix.height > cell.height
    assert measure(r"\sum_{k=1}^{n} x_k").height > measure("x_k").height


def test_long_sums_break_between_terms_and_short_ones_do_not():
    terms = tuple([r"\frac{a_{%d}}{b_{%d}}" % (k, k) if k == 0 else r"+ \frac{a_{%d}}{b_{%d}}" % (k, k)
                   for k in range(30)])
    lines = break_lines(" ".join(terms), 20.0)
    assert len(lines) > 1 and " ".join(lines) == " ".join(terms)
    assert all(width(line) <= 20.0 for line in lines)
    assert break_lines(" ".join(terms[:3]), ARTICLE.line_em) == [" ".join(terms[:3])]


# -- prose with plain-text maths -----------------------------------------------------------------
@pytest.mark.parametrize("text, tex", [
    ("E[g_k] = E[g]", "E[$g_{k}$] = E[g]"),
    ("substitute u = sigma t", r"substitute u = $\sigma$ t"),
    ("divide by 1 - beta^t", r"divide by 1 - $\beta^{t}$"),
    ("G = X^T X", "G = $X^{T}$ X"),
    ("the alphabet is not greek", "the alphabet is not greek"),
    ("k <= 4 & 50% #1", r"k $\le$ 4 \& 50\% \#1"),
    ("a_b^c then {x}", r"$a_{b}^{c}$ then \{x\}"),
    ("(AB)_ij = sum_k a_ik b_kj", r"(AB)\_ij = $\sum_{k}$ $a_{ik}$ $b_{kj}$"),
])
def test_prose_sets_plain_text_maths_inline(text, tex):
    from derive.render.prose import prose_tex

    assert prose_tex(text) == tex


# -- side computations and refuted starts ---------------------------------------------------------
def test_side_computations_print_under_their_step():
    """The chain rule's inner derivative (substeps) shows in LaTeX and Markdown, not only text."""
    d = derive.get("bernoulli-mle")
    side = [s for s in d.steps if s.substeps]
    assert side, "bernoulli-mle applies the chain rule with substeps"
    inner = printer().doprint(side[0].substeps[0].expr)
    for out in (d.to_latex(), d.to_markdown()):
        row = next(line for line in out.splitlines() if r"\text{where }" in line)
        assert inner in row and r"\text{inner derivative}" in row
    rows = chain_rows(
        chains(items(d, printer()))[1], 0, ARTICLE)
    assert any(r"\text{where }" in r.rhs and r.rhs_reveal is not None for r in rows)


def _refuted_start() -> Derivation:
    x = sp.Symbol("x")
    d = Derivation("bad-start", "A start shown wrongly")
    d.start(x ** 2, display=x ** 2 + 1)
    d.state(x * x, because="as written")
    d.verify()
    return d


def test_a_refuted_start_is_shown_in_text_latex_and_markdown():
    d = _refuted_start()
    assert d.steps[0].verdict.status == "refuted"
    assert "REFUTED" in d.to_text().split("( 1)")[0]
    first = d.to_latex().splitlines()[1].strip()
    assert first.startswith(r"\textcolor{red}{1 + x^{2}}") and "differs" in first
    assert "| start | as displayed | refuted" in d.to_markdown()
    from derive.render.documents import article
    assert r"\color{red}1 + x^{2}\quad \text{\deriverefuted}" in article([d])
