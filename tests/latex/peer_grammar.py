"""Plain arithmetic LaTeX that latex2sympy2_extended reads, and a numeric comparison with it.

Left out on purpose, where latex2sympy's reading is not ML notation: a letter before
parentheses (``x (a)``: latex2sympy applies a function x; derive multiplies, and reads
``\\sigma(x)`` as the sigmoid), and a number after ``\\binom{n}{k}`` (latex2sympy adds
it, as a mixed number). The README's table lists both.

The grammar: numbers, letters, Greek, subscripted names, + - \\cdot, juxtaposition,
\\frac, powers, \\sqrt, \\sqrt[3], trig, \\exp, \\ln, \\log, |.|, sums and products with
numeric bounds, \\binom and n! of small numbers. Used by the property test in
test_peer_reading.py and by benchmarks/peer_parse.py (a fixed seed).

Documented conventions of derive (README, "How derive reads ML notation") are applied
to latex2sympy's reading before comparing: \\log is natural (latex2sympy: base 10),
letters keep their case (latex2sympy's default lowercases; we ask it not to).
"""
from __future__ import annotations

import math
import random
import re

import sympy as sp

LETTERS = ["x", "y", "z", "a", "b", "t", "w"]
GREEK = [r"\alpha", r"\beta", r"\theta", r"\lambda", r"\mu", r"\sigma"]
NAMES = [r"x_1", r"x_{2}", r"w_0", r"\theta_1"]
FUNCS = [r"\sin", r"\cos", r"\tan", r"\exp", r"\ln", r"\log", r"\sinh", r"\cosh", r"\tanh", r"\arctan",
         r"\sec", r"\csc", r"\cot", r"\arcsin", r"\arccos", r"\log_2", r"\log_{10}"]


def leaf(r: random.Random) -> str:
    k = r.random()
    if k < 0.3:
        return str(r.randint(1, 9))
    if k < 0.6:
        return r.choice(LETTERS)
    if k < 0.8:
        return r.choice(GREEK)
    if k < 0.9:
        return r.choice(NAMES)
    return r.choice(["0.5", "1.5", "2.25", r"\pi"])


def expr(r: random.Random, depth: int) -> str:
    """One expression; every operand that needs grouping gets braces or parentheses."""
    if depth <= 0 or r.random() < 0.25:
        return leaf(r)
    k = r.randrange(20)
    a = lambda: expr(r, depth - 1)  # noqa: E731
    if k == 0:
        return f"{a()} + {a()}"
    if k == 1:
        return f"{a()} - ({a()})"
    if k == 2:
        return f"({a()}) \\cdot ({a()})"
    if k == 3:
        return f"\\frac{{{a()}}}{{{a()}}}"
    if k == 4:
        return f"({a()})^{{{r.randint(2, 3)}}}"
    if k == 5:
        return f"{r.choice(LETTERS)}^{{{a()}}}"
    if k == 6:
        return f"\\sqrt{{{a()}}}"
    if k == 7:
        return f"\\sqrt[3]{{{a()}}}"
    if k == 8:
        return f"{r.choice(FUNCS)}\\left({a()}\\right)"
    if k == 9:
        return f"\\left|{a()}\\right|"
    if k == 10:
        i = r.choice(["i", "j", "k"])
        op = r.choice(["sum", "prod"])
        return f"\\{op}_{{{i}=1}}^{{{r.randint(2, 4)}}} ({i} + {a()})"
    if k == 11:
        return f"{r.randint(2, 5)} {r.choice(LETTERS + GREEK)} {leaf(r)}"   # juxtaposed factors
    if k == 12:
        return f"\\binom{{{r.randint(3, 7)}}}{{{r.randint(0, 3)}}} \\cdot ({a()})"
    if k == 13:
        return f"{r.randint(2, 5)}! + e^{{{a()}}}"
    if k == 14:
        return f"({a()}) {r.choice([chr(92) + 'times', chr(92) + 'div'])} ({a()})"
    if k == 15:
        return r.choice([f"\\lfloor {a()} \\rfloor", f"\\lceil {a()} \\rceil",
                         f"\\left\\lfloor {a()} \\right\\rfloor"])
    if k == 16:
        return f"\\{r.choice(['max', 'min'])}({a()}, {a()})"
    if k == 17:
        return f"-{a()} + {leaf(r)}"
    if k == 18:
        return f"\\frac{r.randint(1, 9)}{r.randint(1, 9)} {leaf(r)}"
    return f"{r.choice(LETTERS)}^{{-{r.randint(1, 3)}}} + {r.choice(FUNCS)} {r.choice(LETTERS)}"


def generate(r: random.Random, depth: int = 3) -> str:
    return expr(r, depth)


def baseline(latex: str):
    """latex2sympy2_extended's reading, with derive's documented conventions applied."""
    from latex2sympy2_extended import latex2sympy
    from latex2sympy2_extended.latex2sympy2 import ConversionConfig
    config = ConversionConfig(interpret_as_mixed_fractions=False, interpret_contains_as_eq=False,
                              lowercase_symbols=False)
    natural = re.sub(r"\\log(?![_a-zA-Z])", r"\\ln", latex)   # \log is natural in derive
    return latex2sympy(natural, is_real=True, conversion_config=config)


def _names(e) -> dict:
    """name (braces dropped: x_{2} and x_2 are one name) -> symbol."""
    return {str(s.name).replace("{", "").replace("}", ""): s for s in e.free_symbols
            if isinstance(s, sp.Symbol)}


def same_value(a, b, points: int = 4, seed: int = 0) -> bool | None:
    """Equal at random positive points (True/False); None when neither has a finite value."""
    try:
        a, b = sp.sympify(a).doit(), sp.sympify(b).doit()
    except Exception:  # noqa: BLE001 - an unevaluable form compares as unknown
        return None
    if not (isinstance(a, sp.Expr) and isinstance(b, sp.Expr)):
        return None
    na, nb = _names(a), _names(b)
    if set(na) != set(nb):
        return False
    r = random.Random(seed)
    agreed = 0
    for _ in range(points):
        values = {name: sp.Float(r.uniform(0.3, 1.7)) for name in na}
        try:
            va = complex(a.xreplace({na[k]: v for k, v in values.items()}).evalf(30))
            vb = complex(b.xreplace({nb[k]: v for k, v in values.items()}).evalf(30))
        except (TypeError, ValueError, ZeroDivisionError, OverflowError):
            continue
        if not all(math.isfinite(z.real) and math.isfinite(z.imag) for z in (va, vb)):
            continue
        if abs(va - vb) > 1e-8 * (1 + abs(va) + abs(vb)):
            return False
        agreed += 1
    return True if agreed else None
