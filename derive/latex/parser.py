"""``derive.parse``: read ML-paper LaTeX into SymPy, or say in which column it cannot be read."""
from __future__ import annotations

from typing import Optional, Sequence

import sympy as sp

from .errors import MAX_LENGTH, MAX_OPERATORS, ParseError, ReadError, short
from .matrices import read_bold, to_index
from .reader import Reader
from .shapes import coerce_shapes
from .tokens import build_tree, tokenize


def parse(latex: str, *, shapes: Optional[dict] = None, notes: Optional[list] = None) -> sp.Basic:
    """Read ML-paper LaTeX into SymPy; raise ParseError with a column on bad input.

    Symbols are real (``n`` is a positive integer, the default upper bound of sums),
    case is kept, ``\\log`` is the natural log. ``shapes`` ({"A": (2, 2)} or {"A": "2x2"})
    turns those symbols into matrices of real entries A_{11}, A_{12}, ...
    ``notes``, a list, receives how ambiguous notation was read (sum scope, ellipses).
    """
    return parse_together([latex], shapes=shapes, notes=notes)[0]


def parse_together(texts: Sequence[str], *, shapes: Optional[dict] = None,
                   notes: Optional[list] = None) -> list:
    """Several formulas read in one context, as the sides of one identity are.

    A name summed over an index in one (z in sum_j e^{z_j}) is a vector in all, so the
    other side's z_i is the same entry z[i]; the bound of a sum is a count in all."""
    trees = [(latex, _tree(latex)) for latex in texts]
    table = coerce_shapes(shapes)
    if not table:                   # bold capitals: matrices of symbolic size (derive.matrix)
        forms = read_bold(texts, notes)
        if forms is not None and None not in forms:
            return forms
        if forms is not None:       # some sides in index notation: read them, then the rest
            rest = [i for i, f in enumerate(forms) if f is None]
            read = parse_together([texts[i] for i in rest], shapes=shapes, notes=notes)
            size = _one_bound(read)
            out = list(forms)
            for i, value in zip(rest, read):
                out[i] = value
            return [_guarded(latex, lambda f=f: to_index(f, size)) if i not in rest else f
                    for i, (latex, f) in enumerate(zip(texts, out))]
    readers = [_guarded(latex, lambda latex=latex, items=items: Reader(latex, table, items))
               for latex, items in trees]
    vectors = set().union(*(r.vectors for r in readers))
    bounds = set().union(*(r.bounds for r in readers))
    out = []
    for reader, (latex, items) in zip(readers, trees):
        reader.vectors, reader.bounds = vectors, bounds
        out.append(_guarded(latex, lambda reader=reader, latex=latex, items=items:
                            reader.read(items, {}, 0, len(latex))))
    if notes is not None:
        for reader in readers:
            notes.extend(n for n in reader.notes if n not in notes)
    return out


def _one_bound(values) -> sp.Symbol:
    """The upper bound of the sums on the index side, when they share one symbol; else n."""
    uppers = {lim[2] for v in values if isinstance(v, sp.Basic) for s in v.atoms(sp.Sum)
              for lim in s.limits if isinstance(lim[2], sp.Symbol)}
    return uppers.pop() if len(uppers) == 1 else sp.Symbol("n", integer=True, positive=True)


def _tree(latex) -> list:
    """The checked input as a tree of groups, or a ParseError saying why it is refused."""
    if not isinstance(latex, str):
        raise ParseError(f"expected a LaTeX string, not {type(latex).__name__}", 0, "")
    if not latex.strip():
        raise ParseError("the input is empty", 0, latex)
    if len(latex) > MAX_LENGTH:
        raise ParseError(f"the input is longer than {MAX_LENGTH} characters", MAX_LENGTH, latex)
    operators = sum(latex.count(c) for c in "+-*/^_=")
    if operators > MAX_OPERATORS:  # the grammar recurses once per operator: refuse, do not crash
        raise ParseError(f"the expression is too long or nested too deeply ({operators} operators, "
                         f"at most {MAX_OPERATORS})", 0, latex)
    return _guarded(latex, lambda: build_tree(tokenize(latex)))


def _guarded(latex: str, work):
    """Run one stage of reading ``latex``; whatever goes wrong, the user gets a ParseError."""
    try:
        return work()
    except ReadError as e:
        raise ParseError(e.message, max(e.column, 0), latex) from None
    except RecursionError:
        raise ParseError("the expression is nested too deeply", 0, latex) from None
    except Exception as e:  # noqa: BLE001 - whatever goes wrong, the user gets a ParseError
        raise ParseError(f"cannot read this expression ({short(e)})", 0, latex) from None
