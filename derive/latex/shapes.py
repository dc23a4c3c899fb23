"""Declared shapes: a name declared 2x2 stands for a matrix of real entries A_11, A_12, ..."""
from __future__ import annotations

import sympy as sp

from .errors import MAX_SHAPE


def matrix_of(name: str, shape: tuple, **assumptions) -> sp.ImmutableMatrix:
    """The matrix a symbol of declared shape stands for: entries A_11, A_12, ... or x_1, x_2, ..."""
    r, c = shape
    flags = assumptions or {"real": True}

    def entry(i, j):
        if c == 1 or r == 1:
            return sp.Symbol(f"{name}_{i + j + 1}", **flags)
        sep = "" if max(r, c) < 10 else ","
        return sp.Symbol(f"{name}_{i + 1}{sep}{j + 1}", **flags)

    return sp.ImmutableMatrix(r, c, lambda i, j: entry(i, j))


def coerce_shapes(shapes) -> dict:
    """{name: (rows, cols)} from a dict whose values are pairs or strings like "2x2"."""
    out = {}
    for name, shape in (shapes or {}).items():
        name = str(getattr(name, "name", name))
        if isinstance(shape, str):
            parts = shape.lower().replace("×", "x").replace(",", "x").split("x")
            if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
                raise ValueError(f"shape of {name} must look like 2x3, not {shape!r}")
            shape = tuple(int(p) for p in parts)
        if (not isinstance(shape, (tuple, list)) or len(shape) != 2
                or not all(isinstance(d, int) and 1 <= d <= MAX_SHAPE for d in shape)):
            raise ValueError(f"shape of {name} must be two whole numbers from 1 to {MAX_SHAPE}")
        if not name.replace("_", "").replace("{", "").replace("}", "").isalnum():
            raise ValueError(f"{name!r} cannot name a matrix")
        out[name] = tuple(shape)
    return out
