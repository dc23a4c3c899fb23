"""Combinators, tested on toy integer rules so SymPy's algebra stays out of the way."""
import sympy as sp

from derive.rules.core import (Rule, at, at_first, bottom_up, everywhere, exhaust, first,
                               reading_order, rule, rule_on, sequence, split_factors, top_down,
                               which)

x, y = sp.symbols("x y")


@rule("halve")
def halve(e):
    """An even integer becomes its half."""
    return e / 2 if e.is_Integer and e % 2 == 0 and e != 0 else None


@rule("same")
def same(e):
    """Returns its input: a rewrite that changes nothing does not apply."""
    return e


decrement = Rule("decrement", lambda e: e - 1 if e.is_Integer and e > 0 else None,
                 substeps=lambda e: [(e, ""), (e - 1, "one less")])


def test_rule_reports_no_change_as_not_applying():
    assert same(sp.Integer(4)) is None
    assert halve(sp.Integer(3)) is None and halve(sp.Integer(4)) == 2
    assert halve.doc == "An even integer becomes its half."


def test_named_and_with_substeps_keep_the_rewrite():
    renamed = decrement.named("minus one")
    assert renamed.name == "minus one" and renamed(sp.Integer(3)) == 2 and renamed.substeps
    assert decrement.with_substeps(None).substeps is None


def test_top_down_rewrites_the_outermost_matches_and_carries_substeps():
    e = sp.Tuple(sp.Integer(8), sp.Tuple(sp.Integer(3), sp.Integer(4)))
    assert top_down(halve)(e) == sp.Tuple(1, sp.Tuple(3, 1))
    assert top_down(halve, once=True)(e) == sp.Tuple(4, sp.Tuple(3, 2))
    assert top_down(halve)(sp.Tuple(sp.Integer(3))) is None
    assert top_down(decrement).substeps(sp.Tuple(sp.Integer(0), sp.Integer(5)))[-1] == (4, "one less")


def test_bottom_up_visits_leaves_first():
    assert bottom_up(halve)(sp.Tuple(sp.Integer(8), sp.Integer(2))) == sp.Tuple(4, 1)
    assert bottom_up(halve)(sp.Tuple(sp.Integer(1))) is None


def test_at_first_rewrites_only_the_first_match_in_reading_order():
    e = sp.Tuple(sp.Integer(3), sp.Integer(8), sp.Integer(6))
    assert at_first(halve)(e) == sp.Tuple(3, 4, 6)
    assert at_first(halve)(sp.Tuple(sp.Integer(5))) is None


def test_first_and_which_name_the_rule_that_fires():
    both = first(halve, decrement, name="halve or decrement")
    assert both(sp.Integer(4)) == 2 and both(sp.Integer(3)) == 2 and both(sp.Integer(0)) is None
    assert which([halve, decrement], sp.Integer(3)) is decrement
    assert which([halve, decrement], sp.Integer(0)) is None
    assert both.substeps(sp.Integer(3)) == [(3, ""), (2, "one less")]
    assert both.substeps(sp.Integer(4)) == []


def test_exhaust_and_everywhere_reach_a_fixed_point():
    assert exhaust(halve)(sp.Integer(40)) == 5
    assert exhaust(halve, limit=1)(sp.Integer(40)) == 20
    assert exhaust(halve)(sp.Integer(5)) is None
    assert everywhere(halve)(sp.Tuple(sp.Integer(16), sp.Integer(12))) == sp.Tuple(1, 3)


def test_at_targets_one_subexpression():
    e = sp.Tuple(sp.Integer(8), sp.Integer(4))
    assert at(halve, sp.Integer(4))(e) == sp.Tuple(8, 2)
    assert at(halve, sp.Integer(6))(e) is None
    assert at(decrement, sp.Integer(4)).substeps(e)[-1] == (3, "one less")


def test_sequence_runs_each_rule_on_the_last_result():
    both = sequence(halve, decrement, name="halve, then one less")
    assert both(sp.Integer(8)) == 3 and both(sp.Integer(3)) == 2 and both(sp.Integer(0)) is None
    assert both.name == "halve, then one less"


def test_reading_order_is_outermost_first_in_printed_order():
    e = sp.sin(x) * sp.exp(y) + x ** 2
    order = list(reading_order(e))
    assert order[0] == e and order.index(x ** 2) < order.index(sp.sin(x))
    assert list(reading_order(x)) == [x]


def test_rule_on_applies_where_the_parts_are_recognised():
    squares = rule_on("square of a power", lambda e: (e.base, e.exp) if e.is_Pow else None)(
        lambda b, n: b ** (2 * n))
    assert squares(x ** 3) == x ** 6 and squares(x) is None


def test_split_factors_separates_what_varies():
    const, rest = split_factors(3 * y * sp.sin(x), lambda f: f.has(x))
    assert const == 3 * y and rest == sp.sin(x)
    assert split_factors(x, lambda f: f.has(x)) == (1, x)
