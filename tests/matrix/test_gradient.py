"""grad_steps: derivations by differentials reach the advertised gradients, every step checked;
the reader and the paper-notation printer."""
import pytest
import sympy as sp

import derive
from derive.core.chain import DerivationError
from derive.matrix.printing import tex, tex_chain
from derive.matrix.reading import MatrixParseError, read_matrix
from derive.verify.step import check_step


def derived(latex, wrt, **kw):
    expr, syms = read_matrix(latex)
    d = derive.grad_steps(expr, syms[wrt], **kw)
    return d, d.verify(), syms


def test_least_squares_ends_at_2_XT_residual():
    d, report, s = derived(r"\|\mathbf X \mathbf w - \mathbf y\|^2", "w")
    assert report.ok and report.refuted == 0
    X, w, y = s["X"], s["w"], s["y"]
    assert d.result == 2 * X.T * (X * w - y)
    assert any(st.rule.startswith("quadratic form:") for st in d.steps)
    assert report.proved >= len(d) - 1     # all but the read-off proved by the trace normal form


def test_log_det_ends_at_sigma_inverse_when_spd():
    d, report, s = derived(r"\log\det \mathbf\Sigma", "Sigma", assume={"Sigma": "spd"})
    assert report.ok and d.result == sp.Inverse(s["Sigma"])
    assert any(st.rule.startswith("log det") for st in d.steps)


def test_log_det_without_structure_ends_at_the_inverse_transpose():
    d, report, s = derived(r"\log\det \mathbf\Sigma", "Sigma")
    assert report.ok and d.result == sp.Inverse(s["Sigma"]).T


def test_trace_quadratic_in_a_matrix():
    d, report, s = derived(r"\operatorname{tr}(\mathbf W^\top \mathbf A \mathbf W)", "W")
    A, W = s["A"], s["W"]
    assert report.ok
    assert sp.simplify((d.result - (A * W + A.T * W)).doit()) == sp.ZeroMatrix(*W.shape) or \
        derive.matrix.check.check_matrix_step(d.result, sp.MatAdd(A * W, A.T * W)).status == "proved"


def test_ridge_and_inverse():
    d, report, _ = derived(r"\|\mathbf X \mathbf w - \mathbf y\|^2 + \lambda \|\mathbf w\|^2", "w")
    assert report.ok
    d2, report2, _ = derived(r"\operatorname{tr}(\mathbf A \mathbf W^{-1})", "W")
    assert report2.ok and any(st.rule.startswith("inverse") for st in d2.steps)


def test_a_wrong_step_in_a_grad_derivation_is_refuted():
    d, _, s = derived(r"\|\mathbf X \mathbf w - \mathbf y\|^2", "w")
    prev, last = list(d.pairs())[-1]
    from dataclasses import replace
    X, w, y = s["X"], s["w"], s["y"]
    bad = replace(last, expr=X.T * (X * w - y), verdict=None)     # the factor 2 lost
    assert check_step(prev, bad, d.assumptions, d.budget).status == "refuted"


def test_bad_input_names_where():
    with pytest.raises(MatrixParseError, match="column"):
        read_matrix(r"\|\mathbf X \mathbf w - ")
    with pytest.raises(MatrixParseError, match="sizes do not match"):
        read_matrix(r"\mathbf X \mathbf w + \mathbf w", {"X": ("3", "2")})
    with pytest.raises(DerivationError, match="scalar"):
        e, s = read_matrix(r"\mathbf X \mathbf w")
        derive.grad_steps(e, s["w"])


def test_paper_notation():
    e, s = read_matrix(r"\log\det \mathbf\Sigma + \operatorname{tr}(\mathbf A \odot \mathbf B)")
    out = tex(e)
    assert r"\log\det \boldsymbol{\Sigma}" in out and r"\operatorname{tr}" in out and r"\odot" in out
    assert tex(s["A"].T) == r"\mathbf{A}^{\top}"
    d, _, _ = derived(r"\|\mathbf X \mathbf w - \mathbf y\|^2", "w")
    block = tex_chain(d)
    assert block.startswith(r"\begin{align*}") and block.count("{") == block.count("}")
    assert r"\mathrm{d}\mathbf{w}" in block and r"\checkmark" in block
