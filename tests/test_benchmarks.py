"""Every benchmark runs on its tiny --quick size and writes its JSON; timings are never asserted."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"

# script -> keys its "results" must hold
EXPECTED = {
    "bench_catalog": {"derivations", "summary", "cold", "cold_serial"},
    "bench_numeric": {"sizes"},
    "bench_scaling": {"sizes", "exponent", "tail_exponent"},
    "bench_check": {"checker", "identities", "summary"},
    "bench_import": {"commands"},
}


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    """name -> the JSON of its --quick run (each script runs once per module)."""
    done_runs: dict = {}

    def run(name: str) -> dict:
        if name not in done_runs:
            out = tmp_path_factory.mktemp(name) / f"{name}.json"
            done = subprocess.run([sys.executable, str(BENCHMARKS / f"{name}.py"), "--quick", "--out", str(out)],
                                  capture_output=True, text=True, timeout=120, cwd=BENCHMARKS.parent)
            assert done.returncode == 0, done.stderr[-3000:]
            assert "load average at start" in done.stdout
            done_runs[name] = json.loads(out.read_text())
        return done_runs[name]

    return run


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_quick_run_writes_its_results(name, quick):
    data = quick(name)
    assert data["benchmark"] == name and data["quick"] is True
    assert EXPECTED[name] <= set(data["results"])
    assert {"load_start", "load_end", "commit", "sympy"} <= set(data["environment"])
    assert data["targets"], "every benchmark reports against its targets"
    for target in data["targets"]:
        assert {"name", "goal", "measured", "met"} <= set(target)


def test_catalog_quick_compares_the_same_steps(quick):
    data = quick("bench_catalog")
    rows = data["results"]["derivations"]
    assert [r["slug"] for r in rows] == ["sigmoid-derivative", "bayes-medical-test"]
    for row in rows:
        naive_checked = sum(row["naive_statuses"].values())
        derive_checked = sum(row["derive_statuses"].values())
        assert naive_checked == row["steps"]
        assert derive_checked >= row["steps"]          # derive also checks displayed forms
        assert row["derive_wall"] > 0 and row["naive_wall"] > 0
    assert data["results"]["cold"][0]["code"] == 0


def test_check_quick_scores_both_checkers(quick):
    rows = quick("bench_check")["results"]["identities"]
    assert {r["holds"] for r in rows} == {True, False}
    for r in rows:  # a verdict is right when it says what the table says
        says_true = {"proved": True, "numeric": True, "refuted": False}.get(r["derive_status"])
        assert r["derive_right"] == (says_true is r["holds"])
        says_true = {"proved": True, "sampled": True, "refuted": False}.get(r["plain_status"])
        assert r["plain_right"] == (says_true is r["holds"])


def test_scaling_fit_recovers_a_known_exponent():
    sys.path.insert(0, str(BENCHMARKS))
    from bench_scaling import fit_exponent

    ns = [2, 4, 8, 16]
    assert fit_exponent(ns, [0.01 * n ** 2 for n in ns]) == pytest.approx(2.0)
    assert fit_exponent([8], [1.0]) != fit_exponent([8], [1.0])   # one point: no fit (nan)
