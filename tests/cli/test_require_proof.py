"""--require-proof: a numeric-only verdict exits 3; a proof still exits 0."""
import argparse

from derive.cli import verify as cli


def _args(lhs, rhs, require=True):
    return argparse.Namespace(lhs=lhs, rhs=rhs, assume=[], shape=[], relation="=", budget=2.0,
                              require_proof=require)


def test_proof_passes_require_proof(capsys):
    assert cli.run_verify(_args(r"\sin^2 x", r"1-\cos^2 x")) == cli.HOLDS


def test_refuted_stays_refuted(capsys):
    assert cli.run_verify(_args(r"\pi", "3.14159265")) == cli.REFUTED


def test_numeric_only_exits_3(capsys):
    from derive.core.verdict import Verdict
    import io
    out = io.StringIO()
    v = Verdict(True, "numeric", samples=96, sizes={"n": [1, 2, 3, 4, 5]}, domains={"x": (-1.0, 2.0)})
    assert cli.report(v, out) == cli.HOLDS
    assert "n = 1..5" in out.getvalue() and "x in [-1, 2]" in out.getvalue()
