"""Bold capitals without declared sizes: matrices of symbolic size that do not commute.

``\\mathbf{A}\\mathbf{B}`` (and ``\\mathbf{AB}``) is the matrix product, ``\\mathbf{I}``
the identity, ``\\mathbf{x}^\\top\\mathbf{y}`` and ``\\mathbf{x} \\cdot \\mathbf{y}`` the dot
product, ``\\|\\mathbf{x}\\|^2`` the squared norm. The reading is derive.matrix's: sizes are
inferred from products and sums, and such forms are checked on random instances of
several sizes. Reading a bold capital as a number would make A B = B A an identity, so a
form with bold capitals that this reading cannot take is refused (unless it names one
matrix once, as dL/dW does, which no product can misread).
"""
from __future__ import annotations

import re
from typing import Optional

import sympy as sp

from ..matrix.nodes import Scalar
from ..matrix.reading import MatrixParseError, read_matrix
from .errors import ParseError

BOLD = r"\\(?:mathbf|boldsymbol|bm|mathbfit)"
CAPITAL = re.compile(BOLD + r"\s*(?:\{\s*(?:\\(?:Sigma|Lambda|Theta|Phi|Psi|Omega|Gamma|Delta|Pi)|[A-Z])|"
                     r"\\(?:Sigma|Lambda|Theta|Phi|Psi|Omega|Gamma|Delta|Pi)\b|[A-Z])")
VECTOR = re.compile(BOLD + r"\s*(?:\{\s*\\?[a-z]|\\[a-z]+|[a-z])")
VECTOR_OPS = re.compile(r"\^\s*(?:\\top|\{\s*\\top\s*\}|T\b|\{\s*T\s*\})|\\\||\\Vert|\\lVert|\\rVert|\\cdot|\\langle")
MULTI = re.compile(BOLD + r"\s*\{\s*([A-Z]{2,})\s*\}")
DOT = re.compile(r"(" + BOLD + r"\s*(?:\{[^{}]*\}|\\?[A-Za-z]+))\s*\\cdot\s*(?=" + BOLD + ")")


def is_matrix_notation(latex: str) -> bool:
    """Does the text use bold capitals, or bold vectors with transposes, norms or dots?"""
    return bool(CAPITAL.search(latex) or (VECTOR.search(latex) and VECTOR_OPS.search(latex)))


def _prepared(latex: str) -> str:
    """\\mathbf{AB} as \\mathbf{A}\\mathbf{B}; \\mathbf{x} \\cdot \\mathbf{y} as x^T y."""
    text = MULTI.sub(lambda m: "".join(r"\mathbf{%s}" % c for c in m.group(1)), latex)
    text = DOT.sub(lambda m: m.group(1) + r"^\top ", text)
    text = text.replace(r"\left", "").replace(r"\right", "")
    text = re.sub(r"\\langle\s*([^,]+?)\s*,\s*(.+?)\s*\\rangle", r"(\1)^\\top (\2)", text)  # <x, y>
    for bar in (r"\Vert", r"\lVert", r"\rVert"):
        text = text.replace(bar, r"\|")
    text = re.sub(r"\\\|\s*(\^\s*(?:2|\{\s*2\s*\}))\s*_\s*(?:2|\{\s*2\s*\})", r"\\|\1", text)
    return re.sub(r"\\\|\s*_\s*(?:2|\{\s*2\s*\})", r"\\|", text)     # \|x\|_2 is \|x\|


def _identity(form):
    """The matrix named I is the identity of its size."""
    table = {m: sp.Identity(m.rows) for m in form.atoms(sp.MatrixSymbol)
             if m.name == "I" and m.rows == m.cols}
    return form.xreplace(table) if table else form


BOLD_NOTE = ("bold capitals as matrices and bold small letters as column vectors "
             "(sizes inferred; they do not commute); other letters as positive numbers")
PLAIN_NOTE = ("letters as vectors (small) and matrices (capitals), since some are transposed "
              "(sizes inferred; they do not commute); Greek letters not transposed as positive numbers")
TRANSPOSE = r"\^\s*(?:\\top|\{\s*\\top\s*\}|T|\{\s*T\s*\}|\\intercal|\{\s*\\intercal\s*\})"
PLAIN_T = re.compile(r"(?:\\([a-zA-Z]+)|[A-Za-z]|\))\s*" + TRANSPOSE)
GREEK_VECTORS = {"theta", "beta", "mu", "phi", "psi", "omega", "xi", "nu", "zeta"}
LETTER = re.compile(r"(\\[A-Za-z]+)|([A-Za-z])")   # a command (kept) or one letter


