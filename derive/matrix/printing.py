"""Matrix forms in paper notation: bold vectors and matrices, ``^\\top``, ``\\operatorname{tr}``,
``\\log\\det``, ``\\odot``, and a differential as ``\\mathrm{d}``.

``tex(form)`` prints one form; ``tex_chain(d)`` prints a checked derivation as an align*
block with each step's rule and verdict beside it.
"""
from __future__ import annotations

import sympy as sp
from sympy.printing.latex import LatexPrinter

MARK = {"proved": r"\checkmark", "numeric": r"\sim", "refuted": r"\times", "undecided": "?"}
_GREEK = {"alpha", "beta", "gamma", "delta", "lambda", "mu", "sigma", "theta", "eta", "tau", "phi", "psi",
          "omega", "Sigma", "Lambda", "Theta", "Phi", "Psi", "Omega", "Gamma", "Delta", "Pi", "epsilon"}


def _bold(name: str) -> str:
    if name in _GREEK:
        return r"\boldsymbol{\%s}" % name
    return r"\mathbf{%s}" % name


class MatrixLatexPrinter(LatexPrinter):
    """SymPy's LaTeX printer with the notation of ML papers for matrix forms."""

    def _print_MatrixSymbol(self, e):
        name = e.name
        if name.startswith("d") and len(name) > 1 and (name[1:] in _GREEK or len(name) == 2):
            return r"\mathrm{d}" + _bold(name[1:])
        return _bold(name)

    def _wrap(self, e):
        s = self._print(e)
        if isinstance(e, (sp.MatrixSymbol, sp.Identity)) or (isinstance(e, sp.Symbol)):
            return s
        return r"\left(%s\right)" % s

    def _print_Transpose(self, e):
        return r"%s^{\top}" % self._wrap(e.arg)

    def _print_Inverse(self, e):
        return r"%s^{-1}" % self._wrap(e.arg)

    def _print_Trace(self, e):
        return r"\operatorname{tr}\left(%s\right)" % self._print(e.arg)

    def _print_Determinant(self, e):
        return r"\det %s" % self._wrap(e.arg)

    def _print_log(self, e, exp=None):
        if isinstance(e.args[0], sp.Determinant):
            return r"\log\det %s" % self._wrap(e.args[0].arg)
        return super()._print_log(e, exp)

    def _print_HadamardProduct(self, e):
        return r" \odot ".join(self._wrap(a) if isinstance(a, (sp.MatAdd, sp.MatMul)) else self._print(a)
                               for a in e.args)

    def _print_OneMatrix(self, e):
        return r"\mathbf{1}"

    def _print_Identity(self, e):
        return r"\mathbf{I}"


def tex(form) -> str:
    return MatrixLatexPrinter().doprint(form)


def _escape(s: str) -> str:
    """Text for \\text{...}: the rule's ``$...$`` maths kept as written, the rest escaped."""
    import re
    return "".join(part if part.startswith("$") and part.endswith("$") and len(part) > 1
                   else _escape_plain(part) for part in re.split(r"(\$[^$]*\$)", s))


def _escape_plain(s: str) -> str:
    for a, b in (("\\", r"\textbackslash "), ("{", r"\{"), ("}", r"\}"), ("_", r"\_"), ("^", r"\^{}"),
                 ("&", r"\&"), ("%", r"\%"), ("#", r"\#"), ("∘", r"$\circ$")):
        s = s.replace(a, b)
    return s


def tex_chain(d) -> str:
    """An align* block: each chain's first form, then '= form' with the rule and the verdict."""
    lines = []
    for s in d.steps:
        if s.is_start:
            if lines:
                lines[-1] = lines[-1][:-2] + r"\\[4pt]"
            lines.append(r"& %s \\" % tex(s.expr))
            continue
        mark = MARK[s.verdict.status] if s.verdict is not None else ""
        lines.append(r"&= %s && \text{%s} \quad %s \\" % (tex(s.expr), _escape(s.rule), mark))
    if lines:
        lines[-1] = lines[-1].rstrip("\\ ").rstrip()
        lines[-1] = lines[-1][:-2] if lines[-1].endswith(r"\\") else lines[-1]
    return "\\begin{align*}\n" + "\n".join(lines) + "\n\\end{align*}"


def md_chain(d) -> str:
    """Markdown: the title, the assumptions, and the align* block in $$ fences."""
    notes = "\n".join(f"- {n}" for n in d.assumptions.notes)
    return f"## {d.title}\n\n{notes}\n\n$$\n{tex_chain(d)}\n$$\n"
