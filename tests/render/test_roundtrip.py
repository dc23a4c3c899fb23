"""Round trip: every formula the catalog prints parses back to an equal expression.

Each step's shown form is printed by the printer ``to_latex()`` uses, read back with
``derive.parse`` and compared with the original by the verifier, under the
derivation's assumptions (index ranges, simplex, positivity).

Two readings make the comparison fair, and neither lets a wrong formula through:
- the parser knows no derivation, so its symbols are plain reals; a parsed name is
  identified with the original's object printed the same way (the symbol ``x`` of any
  assumptions, the entry ``z[1]`` for ``z_{1}``, the symbol named ``sigma^2`` for
  ``\\sigma^{2}``, the function ``p`` for ``p(x)``);
- a quantity the catalog prints as a bare name (``named`` values such as
  :math:`\\hat y`, the moving average :math:`m_t`, the iterate :math:`\\theta_t`) can
  only read back as that name: in the original it is replaced by the symbol its
  printed name parses to. A ``named`` value is also checked unfolded: printed as its
  value, that too must read back equal.
"""
from __future__ import annotations

import dataclasses
from functools import lru_cache

import pytest
import sympy as sp
from sympy.core.function import AppliedUndef

import derive
from derive.catalog import catalog as full_catalog  # derive.catalog() under its module's name
from derive.catalog._named import named
from derive.core.functions import Defined
from derive.render.printer import printer
from derive.verify import verify_relation


@lru_cache(maxsize=1)
def _catalog() -> dict:
    return full_catalog()


def _cases() -> list:
    # matrix-calculus forms (derive.matrix: symbolic sizes, differentials) are printed in paper
    # notation that derive.parse does not read; derive.matrix.reading reads its own subset
    from derive.matrix.check import is_matrix_form
    return [(slug, k) for slug, d in _catalog().items() for k in range(len(d.steps))
            if not is_matrix_form(d.steps[k].expr)]


def _atoms(e, *kinds) -> set:
    parts = list(e) if isinstance(e, sp.MatrixBase) else [e]
    return set().union(*(p.atoms(*kinds) for p in parts if isinstance(p, sp.Basic)))


def _map(e, fn):
    return e.applyfunc(fn) if isinstance(e, sp.MatrixBase) else fn(e)


def _entry_name(ix: sp.Indexed) -> str:
    """The symbol name the parser gives to the printed entry: z_{1} -> z_1, a_{1,2} -> a_1,2."""
    return "%s_%s" % (ix.base.label, ",".join(sp.sstr(i).replace(" ", "") for i in ix.indices))


def _entry_of(name: str, bases: dict):
    """z_1 -> z[1] and a_1,2 -> a[1, 2] when z and a are indexed in the original."""
    label, _, index = name.partition("_")
    parts = index.split(",")
    if label in bases and all(p.isdigit() for p in parts):
        return bases[label][tuple(int(p) for p in parts)]
    return None


def as_printed_names(expr):
    """Quantities printed as a bare name become the symbol that name parses to."""
    p = printer()

    def name_of(e):
        parsed = derive.parse(p._print(e))
        return parsed if isinstance(parsed, (sp.Symbol, sp.Indexed)) else None

    def swap(e):
        found = {d: name_of(d) for d in e.atoms(Defined)}
        return e.xreplace({d: s for d, s in found.items() if s is not None})

    return _map(expr, swap)


def unfold_named(expr):
    """``named(value, name)`` replaced by ``value``, so the value itself is printed."""
    return _map(expr, lambda e: e.replace(lambda a: isinstance(a, named), lambda a: a.args[0]))


def in_vocabulary(parsed, original):
    """``parsed`` with every name read as the original's object printed the same way."""
    symbols = {s.name: s for s in _atoms(original, sp.Symbol)}
    symbols.update({_entry_name(ix): ix for ix in _atoms(original, sp.Indexed)})
    bases = {str(b.label): b for b in _atoms(original, sp.IndexedBase)}
    functions = {type(f).__name__: type(f) for f in _atoms(original, AppliedUndef)}
    roots = {}
    for name, s in list(symbols.items()):   # a symbol named sigma^2 prints as \sigma^{2}:
        base, _, power = name.partition("^")  # the parsed sigma is its square root
        if power.isdigit() and base not in symbols:
            roots[base] = s ** sp.Rational(1, int(power))

    def translate(e):
        e = e.xreplace({s: roots[s.name] for s in e.atoms(sp.Symbol) if s.name in roots})
        e = e.replace(lambda a: isinstance(a, AppliedUndef) and type(a).__name__ in functions,
                      lambda a: functions[type(a).__name__](*a.args))
        table = {b: bases[str(b.label)] for b in e.atoms(sp.IndexedBase) if str(b.label) in bases}
        for s in e.atoms(sp.Symbol):
            same = symbols.get(s.name, _entry_of(s.name, bases))
            if same is not None and s not in table:
                table[s] = same
        return e.xreplace(table)

    return _map(parsed, translate)


def _sides(expr) -> list:
    return [expr.lhs, expr.rhs] if isinstance(expr, sp.Eq) else [expr]


def round_trip(form, tex: str, assumptions, where: str):
    """Parse ``tex`` and check it equals ``form`` (each side of an equation)."""
    try:
        parsed = derive.parse(tex)
    except derive.ParseError as e:
        pytest.fail(f"{where}: {tex!r} does not parse: {e}")
    parsed = in_vocabulary(parsed, form)
    assert isinstance(parsed, sp.Eq) == isinstance(form, sp.Eq), (where, tex, parsed)
    for got, want in zip(_sides(parsed), _sides(form)):
        verdict = verify_relation(got, want, "=", assumptions, budget=2.0)
        assert verdict.holds is True, (
            f"{where}: {tex}\n parsed {sp.sstr(got)}\n original {sp.sstr(want)}\n {verdict.detail}")


@pytest.mark.parametrize("slug, k", _cases(), ids=[f"{s}-{k}" for s, k in _cases()])
def test_every_printed_formula_parses_back_equal(slug, k):
    d = _catalog()[slug]
    step = d.steps[k]
    p = printer()
    form = as_printed_names(step.shown)
    round_trip(form, p.formula(step), d.assumptions, f"{slug}-{k}")
    unfolded = unfold_named(step.shown)
    if unfolded != step.shown:
        field = "expr" if step.display is None else "display"
        as_values = dataclasses.replace(step, **{field: unfolded})
        round_trip(as_printed_names(unfolded), p.formula(as_values), d.assumptions,
                   f"{slug}-{k} unfolded")
