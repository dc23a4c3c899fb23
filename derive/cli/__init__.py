"""The ``derive`` command line, one module per subcommand.

Each module registers its arguments cheaply and imports its work only when it runs.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from .common import EXIT_OK, EXIT_REFUTED, EXIT_UNDECIDED, EXIT_USAGE, ArgumentParser, UsageError, print_error

SUBCOMMANDS = ("list", "show", "check", "export", "verify", "diff", "lint", "grad", "export_code")
EXIT_INTERNAL = 70   # derive itself failed (EX_SOFTWARE); never a traceback

DESCRIPTION = """Step-by-step, machine-checked derivations of the mathematics of machine learning.

exit status: 0 holds, 1 refuted, 2 bad input, 3 undecided"""


def build_parser() -> ArgumentParser:
    from .. import __version__

    parser = ArgumentParser(prog="derive", description=DESCRIPTION,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"derive {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=ArgumentParser, metavar="COMMAND")
    sub.required = True
    for name in SUBCOMMANDS:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


USER_ERRORS = (("derive.core.assumptions", "AssumptionError"), ("derive.core.chain", "DerivationError"),
               ("derive.latex.errors", "ParseError"), ("derive.matrix.reading", "MatrixParseError"))


def user_errors() -> tuple:
    """Exception types that mean "the input was wrong" rather than "derive is broken".

    Only modules already loaded are asked: an exception cannot come from a module that
    never ran, and importing the parser to report a bad slug would cost a second."""
    loaded = (sys.modules.get(module) for module, _ in USER_ERRORS)
    return tuple(getattr(m, name) for m, (_, name) in zip(loaded, USER_ERRORS) if m is not None)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return args.run(args)
    except SystemExit:  # --help and --version
        raise
    except UsageError as exc:
        print_error(str(exc))
        return EXIT_USAGE
    except user_errors() as exc:
        print_error(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        caret = getattr(exc, "caret", None)
        if callable(caret):
            print(caret(), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print_error("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - a CLI never shows a traceback
        print_error(f"internal error: {type(exc).__name__}: {exc}".splitlines()[0])
        return EXIT_INTERNAL


__all__ = ["EXIT_OK", "EXIT_REFUTED", "EXIT_UNDECIDED", "EXIT_USAGE", "UsageError", "build_parser", "main"]
