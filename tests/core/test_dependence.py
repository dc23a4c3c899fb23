"""The chain of dependencies read off a step's derivatives, and the steps it decides."""
import pytest
import sympy as sp

import derive
from derive.core.dependence import apply_chain, chain_reading, describe

xi, Y, Z, b = sp.symbols("xi Y Z b", real=True)
D = sp.Derivative


def test_a_chain_nests_each_name_in_its_direct_dependencies():
    value = chain_reading([D(xi, b), D(xi, Y) * D(Y, Z) * D(Z, b)])
    f, g, h = (sp.Function(n, real=True) for n in ("xi", "Y", "Z"))
    assert value[xi] == f(g(h(b))) and value[Z] == h(b) and value[b] == b
    assert describe(value) == "Y = Y(Z), Z = Z(b), xi = xi(Y)"


def test_no_chain_and_cycles_keep_the_plain_reading():
    assert chain_reading([D(xi, b), D(Y, b)]) is None          # nothing in between
    assert chain_reading([D(Y, b) * D(b, Y)]) is None          # dy/dx next to dx/dy
    assert chain_reading([xi + b]) is None


def test_a_derivative_by_an_intermediate_name_is_taken_at_its_value():
    value = chain_reading([D(xi, Y) * D(Y, b)])
    out = apply_chain(D(xi, Y), value)
    assert isinstance(out, sp.Subs) and out.point == (sp.Function("Y", real=True)(b),)


CHAIN = r"\frac{\partial \xi}{\partial Y}\frac{\partial Y}{\partial Z}\frac{\partial Z}{\partial b}"


@pytest.mark.parametrize("rhs", [CHAIN, r"\frac{\partial \xi}{\partial Y}\frac{\partial Y}{\partial b}"
                                 r"+\frac{\partial \xi}{\partial Z}\frac{\partial Z}{\partial b}"])
def test_the_chain_rule_as_backprop_notes_write_it_holds(rhs):
    v = derive.check(r"\frac{\partial \xi}{\partial b}", rhs)
    assert v.status == "proved"
    assert any("chain of dependencies" in r for r in v.extra["readings"])


@pytest.mark.parametrize("rhs", ["2" + CHAIN,                                     # a factor too many
                                 r"\frac{\partial \xi}{\partial Y}\frac{\partial Y}{\partial Z}",   # a link missing
                                 CHAIN + r"+\frac{\partial Z}{\partial b}",        # a term too many
                                 r"\frac{\partial \xi}{\partial Y}\frac{\partial Z}{\partial b}"])  # the chain broken
def test_broken_chain_rules_are_refuted(rhs):
    assert derive.check(r"\frac{\partial \xi}{\partial b}", rhs).status == "refuted"


def test_the_chain_reading_does_not_change_a_step_without_a_chain():
    v = derive.check(r"\frac{\partial L}{\partial w}", r"2\frac{\partial L}{\partial w}")
    assert v.status == "refuted"
    assert not any("chain" in r for r in v.extra["readings"])
