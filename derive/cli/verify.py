"""``derive verify 'LHS' 'RHS'``: LaTeX in, verdict out, a counterexample when false.

Exit status: 0 the identity holds, 1 refuted, 3 undecided, 2 bad input (one line on
stderr naming the problem, and for LaTeX a caret under the offending column).
"""
from __future__ import annotations

import argparse
import sys
from typing import Optional, TextIO

HOLDS, REFUTED, BAD_INPUT, UNDECIDED = 0, 1, 2, 3
PROG = "derive verify"


class BadInput(ValueError):
    """A command-line value that cannot be used; the message names it."""


def add_verify_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``verify`` on an argparse subparsers object."""
    p = subparsers.add_parser(
        "verify", help="check an identity LHS = RHS given in LaTeX", formatter_class=_Formatter,
        description="Check that LHS = RHS (LaTeX). Exit 0 holds, 1 refuted, 3 undecided, "
                    "2 bad input. Put -- before a side that starts with '-'.")
    p.add_argument("lhs", help="left side, LaTeX")
    p.add_argument("rhs", help="right side, LaTeX")
    p.add_argument("--assume", action="append", default=[], metavar="NAME=DOMAIN",
                   help="domain of a symbol, one of: real (the default), positive, "
                        "nonnegative, negative, unit (the interval (0, 1)), integer, "
                        "positive_integer, nonnegative_integer, simplex (a probability "
                        "vector; give its --shape), random (a random variable); repeatable")
    p.add_argument("--shape", action="append", default=[], metavar="NAME=RxC",
                   help="make NAME a matrix of RxC real entries, e.g. A=2x2 (repeatable)")
    p.add_argument("--index", action="append", default=[], metavar="NAME=LO..HI",
                   help="range of a free index, e.g. j=1..n (repeatable)")
    p.add_argument("--relation", default="=", choices=["=", "<=", "<", ">=", ">"],
                   help="relation to check (default =)")
    p.add_argument("--budget", type=float, default=2.0, metavar="SECONDS",
                   help="time for the symbolic proof (default 2)")
    p.add_argument("--require-proof", action="store_true",
                   help="exit 3 when the identity holds only numerically (no symbolic proof)")
    p.add_argument("--oracle", choices=["jax", "torch"], default=None,
                   help="autodiff as a second judge of the derivatives (needs the [autodiff] extra)")
    p.set_defaults(run=run_verify, func=run_verify)
    return p


register = add_verify_parser   # the name derive.cli looks for


class _Formatter(argparse.HelpFormatter):
    """Help that keeps the list of domains whole (argparse would cut it to fit)."""

    def __init__(self, prog):
        super().__init__(prog, max_help_position=30)


def _pairs(values: list, what: str) -> list[tuple[str, str]]:
    out = []
    for v in values:
        name, sep, rest = v.partition("=")
        name, rest = name.strip(), rest.strip()
        if not sep or not name or not rest:
            raise BadInput(f"--{what} expects NAME=VALUE, got {v!r}")
        if not name.replace("_", "").replace("{", "").replace("}", "").isalnum():
            raise BadInput(f"--{what}: {name!r} is not a symbol name")
        out.append((name, rest))
    return out


def assumptions_from(args) -> dict:
    """{name: domain or (rows, cols)} from --assume and --shape, validated, never evaluated."""
    from ..core.assumptions import AssumptionError, normalise_domain
    from ..latex import coerce_shapes

    table: dict = {}
    for name, domain in _pairs(args.assume, "assume"):
        try:
            table[name] = normalise_domain(domain)
        except AssumptionError as e:
            raise BadInput(f"--assume {name}: {e}") from None
    for name, shape in _pairs(args.shape, "shape"):
        try:
            rows, cols = coerce_shapes({name: shape})[name]
        except ValueError as e:
            raise BadInput(f"--shape: {e}") from None
        table[name] = f"{rows}x{cols} {table.get(name, '')}".strip()   # shape and domain
    for name, rng in _pairs(getattr(args, "index", []), "index"):
        lo, dots, hi = rng.partition("..")
        if not dots or not lo.strip() or not hi.strip():
            raise BadInput(f"--index {name}: expected a range such as 1..n, got {rng!r}")
        table[name] = f"{lo.strip()}..{hi.strip()}"
    return table


def _value(v) -> str:
    try:
        c = complex(v)
    except (TypeError, ValueError):
        return str(v)
    return f"{c.real:.10g}" if c.imag == 0 else f"{c.real:.10g}{c.imag:+.10g}j"


def report(verdict, out: TextIO) -> int:
    """Print the verdict and how it was reached; return the exit status."""
    if verdict.holds is False:
        print("refuted: the two sides differ", file=out)
        if verdict.counterexample:
            point = ", ".join(f"{k} = {_value(v)}" for k, v in verdict.counterexample.items())
            print(f"  counterexample: {point}", file=out)
        if verdict.lhs_value is not None or verdict.rhs_value is not None:
            print(f"  left side  = {_value(verdict.lhs_value)}", file=out)
            print(f"  right side = {_value(verdict.rhs_value)}", file=out)
        if verdict.detail:
            print(f"  ({verdict.detail})", file=out)
        return REFUTED
    if verdict.holds is None:
        print(f"undecided: {verdict.detail or 'neither a proof nor a counterexample was found'}",
              file=out)
        return UNDECIDED
    if verdict.method == "symbolic":
        print(f"holds: proved symbolically ({verdict.detail}); "
              f"{verdict.samples} numeric samples agree", file=out)
    else:
        ev = verdict.evidence() if hasattr(verdict, "evidence") else ""
        print(f"holds numerically: {verdict.samples} samples agree"
              f"{f' ({ev})' if ev else ''}; no symbolic proof "
              f"({verdict.detail or 'no rung closed the gap'})", file=out)
    return HOLDS


def _fail(message: str, err: TextIO, latex: Optional[str] = None, column: int = 0) -> int:
    line = f"{PROG}: {message}"
    if latex is None:
        print(line, file=err)
        return BAD_INPUT
    shown = "".join(" " if c in "\n\r\t" else c for c in latex)
    line = f"{line}: "
    print(line + shown, file=err)
    print(" " * (len(line) + column) + "^", file=err)
    return BAD_INPUT


def run_verify(args, out: TextIO = None, err: TextIO = None) -> int:
    """Run ``derive verify`` on parsed arguments; return the exit status."""
    from ..checking import CheckError, check
    from ..core.assumptions import AssumptionError
    from ..latex import ParseError

    out = out or sys.stdout
    err = err or sys.stderr
    try:
        table = assumptions_from(args)
    except BadInput as e:
        return _fail(str(e), err)
    sides = {"left": args.lhs, "right": args.rhs}
    try:
        verdict = check(args.lhs, args.rhs, assumptions=table or None,
                        relation=args.relation, budget=args.budget,
                        oracle=getattr(args, "oracle", None))
    except ParseError as e:
        which = "left" if e.latex == args.lhs else "right"
        return _fail(f"{which} side: {e.message} (column {e.column})", err, sides[which], e.column)
    except (CheckError, AssumptionError, ValueError) as e:
        return _fail(str(e).splitlines()[0] if str(e) else type(e).__name__, err)
    except Exception as e:  # noqa: BLE001 - never a traceback on the terminal
        print(f"undecided: the verifier failed ({type(e).__name__}: {str(e)[:120]})", file=out)
        return UNDECIDED
    for reading in (verdict.extra or {}).get("readings", []):   # ambiguous input said aloud
        print(f"read as: {reading}", file=out)
    if getattr(args, "oracle", None) and (verdict.extra or {}).get("oracle"):
        said = verdict.extra["oracle"]
        print(f"oracle: {said.get('detail', said) if isinstance(said, dict) else said}", file=out)
    status = report(verdict, out)
    if status == HOLDS and verdict.method != "symbolic" and getattr(args, "require_proof", False):
        print("not proved: --require-proof asks for a symbolic proof", file=out)
        return UNDECIDED
    return status
