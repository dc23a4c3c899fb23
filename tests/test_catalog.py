"""Every catalog derivation derives, verifies with no refuted step, and renders.

One parametrized test over the catalog: a new derivation module is tested by existing.
"""
import re

import pytest
import sympy as sp

import derive
from derive.catalog import PILLARS, slugs

DESIGN_SIX = ["softmax-jacobian", "cross-entropy-decomposition", "bernoulli-mle", "gaussian-mle",
              "gaussian-normalization", "adam-bias-correction"]


@pytest.fixture(scope="module")
def verified():
    cache = {}

    def get(slug):
        if slug not in cache:
            d = derive.get(slug)
            cache[slug] = (d, d.verify())
        return cache[slug]
    return get


@pytest.mark.parametrize("slug", slugs())
def test_derivation_verifies_and_renders(slug, verified):
    d, report = verified(slug)
    assert d.slug == slug and d.title and d.pillar in PILLARS
    assert len(d) >= 3, "at least three named steps"
    assert all(s.rule for s in d.steps if s.relation is not None), "every step is named"
    assert report.refuted == 0, [s.verdict.summary() for s in d.steps if s.verdict and s.verdict.holds is False]
    assert report.undecided == 0
    tex = d.to_latex()
    assert tex.count(r"\begin{align*}") == tex.count(r"\end{align*}") == 1
    assert tex.count("{") == tex.count("}")
    md = d.to_markdown()
    assert md.count("$$") % 2 == 0 and d.title in md
    text = d.to_text()
    assert slug in text and "REFUTED" not in text
    assert d._repr_latex_().startswith("$$")


@pytest.mark.parametrize("slug", DESIGN_SIX)
def test_design_six_are_fully_proved(slug, verified):
    d, report = verified(slug)
    assert len(d) >= 4
    assert report.proved == len(report.verdicts), [
        (s.rule, s.verdict.summary()) for s in d.steps if s.verdict and s.verdict.status != "proved"]


def test_get_unknown_slug_names_close_ones():
    with pytest.raises(KeyError, match="softmax-jacobian"):
        derive.get("softmax-jacobain")


def test_catalog_returns_fresh_derivations():
    a, b = derive.get("softmax-jacobian"), derive.get("softmax-jacobian")
    assert a is not b and a.steps[0].expr == b.steps[0].expr


def test_results_are_the_advertised_identities():
    z = sp.IndexedBase("z")
    i, j = sp.symbols("i j", integer=True)
    n = sp.Symbol("n", integer=True, positive=True)
    sm = derive.get("softmax-jacobian")
    target = derive.functions.softmax(z, i, n) * (sp.KroneckerDelta(i, j) - derive.functions.softmax(z, j, n))
    assert any(s.expr == target for s in sm.steps), "the index form s_i (delta_ij - s_j) is derived"
    gn = derive.get("gaussian-normalization")
    assert gn.result == 1
    bern = derive.get("bernoulli-mle")
    assert isinstance(bern.result, sp.Eq) and str(bern.result.lhs) == "p"
    assert re.search(r"Sum\(x\[i\], \(i, 1, N\)\)/N", sp.sstr(bern.result.rhs))
