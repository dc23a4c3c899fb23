"""Export derivations: verify them, render them (``derive.render``), write one file.

A refuted step stops the export (``RefutedSteps`` names it) unless ``allow_refuted``,
which prints the step in red. Catalog derivations verify in parallel processes. Files
are written atomically; a PDF is compiled in a private temporary directory, so nothing
but the requested file is ever written. HTML is one self-contained page, or with a
directory as the path a static site (``derive.render.html``).
"""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Sequence, Union

from .derivation import Derivation
from .render.atomic import write_atomic
from .render.compile import compile_pdf
from .render.documents import markdown, render
from .render.formats import FORMATS, Options, format_for, is_site_path
from .render.html import page, site, write_site
from .render.katex import find_katex

__all__ = ["Exported", "FORMATS", "Options", "RefutedStep", "RefutedSteps", "export", "format_for",
           "markdown", "refuted_steps", "render", "status_counts", "verify_all"]


@dataclass(frozen=True)
class RefutedStep:
    """A step the verifier refuted, as an export reports it."""

    slug: str
    number: int
    rule: str
    summary: str

    def __str__(self) -> str:
        return f"{self.slug} step {self.number} ({self.rule or 'stated'}) is refuted: {self.summary}"


class RefutedSteps(Exception):
    """An export was asked for derivations with refuted steps."""

    def __init__(self, steps: Sequence[RefutedStep]):
        self.steps = list(steps)
        more = f" (and {len(self.steps) - 1} more)" if len(self.steps) > 1 else ""
        super().__init__(f"{self.steps[0]}{more}; not exporting (--allow-refuted exports it in red)")


@dataclass(frozen=True)
class Exported:
    """What an export wrote."""

    path: Optional[Path]
    data: Union[str, bytes]
    derivations: int
    counts: dict               # verdict status -> number of steps
    pages: Optional[int] = None
    compile_seconds: Optional[float] = None

    @property
    def steps(self) -> int:
        return sum(self.counts.values())


# -- verification --------------------------------------------------------------------
def verify_all(ds: Sequence[Derivation], jobs: int = 1) -> None:
    """Record a verdict on every step; catalog derivations verify in ``jobs`` processes."""
    from .catalog import slugs

    known = set(slugs())
    parallel = [d for d in ds if d.slug in known and _untouched(d)] if jobs > 1 else []
    if len(parallel) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for d, verdicts in zip(parallel, pool.map(_catalog_verdicts, [d.slug for d in parallel])):
                for step, verdict in zip(d.steps, verdicts):
                    step.verdict = verdict
    done = {id(d) for d in parallel}
    for d in ds:
        if id(d) not in done:
            d.verify()


def _catalog_verdicts(slug: str) -> list:
    """The verdicts of a freshly built catalog derivation (runs in a worker)."""
    from .catalog import build

    d = build(slug)
    d.verify()
    return [s.verdict for s in d.steps]


def _untouched(d: Derivation) -> bool:
    """True when ``d`` has the steps of its catalog module (safe to verify elsewhere)."""
    from .catalog import build

    fresh = build(d.slug)
    return len(fresh.steps) == len(d.steps) and all(
        a.expr == b.expr and a.relation == b.relation for a, b in zip(fresh.steps, d.steps))


def refuted_steps(ds: Iterable[Derivation]) -> list:
    """Every refuted step of the (verified) derivations, in order."""
    out = []
    for d in ds:
        number = 0
        for s in d.steps:
            if s.relation is None:
                continue
            number += 1
            if s.verdict is not None and s.verdict.status == "refuted":
                out.append(RefutedStep(d.slug, number, s.rule, s.verdict.summary()))
    return out


def status_counts(ds: Iterable[Derivation]) -> dict:
    counts: dict = {}
    for d in ds:
        for s in d.steps:
            if s.relation is not None:
                key = s.verdict.status if s.verdict is not None else "unverified"
                counts[key] = counts.get(key, 0) + 1
    return counts


def export(ds: Sequence[Derivation], path: Optional[Union[str, Path]], options: Options, *,
           verify: bool = True, jobs: int = 1) -> Exported:
    """Verify, render and write ``ds`` to ``path`` (None: only return the data)."""
    ds = list(ds)
    if verify:
        verify_all(ds, jobs)
    bad = refuted_steps(ds)
    if bad and not options.allow_refuted:
        raise RefutedSteps(bad)
    if options.format == "html":
        return _export_html(ds, path, options)
    text = render(ds, options)
    pages = seconds = None
    data: Union[str, bytes] = text
    if options.format == "pdf":
        compiled = compile_pdf(text)
        data, pages, seconds = compiled.pdf, compiled.pages, compiled.seconds
    if path is not None:
        write_atomic(path, data)
    return Exported(Path(path) if path is not None else None, data, len(ds), status_counts(ds),
                    pages, seconds)




def _export_html(ds: list, path: Optional[Union[str, Path]], options: Options) -> Exported:
    """One self-contained page, or a static site when ``path`` names a directory."""
    katex = find_katex()    # KatexMissing says how to install it
    if path is not None and is_site_path(path):
        files = site(ds, options, katex)
        return Exported(write_site(path, files), files["index.html"], len(ds), status_counts(ds))
    text = page(ds, options, katex)
    if path is not None:
        write_atomic(path, text)
    return Exported(Path(path) if path is not None else None, text, len(ds), status_counts(ds))
