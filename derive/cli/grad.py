"""``derive grad 'EXPR' --wrt W``: the gradient of matrix LaTeX by differentials, every step checked.

The LaTeX is read by ``derive.matrix.reading`` (never evaluated). Exit 0 all hold,
1 refuted, 2 bad input, 3 undecided.
"""
from __future__ import annotations

import re

from .common import EXIT_OK, EXIT_REFUTED, EXIT_UNDECIDED, UsageError

_SHAPE = re.compile(r"^\s*([A-Za-z]+)\s*=\s*(\w+)\s*[x×,]\s*(\w+)\s*$")
_ASSUME = re.compile(r"^\s*([A-Za-z]+)\s*=\s*(\w+)\s*$")


def register(subparsers) -> None:
    p = subparsers.add_parser("grad", help="gradient of a matrix expression by differentials",
                              description="Differentiate a scalar matrix expression (LaTeX) by "
                                          "differentials: dL = tr(G^T dW), then read off G (denominator "
                                          "layout: G has W's shape). Every step is checked by finite "
                                          "differences on random instances of several sizes, and "
                                          "symbolically by a trace normal form where it expands.")
    p.add_argument("expr", help=r"LaTeX, e.g. '\|\mathbf X \mathbf w - \mathbf y\|^2'")
    p.add_argument("--wrt", required=True, help="the matrix or vector variable, e.g. w or Sigma")
    p.add_argument("--shape", action="append", default=[], metavar="X=nxd",
                   help="the size of a symbol (repeatable); others are inferred")
    p.add_argument("--assume", action="append", default=[], metavar="Sigma=spd",
                   help="structure: symmetric, spd, diagonal, onehot, positive (repeatable)")
    p.add_argument("--format", choices=("text", "tex", "md"), default="text",
                   help="text for the terminal (default), tex for an align* block, md for Markdown")
    p.set_defaults(run=run)


def parse_pairs(items, pattern, what):
    out = {}
    for item in items:
        m = pattern.match(item)
        if not m:
            raise UsageError(f"--{what} {item!r}: expected " + ("NAME=nxd" if what == "shape" else "NAME=KIND"))
        out[m.group(1)] = m.groups()[1:] if what == "shape" else m.group(2)
    return out


def run(args) -> int:
    from ..matrix.gradient import grad_steps
    from ..matrix.printing import md_chain, tex_chain
    from ..matrix.reading import read_matrix

    shapes = parse_pairs(args.shape, _SHAPE, "shape")
    assume = parse_pairs(args.assume, _ASSUME, "assume")
    expr, symbols = read_matrix(args.expr, shapes)
    wrt = args.wrt.strip().lstrip("\\")
    wrt = re.sub(r"^\\?(mathbf|boldsymbol|bm)\s*\{?\\?([A-Za-z]+)\}?$", r"\2", wrt)
    if wrt not in symbols:
        raise UsageError(f"--wrt {args.wrt!r} is not a matrix or vector of the expression "
                         f"(it has {', '.join(sorted(symbols)) or 'none'})")
    for name in assume:
        if name not in symbols:
            raise UsageError(f"--assume names {name!r}, which is not in the expression")
    d = grad_steps(expr, symbols[wrt], assume=assume)
    report = d.verify()
    print({"text": d.to_text, "tex": lambda: tex_chain(d), "md": lambda: md_chain(d)}[args.format]())
    if report.refuted:
        return EXIT_REFUTED
    return EXIT_UNDECIDED if report.undecided else EXIT_OK
