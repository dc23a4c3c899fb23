"""Mutation testing: the operators make the mistakes they promise, and the verifier
rejects every non-equivalent mutant of a seeded sample of catalog steps.

The full run over the whole catalog is ``python -m derive.mutation -j 2`` (or ``pytest --full``).
"""
import json
import os

import pytest
import sympy as sp
from sympy import Derivative, Eq, IndexedBase, KroneckerDelta, Sum, exp, log

from derive import Assumptions, Derivation
from derive.core.functions import kl_divergence, sigmoid, softplus
from derive.mutation.mutants import Mutant, mutants, replace_at
from derive.mutation.run import (ACCEPTED, EQUIVALENT, ERROR, PER_STEP, REFUTED, VALID, judge, main, run, summary,
                           within_ranges)

x, y = sp.symbols("x y", real=True)
i, j, k = sp.symbols("i j k", integer=True)
n = sp.Symbol("n", integer=True, positive=True)
z, p, q = IndexedBase("z"), IndexedBase("p"), IndexedBase("q")
A = Assumptions().index(i, j, k, lower=1, upper=n)

SAMPLE = 150
SEED = 8


def forms(expr, operator, assumptions=A):
    return {m.expr for m in mutants(expr, assumptions) if m.operator == operator}


# -- the operators -------------------------------------------------------------------------------
def test_sign_flip_negates_one_term_or_the_whole_form():
    out = forms(x ** 2 + 3 * y, "sign flip")
    assert {x ** 2 - 3 * y, -x ** 2 + 3 * y, -x ** 2 - 3 * y} <= out


def test_coefficient_moves_by_one_either_way():
    assert {4 * y + x, 2 * y + x} <= forms(3 * y + x, "coefficient +-1")


def test_exponent_changes_by_one_either_way():
    assert {x ** 3, x} <= forms(x ** 2, "exponent change")


def test_dropped_term_and_dropped_factor():
    assert {y + exp(x), x + exp(x)} <= forms(x * y + exp(x), "dropped term")
    every = {m.expr for m in mutants(x * y + exp(x), A)}   # coefficient 1 -> 0 comes first
    assert {exp(x), x * y} <= every


@pytest.mark.parametrize("f, g", [(exp, log), (log, exp), (sp.sin, sp.cos), (sigmoid, softplus)])
def test_function_is_replaced(f, g):
    assert g(x + 1) in forms(f(x + 1), "replaced function")


def test_asymmetric_arguments_are_swapped():
    assert kl_divergence(q, p, n) in forms(kl_divergence(p, q, n), "replaced function")


def test_indices_are_swapped_everywhere_and_one_at_a_time():
    out = forms(z[i] * KroneckerDelta(i, j), "swapped indices")
    assert z[j] * KroneckerDelta(i, j) in out                       # one occurrence, i -> j
    assert z[j] * KroneckerDelta(j, i) in out or z[j] * KroneckerDelta(i, j) in out


def test_sum_bounds_move_by_one():
    s = Sum(z[k], (k, 1, n))
    out = forms(s, "off-by-one bound")
    assert {Sum(z[k], (k, 0, n)), Sum(z[k], (k, 2, n)), Sum(z[k], (k, 1, n + 1)),
            Sum(z[k], (k, 1, n - 1))} <= out


def test_numbers_are_perturbed_including_shown_decimals():
    assert {x + 4, x + 3} <= forms(x + 2, "number perturbed")
    shown = forms(sp.Float("0.0902") * x, "number perturbed")
    assert any(abs(float(e.coeff(x)) - 0.0903) < 1e-12 for e in shown)


def test_mutants_are_distinct_and_never_the_original():
    e = (exp(z[i]) * KroneckerDelta(i, j) - exp(z[i]) * exp(z[j])) / Sum(exp(z[k]), (k, 1, n)) ** 2
    ms = [m.expr for m in mutants(e, A)]
    assert e not in ms and len(ms) == len(set(ms)) and len(ms) > 20


def test_a_solved_equation_keeps_its_symbol():
    for m in mutants(Eq(x, y / 2), A, solved=True):
        assert m.expr.lhs == x


def test_matrices_are_mutated_entry_by_entry():
    M = sp.ImmutableMatrix([[x, 1], [0, y]])
    for m in mutants(M, A):
        assert m.expr.shape == (2, 2)
        assert sum(a != b for a, b in zip(m.expr, M)) == 1


def test_replace_at_rebuilds_the_ancestors():
    assert replace_at(x + sp.sin(y), (1, 0), x) == x + sp.sin(x)


def test_index_ranges_decide_shifted_conditions():
    cond = sp.Piecewise((exp(z[j]), (j >= 0) & (j <= n + 1)), (0, True))
    assert sp.piecewise_fold(within_ranges(cond, A)) == exp(z[j])
    undecided = sp.Piecewise((1, j >= 2), (0, True))
    assert within_ranges(undecided, A) == undecided


# -- judging -------------------------------------------------------------------------------------
def tiny():
    d = Derivation("tiny", "tiny", assumptions=Assumptions())
    d.start((x + 1) ** 2)
    d.state(x ** 2 + 2 * x + 1, because="expand")
    return d


