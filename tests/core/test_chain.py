"""Writing a chain: start, state, apply; the errors an author meets; what a chain reports."""
import pytest
import sympy as sp

from derive.core.chain import Chain, DerivationError, Report
from derive.core.verdict import Verdict
from derive.rules.core import Rule

x = sp.Symbol("x", real=True)


def test_a_step_before_start_is_an_error():
    with pytest.raises(DerivationError, match="start"):
        Chain("t", "t").state(x, because="?")


def test_an_unknown_relation_is_an_error():
    with pytest.raises(DerivationError, match="unknown relation"):
        Chain("t", "t").start(x).state(x, because="?", relation="~~")


def test_a_solve_step_must_solve_for_a_symbol():
    with pytest.raises(DerivationError, match="solve for a symbol"):
        Chain("t", "t").start(sp.Eq(x ** 2, 4)).state(x + 1, because="?", relation="=>")


def test_apply_computes_the_next_form_and_names_the_rule():
    expand = Rule("expand", sp.expand)
    c = Chain("t", "t").start((x + 1) ** 2).apply(expand)
    assert c.result == x ** 2 + 2 * x + 1 and c.steps[-1].rule == "expand" and len(c) == 1
    with pytest.raises(DerivationError, match="does not apply"):
        c.apply(expand)   # no change is no match


def test_pairs_link_each_step_to_the_one_before_within_a_chain():
    c = Chain("t", "t").start(x).state(2 * x / 2, because="a").start(x ** 2).state(x * x, because="b")
    assert [(a.expr, b.expr) for a, b in c.pairs()] == [(x, x), (x ** 2, x ** 2)]
    assert [s.is_start for s in c.steps] == [True, False, True, False]


def test_a_report_counts_verdicts_and_is_ok_only_without_refuted_or_undecided():
    proved, numeric = Verdict(True, "symbolic"), Verdict(True, "numeric")
    assert Report("t", [proved, numeric], 0.1).ok
    assert (Report("t", [proved, numeric], 0.1).proved, Report("t", [proved, numeric], 0.1).numeric) == (1, 1)
    assert not Report("t", [proved, Verdict(None)], 0.1)
    assert Report("t", [Verdict(False, "numeric")], 0.1).refuted == 1


def test_a_chain_knows_nothing_of_verifying_or_printing():
    assert not hasattr(Chain, "verify") and not hasattr(Chain, "to_latex")
