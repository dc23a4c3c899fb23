"""Prose with a little plain-text maths in it (``x_i``, ``beta^t``, ``sigma``) as LaTeX text.

Catalog authors write justifications and notes as plain strings ("E[g_k] = E[g]",
"substitute u = sigma t"). Escaped verbatim they would print ``g\\_k`` and ``sigma``;
here the unmistakable bits become inline maths: a name with sub- or superscripts,
a Greek letter's name standing alone, and <=, >=, !=. Everything else is escaped text,
so the result is always valid LaTeX.
"""
from __future__ import annotations

import re

GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
         "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon",
         "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi",
         "Pi", "Sigma", "Phi", "Psi", "Omega"}
RELATIONS = {"<=": r"\le", ">=": r"\ge", "!=": r"\ne"}
BIG_OPERATORS = {"sum", "prod"}   # sum_k reads as a summation sign
_SCRIPT = r"[_^](?:[A-Za-z0-9]+|\{[A-Za-z0-9 ,+\-]+\})"
_TOKEN = re.compile(r"(?<![A-Za-z0-9\\])(?P<name>[A-Za-z]+)(?P<scripts>(?:%s)+)(?![A-Za-z0-9])"
                    r"|(?<![A-Za-z\\])(?P<greek>%s)(?![A-Za-z])"
                    r"|(?P<rel><=|>=|!=)" % (_SCRIPT, "|".join(sorted(GREEK, key=len, reverse=True))))
_TEXT_ESCAPES = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                 "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}"}


def escape(text: str) -> str:
    """Plain text for LaTeX: special characters escaped."""
    return "".join(_TEXT_ESCAPES.get(c, c) for c in text)


_INLINE = re.compile(r"(\$[^$]+\$)")


def prose_tex(text: str) -> str:
    """``text`` for a LaTeX paragraph: ``$...$`` spans kept as the author's LaTeX, the
    plain-text maths in between set as inline maths."""
    return "".join(part if _INLINE.fullmatch(part) else _plain_tex(part)
                   for part in _INLINE.split(text))


def _plain_tex(text: str) -> str:
    out, last = [], 0
    for m in _TOKEN.finditer(text):
        out.append(escape(text[last:m.start()]))
        out.append("$%s$" % _maths(m))
        last = m.end()
    out.append(escape(text[last:]))
    return "".join(out)


def _maths(m: re.Match) -> str:
    if m.group("rel"):
        return RELATIONS[m.group("rel")]
    if m.group("greek"):
        return "\\" + m.group("greek")
    name = m.group("name")
    if name in GREEK or name in BIG_OPERATORS:
        base = "\\" + name
    else:
        base = name if len(name) == 1 else r"\mathrm{%s}" % name
    scripts = re.findall(_SCRIPT, m.group("scripts"))
    return base + "".join("%s{%s}" % (s[0], _script(s[1:])) for s in scripts)


def _script(body: str) -> str:
    body = body.strip("{}")
    return "\\" + body if body in GREEK else body


_GREEK_UNI = dict(zip("alpha beta gamma delta epsilon varepsilon zeta eta theta iota kappa lambda mu "
                      "nu xi pi rho sigma tau upsilon phi varphi chi psi omega Gamma Delta Theta "
                      "Lambda Xi Pi Sigma Phi Psi Omega".split(),
                      "αβγδϵεζηθικλμνξπρστυϕφχψωΓΔΘΛΞΠΣΦΨΩ"))
_MACROS_UNI = {"partial": "∂", "nabla": "∇", "le": "≤", "ge": "≥", "ne": "≠", "to": "→",
               "cdot": "·", "times": "×", "parallel": "‖", "perp": "⊥", "sum": "Σ",
               "lVert": "‖", "rVert": "‖", "infty": "∞", "in": "∈"}


def prose_text(text: str) -> str:
    """``text`` for a terminal: each ``$...$`` span read out in Unicode (θ, ∂L/∂W, √(v), xᵀ)."""
    return "".join(_maths_text(part[1:-1]) if _INLINE.fullmatch(part) else part
                   for part in _INLINE.split(text))


def _maths_text(tex: str) -> str:
    tex = re.sub(r"\^\{\\mathsf T\}", "ᵀ", tex)
    tex = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"\1/\2", tex)
    tex = re.sub(r"\\sqrt\{([^{}]*)\}", r"√(\1)", tex)
    tex = re.sub(r"\\hat\s*\\?([A-Za-z]+)", lambda m: _GREEK_UNI.get(m.group(1), m.group(1)) + "\u0302", tex)
    tex = re.sub(r"\\(?:operatorname|mathrm|mathcal|mathsf)\{([^{}]*)\}", r"\1", tex)
    tex = re.sub(r"\\begin\{pmatrix\}(.*?)\\end\{pmatrix\}",
                 lambda m: "[" + "; ".join(", ".join(c.strip() for c in row.split("&"))
                                           for row in m.group(1).split(r"\\")) + "]", tex)
    tex = re.sub(r"\\([A-Za-z]+)",
                 lambda m: _GREEK_UNI.get(m.group(1)) or _MACROS_UNI.get(m.group(1)) or m.group(1), tex)
    tex = tex.replace(r"\,", " ").replace(r"\{", "{").replace(r"\}", "}")
    tex = re.sub(r"([_^])\{([^{}]*)\}", lambda m: m.group(1) + (m.group(2) if m.group(2).isalnum()
                                                               else "(%s)" % m.group(2)), tex)
    return re.sub(r"  +", " ", tex).replace("∂ ", "∂")
