"""Broken steps are refuted: perturb each step of the design's six derivations.

Mutations: flip a sign, change a coefficient, change an exponent, swap i and j,
drop a term. A mutant equal to the original is skipped; every other must be refuted
with a counterexample.
"""
import pytest
import sympy as sp

import derive
from derive.verify.step import check_step
from derive.verify.prove import prove_equal
from tests.test_catalog import DESIGN_SIX


def _swap_ij(e):
    i, j = sp.Symbol("i", integer=True), sp.Symbol("j", integer=True)
    if not {i, j} <= e.free_symbols:  # renaming a bound index changes nothing
        return None
    return e.xreplace({i: j, j: i})


def _exponent(e):
    pows = sorted((p for p in e.atoms(sp.Pow) if p.exp.is_number and not p.exp.is_Rational or p.exp == 2),
                  key=sp.default_sort_key)
    return e.xreplace({pows[0]: pows[0].base ** (2 * pows[0].exp)}) if pows else None


def _drop(e):
    if isinstance(e, sp.Add) and len(e.args) > 1:
        return sp.Add(*e.args[1:])
    return None


MUTATIONS = {
    "flip sign": lambda e: -e,
    "coefficient": lambda e: 2 * e,
    "shift": lambda e: e + sp.Rational(1, 3),
    "exponent": _exponent,
    "swap i and j": _swap_ij,
    "drop a term": _drop,
}


def _mutants(slug):
    d = derive.get(slug)
    prev = None
    for k, step in enumerate(d.steps):
        if step.relation is not None and not isinstance(step.expr, (sp.Eq, sp.MatrixBase)):
            for name, m in MUTATIONS.items():
                new = m(step.expr)
                if new is None or new == step.expr:
                    continue
                yield pytest.param(slug, k, name, new, id=f"{slug}-{k}-{name}")
        prev = step


CASES = [c for slug in DESIGN_SIX for c in _mutants(slug)]


@pytest.mark.parametrize("slug, k, name, mutant", CASES)
def test_mutant_is_refuted(slug, k, name, mutant):
    d = derive.get(slug)
    step = d.steps[k]
    if prove_equal(mutant, step.expr, d.assumptions, 2.0)[0]:
        pytest.skip("mutation happens to be an equivalent form")
    step.expr, step.display = mutant, None
    verdict = check_step(d.steps[k - 1], step, d.assumptions, 2.0)
    assert verdict.holds is False, verdict
    assert verdict.counterexample is not None


def test_there_are_many_mutants():
    assert len(CASES) >= 150
