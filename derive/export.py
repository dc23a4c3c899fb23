"""Export derivations as a LaTeX article or fragment, a Beamer deck, Markdown or PDF.

Exports verify first: a refuted step stops the export (``RefutedSteps`` names it)
unless ``allow_refuted``, which prints the step in red. Files are written atomically
(``derive.atomic``); a PDF is compiled in a private temporary directory, so nothing
but the requested file is ever written.
"""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Sequence, Union

from .atomic import write_atomic
from .derivation import Derivation
from .latex_compile import compile_pdf
from .latex_doc import article, beamer, fragment
from .printing import markdown_derivation
from .profile import Notation

FORMATS = ("tex", "beamer", "md", "pdf")
SUFFIXES = {".tex": "tex", ".md": "md", ".markdown": "md", ".pdf": "pdf"}
MD_LEGEND = ("Each line is one step, its justification beside it: $\\checkmark$ proved "
             "symbolically (and checked numerically), $\\sim$ checked numerically only, "
             "? undecided, $\\times$ refuted.")


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
class Options:
    """What to produce: format, notation and the switches of ``derive export``."""

    format: str = "tex"
    notation: Notation = field(default_factory=Notation)
    markers: bool = True
    allow_refuted: bool = False
    fragment: bool = False
    slides: bool = False        # with format "pdf": compile the Beamer deck instead
    title: Optional[str] = None

    def __post_init__(self):
        if self.format not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {self.format!r}")
        if self.fragment and self.format != "tex":
            raise ValueError("--fragment only applies to --format tex")
        if self.slides and self.format != "pdf":
            raise ValueError("--slides only applies to --format pdf")


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


# -- rendering -----------------------------------------------------------------------
def render(ds: Sequence[Derivation], options: Options) -> str:
    """The text of a tex, beamer or md export (PDF goes through ``export``)."""
    fmt = options.format
    if fmt == "tex" or (fmt == "pdf" and not options.slides):
        if options.fragment:
            return fragment(ds, options.notation, markers=options.markers)
        return article(ds, options.notation, markers=options.markers, title=options.title)
    if fmt in ("beamer", "pdf"):
        return beamer(ds, options.notation, markers=options.markers, title=options.title)
    return markdown(ds, options)


def markdown(ds: Sequence[Derivation], options: Options) -> str:
    """A Markdown document: a heading, the legend, then each derivation's $$ block."""
    title = options.title or (ds[0].title if len(ds) == 1 else "Derivations")
    parts = [f"# {title}", ""]
    if options.markers:
        parts += [MD_LEGEND, ""]
    settings = dict(options.notation.settings(), markers=options.markers)
    settings["justify"] = "column"      # \tag* is not allowed inside aligned
    for d in ds:
        parts.append(markdown_derivation(d, **settings))
    return "\n".join(parts).rstrip() + "\n"


def export(ds: Sequence[Derivation], path: Optional[Union[str, Path]], options: Options, *,
           verify: bool = True, jobs: int = 1) -> Exported:
    """Verify, render and write ``ds`` to ``path`` (None: only return the data)."""
    ds = list(ds)
    if verify:
        verify_all(ds, jobs)
    bad = refuted_steps(ds)
    if bad and not options.allow_refuted:
        raise RefutedSteps(bad)
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


def format_for(path: str, fmt: Optional[str]) -> str:
    """The format asked for, or the one the output's suffix implies."""
    if fmt:
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    raise ValueError(f"say --format ({', '.join(FORMATS)}); the suffix of {path!r} does not tell")
