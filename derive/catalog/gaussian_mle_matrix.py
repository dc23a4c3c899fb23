"""The Gaussian log-likelihood in Sigma: grad of -(N/2)(log det Sigma + tr(Sigma^{-1} S)) is
(N/2)(Sigma^{-1} S Sigma^{-1} - Sigma^{-1}), which vanishes at Sigma = S.

S is the sample scatter (1/N) sum (x_i - mu)(x_i - mu)^T; Sigma and S are symmetric positive definite.
"""
import sympy as sp

from derive.catalog._matrix_forms import S, Sigma
from derive.matrix.gradient import grad_steps

SLUG = "gaussian-mle-matrix"
PILLAR = "probability and statistics"
N = sp.Symbol("N", positive=True)


def build():
    ll = -N / 2 * (sp.log(sp.Determinant(Sigma)) + sp.Trace(sp.MatMul(sp.Inverse(Sigma), S)))
    d = grad_steps(ll, Sigma, assume={"Sigma": "spd", "S": "spd"}, slug=SLUG, pillar=PILLAR,
                   title="Gaussian MLE for Sigma in matrix form")
    return d
