"""derive.lint finds the wrong row of a document and reports it at its line:column."""
import json

import derive
from derive.lint.check import assumptions_of, lint_text

WRONG = "% derive: assume x > 0\n\\begin{align}\n(x+1)^2 &= x^2 + 2x + 1 \\\\\n  &= x^2 + 3x + 1 \\\\\n  &\\ge 1\n\\end{align}\n"


def test_the_wrong_row_is_refuted_at_its_line():
    results = lint_text(WRONG, "paper.tex")
    assert [r.status for r in results][1] == "refuted"
    assert [r.status for r in results][0] == "proved"
    assert (results[1].line, results[1].column) == (4, 6)
    assert results[1].givens == ["x positive"]


def test_markdown_dollars_and_a_path(tmp_path):
    p = tmp_path / "notes.md"
    p.write_text("Text.\n\n$$\n\\sin^2 x + \\cos^2 x = 1 = \\frac{2}{2}\n$$\n")
    results = derive.lint(p)
    assert [r.status for r in results] == ["proved", "proved"]
    assert results[0].line == 4


def test_notebook_cells(tmp_path):
    p = tmp_path / "n.ipynb"
    cells = [{"cell_type": "markdown", "metadata": {}, "source": ["$$ a(b + c) = ab + ac + 1 $$"]}]
    p.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    assert [r.status for r in derive.lint(str(p))] == ["refuted"]


def test_assume_comment_domains():
    assert assumptions_of("% derive: assume x > 0, n integer") == {"x": "positive", "n": "integer"}


def test_unreadable_row_is_unread_not_a_crash():
    assert [r.status for r in lint_text("$$ \\foo{x} = 1 = 1 $$")][0] == "unread"


DEFINED = r"""% derive: given f(x) = x^2 + 1
\begin{align}
L &:= a + b \\
2L &= 2a + 2b \\
   &= 2b + 2a + 1
\end{align}
$$ f(y) + 1 = y^2 + 2 $$
"""


def test_givens_are_substituted_and_named():
    results = lint_text(DEFINED)
    assert [(r.line, r.status) for r in results] == [(4, "proved"), (5, "refuted"), (7, "proved")]
    assert results[0].givens == ["L = a + b"]
    assert results[2].givens == ["f(x) = x^2 + 1"]


def test_a_given_from_the_api_can_refute():
    assert [r.status for r in derive.lint("$$ g(t) = t + 1 $$", given=["g(x) = x"])] == ["refuted"]


def test_where_clause_defines_and_is_not_checked():
    text = "\\begin{align}\nv &= 2s \\quad \\text{where } s = t + 1 \\\\\n &= 2t + 2\n\\end{align}"
    results = lint_text(text)        # v = 2s names v (a definition); 2s = 2t + 2 is the step
    assert [(r.lhs, r.rhs) for r in results] == [("2s", "2t + 2")]
    assert results[0].status == "proved" and results[0].givens == ["s = t + 1"]


def test_a_hypothesis_given_replaces_its_left_side_as_written():
    text = "% derive: given A x = \\lambda x\n$$ A x + x = \\lambda x + x = (\\lambda + 1) x $$\n"
    results = lint_text(text)
    assert [r.status for r in results] == ["proved", "proved"]
    assert results[0].givens == ["A x = \\lambda x"]
    wrong = "% derive: given A x = \\lambda x\n$$ A x + x = \\lambda x + 2x $$\n"
    assert [r.status for r in lint_text(wrong)] == ["refuted"]


def test_a_name_given_reaches_a_name_after_a_command_but_not_an_accented_one():
    text = "% derive: given \\z = 2t\n$$ \\sqrt{4}\\z = 4t $$\n"
    results = lint_text(text)
    assert results[0].status == "proved" and results[0].givens == ["\\z = 2t"]
    results = lint_text("% derive: given z = 2t\n$$ \\hat{z} + 1 = 2t + 1 $$\n")
    assert results[0].givens == [] and results[0].status == "refuted"


def test_a_greek_assumption_reaches_the_checker():
    text = "% derive: assume \\alpha > 0\n$$ \\sqrt{\\alpha^2} = \\alpha = |\\alpha| $$\n"
    assert [r.status for r in lint_text(text)] == ["proved", "proved"]


def test_a_chain_that_starts_by_naming_a_side_defines_the_name():
    text = "\\begin{align}\nL &= (a+b)^2 \\\\\n &= a^2 + 2ab + b^2\n\\end{align}\n$$ 2L = 2(a+b)^2 = 2a^2 $$"
    results = lint_text(text)
    assert [(r.lhs, r.status) for r in results] == [("(a+b)^2", "proved"), ("2L", "proved"),
                                                     ("2(a+b)^2", "refuted")]
    assert results[1].givens == ["L = (a+b)^2"]


def test_a_name_on_both_sides_is_a_claim_not_a_definition():
    assert [r.status for r in lint_text("$$ x = x + 1 = x + 1 $$")] == ["refuted", "proved"]


def test_an_elided_middle_checks_the_ends_and_other_relations_are_not_checked():
    text = "\\begin{align}\n(a+1)^2 &= a^2 + 2a + 1 \\\\\n &= \\dots \\\\\n &= a^2 + 2a + 2 \\\\\n &\\propto 3\n\\end{align}"
    results = lint_text(text)
    assert [(r.lhs, r.rhs, r.status) for r in results] == [
        ("(a+1)^2", "a^2 + 2a + 1", "proved"), ("a^2 + 2a + 1", "a^2 + 2a + 2", "refuted"),
        ("a^2 + 2a + 2", "3", "unread")]
    assert results[1].line == 4 and "not checked" in results[2].message


def test_text_in_a_subscript_or_as_a_function_name_is_kept():
    results = lint_text("$$ 2 L_\\text{VAE} = L_\\text{VAE} + L_{VAE} = \\text{max}(a, b) + 0 $$")
    assert results[0].read == ("2 L_{VAE}", "L_{VAE} + L_{VAE}") and results[0].status == "proved"
    assert results[1].read[1].startswith("\\operatorname{max}(a, b)")


def test_an_assumption_derive_cannot_take_never_makes_a_false_refutation():
    text = "% derive: assume C \\geq 1, y \\ge 0\n$$ C - 1 = C - 1 + 0 $$\n$$ \\frac{C}{C} = 2 $$\n$$ \\sqrt{y^2} = y $$\n"
    results = lint_text(text)
    assert [r.status for r in results] == ["proved", "undecided", "proved"]
    assert "unknown domain" in results[0].message and "refuted only without" in results[1].message
    assert results[2].givens == ["y nonnegative"]


def test_a_name_given_does_not_reach_a_subscripted_or_primed_name():
    text = "% derive: given x = 2t\n$$ x + x_i + x' = 2t + x_i + x' $$\n"
    assert lint_text(text)[0].read[0] == "\\left(2t\\right) + x_i + x'"
    assert lint_text("% derive: given x = 2t\n$$ x + x_i = 2t + x_i $$\n")[0].status == "proved"


def test_a_function_given_written_with_left_right_parentheses():
    text = "% derive: given \\sigma\\left(x\\right) = \\frac{1}{1+e^{-x}}\n$$ \\sigma\\left(2t\\right) = \\frac{1}{1+e^{-2t}} = \\sigma(2t) $$\n"
    results = lint_text(text)
    assert [r.status for r in results] == ["proved", "proved"]
    assert results[0].givens == ["\\sigma(x) = \\frac{1}{1+e^{-x}}"]
