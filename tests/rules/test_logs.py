"""Laws of logarithms: where each applies, where it must not, and soundness on random forms."""
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from derive import Assumptions
from derive.rules import logs as L
from derive.verify import numeric_compare

a, b, c = sp.symbols("a b c")
x = sp.Symbol("x", real=True)
k = sp.Symbol("k", integer=True)
n = sp.Symbol("n", integer=True, positive=True)
z = sp.IndexedBase("z")
POSITIVE = Assumptions().declare(a, "positive").declare(b, "positive").declare(c, "positive")


def test_log_of_product():
    assert L.log_of_product(sp.log(a * b)) == sp.log(a) + sp.log(b)
    assert L.log_of_product(sp.log(2 * sp.pi * a)) == sp.log(2 * sp.pi) + sp.log(a)
    f = sp.Product(a ** z[k], (k, 1, n))
    assert L.log_of_product(sp.log(f)) == sp.Sum(sp.log(a ** z[k]), (k, 1, n))
    assert L.log_of_product(sp.log(a)) is None and L.log_of_product(sp.exp(a * b)) is None


def test_log_of_quotient_and_power():
    assert L.log_of_quotient(sp.log(a / b)) == sp.log(a) - sp.log(b)
    assert L.log_of_quotient(sp.log(a * b)) is None
    assert L.log_of_power(sp.log(a ** c)) == c * sp.log(a)
    assert L.log_of_power(sp.log(sp.sqrt(a))) == sp.log(a) / 2
    assert L.log_of_power(sp.log(a * b)) is None


def test_log_of_exp_and_exp_of_log():
    assert L.log_of_exp(sp.log(sp.exp(a * b))) == a * b
    assert L.log_of_exp(sp.log(a)) is None
    assert L.exp_of_log(sp.exp(c * sp.log(a))) == a ** c
    assert L.exp_of_log(sp.exp(a)) is None
    assert L.exp_of_log(sp.exp(sp.log(a) * sp.log(b))) is None     # which log would it undo?


def test_merging_logs():
    assert L.merge_log_quotient(c * sp.log(a) - c * sp.log(b)) == c * sp.log(a / b)
    assert L.merge_log_quotient(c * sp.log(a) + c * sp.log(b)) is None
    assert L.merge_log_product(sp.log(a) + sp.log(b) + c) == sp.log(a * b) + c
    assert L.merge_log_product(sp.log(a) + 2 * sp.log(b)) is None
    assert L.merge_log_quotient.name == "log of a quotient"


def test_log_sum_exp_shift():
    m = sp.Symbol("m")
    shift = L.log_sum_exp_shift(m)
    lse = sp.log(sp.Sum(sp.exp(z[k]), (k, 1, n)))
    assert shift(lse) == m + sp.log(sp.Sum(sp.exp(z[k] - m), (k, 1, n)))
    assert shift(sp.log(sp.exp(a) + sp.exp(b))) == m + sp.log(sp.exp(a - m) + sp.exp(b - m))
    assert shift(sp.log(a + sp.exp(b))) is None
    A = Assumptions().declare(z, "real").index(k, lower=1, upper=n)
    assert numeric_compare(lse, shift(lse), "=", A).holds is True


def test_laws_of_logs_expand_everywhere():
    out = L.laws_of_logs(sp.log(a ** 2 * sp.exp(b) / c))
    assert out == 2 * sp.log(a) + b - sp.log(c)


# -- soundness -----------------------------------------------------------------------------
positive = st.sampled_from([a, b, c, a + b, 2 * a, sp.exp(x), a * b + 1, sp.Integer(3)])
powers = st.tuples(positive, st.sampled_from([1, 2, -1, sp.Rational(1, 2), c])).map(
    lambda p: p[0] ** p[1])
products = st.lists(powers, min_size=1, max_size=3).map(lambda fs: sp.Mul(*fs))


@settings(max_examples=40, deadline=None)
@given(products, st.sampled_from([L.log_of_product, L.log_of_quotient, L.log_of_power,
                                  L.log_of_exp, L.laws_of_logs]))
def test_log_laws_are_sound_for_positive_arguments(arg, law):
    e = sp.log(arg)
    out = law(e)
    if out is not None:
        assert numeric_compare(e, out, "=", POSITIVE).holds is not False, (law.name, e, out)


@settings(max_examples=30, deadline=None)
@given(products, products, st.sampled_from([1, c, -2]))
def test_merging_is_sound(p, q, coeff):
    for e, law in ((coeff * sp.log(p) - coeff * sp.log(q), L.merge_log_quotient),
                   (coeff * sp.log(p) + coeff * sp.log(q), L.merge_log_product),
                   (sp.exp(coeff * sp.log(p)), L.exp_of_log)):
        out = law(e)
        if out is not None:
            assert numeric_compare(e, out, "=", POSITIVE).holds is not False, (law.name, e, out)