def test_a_wrong_mutant_is_refuted_and_an_equal_one_is_equivalent():
    d = tiny()
    by_form = {m.expr: m for m in mutants(d.steps[1].expr, d.assumptions)}
    wrong = by_form[x ** 2 + 2 * x + 2]
    assert judge(d, 1, wrong, 1.0).status == REFUTED
    start = {m.expr: m for m in mutants(d.steps[0].expr, d.assumptions)}
    assert judge(d, 0, start[(x + 1) ** 3], 1.0).status == REFUTED


def test_the_other_root_of_an_equation_is_a_valid_step_not_an_accepted_mistake():
    d = Derivation("roots", "roots")
    d.start((x - 2) * (x + 2))
    d.state(Eq(x, 2), because="solve", relation="=>")
    other = [m for m in mutants(d.steps[1].expr, d.assumptions, solved=True) if m.expr == Eq(x, -2)]
    assert judge(d, 1, other[0], 1.0).status == VALID


def test_a_weaker_bound_is_valid_and_a_wrong_one_refuted():
    d = Derivation("bound", "bound")
    d.start(exp(x))
    d.state(1 + x, because="tangent line below a convex function", relation=">=")
    assert judge(d, 1, Mutant("test", "weaker", x), 1.0).status == VALID
    assert judge(d, 1, Mutant("test", "too strong", 1 + 2 * x), 1.0).status == REFUTED


@pytest.mark.parametrize("lhs, wrong", [
    (x / 10 ** 11, sp.S.Zero),                                          # dropped term
    (exp(x / 10 ** 6) - 1 - x / 10 ** 6, (x / 10 ** 6) ** 2 / 3),        # 1/2 -> 1/3
])
def test_small_scale_mistakes_are_not_accepted(lhs, wrong):
    """A mistake in a quantity of size 1e-11 is still a mistake: the numeric check's
    allowance is relative to each side's terms, so it must not swallow it."""
    from derive.verify import verify_relation
    assert verify_relation(lhs, wrong, "=", None, 0.5).holds is False


@pytest.mark.parametrize("slug, step, change", [
    # floats overflow inside the log: high precision decides, at the value's own scale
    ("log-sum-exp-stable", 5, "number 1000 -> 1001"),
    ("log-sum-exp-stable", 4, "coefficient 1 -> 0 in exp(998)"),
    # a limit equal to 0 against 2x: stable enough on the scale of both sides
    ("derivative-definition", 1, "exponent -1 -> 0 in 1/h"),
    # an extra term q_0 k_0 inside Var: exact nested expectations in mpmath, affordable
    ("attention-scaling", 4, "lower bound 1 -> 0"),
])
def test_mutants_that_once_escaped_are_refuted(slug, step, change):
    """Each of these was accepted or undecided in an earlier full run."""
    from derive.catalog import build
    from derive.mutation.run import step_mutants
    d = build(slug)
    chosen = [m for m in step_mutants(d, step) if m.change == change]
    assert chosen, [m.change for m in step_mutants(d, step)]
    assert judge(d, step, chosen[0], d.budget).status == REFUTED


def test_summary_counts_and_json(tmp_path, capsys):
    out = tmp_path / "report.json"
    code = main(["cross-entropy-decomposition", "--sample", "6", "--json", str(out)])
    report = json.loads(out.read_text())
    assert report["total"]["mutants"] == sum(report["total"][s] for s in
                                             (EQUIVALENT, VALID, REFUTED, ACCEPTED, "undecided", ERROR))
    assert "cross-entropy-decomposition" in report["derivations"]
    assert code == (1 if report["total"][ACCEPTED] else 0)
    assert "mutants:" in capsys.readouterr().out


# -- the catalog, a seeded sample ----------------------------------------------------------------
@pytest.fixture(scope="module")
def sampled():
    outcomes = run(sample=SAMPLE, seed=SEED)
    return outcomes, summary(outcomes)


def describe(rows) -> str:
    return "\n".join(f"{o['slug']} step {o['step']} ({o['change']}): {o['mutant'][:200]} -> "
                     f"{o['detail'][:160]}" for o in rows)


def test_sample_covers_the_catalog(sampled):
    outcomes, report = sampled
    assert len(outcomes) >= SAMPLE * 0.8
    assert len(report["derivations"]) >= 10
    assert report["total"][REFUTED] >= 0.7 * len(outcomes)


def test_no_wrong_step_is_accepted(sampled):
    _, report = sampled
    assert report["total"][ACCEPTED] == 0, describe(report["accepted"])


def test_no_equal_step_is_refuted(sampled):
    _, report = sampled
    assert report["total"]["false_refutations"] == 0, describe(report["false_refutations"])


def test_no_mutant_crashes_the_verifier(sampled):
    _, report = sampled
    crashed = [o for o in report["undecided"] if o["status"] == ERROR]
    assert not crashed, describe(crashed)


@pytest.mark.full
def test_the_whole_catalog_accepts_no_mutant():
    """Every mutant of every step (about 7300, ten minutes on two cores)."""
    report = summary(run(jobs=os.cpu_count() or 1, seed=SEED, per_step=PER_STEP))
    assert report["total"]["mutants"] >= 5000
    assert report["total"][ACCEPTED] == 0, describe(report["accepted"])
    assert report["total"]["false_refutations"] == 0, describe(report["false_refutations"])
