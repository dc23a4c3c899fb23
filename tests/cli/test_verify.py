"""derive verify 'LHS' 'RHS': verdict and how, counterexample when false, exit codes."""
import io
import subprocess
import sys

import pytest

from derive.cli import main
from derive.cli.verify import BAD_INPUT, HOLDS, REFUTED, UNDECIDED
from tests.injection import PAYLOADS, guarded

CLI = ["-c", "import sys; from derive.cli import main; sys.exit(main(sys.argv[1:]))", "verify"]


def run(*argv):
    """Run in-process; return (status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        status = main(["verify", *argv])
    finally:
        sys.stdout, sys.stderr = old
    return status, out.getvalue(), err.getvalue()


def test_sigmoid_derivative_holds_and_says_how():
    status, out, err = run(r"\frac{d}{dx}\sigma(x)", r"\sigma(x)(1-\sigma(x))")
    assert status == HOLDS and not err
    assert out.startswith("holds: proved symbolically")
    assert "numeric samples agree" in out


def test_transpose_of_product_is_refuted_with_values():
    status, out, err = run(r"(AB)^\top", r"A^\top B^\top", "--shape", "A=2x2", "--shape", "B=2x2")
    assert status == REFUTED and not err
    assert out.startswith("refuted")
    assert "counterexample: A_11 = " in out
    assert "left side  = " in out and "right side = " in out


def test_assumptions_change_the_verdict():
    assert run(r"\log(xy)", r"\log x + \log y", "--assume", "x=positive",
               "--assume", "y=positive")[0] == HOLDS
    assert run(r"\sqrt{x^2}", "x")[0] == REFUTED
    assert run(r"\sqrt{x^2}", "x", "--assume", "x=positive")[0] == HOLDS


def test_numeric_only_verdict_is_not_called_proved():
    status, out, _ = run(r"\sum_{k=0}^{t-1} \beta^k", r"\frac{1-\beta^t}{1-\beta}")
    assert status == HOLDS and out.startswith("holds numerically") and "proved" not in out


def test_shape_and_domain_for_one_name():
    status, out, _ = run(r"D_{KL}(p \| q)", "0", "--shape", "p=3x1", "--shape", "q=3x1",
                         "--assume", "p=simplex", "--assume", "q=simplex", "--relation", ">=")
    assert status == HOLDS, out


def test_undecided_exits_3(monkeypatch):
    from derive import checking
    from derive.core.verdict import Verdict

    monkeypatch.setattr(checking, "verify_relation", lambda *a, **k: Verdict(None, detail="no idea"))
    status, out, _ = run("x", "y")
    assert status == UNDECIDED and out.startswith("undecided: no idea")


@pytest.mark.parametrize("lhs,rhs,column", [
    ("x + }", "x", 4),
    ("x", r"\frac{1}{", 8),
    (r"\foo x", "x", 0),
    ("(x", "x", 0),
    ("", "x", 0),
    ("x", "x @ 1", 2),
])
def test_malformed_latex_one_line_and_a_caret(lhs, rhs, column):
    status, out, err = run(lhs, rhs)
    assert status == BAD_INPUT and not out
    lines = err.rstrip("\n").split("\n")
    assert len(lines) == 2, err
    assert "Traceback" not in err
    message, caret = lines
    assert message.startswith("derive verify: ")
    assert caret.strip() == "^"
    bad = lhs if message.startswith("derive verify: left") else rhs
    assert message.endswith(": " + bad) or not bad
    assert len(caret) - 1 == len(message) - len(bad) + column


@pytest.mark.parametrize("argv,needle", [
    (["x", "x", "--assume", "x=wibble"], "unknown domain"),
    (["x", "x", "--assume", "x"], "NAME=VALUE"),
    (["A", "A", "--shape", "A=2by2"], "shape"),
    (["A", "x", "--shape", "A=2x2", "--shape", "x=3x1"], "shapes differ"),
    (["x", "x", "--assume", "y=positive"], "does not occur"),
    (["x = 1", "x"], "relation"),
])
def test_other_bad_input_is_one_line(argv, needle):
    status, out, err = run(*argv)
    assert status == BAD_INPUT and not out
    assert err.count("\n") == 1 and needle in err and "Traceback" not in err


@pytest.mark.parametrize("payload", PAYLOADS)
def test_injection_in_every_argument_never_executes(payload, tmp_path, monkeypatch):
    marker = tmp_path / "MARKER"
    text = payload.replace("{m}", str(marker))
    guarded(monkeypatch)
    for argv in ([text, "x"], ["x", text], ["x", "x", "--assume", f"x={text}"],
                 ["x", "x", "--assume", f"{text}=positive"], ["A", "A", "--shape", f"A={text}"],
                 ["A", "A", "--shape", f"{text}=2x2"]):
        status, out, err = run(*argv)
        assert status in (HOLDS, REFUTED, BAD_INPUT), (argv, out, err)
        assert "Traceback" not in err and "of text" not in out + err
    assert not marker.exists()


def test_the_derive_command_end_to_end():
    ok = subprocess.run([sys.executable, *CLI, r"\frac{d}{dx}\sigma(x)", r"\sigma(x)(1-\sigma(x))"],
                        capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert "proved symbolically" in ok.stdout
    bad = subprocess.run([sys.executable, *CLI, r"\frac{1}{", "x"],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert len(bad.stderr.rstrip("\n").split("\n")) == 2


def test_ambiguous_readings_are_printed():
    status, out, _ = run(r"\frac{\partial L}{\partial w}", r"7\frac{\partial L}{\partial w}")
    assert status == REFUTED and "read as: L as a function L(w)" in out
    status, out, _ = run(r"\frac{d}{dx} x\Phi(x)", r"\Phi(x) + x\phi(x)")
    assert status == HOLDS and "read as: \\Phi(x) as the standard normal CDF" in out


def test_index_range_on_the_command_line():
    status, _, _ = run(r"\frac{\partial}{\partial x_j}\sum_{i=1}^n x_i", "1", "--index", "j=1..n")
    assert status == HOLDS
    status, _, _ = run(r"\frac{\partial}{\partial x_j}\sum_{i=1}^n x_i", "0", "--index", "j=1..n")
    assert status == REFUTED
    status, _, err = run("x_j", "x_j", "--index", "j=1")
    assert status == BAD_INPUT and len(err.strip().splitlines()) == 1


def test_unknown_domain_and_huge_shape_exit_2():
    for argv in (("x", "x", "--assume", "x=bogus"), ("A", "A", "--shape", "A=10000x10000")):
        status, _, err = run(*argv)
        assert status == BAD_INPUT and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_the_autodiff_oracle_judges_from_the_command_line():
    pytest.importorskip("jax")
    status, out, err = run(r"\frac{d}{dx}\sigma(x)", r"\sigma(x)(1-\sigma(x))", "--oracle", "jax")
    assert status == HOLDS and "oracle: autodiff (jax) agrees" in out
    status, out, err = run(r"\frac{d}{dx} x^3", "2x^2", "--oracle", "jax")
    assert status == REFUTED


def test_a_missing_oracle_is_bad_input_in_one_line(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)      # as if torch were not installed
    status, out, err = run(r"\frac{d}{dx} x^3", "3x^2", "--oracle", "torch")
    assert status == BAD_INPUT and "needs torch" in err and len(err.strip().splitlines()) == 1