def read_bold(texts, notes: Optional[list] = None) -> Optional[list]:
    """The matrix forms of texts in matrix notation, sizes shared among them; None when no
    text needs this reading (or, for bold capitals, a scalar reading is safe for each);
    ParseError when bold capitals cannot be read as matrices."""
    if not all(isinstance(t, str) for t in texts):
        return None
    if any(is_matrix_notation(t) for t in texts):
        return _forms(texts, [_prepared(t) for t in texts], notes, BOLD_NOTE, strict=True)
    plain = _plain_transposed(texts)
    if plain is not None:       # y^T A y, x^T(z z^T)x: the letters are vectors and matrices
        return _forms(texts, plain, notes, PLAIN_NOTE, strict=False)
    return None


def _plain_transposed(texts) -> Optional[list]:
    """Texts without bold whose letters carry ^T or ^\\top (and where T is no variable),
    rewritten with every letter (and each transposed Greek vector name) bold."""
    joined = " ".join(texts)
    found = list(PLAIN_T.finditer(joined))
    if not found or re.search(BOLD, joined):
        return None
    if re.search(r"(?<![\\A-Za-z])T(?![A-Za-z])", re.sub(TRANSPOSE, " ", joined)):
        return None                          # T is a variable here (\\gamma^T, \\sum_{t=1}^T)
    greek = {m.group(1) for m in found if m.group(1) in GREEK_VECTORS}
    if any(m.group(1) and m.group(1) not in GREEK_VECTORS for m in found):
        return None                          # \\gamma^T, \\lambda^T: a power
    out = []
    for t in texts:
        t = re.sub(TRANSPOSE, r"^\\top ", t)
        t = LETTER.sub(lambda m: m.group(1) or r"\mathbf{%s}" % m.group(2), t)
        for g in greek:
            t = re.sub(r"\\%s(?![A-Za-z])" % g, r"\\mathbf{\\%s}" % g, t)
        out.append(t)
    return out


def _forms(texts, prepared, notes, note: str, strict: bool) -> Optional[list]:
    shapes = _joint_shapes(prepared)
    if _collapsed(shapes, prepared):   # x^T y = x y^T: the claim must not choose the sizes
        shapes = {}
    out: list = []
    for latex, text in zip(texts, prepared):
        try:
            form, symbols = read_matrix(text, dict(shapes))
        except (MatrixParseError, RecursionError, TypeError, ValueError) as e:
            if _index_side(latex):           # b^T x = \\sum_i b_i x_i: this side is read in
                out.append(None)             # index notation, the others turned into it
                continue
            if not strict or all(_scalar_safe(t) for t in texts):
                return None
            raise ParseError(f"bold letters are matrices and vectors here, and this matrix notation "
                             f"cannot be read ({str(e)[:120]})", 0, latex) from None
        for name, m in symbols.items():
            shapes.setdefault(name, tuple(str(d) for d in m.shape))
        out.append(_identity(form))
    if None in out:
        if all(f is None for f in out) or any(isinstance(f, sp.MatrixExpr) and tuple(f.shape) != (1, 1)
                                              for f in out if f is not None):
            return None
        if notes is not None:
            notes.append("the matrix forms in index notation, as the other side is: x^T y as the sum "
                         "over j of x[j] y[j]")
        return out
    if any(not isinstance(f, sp.MatrixExpr) for f in out):   # x^T x beside |x|^2: one number
        out = [Scalar(f) if isinstance(f, sp.MatrixExpr) and tuple(f.shape) == (1, 1) else f
               for f in out]
    if notes is not None:
        notes.append(note)
    return out


def _collapsed(joint: dict, texts: list) -> bool:
    """Did reading the sides together force a size to 1 that a side read alone leaves
    free? Then the sides differ in shape (a number beside an outer product), and making
    them agree would pick the one size where a false identity holds."""
    alone = [_joint_shapes([t]) for t in texts] if joint else []
    return any(dims[k] == "1" and a[name][k] != "1"
               for a in alone for name, dims in joint.items() if name in a for k in range(len(dims)))


