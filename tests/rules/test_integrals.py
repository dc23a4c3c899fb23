"""Definite integrals: where each rule applies, where it must not, and soundness."""
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from derive import Assumptions
from derive.rules import integrals as I
from derive.verify import numeric_compare

x, u, t, mu = sp.symbols("x u t mu")
s = sp.Symbol("sigma", positive=True)
c = sp.Symbol("c")
oo = sp.oo


def test_linearity_and_constant_factor():
    f = sp.Integral(sp.exp(-x ** 2) + x ** 2, (x, 0, 1))
    assert I.integral_linearity(f) == sp.Integral(sp.exp(-x ** 2), (x, 0, 1)) + sp.Integral(x ** 2, (x, 0, 1))
    assert I.integral_linearity(sp.Integral(x ** 2, (x, 0, 1))) is None
    assert I.constant_out_of_integral(sp.Integral(c * x ** 2, (x, 0, 1))) == c * sp.Integral(x ** 2, (x, 0, 1))
    assert I.constant_out_of_integral(sp.Integral(x ** 2, (x, 0, 1))) is None


def test_substitution_moves_the_limits():
    shift = I.substitution(x, u + mu, u)
    f = sp.Integral(sp.exp(-(x - mu) ** 2), (x, -oo, oo))
    assert shift(f) == sp.Integral(sp.exp(-u ** 2), (u, -oo, oo))
    assert shift.name == "substitute x = mu + u"
    scale = I.substitution(u, 2 * t, t, because="substitute u = 2t")
    assert scale(sp.Integral(u, (u, 0, 4))) == sp.Integral(4 * t, (t, 0, 2)) and scale.name == "substitute u = 2t"
    assert shift(sp.Integral(u, (u, 0, 1))) is None                     # another variable
    unknown_sign = I.substitution(u, c * t, t)
    assert unknown_sign(sp.Integral(sp.exp(-u ** 2), (u, -oo, oo))) is None


def test_gaussian_integral():
    assert I.gaussian_integral(sp.Integral(sp.exp(-t ** 2), (t, -oo, oo))) == sp.sqrt(sp.pi)
    out = I.gaussian_integral(sp.Integral(3 * sp.exp(-t ** 2 / (2 * s ** 2)), (t, -oo, oo)))
    assert sp.simplify(out - 3 * s * sp.sqrt(2 * sp.pi)) == 0
    assert I.gaussian_integral(sp.Integral(sp.exp(-c * t ** 2), (t, -oo, oo))) is None   # sign of c unknown
    assert I.gaussian_integral(sp.Integral(sp.exp(-t ** 2), (t, 0, oo))) is None
    assert I.gaussian_integral(sp.Integral(t * sp.exp(-t ** 2), (t, -oo, oo))) is None


def test_odd_integrand():
    assert I.odd_integrand(sp.Integral(sp.sin(x) * x ** 2, (x, -c, c))) == 0
    assert I.odd_integrand(sp.Integral(x * sp.exp(-x ** 2), (x, -oo, oo))) == 0
    assert I.odd_integrand(sp.Integral(x, (x, -oo, oo))) is None        # does not converge
    assert I.odd_integrand(sp.Integral(sp.cos(x), (x, -1, 1))) is None
    assert I.odd_integrand(sp.Integral(sp.sin(x), (x, 0, 1))) is None


# -- soundness -----------------------------------------------------------------------------
A = Assumptions().declare(s, "positive").declare(mu, "real")
integrands = st.sampled_from([sp.exp(-x ** 2), x * sp.exp(-x ** 2), 3 * sp.exp(-(x - mu) ** 2 / 2),
                              s * sp.exp(-x ** 2 / s ** 2), x ** 3 * sp.exp(-x ** 2 / 2),
                              sp.exp(-x ** 2 + x) / 2, sp.sin(x) * sp.exp(-x ** 2)])


@settings(max_examples=20, deadline=None)
@given(integrands, st.sampled_from([I.integral_linearity, I.constant_out_of_integral,
                                    I.gaussian_integral, I.odd_integrand,
                                    I.substitution(x, u + mu, u), I.substitution(x, s * t, t)]))
def test_integral_rules_are_sound(f, law):
    e = sp.Integral(f, (x, -oo, oo))
    out = law(e)
    if out is not None:
        assert numeric_compare(e, out, "=", A).holds is not False, (law.name, e, out)
