"""Row splitting keeps offsets into the original block and never splits inside braces."""
from hypothesis import given, strategies as st

from derive.lint.rows import chain, relations

SIDE = st.sampled_from(["x", "\\frac{a=b}{2}", "(y+1)", "\\left( z \\right)", "x^{2}"])


@given(st.lists(SIDE, min_size=2, max_size=5), st.lists(st.sampled_from(["=", "\\le", "<"]), min_size=4, max_size=4))
def test_a_row_splits_into_its_sides(sides, rels):
    text = sides[0] + "".join(f" {r} {s}" for r, s in zip(rels, sides[1:]))
    pieces, found = relations(text)
    assert [p.tex.strip() for p in pieces] == sides
    for p in pieces:
        assert text[p.offset:p.offset + len(p.tex)] == p.tex


def test_prose_and_alignment_are_dropped():
    pieces, rels = chain("a &= b \\quad \\text{since } \\label{e1} \\\\ &\\le d \\nonumber")
    assert [p.tex.split() for p in pieces] == [["a"], ["b"], ["d"]]
    assert rels == ["=", "<="]


def test_a_row_without_leading_relation_starts_a_new_chain():
    pieces, rels = chain("a = b \\\\ c = d")
    assert rels == ["=", "", "", "="] and [p.tex.strip() for p in pieces] == ["a", "b", "", "c", "d"]


def test_a_second_chain_keeps_every_step_and_its_relation():
    from derive.lint.rows import chain
    pieces, rels = chain("a &= b \\\\ c &\\le d \\\\ &= e")
    assert len(rels) == len(pieces) - 1
    steps = [(pieces[k].tex.strip(), rel, pieces[k + 1].tex.strip())
             for k, rel in enumerate(rels) if rel and pieces[k].tex.strip() and pieces[k + 1].tex.strip()]
    assert steps == [("a", "=", "b"), ("c", "<=", "d"), ("d", "=", "e")]


def test_a_hand_made_equation_number_is_dropped():
    from derive.lint.check import lint_text
    text = "\\begin{aligned} (a+b)^2 &= a^2 + 2ab + b^2 \\quad \\cdots \\small\\mathsf{(1)} \\\\ &= b^2 + 2ab + a^2 + \\cdots \\end{aligned}"
    results = lint_text(text)
    assert results[0].status == "proved" and results[0].rhs == "a^2 + 2ab + b^2"
    assert results[1].rhs.endswith("\\cdots")            # a series going on is not a leader


def test_row_break_with_a_vertical_space_argument():
    from derive.lint.rows import split_rows
    body = "a &= b \\\\[2mm] &= c \\\\* &= d"
    assert [(r.strip(), body[off:off + 3]) for r, off in split_rows(body)][1:] == [("&= c", " &="), ("&= d", " &=")]


def test_a_row_that_opens_with_brackets_keeps_them():
    from derive.lint.rows import split_rows
    assert split_rows("a = b \\\\ [a, b] = c")[1][0] == " [a, b] = c"


def steps_of(block):
    pieces, rels = chain(block)
    return [(pieces[k].tex.strip(), rel, pieces[k + 1].tex.strip())
            for k, rel in enumerate(rels) if rel and pieces[k].tex.strip() and pieces[k + 1].tex.strip()]


def test_a_justification_column_with_maths_in_it_is_a_remark_not_a_step():
    block = (r"f'(x) & = h && \quad\text{by definition}\\ & = g(x)h(x) && \quad \text{using }f(x) = g(x)h(x) \\"
             r" & = k && (\text{since } k = g h)")
    assert steps_of(block) == [("f'(x)", "=", "h"), ("h", "=", "g(x)h(x)"), ("g(x)h(x)", "=", "k")]


def test_prose_after_a_wide_space_closes_the_row():
    assert steps_of(r"a &= b \quad \text{since } c = d \\ &= e") == [("a", "=", "b"), ("b", "=", "e")]
    assert steps_of(r"a &= b \qquad \text{for } x > 0") == [("a", "=", "b")]


def test_a_column_of_maths_and_prose_inside_braces_are_not_cut():
    assert steps_of(r"a &= b & c &= d") == [("a", "=", "b   c"), ("b   c", "=", "d")]
    assert [s[2].split() for s in steps_of(r"a = \frac{b}{c \quad \text{since } d}")] == [[r"\frac{b}{c", "d}"]]


def test_a_column_that_states_a_consequence_is_still_checked():
    from derive.lint.check import lint_text
    doc = "$$\\begin{aligned} a &= a && \\text{hence } 1 = 2 \\end{aligned}$$"
    assert "refuted" in [r.status for r in lint_text(doc, "t.md", None, 2.0, None)]
