"""Softmax Jacobian: d s_i / d z_j = s_i (delta_ij - s_j), i.e. J = diag(s) - s s^T."""
import sympy as sp
from sympy import Derivative, IndexedBase, KroneckerDelta, exp, symbols

from derive import Assumptions, Derivation
from derive.catalog._named import names
from derive.functions import softmax
from derive.rules.algebra import factor_rule, split_fraction
from derive.rules.calculus import exp_rule, kronecker_sift, quotient_rule, sum_derivative
from derive.rules.core import at_first, everywhere, first
from derive.rules.definitions import fold, unfold

SLUG = "softmax-jacobian"
PILLAR = "calculus"


def build() -> Derivation:
    z = IndexedBase("z")
    i, j, k = symbols("i j k", integer=True)
    n = sp.Symbol("n", integer=True, positive=True)
    A = Assumptions().declare(z, "real").index(i, j, k, lower=1, upper=n)
    s = lambda m: softmax(z, m, n)  # noqa: E731
    Z = sp.Sum(exp(z[k]), (k, 1, n))
    d = Derivation(SLUG, "Jacobian of the softmax", pillar=PILLAR, assumptions=A,
                   summary="How each softmax output moves with each logit; the backbone of "
                           "every classifier's backward pass.")
    d.start(Derivative(s(i), z[j]))
    d.apply(unfold(softmax))
    d.apply(at_first(quotient_rule))
    d.apply(everywhere(first(sum_derivative, exp_rule, name="derivative of exp, under the sum")))
    d.apply(everywhere(kronecker_sift(A)))
    with sp.evaluate(False):
        split = exp(z[i]) / Z * KroneckerDelta(i, j) - exp(z[i]) / Z * (exp(z[j]) / Z)
        folded = s(i) * KroneckerDelta(i, j) - s(i) * s(j)
        final = s(i) * (KroneckerDelta(i, j) - s(j))
    d.apply(split_fraction, display=split)
    d.apply(fold(s(i), s(j)), display=folded)
    d.apply(factor_rule, display=final)
    # the matrix form, written out for n = 3 and compared entry by entry; s_r are named
    # quantities (printed as s_r, checked as e^{z_r} / sum e^{z_k})
    m = 3
    zz = [sp.Symbol(f"z_{r}", real=True) for r in range(1, m + 1)]
    den = sum(exp(v) for v in zz)
    S = names([exp(v) / den for v in zz], [f"s_{r}" for r in range(1, m + 1)])
    d.start(sp.Matrix(m, m, lambda r, c: Derivative(S[r], zz[c])),
            note=r"the same Jacobian for $n = 3$, entry by entry")
    d.state(sp.Matrix(m, m, lambda r, c: S[r] * (KroneckerDelta(r, c) - S[c])),
            because="the index form above, entrywise")
    outer = sp.ImmutableMatrix(m, m, lambda r, c: S[r] * S[c])
    with sp.evaluate(False):
        shown = sp.MatAdd(sp.ImmutableMatrix(sp.diag(*S)), sp.MatMul(-1, outer))
    d.state(sp.diag(*S) - outer, because=r"$\operatorname{diag}(s) - s s^{\mathsf T}$", display=shown)
    return d
