"""``derive diff 'EXPR' --wrt x``: the step-by-step derivative of LaTeX input.

The LaTeX is read by ``derive.parsing`` (falling back on latex2sympy2_extended when
that module is absent); it is never evaluated as Python. Bad input is one line on
stderr and exit status 2.
"""
from __future__ import annotations

import sympy as sp

from .cli import EXIT_OK, EXIT_REFUTED, EXIT_UNDECIDED, UsageError


def register(subparsers) -> None:
    p = subparsers.add_parser("diff", help="step-by-step derivative of a LaTeX expression")
    p.add_argument("expr", help=r"LaTeX, e.g. '\log(1 + e^{x}) \sin x'")
    p.add_argument("--wrt", required=True, help="the variable, e.g. x or \\theta")
    p.add_argument("--format", choices=("text", "tex", "md"), default="text")
    p.add_argument("--nested", action="store_true",
                   help="work each chain rule's inner derivative out beside its step")
    p.set_defaults(run=run)


def run(args) -> int:
    from .diffsteps import diff_steps

    expr = read_latex(args.expr)
    if not isinstance(expr, sp.Expr) or isinstance(expr, sp.MatrixBase):
        kind = ("a matrix" if isinstance(expr, sp.MatrixBase) else
                "an equation" if isinstance(expr, sp.core.relational.Relational) else
                type(expr).__name__)
        raise UsageError(f"expected a scalar expression to differentiate, not {kind}")
    wrt = variable(args.wrt, expr)
    d = diff_steps(expr, wrt, nested=args.nested)
    print({"text": d.to_text, "tex": d.to_latex, "md": d.to_markdown}[args.format]())
    report = d.verify()
    if report.refuted:
        return EXIT_REFUTED
    return EXIT_UNDECIDED if report.undecided else EXIT_OK


def read_latex(text: str) -> sp.Basic:
    """LaTeX to SymPy; a ParseError (which the CLI prints with a caret) on bad input."""
    try:
        from .parsing import parse
    except ImportError:  # pragma: no cover - parsing.py is written by another engineer
        return _latex2sympy(text)
    return parse(text)


def _latex2sympy(text: str) -> sp.Basic:
    """latex2sympy with case kept and \\log read as the natural log, as in ML papers."""
    from latex2sympy2_extended import latex2sympy
    from latex2sympy2_extended.latex2sympy2 import ConversionConfig

    try:
        expr = latex2sympy(text.replace(r"\log", r"\ln"), is_real=True,
                           conversion_config=ConversionConfig(lowercase_symbols=False))
    except Exception as exc:  # noqa: BLE001 - every failure is the input's fault here
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise UsageError(f"cannot read the LaTeX {text!r}: {first}") from None
    expr = expr.replace(lambda e: isinstance(e, sp.log) and len(e.args) == 2,
                        lambda e: sp.log(e.args[0]) / sp.log(e.args[1]))
    return _evaluated(expr)


def _evaluated(e: sp.Basic) -> sp.Basic:
    """Rebuild a form latex2sympy left unevaluated (1 * x^-1), so the rules see x^-1."""
    return e.func(*[_evaluated(a) for a in e.args]) if e.args and not e.is_Atom else e


def variable(text: str, expr: sp.Basic) -> sp.Basic:
    """The symbol named by --wrt, as it occurs in ``expr`` (same name, same assumptions)."""
    if not text.strip():
        raise UsageError("--wrt needs a variable name")
    by_name = {str(s): s for s in expr.free_symbols | expr.atoms(sp.Indexed)}
    if text.strip() in by_name:
        return by_name[text.strip()]
    wrt = read_latex(text)
    if not isinstance(wrt, (sp.Symbol, sp.Indexed)):
        raise UsageError(f"--wrt must name one variable, not {sp.sstr(wrt)}")
    return by_name.get(str(wrt), wrt)
