"""The Gaussian log-likelihood in mu, in matrix form: the gradient of
-(1/2) sum_i (x_i - mu)^T Sigma^{-1} (x_i - mu) is Sigma^{-1} sum_i (x_i - mu); set to 0, mu is the mean.

The rows of X (n x d) are the samples x_i^T, so the sum of quadratic forms is
tr((X - 1 mu^T) Sigma^{-1} (X - 1 mu^T)^T); Sigma is symmetric positive definite.
"""
import sympy as sp

from derive.catalog._matrix_forms import Sigma, X, mu, n
from derive.matrix.gradient import grad_steps

SLUG = "gaussian-mle-mean-matrix"
PILLAR = "probability and statistics"


def objective():
    R = sp.MatAdd(X, sp.MatMul(-1, sp.OneMatrix(n, 1), sp.Transpose(mu)))
    return -sp.Rational(1, 2) * sp.Trace(sp.MatMul(R, sp.Inverse(Sigma), sp.Transpose(R)))


def build():
    d = grad_steps(objective(), mu, assume={"Sigma": "spd"}, slug=SLUG, pillar=PILLAR,
                   title="Gaussian MLE for mu in matrix form: the sample mean")
    ones = sp.OneMatrix(n, 1)
    total = sp.MatAdd(sp.MatMul(sp.Transpose(X), ones), sp.MatMul(-n, mu))
    g = sp.MatMul(sp.Inverse(Sigma), total)
    d.state(g, because=r"$(X^{\top} - \mu \mathbf{1}^{\top}) \mathbf{1} = X^{\top} \mathbf{1} - n \mu"
                       r" = \sum_i (x_i - \mu)$")
    d.gradient = g
    d.state(sp.Eq(mu, sp.MatMul(1 / n, sp.Transpose(X), ones)), relation="=>",
            because=r"set to zero ($\Sigma^{-1}$ is invertible) and solve: the sample mean "
                    r"$\frac{1}{n} \sum_i x_i$")
    return d
