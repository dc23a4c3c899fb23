"""``derive diff 'EXPR' --wrt x``: the step-by-step derivative of LaTeX input.

The LaTeX is read by ``derive.parse``; it is never evaluated as Python. Bad input is
one line on stderr (a caret under the column) and exit status 2.
"""
from __future__ import annotations

from .common import EXIT_OK, EXIT_REFUTED, EXIT_UNDECIDED, UsageError


def register(subparsers) -> None:
    p = subparsers.add_parser("diff", help="step-by-step derivative of a LaTeX expression",
                              description="Differentiate a LaTeX expression one named rule at a "
                                          "time (sum, product, quotient, chain, ...); every step "
                                          "is verified. Exit 0 all hold, 1 refuted, 3 undecided.")
    p.add_argument("expr", help=r"LaTeX, e.g. '\log(1 + e^{x}) \sin x'")
    p.add_argument("--wrt", required=True, help="the variable, e.g. x or \\theta")
    p.add_argument("--format", choices=("text", "tex", "md"), default="text",
                   help="text for the terminal (default), tex for an align* block, md for Markdown")
    p.add_argument("--nested", action="store_true",
                   help="work each chain rule's inner derivative out beside its step")
    p.set_defaults(run=run)


def run(args) -> int:
    import sympy as sp

    from ..diffsteps import diff_steps

    expr = read_latex(args.expr)
    if not isinstance(expr, sp.Expr) or isinstance(expr, sp.MatrixBase):
        kind = ("a matrix" if isinstance(expr, sp.MatrixBase) else
                "an equation" if isinstance(expr, sp.core.relational.Relational) else
                type(expr).__name__)
        raise UsageError(f"expected a scalar expression to differentiate, not {kind}")
    wrt = indexed_variable(args.expr, args.wrt, expr) or variable(args.wrt, expr)
    d = diff_steps(expr, wrt, nested=args.nested, assumptions=index_range(expr, wrt))
    print({"text": d.to_text, "tex": d.to_latex, "md": d.to_markdown}[args.format]())
    report = d.verify()
    if report.refuted:
        return EXIT_REFUTED
    return EXIT_UNDECIDED if report.undecided else EXIT_OK


def index_range(expr, wrt):
    """d/dx_j of a sum over x_i: j ranges over the sum's bounds (outside them x_j is not
    in the sum at all, and every derivative would be a vacuous 0)."""
    import sympy as sp

    if not isinstance(wrt, sp.Indexed) or len(wrt.indices) != 1 or wrt.indices[0].is_number:
        return None
    from ..core.assumptions import Assumptions

    (j,) = wrt.indices
    for s in expr.atoms(sp.Sum):
        if any(ix.base == wrt.base for ix in s.function.atoms(sp.Indexed)) and len(s.limits[0]) == 3:
            _, lo, hi = s.limits[0]
            return Assumptions().index(j, lower=lo, upper=hi)
    return None


def read_latex(text: str):
    """LaTeX to SymPy; a ParseError (which the CLI prints with a caret) on bad input."""
    from ..latex import parse

    return parse(text)


def indexed_variable(source: str, text: str, expr):
    """--wrt x_j read with the expression: the entry x[j] of the x summed over there."""
    import sympy as sp

    from ..latex import parse_together

    try:
        wrt = parse_together([source, text])[1]
    except Exception:   # noqa: BLE001 - variable() reads it alone and reports what is wrong
        return None
    bases = {ix.base for ix in expr.atoms(sp.Indexed)}
    return wrt if isinstance(wrt, sp.Indexed) and wrt.base in bases else None


def variable(text: str, expr):
    """The symbol named by --wrt, as it occurs in ``expr`` (same name, same assumptions)."""
    import sympy as sp

    if not text.strip():
        raise UsageError("--wrt needs a variable name")
    by_name = {str(s): s for s in expr.free_symbols | expr.atoms(sp.Indexed)}
    if text.strip() in by_name:
        return by_name[text.strip()]
    wrt = read_latex(text)
    if not isinstance(wrt, (sp.Symbol, sp.Indexed)):
        raise UsageError(f"--wrt must name one variable, not {sp.sstr(wrt)}")
    return by_name.get(str(wrt), wrt)
