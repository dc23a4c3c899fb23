"""The command line: list, show, check; one-line errors with exit status 2."""
import subprocess
import sys

import pytest

from derive.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_groups_by_pillar(capsys):
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert "softmax-jacobian" in out and "Calculus" in out and "derivations" in out


@pytest.mark.parametrize("fmt, marker", [("text", "softmax-jacobian:"), ("tex", r"\begin{align*}"),
                                         ("md", "$$")])
def test_show_formats(capsys, fmt, marker):
    code, out, _ = run(capsys, "show", "softmax-jacobian", "--format", fmt)
    assert code == 0 and marker in out


def test_check_named_slugs_exit_zero(capsys):
    code, out, _ = run(capsys, "check", "gaussian-normalization", "cross-entropy-decomposition")
    assert code == 0
    assert "proved" in out and "0 refuted" in out


def test_check_exits_one_on_refuted(capsys, monkeypatch):
    import importlib
    cat = importlib.import_module("derive.catalog")
    import sympy as sp

    real_build = cat.build

    def broken(slug):
        d = real_build(slug)
        last = d.steps[-1]
        last.expr, last.display = last.expr + 1, None
        return d
    monkeypatch.setattr(cat, "build", broken)
    code, out, _ = run(capsys, "check", "gaussian-normalization")
    assert code == 1 and "refuted" in out


@pytest.mark.parametrize("argv, needle", [
    (["show", "softmax-jacobain"], "did you mean softmax-jacobian"),
    (["check"], "slugs"),
    (["show"], "required"),
    (["frobnicate"], "invalid choice"),
    (["show", "softmax-jacobian", "--format", "pdf"], "invalid choice"),
])
def test_bad_input_is_one_line_exit_two(capsys, argv, needle):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and needle in err
    assert "Traceback" not in err


def test_console_script_runs_without_traceback():
    proc = subprocess.run([sys.executable, "-m", "derive.cli", "show", "nope"], capture_output=True, text=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