def _joint_shapes(texts: list) -> dict:
    """Sizes inferred from all the texts at once (the sides of an identity have one shape),
    the identity I square."""
    try:
        _, symbols = read_matrix(" - ".join(f"({t})" for t in texts))
    except (MatrixParseError, RecursionError, TypeError, ValueError):
        return {}
    shapes = {name: tuple(str(d) for d in m.shape) for name, m in symbols.items()}
    if "I" in shapes and shapes["I"][0] != shapes["I"][1]:
        r, c = shapes["I"]
        shapes = {name: tuple(r if d == c else d for d in dims) for name, dims in shapes.items()}
    return shapes


def _scalar_safe(latex: str) -> bool:
    """At most one bold capital, written once and without a transpose or an inverse (an
    entry [A x]_k is read on its own, as a matrix product)."""
    rest = ENTRY.sub(" ", latex)
    return len(CAPITAL.findall(rest)) <= 1 and not VECTOR_OPS.search(rest) and "^{-1}" not in rest


def _index_side(latex: str) -> bool:
    """A side in index notation (a sum, no transposes or bold capitals) beside a matrix form."""
    return r"\sum" in latex and not PLAIN_T.search(latex) and not CAPITAL.search(latex) \
        and not VECTOR_OPS.search(latex)


def to_index(form, size: sp.Symbol):
    """A scalar matrix form (x^T A y, |x|^2 + 1) in index notation, every size ``size``."""
    def entry(e):
        return e[0, 0] if isinstance(e, sp.MatrixExpr) and tuple(e.shape) == (1, 1) else e
    value = form.replace(lambda e: isinstance(e, Scalar), lambda e: entry(e.args[0]))
    value = entry(value)
    if isinstance(value, sp.MatrixExpr):
        raise ParseError("a matrix cannot equal a sum of numbers", 0, "")
    dims = {d for m in form.atoms(sp.MatrixSymbol) for d in m.shape if isinstance(d, sp.Symbol)}
    value = value.xreplace({d: size for d in dims})
    value = value.xreplace({s: sp.Symbol(s.name, real=True) for s in value.free_symbols
                            if isinstance(s, sp.Symbol) and s.is_positive and s != size})
    return _indexed(value, size)


ENTRY = re.compile(r"(?:\\left)?\[[^\[\]]*(?:\\right)?\]\s*_")


def entry_of(latex: str, indices: list, size: sp.Symbol):
    """[A x]_k, [A B]_{ij}: the entry of a matrix product in index notation, a sum over
    j = 1..n of A[k, j] x[j] (every size is n); ParseError when it is no matrix product."""
    try:
        form, _ = read_matrix(_prepared(latex))
    except (MatrixParseError, RecursionError, TypeError, ValueError) as e:
        raise ParseError(f"an entry [..]_k needs a matrix product inside ({str(e)[:80]})", 0, latex) from None
    form = _identity(form)
    if not isinstance(form, sp.MatrixExpr):
        raise ParseError("an entry [..]_k needs a matrix or vector inside", 0, latex)
    rows, cols = form.shape
    if len(indices) == 1 and 1 not in (rows, cols) or len(indices) not in (1, 2):
        raise ParseError("a vector takes one index and a matrix two", 0, latex)
    if len(indices) == 1:
        at = (indices[0] - 1, 0) if cols == 1 else (0, indices[0] - 1)
    else:
        at = (indices[0] - 1, indices[1] - 1)
    value = form[at]
    dims = {d for m in form.atoms(sp.MatrixSymbol) for d in m.shape if isinstance(d, sp.Symbol)}
    sizes = {s: size for s in dims}
    value = value.xreplace(sizes)
    return _indexed(value, size)


def _indexed(value, size):
    """MatrixElement A[i, j] -> A[i+1, j+1] (x[i, 0] -> x[i+1]); sums from 0 start at 1."""
    def element(m):
        base = sp.IndexedBase(m.parent.name, real=True)
        if isinstance(m.parent, sp.Identity):
            return sp.KroneckerDelta(m.i + 1, m.j + 1)
        if m.parent.shape[1] == 1:
            return base[m.i + 1]
        if m.parent.shape[0] == 1:
            return base[m.j + 1]
        return base[m.i + 1, m.j + 1]
    value = value.replace(lambda e: isinstance(e, sp.matrices.expressions.matexpr.MatrixElement), element)
    for s in list(value.atoms(sp.Sum)):
        limits, body = [], s.function
        for v, lo, hi in s.limits:
            j = sp.Dummy(str(v).lstrip("_"), integer=True)
            body = body.xreplace({v: j - 1})
            limits.append((j, lo + 1, hi + 1))
        value = value.xreplace({s: sp.Sum(sp.expand(body), *limits)})
    return value
