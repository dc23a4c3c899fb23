"""Every justification and note in the catalog is typeset prose: maths lives in ``$...$``.

Outside the dollars no ASCII maths may remain (a caret, an underscore subscript, ``sqrt(``,
``->``, ``dL/dW``, ``[[...]]``, ``<=``), and no leftover wording like "the seed's example".
"""
from __future__ import annotations

import re

import pytest

from derive.catalog import build, slugs

ASCII_MATHS = re.compile(r"\^|_|sqrt\(|->|=>|\[\[|\bd[A-Za-z]+/d[A-Za-z]|<=|>=|!=|\*\*|"
                         r"\b[A-Za-z] \. [A-Za-z]\b|\b(?:y|x|m|v|theta|mu|sigma|beta)hat\b|seed's|"
                         # an equation or a Greek name written out in the prose: "set h = 0", "lambda = 3"
                         r"[A-Za-z0-9)\]]\s*[=<>]\s*[-A-Za-z0-9(\\]|"
                         r"\b(?:lambda|sigma|theta|alpha|beta|gamma|epsilon|mu|phi|eta|Sigma)\b|"
                         r"\b(?:det|exp|log|lim|max)\(", re.I)
INLINE = re.compile(r"\$[^$]*\$")


def outside_maths(text: str) -> str:
    """``text`` with its ``$...$`` spans removed (an unbalanced dollar keeps the rest)."""
    return INLINE.sub(" ", text)


def ascii_maths(text: str) -> list:
    return [m.group(0) for m in ASCII_MATHS.finditer(outside_maths(text))]


def justifications():
    for slug in slugs():
        d = build(slug)
        for n, step in enumerate(d.steps):
            for sub in [step] + list(getattr(step, "substeps", None) or []):
                for text in (sub.rule, sub.note):
                    if text:
                        yield slug, n, text


def test_the_scanner_catches_ascii_maths():
    assert ascii_maths("variance shortcut: Var(X) = E[X^2] - E[X]^2")
    assert ascii_maths("scale by sqrt(d_k)")
    assert ascii_maths("chain rule dL/dW")
    assert ascii_maths("The seed's example")
    assert ascii_maths("thetahat = G^{-1} h") and ascii_maths("dL/dyhat")
    assert not ascii_maths("the scale of that")
    assert ascii_maths("the variance of q . k above")
    assert not ascii_maths(r"variance shortcut: $\operatorname{Var}(X) = E[X^2] - E[X]^2$")
    assert ascii_maths("the limit of a polynomial: set h = 0") and ascii_maths("lambda solves it")
    assert ascii_maths("set det(A - lambda I) = 0") and ascii_maths("the constant c = E[X]")
    assert ascii_maths("S, Sigma symmetric") and ascii_maths("derivative of log((1 - p)/p)")
    assert not ascii_maths(r"set $h = 0$; Kronecker $\delta$ sifting; the log-likelihood")


def test_no_catalog_justification_has_ascii_maths():
    bad = [(slug, n, note, ascii_maths(note)) for slug, n, note in justifications()
           if ascii_maths(note) or note.count("$") % 2]
    assert not bad, "%d justifications with ASCII maths, e.g. %r" % (len(bad), bad[:5])


def test_text_output_reads_the_maths_out_in_unicode():
    from derive.render.prose import prose_text
    assert prose_text(r"chain rule: $\partial L / \partial w_{ij}$") == "chain rule: ∂L / ∂w_ij"
    assert prose_text(r"$\hat\theta = (X^{\mathsf T} X)^{-1}$") == "θ\u0302 = (Xᵀ X)^(-1)"
    assert prose_text(r"$\sqrt{v_t}$, $\{0, 1\}$ and 50$ left") == "√(v_t), {0, 1} and 50$ left"


def test_prose_tex_keeps_the_authors_maths_and_escapes_the_rest():
    from derive.render.prose import prose_tex
    assert prose_tex(r"so $\log x \le x - 1$ & 50%") == r"so $\log x \le x - 1$ \& 50\%"
