"""Terminal text: formulas drawn by SymPy's Unicode pretty printer, not Python syntax."""
from __future__ import annotations

import pytest

import derive

PYTHON = ("Derivative(", "**", "exp(", "Sum(", "KroneckerDelta(", "Matrix([", "z[", "softmax(z, ")


@pytest.mark.parametrize("slug", ["softmax-jacobian", "gaussian-kl", "bernoulli-mle", "adam-bias-correction"])
def test_text_output_has_no_python_syntax(slug):
    text = derive.get(slug).to_text()
    assert [p for p in PYTHON if p in text] == []


def test_the_softmax_jacobian_is_drawn_in_unicode():
    text = derive.get("softmax-jacobian").to_text()
    assert "softmax(z)ᵢ" in text and "∂" in text and "ℯ" in text and "─" in text
    assert "δ" in text and "╲" in text               # Kronecker delta and the sum sign
    assert "where s₁ = " in text                      # the named entries are defined
    assert "z ∈ ℝ" in text and "i ∈ {1, …, n}" in text


def test_a_step_relation_sits_on_its_formulas_baseline():
    text = derive.get("sigmoid-derivative").to_text()
    step = next(ln for ln in text.splitlines() if ln.lstrip().startswith("( 2) ="))
    assert "─" in step          # the fraction bar is on the row of "( 2) ="


def test_the_python_check_above_can_fail():
    import sympy as sp
    assert any(p in sp.sstr(sp.Derivative(sp.exp(sp.Symbol("x")) ** 2, sp.Symbol("x"))) for p in PYTHON)
