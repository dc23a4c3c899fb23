"""The notation table: the commands, names and functions of ML papers the reader knows."""
from __future__ import annotations

import sympy as sp

from ..core.functions import sigmoid, softplus
from ..core.notation import softmax, softmax_vector, variance
from .errors import MAX_SYMBOLIC_DET, ReadError


GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
    "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "varpi", "rho", "varrho",
    "sigma", "varsigma", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega",
    "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
    "ell",
}
UNICODE_GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon",
                 "η": "eta", "θ": "theta", "λ": "lambda", "μ": "mu", "π": "pi", "σ": "sigma",
                 "τ": "tau", "φ": "phi", "ω": "omega", "∇": "nabla", "∂": "partial"}
BOLD = {"mathbf", "boldsymbol", "bm", "mathbfit", "pmb"}
PLAIN_STYLE = {"mathrm", "mathit", "text", "textrm", "textit", "operatorname", "mathsf",
               "mathnormal", "textsf", "mbox"}
ACCENTS = {"hat": "hat", "widehat": "hat", "bar": "bar", "overline": "bar", "tilde": "tilde",
           "widetilde": "tilde", "vec": "vec", "dot": "dot", "ddot": "ddot", "mathcal": "cal", "mathring": "ring",
           "check": "check", "breve": "breve"}
SPACES = {",", ";", ":", "!", " ", "quad", "qquad", "limits", "nolimits", "displaystyle",
          "textstyle", "enspace", "thinspace", "medspace", "thickspace", "negthinspace"}
RELATIONS = {"le": r"\le", "leq": r"\le", "ge": r"\ge", "geq": r"\ge", "ne": r"\neq",
             "neq": r"\neq", "lt": "<", "gt": ">"}
ELEMENTARY = {"sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos", "arctan",
              "arsinh", "arcosh", "artanh", "arcsinh", "arccosh", "arctanh",
              "sinh", "cosh", "tanh", "exp", "ln", "log"}
SIZES = {"big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr",
         "Biggl", "Biggr"}
MATRIX_ENVS = {"matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "smallmatrix", "array"}
FUNCTION_LETTERS = {"f", "g", "h", "F", "G", "H", "J", "L", "ell", "Lcal"}
KL_NAMES = {"KL", "kl"}


def relu(x):
    return sp.Max(0, x)


def trace_of(m):
    if not isinstance(m, sp.MatrixBase):
        raise ReadError("tr needs a matrix (declare its shape)", -1)
    return m.trace()


def det_of(m):
    if not isinstance(m, sp.MatrixBase) or m.rows != m.cols:
        raise ReadError("det needs a square matrix (declare its shape)", -1)
    affordable(m, MAX_SYMBOLIC_DET, "a determinant")
    return m.det()


def affordable(m, limit: int, what: str):
    """Symbolic determinants and inverses grow factorially: refuse the large ones."""
    if m.rows > limit and not all(e.is_number for e in m):
        raise ReadError(f"{what} of a symbolic {m.rows}x{m.cols} matrix is too large "
                   f"(up to {limit}x{limit})", -1)


def diag_of(v):
    if not isinstance(v, sp.MatrixBase) or 1 not in v.shape:
        raise ReadError("diag needs a vector (declare its shape)", -1)
    return sp.ImmutableMatrix(sp.diag(*list(v)))


def softmax_of(z):
    return softmax_vector(z) if isinstance(z, sp.MatrixBase) else softmax(z)


def gcd_of(a, b):
    """gcd of whole numbers; of anything else an opaque function (SymPy's gcd of two
    symbols is 1, which would make gcd(a, b) = 1 an identity)."""
    if a.is_Integer and b.is_Integer:
        return sp.Integer(sp.igcd(a, b))
    return sp.Function("gcd", real=True)(a, b)


def lcm_of(a, b):
    if a.is_Integer and b.is_Integer:
        return sp.Integer(sp.ilcm(a, b))
    return sp.Function("lcm", real=True)(a, b)


NAMED = {
    "sigmoid": (sigmoid, 1, True), "softplus": (softplus, 1, True), "softmax": (softmax_of, 1, False),
    "relu": (relu, 1, True), "ReLU": (relu, 1, True), "tr": (trace_of, 1, False),
    "trace": (trace_of, 1, False), "Tr": (trace_of, 1, False), "det": (det_of, 1, False),
    "diag": (diag_of, 1, False), "sign": (sp.sign, 1, True), "sgn": (sp.sign, 1, True),
    "erf": (sp.erf, 1, True), "exp": (sp.exp, 1, True), "log": (sp.log, 1, True),
    "ln": (sp.log, 1, True), "tanh": (sp.tanh, 1, True), "max": (sp.Max, None, False),
    "min": (sp.Min, None, False), "asin": (sp.asin, 1, True), "acos": (sp.acos, 1, True),
    "atan": (sp.atan, 1, True), "asinh": (sp.asinh, 1, True), "acosh": (sp.acosh, 1, True),
    "atanh": (sp.atanh, 1, True), "arcsin": (sp.asin, 1, True), "arccos": (sp.acos, 1, True),
    "arctan": (sp.atan, 1, True), "sin": (sp.sin, 1, True), "cos": (sp.cos, 1, True),
    "Var": (variance, 1, False), "gcd": (gcd_of, 2, False), "lcm": (lcm_of, 2, False),
    "arcsinh": (sp.asinh, 1, True), "arccosh": (sp.acosh, 1, True), "arctanh": (sp.atanh, 1, True),
    "arsinh": (sp.asinh, 1, True), "arcosh": (sp.acosh, 1, True), "artanh": (sp.atanh, 1, True),
    "floor": (sp.floor, 1, True), "ceil": (sp.ceiling, 1, True), "ceiling": (sp.ceiling, 1, True),
}
ELEMENTARY_FUNCS = {"sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "sec": sp.sec, "csc": sp.csc,
                    "cot": sp.cot, "arcsin": sp.asin, "arccos": sp.acos, "arctan": sp.atan,
                    "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh, "arsinh": sp.asinh,
                    "arcsinh": sp.asinh, "arccosh": sp.acosh, "arctanh": sp.atanh,
                    "arcosh": sp.acosh, "artanh": sp.atanh, "exp": sp.exp, "ln": sp.log,
                    "log": sp.log}
INVERSES = {"sin": "arcsin", "cos": "arccos", "tan": "arctan", "sinh": "arsinh",
            "cosh": "arcosh", "tanh": "artanh"}
ELEMENTWISE = (sp.sin, sp.cos, sp.tan, sp.sec, sp.csc, sp.cot, sp.asin, sp.acos, sp.atan,
               sp.sinh, sp.cosh, sp.tanh, sp.asinh, sp.exp, sp.log, sp.Abs, sp.floor,
               sp.ceiling, sigmoid, softplus, sp.sign, sp.erf)
OPERATORS = {"cdot", "times", "div", "odot", "frac", "dfrac", "tfrac", "sqrt", "sum", "prod",
             "int", "lim", "nabla", "binom"} | ELEMENTARY | RELATIONS.keys()
