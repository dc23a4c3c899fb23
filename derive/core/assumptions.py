"""Domains of symbols, index ranges and constraints, shared by the prover and the sampler.

A derivation's assumptions say where each symbol lives (real, positive, (0, 1),
integers, the probability simplex, random variables) and which integer symbols are
indices over a range. Symbols not declared fall back on their SymPy assumptions.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping, Union

import sympy as sp

DOMAINS = {
    "real": r"\mathbb{R}",
    "positive": r"\mathbb{R}_{>0}",
    "nonnegative": r"\mathbb{R}_{\ge 0}",
    "negative": r"\mathbb{R}_{<0}",
    "unit": r"(0, 1)",
    "integer": r"\mathbb{Z}",
    "positive_integer": r"\mathbb{Z}_{>0}",
    "nonnegative_integer": r"\mathbb{Z}_{\ge 0}",
    "simplex": r"\Delta^{n-1}",
    "random": r"\text{random}",
}
ALIASES = {"pos": "positive", "probability": "unit", "(0,1)": "unit", "int": "integer",
           "natural": "positive_integer", "size": "positive_integer",
           "nonneg": "nonnegative", "prob": "unit"}
DISCRETE = {"integer", "positive_integer", "nonnegative_integer"}

Target = Union[sp.Symbol, sp.IndexedBase, sp.Function, str]


class CheckError(ValueError):
    """The two sides cannot be compared (shapes differ, a relation was given, ...)."""


class AssumptionError(CheckError):
    """An assumption names an unknown domain or a symbol that does not exist (a CheckError)."""


def normalise_domain(domain: str) -> str:
    d = str(domain).strip().lower().replace("-", "_").replace(" ", "_")
    d = ALIASES.get(d, d)
    if d not in DOMAINS:
        raise AssumptionError(f"unknown domain {domain!r}; expected one of {', '.join(DOMAINS)}")
    return d


@dataclass
class IndexRange:
    lower: sp.Expr
    upper: sp.Expr


@dataclass
class Assumptions:
    """Where symbols live. Built by ``declare``/``index`` or coerced from a dict."""

    domains: dict = field(default_factory=dict)       # Symbol/IndexedBase -> domain
    ranges: dict = field(default_factory=dict)        # index Symbol -> IndexRange
    families: dict = field(default_factory=dict)      # random symbol -> iid family name
    sizes: dict = field(default_factory=dict)         # simplex IndexedBase -> its length
    notes: list = field(default_factory=list)         # prose constraints to print
    independent: set = field(default_factory=set)     # families declared independent of the rest
    memo: dict = field(default_factory=dict, repr=False, compare=False)  # work done under these

    # -- building -----------------------------------------------------------------
    def declare(self, target: Target, domain: str, *, family: str | None = None,
                size=None) -> "Assumptions":
        """Say that ``target`` (a symbol, or every entry of an IndexedBase) lives in ``domain``.

        A simplex needs ``size`` (its length, e.g. the symbol n); random symbols that
        share a ``family`` are i.i.d. copies of one distribution.
        """
        d = normalise_domain(domain)
        self.memo.clear()
        self.domains[target] = d
        if size is not None:
            self.sizes[target] = _bound(size)
        if d == "random":
            self.families[target] = family or str(target)
        return self

    def index(self, *symbols: sp.Symbol, lower=1, upper=None) -> "Assumptions":
        """Declare integer index symbols ranging over lower..upper (inclusive)."""
        if upper is None:
            raise AssumptionError("an index range needs an upper bound")
        self.memo.clear()
        for s in symbols:
            self.ranges[s] = IndexRange(_bound(lower), _bound(upper))
        return self

    def declare_independent(self, *targets: Target) -> "Assumptions":
        """Say that these random symbols are independent (of each other and of the rest
        declared so). Undeclared, two random variables may be dependent."""
        self.memo.clear()
        for t in targets:
            if self.domains.get(t) != "random":
                raise AssumptionError(f"{t} is not declared random, so it cannot be independent")
            self.independent.add(self.families[t])
        return self

    def joint_families(self) -> set:
        """Families sampled jointly (so dependent): single random symbols not declared
        independent. An i.i.d. family (several members, or an indexed one) stays
        independent of the others, as its declaration says."""
        members: dict = {}
        for t, fam in self.families.items():
            members.setdefault(fam, []).append(t)
        return {fam for fam, ts in members.items() if fam not in self.independent
                and len(ts) == 1 and isinstance(ts[0], sp.Symbol)}

    def note(self, text: str) -> "Assumptions":
        self.notes.append(text)
        return self

    # -- reading ------------------------------------------------------------------
    def domain_of(self, s: sp.Basic) -> str:
        """The domain of a symbol or of an Indexed entry (via its base)."""
        if s in self.domains:
            return self.domains[s]
        if isinstance(s, sp.Indexed):
            base = s.base
            if base in self.domains:
                return self.domains[base]
            if base.label in self.domains:
                return self.domains[base.label]
            return _from_sympy(base.label)
        if s in self.ranges:
            return "integer"
        return _from_sympy(s)

    def family_of(self, s: sp.Basic):
        key = s.base if isinstance(s, sp.Indexed) else s
        return self.families.get(key) or self.families.get(getattr(key, "label", None))

    def is_random(self, s: sp.Basic) -> bool:
        return self.domain_of(s) == "random"

    def simplex_bases(self) -> list:
        return [b for b, d in self.domains.items() if d == "simplex"]

    def copy(self) -> "Assumptions":
        """A copy whose tables can change without changing these (the memo starts empty)."""
        return Assumptions(dict(self.domains), dict(self.ranges), dict(self.families),
                           dict(self.sizes), list(self.notes), set(self.independent))

    def merged(self, other: "Assumptions | None") -> "Assumptions":
        if other is None:
            return self
        out = self.copy()
        out.sizes.update(other.sizes)
        out.domains.update(other.domains)
        out.ranges.update(other.ranges)
        out.families.update(other.families)
        out.notes.extend(n for n in other.notes if n not in out.notes)
        out.independent |= other.independent
        return out

    @classmethod
    def coerce(cls, obj, free_symbols: Iterable[sp.Basic] = ()) -> "Assumptions":
        """Accept None, an Assumptions, or a dict {name or Symbol: domain}."""
        if obj is None:
            return cls()
        if isinstance(obj, Assumptions):
            return obj
        if not isinstance(obj, Mapping):
            raise AssumptionError(f"assumptions must be a dict or Assumptions, not {type(obj).__name__}")
        by_name: dict = {}
        for s in free_symbols:
            key = s.base.label if isinstance(s, sp.Indexed) else s
            by_name.setdefault(str(key), key)
        out = cls()
        for key, domain in obj.items():
            target = by_name.get(key, None) if isinstance(key, str) else key
            if target is None:
                raise AssumptionError(f"assumption names {key!r}, which does not occur in the expressions")
            out.declare(target, domain)
        return out

    # -- printing -----------------------------------------------------------------
    def describe(self) -> list[tuple[str, str]]:
        """(symbol, domain) pairs in declaration order, for printers."""
        rows = [(t, d) for t, d in self.domains.items()]
        rows += [(s, f"{r.lower}..{r.upper}") for s, r in self.ranges.items()]
        return rows

    def __bool__(self) -> bool:
        return bool(self.domains or self.ranges or self.notes)


def _bound(v) -> sp.Expr:
    """An index bound: a SymPy expression or a Python int (never a string)."""
    if isinstance(v, sp.Basic):
        return v
    if isinstance(v, int):
        return sp.Integer(v)
    raise AssumptionError(f"an index bound must be an integer or a SymPy expression, not {v!r}")


def _from_sympy(s: sp.Basic) -> str:
    """Domain implied by SymPy's own assumptions on a symbol (default: real)."""
    if getattr(s, "is_integer", None):
        if s.is_positive:
            return "positive_integer"
        if s.is_nonnegative:
            return "nonnegative_integer"
        return "integer"
    if s.is_positive:
        return "positive"
    if s.is_negative:
        return "negative"
    if s.is_nonnegative:
        return "nonnegative"
    return "real"
