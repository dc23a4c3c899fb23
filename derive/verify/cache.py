"""A verdict cache on disk, so re-checking an unchanged derivation costs about the import.

An entry is keyed by both forms (a structural print), the relation, the assumptions, the budget,
the numeric settings, the lemmas and a fingerprint of the verifier's own source (so a
changed verifier never reads a stale verdict). Only settled verdicts are kept: never an
undecided one, nor one whose symbolic budget ran out (more time might prove it).
Writers write a temporary file and ``os.replace`` it, so concurrent checks never see a
half-written entry; an entry that cannot be read is ignored and rewritten.

``DERIVE_CACHE_DIR`` chooses the directory (default ``$XDG_CACHE_HOME/derive`` or
``~/.cache/derive``); ``DERIVE_NO_CACHE=1`` (``--no-cache``) turns it off.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Callable, Optional

import sympy as sp
from sympy.core.function import AppliedUndef

from ..core.verdict import Verdict

_PACKAGE = Path(__file__).resolve().parent.parent   # derive/
_SOURCES = ("verify", "core", "rules", "latex", "matrix")   # the code a verdict depends on
_fingerprint: Optional[str] = None


def enabled() -> bool:
    return os.environ.get("DERIVE_NO_CACHE", "") in ("", "0")


def directory() -> Path:
    """Where entries live: ``DERIVE_CACHE_DIR``, else the user's cache dir."""
    chosen = os.environ.get("DERIVE_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "derive"


def fingerprint() -> str:
    """A hash of the verifier's source and the package version (read once per process)."""
    global _fingerprint
    if _fingerprint is None:
        h = hashlib.sha256()
        files = [_PACKAGE / "__init__.py"]
        for sub in _SOURCES:
            files += sorted((_PACKAGE / sub).rglob("*.py"))
        for f in files:
            try:
                h.update(str(f.relative_to(_PACKAGE)).encode())
                h.update(f.read_bytes())
            except OSError:
                h.update(b"?")
        _fingerprint = h.hexdigest()
    return _fingerprint


def _assumptions_text(A) -> str:
    if A is None:
        return "None"
    parts = []
    for name in ("domains", "ranges", "families", "sizes"):
        table = getattr(A, name, None) or {}
        items = sorted((form_text(k), repr(v))
                       for k, v in table.items())
        parts.append(f"{name}={items}")
    return ";".join(parts)


def form_text(e) -> str:
    """A structural print of a form: class (module-qualified, so a derive function never
    meets a SymPy one of the same name) and arguments; leaves by ``srepr`` (a symbol with its
    assumptions, a float with its precision). Unlike ``srepr`` it never orders terms, which
    asks SymPy's assumption system and cost more than a cached check."""
    if isinstance(e, sp.Basic):
        if not e.args:
            return sp.srepr(e)
        cls = type(e)
        if isinstance(e, AppliedUndef):
            tag = f"undef:{cls.__name__}{sorted(getattr(cls, '_kwargs', {}).items())}"
        else:
            tag = f"{cls.__module__}.{cls.__qualname__}"
        return f"{tag}({','.join(form_text(a) for a in e.args)})"
    if isinstance(e, (tuple, list)):
        return f"{type(e).__name__}({','.join(form_text(a) for a in e)})"
    if isinstance(e, sp.MatrixBase):
        return f"Matrix{e.shape}({','.join(form_text(a) for a in e)})"
    return f"{type(e).__name__}:{e!r}"


def key(lhs, rhs, relation: str, A, budget, settings, lemmas) -> str:
    """The entry's name: a hash of everything the verdict depends on."""
    lem = sorted((form_text(k), form_text(v)) for k, v in (lemmas or {}).items())
    text = "\n".join([fingerprint(), form_text(lhs), form_text(rhs), relation,
                      _assumptions_text(A), repr(budget), repr(settings), repr(lem)])
    return hashlib.sha256(text.encode()).hexdigest()


def cacheable(v: Verdict) -> bool:
    """Settled verdicts only: not undecided, not a proof cut short by its budget."""
    return v.holds is not None and "budget" not in (v.detail or "")


def load(name: str) -> Optional[Verdict]:
    path = directory() / name[:2] / name
    try:
        with open(path, "rb") as f:
            v = pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception:   # corrupt or from an incompatible version: ignored, rewritten later
        return None
    return v if isinstance(v, Verdict) and cacheable(v) else None


def store(name: str, v: Verdict) -> None:
    if not cacheable(v):
        return
    folder = directory() / name[:2]
    try:
        data = pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL)
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, folder / name)   # atomic: a reader sees the old entry or this one
        except BaseException:
            os.unlink(tmp)
            raise
    except Exception:   # an unpicklable detail or a read-only disk: no cache, same verdict
        return


def cached(verify: Callable[..., Verdict], lhs, rhs, relation: str, A, budget,
           settings=None, lemmas=None) -> Verdict:
    """``verify(lhs, rhs, relation, A, budget, lemmas=lemmas)``, read from disk when known."""
    if not enabled():
        return verify(lhs, rhs, relation, A, budget, lemmas=lemmas)
    try:
        name = key(lhs, rhs, relation, A, budget, settings, lemmas)
    except Exception:   # a form srepr cannot print: verify without the cache
        return verify(lhs, rhs, relation, A, budget, lemmas=lemmas)
    hit = load(name)
    if hit is not None:
        return hit
    v = verify(lhs, rhs, relation, A, budget, lemmas=lemmas)
    store(name, v)
    return v
