"""Softmax Jacobian: d s_i / d z_j = s_i (delta_ij - s_j), i.e. J = diag(s) - s s^T."""
import sympy as sp
from sympy import Derivative, IndexedBase, KroneckerDelta, Sum, exp, symbols

from derive import Assumptions, Derivation
from derive.functions import softmax

SLUG = "softmax-jacobian"
PILLAR = "calculus"


def build() -> Derivation:
    z = IndexedBase("z")
    i, j, k = symbols("i j k", integer=True)
    n = sp.Symbol("n", integer=True, positive=True)
    A = Assumptions().declare(z, "real").index(i, j, k, lower=1, upper=n)
    Z = Sum(exp(z[k]), (k, 1, n))
    s = lambda m: softmax(z, m, n)  # noqa: E731
    d = Derivation(SLUG, "Jacobian of the softmax", pillar=PILLAR, assumptions=A,
                   summary="How each softmax output moves with each logit; the backbone of "
                           "every classifier's backward pass.")
    d.start(Derivative(exp(z[i]) / Z, z[j]), display=Derivative(s(i), z[j]))
    d.state(Derivative(exp(z[i]) / Z, z[j]), because="definition of softmax")
    d.state((Derivative(exp(z[i]), z[j]) * Z - exp(z[i]) * Derivative(Z, z[j])) / Z**2,
            because="quotient rule")
    d.state((exp(z[i]) * KroneckerDelta(i, j) * Z
             - exp(z[i]) * Sum(exp(z[k]) * KroneckerDelta(k, j), (k, 1, n))) / Z**2,
            because="derivative of exp; derivative under the sum")
    d.state((exp(z[i]) * KroneckerDelta(i, j) * Z - exp(z[i]) * exp(z[j])) / Z**2,
            because="Kronecker delta sifting")
    with sp.evaluate(False):
        split = exp(z[i]) / Z * KroneckerDelta(i, j) - exp(z[i]) / Z * (exp(z[j]) / Z)
        final = s(i) * (KroneckerDelta(i, j) - s(j))
    d.state(exp(z[i]) / Z * KroneckerDelta(i, j) - exp(z[i]) / Z * (exp(z[j]) / Z),
            because="split the fraction", display=split)
    d.state(s(i) * (KroneckerDelta(i, j) - s(j)), because="definition of softmax", display=final)
    # the matrix form, written out for n = 3 and compared entry by entry
    m = 3
    zz = [sp.Symbol(f"z_{r}", real=True) for r in range(1, m + 1)]
    den = sum(exp(v) for v in zz)
    sv = sp.Matrix([exp(v) / den for v in zz])
    jac = sp.Matrix(m, m, lambda r, c: Derivative(exp(zz[r]) / den, zz[c]))
    d.start(jac, note="the same Jacobian for n = 3, entry by entry")
    d.state(sp.Matrix(m, m, lambda r, c: sv[r] * (KroneckerDelta(r, c) - sv[c])),
            because="the index form above, entrywise")
    d.state(sp.diag(*sv) - sv * sv.T, because=r"diag(s) - s s^T")
    return d
