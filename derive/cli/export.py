"""``derive export``: write derivations as a LaTeX article or fragment, Beamer, Markdown, PDF or HTML.

    derive export softmax-jacobian --format beamer -o s.tex
    derive export softmax-jacobian --format beamer --handout -o s-handout.tex
    derive export --all --format pdf -o derivations.pdf
    derive export gaussian-mle --format tex --fragment --ln --justify tag -o mle.tex
    derive export softmax-jacobian -o softmax.html      # one page, KaTeX inline
    derive export --all --format html -o site/          # index + a page per derivation

Every step is verified first; a refuted step stops the export (exit 1) unless
``--allow-refuted``. ``-o -`` writes text formats to standard output. A file that
cannot be written (disk full, no permission) is a one-line error, exit 74, and leaves
any old file as it was.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from ..render.formats import FORMATS, is_site_path
from .common import EXIT_OK, EXIT_REFUTED, EXIT_USAGE, UsageError

EXIT_LATEX = 4   # the document was written to LaTeX but pdflatex failed on it
EXIT_WRITE = 74  # the file could not be written (disk full, no permission): EX_IOERR


def register(subparsers) -> None:
    p = subparsers.add_parser("export", help="write derivations as tex, beamer, md, pdf or html",
                              description="Verify, then write derivations as a LaTeX article "
                                          "(or fragment), Beamer slides, Markdown, PDF or HTML "
                                          "(a page, or a site when -o is a directory). A "
                                          "refuted step stops the export (exit 1).")
    p.add_argument("slugs", nargs="*", help="derivations to export (see derive list)")
    p.add_argument("--all", action="store_true", help="every derivation in the catalog")
    p.add_argument("--format", "-f", choices=FORMATS,
                   help="tex (article), beamer (slides), md (Markdown), pdf or html; "
                        "default: from the suffix of -o")
    p.add_argument("-o", "--output", required=True,
                   help="file to write ('-' for stdout); html: a directory (site/) writes a site")
    p.add_argument("--fragment", action="store_true",
                   help="tex: only the align blocks, to \\input into a paper")
    p.add_argument("--slides", action="store_true", help="pdf: compile the Beamer deck")
    p.add_argument("--handout", action="store_true",
                   help="beamer: a handout, each frame once with all its steps")
    p.add_argument("--allow-refuted", action="store_true",
                   help="export refuted steps too, marked in red")
    p.add_argument("--no-markers", action="store_true", help="hide the verdict of each step")
    p.add_argument("--title", help="document title")
    p.add_argument("--ln", action="store_true", help="write the natural log as \\ln")
    p.add_argument("--transpose", choices=("top", "T"), default="top",
                   help="transpose as ^\\top (default) or ^T")
    p.add_argument("--bold-vectors", default="", metavar="NAMES",
                   help="comma-separated symbols set as bold vectors, e.g. x,z")
    p.add_argument("--arrow-vectors", default="", metavar="NAMES",
                   help="comma-separated symbols set with an arrow, e.g. x,z")
    p.add_argument("--justify", choices=("column", "tag"), default="column",
                   help="justification in a right-hand column or as \\tag*")
    p.add_argument("-j", "--jobs", type=int, default=1, help="verify in N processes")
    p.set_defaults(run=run)


def options_from(args) -> Options:
    """Options (and the notation profile) from parsed arguments; UsageError when inconsistent."""
    from ..export import Options
    from ..render.formats import format_for
    from ..render.profile import Notation, NotationError

    if args.bold_vectors and args.arrow_vectors:
        raise UsageError("choose --bold-vectors or --arrow-vectors, not both")
    try:
        notation = Notation(log="ln" if args.ln else "log", transpose=args.transpose,
                            vectors=args.bold_vectors or args.arrow_vectors,
                            vector_style="arrow" if args.arrow_vectors else "bold",
                            justify=args.justify)
        fmt = format_for(args.output, args.format) if args.output != "-" else (args.format or "")
        if not fmt:
            raise ValueError("say --format when writing to standard output")
        return Options(fmt, notation, markers=not args.no_markers,
                       allow_refuted=args.allow_refuted, fragment=args.fragment,
                       slides=args.slides, title=args.title, handout=args.handout)
    except (ValueError, NotationError) as exc:
        raise UsageError(str(exc)) from None


def _check_output(output: str, fmt: str) -> None:
    if output == "-":
        if fmt == "pdf":
            raise UsageError("a PDF cannot go to standard output; name a file with -o")
        return
    path = Path(output)
    if fmt == "html" and is_site_path(output):
        if path.exists() and not path.is_dir():
            raise UsageError(f"-o {output} is a file; a site needs a directory")
        if not path.parent.resolve().is_dir():
            raise UsageError(f"directory {str(path.parent)!r} does not exist")
        return
    if path.is_dir():
        raise UsageError(f"-o {output} is a directory; name a file")
    if not path.parent.is_dir():
        raise UsageError(f"directory {str(path.parent)!r} does not exist")


def run(args) -> int:
    from ..catalog import build, names_sorted
    from ..export import RefutedSteps, export
    from ..render.compile import LatexFailed, LatexMissing, find_engine
    from ..render.katex import KatexMissing, find_katex

    if args.all == bool(args.slugs):
        raise UsageError("name one or more slugs, or --all (not both)")
    options = options_from(args)
    _check_output(args.output, options.format)
    slugs = names_sorted() if args.all else args.slugs
    try:
        ds = [build(s) for s in slugs]
    except KeyError as exc:
        raise UsageError(exc.args[0]) from None
    t0 = time.perf_counter()
    target = None if args.output == "-" else args.output
    try:
        if options.format == "pdf":
            find_engine()   # say what to install before spending time on verification
        if options.format == "html":
            find_katex()
        result = export(ds, target, options, jobs=max(1, args.jobs))
    except RefutedSteps as exc:
        print(f"derive: error: {exc}", file=sys.stderr)
        return EXIT_REFUTED
    except (LatexMissing, KatexMissing) as exc:
        print(f"derive: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except LatexFailed as exc:
        print(f"derive: error: {exc}", file=sys.stderr)
        return EXIT_LATEX
    except OSError as exc:  # the old file, if any, is untouched (atomic write)
        why = exc.strerror or str(exc) or type(exc).__name__
        print(f"derive: error: cannot write {args.output}: {why}", file=sys.stderr)
        return EXIT_WRITE
    undecided = result.counts.get("undecided", 0)
    if undecided:
        print(f"derive: warning: {undecided} step{'s' if undecided != 1 else ''} undecided "
              f"(marked ?)", file=sys.stderr)
    if target is None:
        sys.stdout.write(result.data)
        return EXIT_OK
    print(_summary(result, time.perf_counter() - t0), file=sys.stderr)
    return EXIT_OK


def _summary(result, seconds: float) -> str:
    counts = ", ".join(f"{n} {status}" for status, n in sorted(result.counts.items()))
    pages = f", {result.pages} pages (LaTeX {result.compile_seconds:.1f} s)" if result.pages else ""
    return (f"wrote {result.path}: {result.derivations} derivation"
            f"{'s' if result.derivations != 1 else ''}, {result.steps} steps ({counts}){pages} "
            f"in {seconds:.1f} s")
