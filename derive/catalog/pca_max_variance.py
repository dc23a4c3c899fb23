"""PCA as an eigenproblem: maximising the variance w^T S w subject to w^T w = 1.

The Lagrangian w^T S w - lambda (w^T w - 1) is stationary where S w = lambda w and
w^T w = 1; there the variance is w^T S w = lambda, so the best direction is the top
eigenvector. Written for a 2 x 2 covariance S.
"""
import sympy as sp
from sympy import cos, sin

from derive import Assumptions, Derivation
from derive.catalog._linalg import gradient, matrix_symbols
from derive.catalog._named import named

SLUG = "pca-max-variance"
PILLAR = "linear algebra"


def build() -> Derivation:
    w = matrix_symbols("w", 2, 1, real=True)
    s11, s12, s22 = sp.symbols("s_11 s_12 s_22", real=True)
    S = sp.ImmutableMatrix([[s11, s12], [s12, s22]])
    lam = sp.Symbol("lambda", real=True)
    theta, phi = sp.symbols("theta phi", real=True)
    lam1, gap = sp.Symbol("lambda_1", real=True), sp.Symbol("Delta", nonnegative=True)
    lam2 = named(lam1 - gap, sp.Symbol("lambda_2"))
    A = (Assumptions().declare(gap, "nonnegative")
         .note("S is a symmetric 2 x 2 covariance; by the spectral theorem "
               "S = lambda_1 u u^T + lambda_2 u_perp u_perp^T with u = (cos theta, sin theta), "
               "u_perp = (-sin theta, cos theta) and lambda_2 = lambda_1 - Delta <= lambda_1"))
    d = Derivation(SLUG, "PCA: the direction of maximum variance is an eigenvector", pillar=PILLAR,
                   assumptions=A,
                   summary="The first principal component maximises the projected variance; the "
                           "maximum is the largest eigenvalue of the covariance matrix.")
    lagrangian = (w.T * S * w)[0] - lam * ((w.T * w)[0] - 1)
    d.start(gradient(lagrangian, [*w, lam]),
            note=r"gradient of the Lagrangian $w^{\mathsf T} S w - \lambda (w^{\mathsf T} w - 1)$ in $w_1$, $w_2$, $\lambda$")
    d.state(sp.ImmutableMatrix([sp.diff(lagrangian, v) for v in (*w, lam)]),
            because="differentiate each quadratic term")
    with sp.evaluate(False):
        stationary = sp.ImmutableMatrix([2 * ((S * w)[r] - lam * w[r]) for r in range(2)]
                                        + [1 - (w.T * w)[0]])
    d.state(stationary, display=stationary,
            because=r"$S$ symmetric: $\nabla_w\, w^{\mathsf T} S w = 2 S w$; zero gradient means $S w = \lambda w$, $w^{\mathsf T} w = 1$")

    u = sp.ImmutableMatrix([cos(theta), sin(theta)])
    u_perp = sp.ImmutableMatrix([-sin(theta), cos(theta)])
    spectral = lam1 * u * u.T + lam2 * u_perp * u_perp.T

    def dot(p, q):  # p^T q written out, unevaluated
        with sp.evaluate(False):
            return sp.Add(*[p[r] ** 2 if p is q else p[r] * q[r] for r in range(2)])

    d.start(spectral * u, note="the stationary points: S u for the eigenvector u")
    with sp.evaluate(False):
        spread = sp.ImmutableMatrix([lam1 * u[r] * dot(u, u) + lam2 * u_perp[r] * dot(u_perp, u)
                                     for r in range(2)])
    d.state(spread, display=spread, because=r"$S u = \lambda_1 u (u^{\mathsf T} u) + \lambda_2 u_\perp (u_\perp^{\mathsf T} u)$")
    d.state(lam1 * u, because=r"$u^{\mathsf T} u = \cos^2 + \sin^2 = 1$ and $u_\perp^{\mathsf T} u = 0$: $S u = \lambda_1 u$")

    def variance_along(v, note):
        d.start((v.T * spectral * v)[0], note=note)
        with sp.evaluate(False):
            split = lam1 * dot(v, u) ** 2 + lam2 * dot(v, u_perp) ** 2
        d.state(split, display=split, because=r"$v^{\mathsf T} S v = \lambda_1 (v^{\mathsf T} u)^2 + \lambda_2 (v^{\mathsf T} u_\perp)^2$")

    variance_along(u, "the variance along u")
    d.state(lam1, because=r"$u^{\mathsf T} u = 1$, $u_\perp^{\mathsf T} u = 0$: the variance is the eigenvalue")
    variance_along(sp.ImmutableMatrix([cos(phi), sin(phi)]),
                   r"the variance along any unit direction $w = (\cos\phi, \sin\phi)$")
    d.state(lam1 * cos(phi - theta) ** 2 + lam2 * sin(phi - theta) ** 2,
            because=r"$w^{\mathsf T} u = \cos(\phi - \theta)$, $w^{\mathsf T} u_\perp = \sin(\phi - \theta)$")
    d.state(lam1 - (lam1 - lam2) * sin(phi - theta) ** 2, because=r"$\cos^2 = 1 - \sin^2$")
    d.state(lam1, relation="<=", because=r"$\lambda_1 - \lambda_2 = \Delta \ge 0$: no direction beats the top eigenvector")
    return d
