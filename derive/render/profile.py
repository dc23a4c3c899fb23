"""Notation profile: the house style a paper asks for, as printer settings.

ML papers disagree on a handful of conventions (``\\log`` or ``\\ln``, ``^\\top`` or
``^T``, bold or arrow vectors, justifications in a column or in ``\\tag*``). A
``Notation`` names one choice for each and turns into ``DeriveLatexPrinter`` settings,
so the same profile drives the API, the exporters and the command line.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Iterable

LOGS = ("log", "ln")
TRANSPOSES = {"top": r"\top", r"\top": r"\top", "T": "T", "t": "T", "intercal": r"\intercal",
              r"\intercal": r"\intercal"}
VECTOR_STYLES = ("bold", "arrow")
JUSTIFY = ("column", "tag")


class NotationError(ValueError):
    """A notation setting names a style that does not exist."""


@dataclass(frozen=True)
class Notation:
    """How formulas are written.

    ``log``: "log" (ML default, natural log) or "ln"; ``transpose``: "top" (``^\\top``)
    or "T"; ``vectors``: names of symbols typeset as vectors, in ``vector_style``
    "bold" or "arrow"; ``justify``: "column" (right-hand column) or "tag" (``\\tag*``).
    """

    log: str = "log"
    transpose: str = "top"
    vectors: tuple = ()
    vector_style: str = "bold"
    justify: str = "column"

    def __post_init__(self):
        if self.log not in LOGS:
            raise NotationError(f"log must be one of {', '.join(LOGS)}, not {self.log!r}")
        if self.transpose not in TRANSPOSES:
            raise NotationError(f"transpose must be 'top' or 'T', not {self.transpose!r}")
        if self.vector_style not in VECTOR_STYLES:
            raise NotationError(f"vector_style must be 'bold' or 'arrow', not {self.vector_style!r}")
        if self.justify not in JUSTIFY:
            raise NotationError(f"justify must be 'column' or 'tag', not {self.justify!r}")
        object.__setattr__(self, "vectors", _names(self.vectors))

    def settings(self) -> dict:
        """The DeriveLatexPrinter settings for this profile."""
        return {"ln_notation": self.log == "ln", "transpose": TRANSPOSES[self.transpose],
                "vectors": self.vectors, "vector_style": self.vector_style,
                "justify": self.justify}


NOTATION_KEYS = {f.name for f in fields(Notation)}


def split_settings(settings: dict) -> tuple[Notation | None, dict]:
    """Separate notation keywords (and a ``notation=`` profile) from printer settings.

    Returns the profile (None when no notation keyword was given) and the rest.
    """
    rest = dict(settings)
    base = rest.pop("notation", None)
    chosen = {k: rest.pop(k) for k in list(rest) if k in NOTATION_KEYS}
    if base is None and not chosen:
        return None, rest
    if base is not None and not isinstance(base, Notation):
        raise NotationError(f"notation must be a Notation, not {type(base).__name__}")
    return replace(base or Notation(), **chosen), rest


def _names(vectors) -> tuple:
    """Vector names from a tuple, a list or a comma-separated string."""
    if isinstance(vectors, str):
        vectors = vectors.split(",")
    items: Iterable = vectors or ()
    return tuple(str(v).strip() for v in items if str(v).strip())
