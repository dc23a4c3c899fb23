"""What every subcommand shares: exit statuses and the one-line usage error."""
from __future__ import annotations

import argparse
import sys

EXIT_OK, EXIT_REFUTED, EXIT_USAGE, EXIT_UNDECIDED = 0, 1, 2, 3


class UsageError(Exception):
    """Bad input from the user: reported as one line, exit status 2."""


class ArgumentParser(argparse.ArgumentParser):
    """argparse that reports a bad command line as a UsageError (one line, no usage dump)."""

    def error(self, message):
        raise UsageError(message)


def print_error(msg: str) -> None:
    print(f"derive: error: {msg}", file=sys.stderr)


def get_derivation(slug: str):
    """The catalog derivation ``slug``; a UsageError naming the closest slugs otherwise."""
    from ..catalog import build

    try:
        return build(slug)
    except KeyError as exc:
        raise UsageError(exc.args[0]) from None


def require_known(slug: str) -> None:
    """Raise the one-line usage error for an unknown slug, without building anything."""
    from ..catalog import module_names

    if slug not in module_names():
        get_derivation(slug)  # raises with the closest names
