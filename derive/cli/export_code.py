"""``derive export-code SLUG|--expr EXPR --wrt W --to numpy|torch|jax``: a derived gradient as code.

Writes NAME.py (value and gradient) and test_NAME.py (finite differences, and autodiff
where jax or torch is installed) into --out.
"""
from __future__ import annotations

import re
from pathlib import Path

from .common import EXIT_OK, UsageError, get_derivation


def register(subparsers) -> None:
    p = subparsers.add_parser("export-code", help="a derived matrix gradient as Python code with a test",
                              description="Write a Python module computing the value and the derived "
                                          "gradient of a matrix objective (a catalog slug or --expr), "
                                          "and a test comparing it with finite differences and autodiff.")
    p.add_argument("slug", nargs="?", help="a catalog derivation of a matrix gradient")
    p.add_argument("--expr", help="matrix LaTeX, as for derive grad")
    p.add_argument("--wrt", help="the variable (with --expr)")
    p.add_argument("--shape", action="append", default=[], metavar="X=nxd",
                   help="the size of a symbol (with --expr; repeatable)")
    p.add_argument("--assume", action="append", default=[], metavar="Sigma=spd",
                   help="structure of a symbol (with --expr): symmetric, spd, diagonal, onehot, positive")
    p.add_argument("--to", choices=("numpy", "torch", "jax"), default="numpy", help="the array library")
    p.add_argument("--out", default=".", help="directory to write into (default: here)")
    p.add_argument("--name", help="module name (default from the slug or 'gradient')")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..matrix.codegen import module_source, test_source
    from ..matrix.evaluate import structures
    from .grad import _ASSUME, _SHAPE, parse_pairs

    if bool(args.slug) == bool(args.expr):
        raise UsageError("give a SLUG or --expr (with --wrt), not both")
    if args.slug:
        d = get_derivation(args.slug)
        if not hasattr(d, "gradient"):
            raise UsageError(f"{args.slug} is not a matrix-gradient derivation")
        name = args.name or args.slug.replace("-", "_")
    else:
        from ..matrix.gradient import grad_steps
        from ..matrix.reading import read_matrix
        if not args.wrt:
            raise UsageError("--expr needs --wrt")
        expr, symbols = read_matrix(args.expr, parse_pairs(args.shape, _SHAPE, "shape"))
        wrt = args.wrt.strip().lstrip("\\")
        if wrt not in symbols:
            raise UsageError(f"--wrt {args.wrt!r} is not a matrix or vector of the expression")
        d = grad_steps(expr, symbols[wrt], assume=parse_pairs(args.assume, _ASSUME, "assume"))
        name = args.name or "gradient"
    if not re.fullmatch(r"[A-Za-z_]\w*", name):
        raise UsageError(f"--name {name!r} is not a Python module name")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.py").write_text(module_source(d.objective, d.wrt, d.gradient, name=name, backend=args.to))
    (out / f"test_{name}.py").write_text(test_source(name, structures(d.assumptions.notes)))
    print(f"wrote {out / (name + '.py')} and {out / ('test_' + name + '.py')}")
    return EXIT_OK
