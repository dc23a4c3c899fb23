"""``derive diff``: LaTeX in, a verified step-by-step derivative out; bad input is one line."""
import pytest
import sympy as sp

from derive.cli import UsageError, main
from derive.cli.diff import variable


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_product_chain_log_exp_in_order(capsys):
    code, out, err = run(capsys, "diff", r"\log(1 + e^{x}) \sin x", "--wrt", "x", "--format", "tex")
    assert code == 0 and err == ""
    assert out.lstrip().startswith(r"\begin{align*}")
    order = [out.index(r"\text{" + name) for name in
             ("product rule", "chain rule, derivative of log", "derivative of exp")]
    assert order == sorted(order)
    assert r"\frac{e^{x} \sin(x)}{e^{x} + 1}" in out.splitlines()[-2]


def test_text_and_markdown(capsys):
    code, out, _ = run(capsys, "diff", r"\sigma(w x)", "--wrt", "w")
    assert code == 0 and "chain rule, derivative of sigmoid" in out and "proved" in out
    code, out, _ = run(capsys, "diff", r"x^{3}", "--wrt", "x", "--format", "md")
    assert code == 0 and "$$" in out and "| 1 | power rule | proved" in out


def test_nested_shows_the_inner_derivative_beside_the_chain_rule(capsys):
    code, out, _ = run(capsys, "diff", r"\sin(x^{2})", "--wrt", "x", "--nested")
    assert code == 0 and "[inner derivative]" in out and "[power rule]" in out


def test_wrt_may_be_latex(capsys):
    code, out, _ = run(capsys, "diff", r"\theta^{2} + \theta", "--wrt", r"\theta", "--format", "tex")
    assert code == 0 and r"2 \theta + 1" in out


@pytest.mark.parametrize("argv", [
    ("diff", "x^2 +", "--wrt", "x"),              # malformed LaTeX
    ("diff", "x^2", "--wrt", "x + y"),            # not one variable
    ("diff", "x^2", "--wrt", " "),                # no variable
    ("diff", "x = 2", "--wrt", "x"),              # an equation, not an expression
    ("diff", "x^2"),                              # --wrt missing
])
def test_bad_input_is_one_line_and_exit_2(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("derive: error: ") and "Traceback" not in err
    assert len(err.splitlines()[0]) < 200


def test_variable_is_taken_from_the_expression():
    x = sp.Symbol("x", real=True)
    assert variable("x", x ** 2) == x
    assert variable("y", x ** 2) == sp.Symbol("y", real=True)


def test_wrt_an_indexed_variable_gives_softmax_not_zero(capsys):
    code, out, _ = run(capsys, "diff", r"\log\sum_{i=1}^{n} e^{x_i}", "--wrt", "x_j")
    assert code == 0
    assert "δ" in out and "ℯ" in out and "x_j" in out      # Kronecker delta, e^{x_j}, drawn
    assert not out.rstrip().endswith("= 0")
