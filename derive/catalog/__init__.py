"""The catalog: one module per derivation, each exposing ``build() -> Derivation``.

Modules are discovered, not listed (a new file is a new derivation), and built fresh on request.
"""
from __future__ import annotations

import difflib
import importlib
import pkgutil
from functools import lru_cache

PILLARS = ("linear algebra", "calculus", "probability and statistics", "optimization",
           "information theory")


@lru_cache(maxsize=1)
def module_names() -> dict:
    """slug -> module name, read from each module's SLUG constant."""
    out = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{__name__}.{info.name}")
        out[mod.SLUG] = mod.__name__
    return out


def slugs() -> list:
    return list(module_names())


def build(slug: str):
    """A fresh Derivation for ``slug``; KeyError naming the closest slugs otherwise."""
    names = module_names()
    if slug not in names:
        close = difflib.get_close_matches(slug, names, n=3, cutoff=0.4)
        hint = f"; did you mean {', '.join(close)}?" if close else f"; known: {len(names)} slugs (derive list)"
        raise KeyError(f"no derivation named {slug!r}{hint}")
    return importlib.import_module(names[slug]).build()


def catalog() -> dict:
    """slug -> Derivation for every catalog module, in pillar order then slug order."""
    ds = {s: build(s) for s in names_sorted()}
    return ds


def names_sorted() -> list:
    names = module_names()
    def key(slug):
        pillar = importlib.import_module(names[slug]).PILLAR
        return (PILLARS.index(pillar) if pillar in PILLARS else len(PILLARS), slug)
    return sorted(names, key=key)
