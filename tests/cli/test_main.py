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


def test_version(capsys):
    import derive

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.strip() == f"derive {derive.__version__}"


def _subparsers():
    import argparse

    from derive.cli import build_parser

    action = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices


def test_every_subcommand_and_argument_says_what_it_is_for():
    from derive.core.assumptions import DOMAINS

    commands = _subparsers()
    assert {"list", "show", "check", "export", "verify", "diff"} <= set(commands)
    for name, parser in commands.items():
        assert parser.description, name
        for action in parser._actions:
            if action.dest == "help":
                continue
            assert action.help and not action.help.rstrip().endswith("..."), (name, action.dest)
    assume = next(a for a in commands["verify"]._actions if a.dest == "assume")
    assert all(domain in assume.help for domain in DOMAINS)


@pytest.mark.parametrize("argv", [["--help"], ["verify", "--help"], ["--version"]])
def test_help_and_version_load_neither_sympy_nor_the_parser(argv):
    code = ("import sys\nfrom derive.cli import main\ntry:\n    main(%r)\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('sympy', 'numpy', 'antlr4', 'derive.latex') if m in sys.modules))" % argv)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.strip().splitlines()[-1] == "[]", proc.stdout + proc.stderr


def test_python_dash_m_derive_is_the_command_line():
    proc = subprocess.run([sys.executable, "-m", "derive", "show", "nope"], capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stderr.startswith("derive: error: no derivation named 'nope'")
