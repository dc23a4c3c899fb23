"""A document's own macros are expanded before its steps are read, and a wrong step still fails."""
from hypothesis import given, strategies as st

from derive.lint.check import lint_text
from derive.lint.macros import definitions, expand

PREAMBLE = r"""\renewcommand{\vec}[1]{\mathbf{#1}}
\newcommand{\x}{\vec{x}}
\newcommand{\sq}[1]{\left(#1\right)^2}
\newcommand{\half}{\frac{1}{2}}
\DeclareMathOperator*{\argmax}{arg\,max}
"""


def test_definitions_and_nested_expansion():
    d = definitions(PREAMBLE)
    assert d[r"\sq"].nargs == 1 and d[r"\x"].body == r"\vec{x}"
    assert expand(r"\sq{a+b} + \x", d) == r"\left(a+b\right)^2 + \mathbf{x}"
    assert expand(r"\sq x", d) == r"\left(x\right)^2"                 # an unbraced argument
    assert expand(r"\argmax_x f", d) == r"\operatorname{argmax}_x f"


def test_self_referencing_macro_stops():
    d = definitions(r"\newcommand{\loop}{\loop+1}")
    assert expand(r"\loop", d).count("+1") == 50


def test_a_macro_document_is_checked_and_a_wrong_row_refuted():
    text = PREAMBLE + "\\begin{align*}\n\\sq{a+b} &= a^2 + 2ab + b^2 \\\\\n &= \\half (2a^2 + 4ab + 2b^2) + 1\n\\end{align*}\n"
    results = lint_text(text)
    assert [r.status for r in results] == ["proved", "refuted"]
    assert results[0].read[0] == r"\left(a+b\right)^2" and results[1].line == 8


def test_thin_spaces_from_a_macro_body_are_dropped():
    text = r"\newcommand{\tran}{^{\!\top\!}}" + "\n$$ (x^2)\\tran = x^2 = x x $$\n"
    assert "\\!" not in lint_text(text)[0].read[0]


@given(st.text(alphabet="ab+-^{}() ", max_size=30))
def test_text_without_macros_is_unchanged(tex):
    assert expand(tex, definitions(PREAMBLE)) == tex
