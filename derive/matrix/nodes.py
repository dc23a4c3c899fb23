"""The forms matrix calculus needs beyond SymPy's: a differential, a gradient, a 1 x 1 matrix
read as a number, elementwise functions and the row-wise softmax.

A differential ``d(F)`` keeps the variable W and the direction dW it is taken in, so that
it can be evaluated on its own (by finite differences of F along dW) and checked against
what a rule turns it into.
"""
from __future__ import annotations

import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixExpr


def is_matrix(e) -> bool:
    return isinstance(e, MatrixExpr)


class Scalar(sp.Expr):
    """A 1 x 1 matrix expression used as a number (``a^T b``); printed as the product itself."""

    is_commutative = True

    def __new__(cls, m):
        if not is_matrix(m) or tuple(m.shape) != (1, 1):
            raise ValueError(f"Scalar needs a 1 x 1 matrix expression, not {m}")
        return sp.Expr.__new__(cls, m)

    @property
    def matrix(self):
        return self.args[0]

    def _sympystr(self, p):
        return p._print(self.args[0])

    def _latex(self, p):
        return p._print(self.args[0])


class MatDiff(MatrixExpr):
    """d(F) for a matrix-valued F, taken in W along the direction dW."""

    def __new__(cls, f, wrt, direction):
        return MatrixExpr.__new__(cls, f, wrt, direction)

    @property
    def shape(self):
        return self.args[0].shape

    def _sympystr(self, p):
        return "d(%s)" % p._print(self.args[0])

    def _latex(self, p):
        return r"\mathrm{d}\left(%s\right)" % p._print(self.args[0])

    def _eval_transpose(self):
        return None


class ScalarDiff(sp.Expr):
    """d(f) for a scalar f, taken in W along dW."""

    is_commutative = True

    def __new__(cls, f, wrt, direction):
        return sp.Expr.__new__(cls, f, wrt, direction)

    def _sympystr(self, p):
        return "d(%s)" % p._print(self.args[0])

    def _latex(self, p):
        return r"\mathrm{d}\left(%s\right)" % p._print(self.args[0])


def differential(f, wrt, direction):
    """d(f) of the right kind (matrix or scalar)."""
    return MatDiff(f, wrt, direction) if is_matrix(f) else ScalarDiff(f, wrt, direction)


class Gradient(MatrixExpr):
    """The gradient of a scalar f in W, in denominator layout: it has W's shape."""

    def __new__(cls, f, wrt):
        return MatrixExpr.__new__(cls, f, wrt)

    @property
    def shape(self):
        return self.args[1].shape

    def _sympystr(self, p):
        return "grad_%s(%s)" % (p._print(self.args[1]), p._print(self.args[0]))

    def _latex(self, p):
        return r"\nabla_{%s}\left(%s\right)" % (p._print(self.args[1]), p._print(self.args[0]))


# elementwise functions: name -> (latex, derivative's name)
ELEMENTWISE = {"exp": (r"\exp", "exp"), "log": (r"\log", "recip"), "sigma": (r"\sigma", "dsigma"),
               "tanh": (r"\tanh", "dtanh"), "recip": (r"(\cdot)^{-1}", "drecip"),
               "dsigma": (r"\sigma'", None), "dtanh": (r"\tanh'", None), "drecip": (r"-(\cdot)^{-2}", None)}


class Elementwise(MatrixExpr):
    """f applied to every entry of a matrix (exp, log, the logistic sigma, tanh, 1/x)."""

    def __new__(cls, name, m):
        name = sp.Symbol(name) if isinstance(name, str) else name
        if name.name not in ELEMENTWISE:
            raise ValueError(f"unknown elementwise function {name}")
        return MatrixExpr.__new__(cls, name, m)

    @property
    def fname(self) -> str:
        return self.args[0].name

    @property
    def shape(self):
        return self.args[1].shape

    def _sympystr(self, p):
        return "%s.(%s)" % (self.fname, p._print(self.args[1]))

    def _latex(self, p):
        return r"%s\left(%s\right)" % (ELEMENTWISE[self.fname][0], p._print(self.args[1]))


class Softmax(MatrixExpr):
    """The softmax of each row of Z (n x k): row i is exp(z_i) / sum_j exp(z_ij)."""

    def __new__(cls, m):
        return MatrixExpr.__new__(cls, m)

    @property
    def shape(self):
        return self.args[0].shape

    def _sympystr(self, p):
        return "softmax(%s)" % p._print(self.args[0])

    def _latex(self, p):
        return r"\operatorname{softmax}\left(%s\right)" % p._print(self.args[0])


class LogSumExp(MatrixExpr):
    """The column of row-wise log-sum-exps of Z (n x k gives n x 1)."""

    def __new__(cls, m):
        return MatrixExpr.__new__(cls, m)

    @property
    def shape(self):
        return (self.args[0].shape[0], sp.S.One)

    def _sympystr(self, p):
        return "lse(%s)" % p._print(self.args[0])

    def _latex(self, p):
        return r"\operatorname{lse}\left(%s\right)" % p._print(self.args[0])


class Centering(MatrixExpr):
    """The centring matrix H = I - (1/d) 1 1^T (d x d): H x is x minus the mean of its entries.

    It is symmetric and idempotent (H^T = H, H H = H), which the read-off and the checks use."""

    name = "H"

    def __new__(cls, size):
        return MatrixExpr.__new__(cls, sp.sympify(size))

    @property
    def shape(self):
        return (self.args[0], self.args[0])

    def _eval_transpose(self):
        return self

    def _sympystr(self, p):
        return "H"

    def _latex(self, p):
        return r"\mathbf{H}"


class Variance(sp.Expr):
    """var(x) = (1/d) (H x)^T (H x): the mean squared deviation of the d entries of a column x."""

    is_commutative = True

    def __new__(cls, m):
        if not is_matrix(m) or m.shape[1] != 1:
            raise ValueError(f"var needs a column vector, not {m}")
        return sp.Expr.__new__(cls, m)

    @property
    def definition(self):
        m = self.args[0]
        c = sp.MatMul(Centering(m.shape[0]), m)
        return Scalar(sp.MatMul(sp.Transpose(c), c)) / m.shape[0]

    def _sympystr(self, p):
        return "var(%s)" % p._print(self.args[0])

    def _latex(self, p, exp=None):
        out = r"\operatorname{var}\left(%s\right)" % p._print(self.args[0])
        return out if exp is None else r"%s^{%s}" % (out, exp)


class Std(sp.Expr):
    """sigma_eps(x) = sqrt(var(x) + eps): the standard deviation LayerNorm divides by."""

    is_commutative = True
    is_positive = True

    def __new__(cls, m, eps):
        Variance(m)   # the same check: a column vector
        return sp.Expr.__new__(cls, m, sp.sympify(eps))

    @property
    def definition(self):
        return sp.sqrt(Variance(self.args[0]) + self.args[1])

    def _sympystr(self, p):
        return "std_%s(%s)" % (p._print(self.args[1]), p._print(self.args[0]))

    def _latex(self, p, exp=None):
        out = r"\sigma_{%s}\left(%s\right)" % (p._print(self.args[1]), p._print(self.args[0]))
        return out if exp is None else r"%s^{%s}" % (out, exp)


NODES = (Scalar, MatDiff, ScalarDiff, Gradient, Elementwise, Softmax, LogSumExp, Centering, Variance, Std)
