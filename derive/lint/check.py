"""``derive.lint(text_or_path)``: every consecutive pair of a document's chains, checked.

Each step is a StepResult with its 1-based line:column in the original text, so a
refutation can be reported like a compiler error at the row that is wrong."""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..checking import check
from ..core.assumptions import CheckError
from . import givens as given_defs, macros, rows, scan

_ASSUME = re.compile(r"%\s*derive:\s*assume\s+(.+)")
_DOMAIN = {">0": "positive", ">=0": "nonnegative", "<0": "negative", "<=0": "nonpositive"}
_AS_ASCII = {r"\geq": ">=", r"\ge": ">=", r"\leq": "<=", r"\le": "<=", r"\gt": ">", r"\lt": "<"}
_LATEX_REL = re.compile(r"\\(?:geq|ge|leq|le|gt|lt)(?![A-Za-z])")


@dataclass
class StepResult:
    """One step ``lhs relation rhs`` of a document and what the checker said."""
    path: str
    line: int
    column: int
    lhs: str
    relation: str
    rhs: str
    status: str                  # proved, numeric, refuted, undecided or unread
    message: str = ""
    counterexample: dict = field(default_factory=dict)
    givens: list = field(default_factory=list)
    trivial: bool = False        # both sides 0 on every sample: verified, but hollow
    read: tuple = ()             # (lhs, rhs) as checked: macros expanded, givens substituted


def assumptions_of(text: str, extra: dict | None = None) -> dict:
    """Domains from ``% derive: assume x > 0, y positive`` comments (and ``extra``)."""
    out: dict[str, str] = {}
    for m in _ASSUME.finditer(text):
        for item in m.group(1).split(","):
            squeezed = _LATEX_REL.sub(lambda r: _AS_ASCII[r.group()], item).replace(" ", "")
            op = next((o for o in _DOMAIN if squeezed.endswith(o)), None)
            if op:
                out[squeezed[: -len(op)]] = _DOMAIN[op]
                continue
            name, _, dom = item.strip().replace("=", " ").partition(" ")
            if dom.strip():
                out[name] = dom.strip()
    out.update(extra or {})
    return out


def _read(source: str | Path) -> tuple[str, str]:
    """(name, text): a path is read (notebooks as their cells), anything else is the text."""
    if isinstance(source, Path) or ("\n" not in str(source) and len(str(source)) < 4096
                                    and Path(str(source)).suffix in (".tex", ".md", ".ipynb")
                                    and Path(str(source)).is_file()):
        p = Path(source)
        raw = p.read_text(encoding="utf-8")
        return str(p), scan.notebook_text(raw) if p.suffix == ".ipynb" else raw
    return "<text>", str(source)


def lint_text(text: str, name: str = "<text>", assume: dict | None = None,
              budget: float = 2.0, given: list[str] | None = None) -> list[StepResult]:
    """Check every step of every math block in ``text``; givens apply to the steps after them."""
    domains = assumptions_of(text, assume)
    defs = [g for g in (given_defs.parse_given(t) for t in given or []) if g]
    comments = given_defs.in_comments(text)
    defined = macros.definitions(text)
    out = []
    for block in scan.blocks(text):
        body = _where_clauses(block.body, block.start, comments)
        for row, off in rows.split_rows(rows.blank(body)):      # := rows define, not assert
            if ":=" in row or "\\coloneqq" in row:
                g = given_defs.parse_given(row.replace("\\coloneqq", ":="), block.start + off)
                if g:
                    comments.append(g)
                body = body[:off] + " " * len(row) + body[off + len(row):]
        pieces, rels = _elide(*rows.chain(body))
        for k, rel in enumerate(rels):
            a, b = pieces[k], pieces[k + 1]
            if not rel or a.offset < 0 or b.offset < 0 or not a.tex.strip() or not b.tex.strip():
                continue
            active = defs + [g for g in comments if g.offset < block.start + b.offset]
            if (k == 0 or not rels[k - 1]) and rel == "=":      # "L = a + b = ..." names L
                g = _definition(a.tex, b.tex, active, block.start + b.offset)
                if g:
                    comments.append(g)
                    continue
            line, col = scan.line_col(text, block.start + b.offset + len(b.tex) - len(b.tex.lstrip()))
            lhs, used_a = _side(a.tex, active, defined)
            rhs, used_b = _side(b.tex, active, defined)
            res = _one(name, line, col, lhs, rel, rhs, domains, budget)
            res.lhs, res.rhs, res.read = _trim(a.tex), _trim(b.tex), (lhs, rhs)
            res.givens = sorted(set(used_a + used_b)) + res.givens
            out.append(res)
    return out


_WHERE = re.compile(r"\\text\{\s*[,;]?\s*(?:where|with|let)\s*\}(.*?)(?=\\\\|&|$)", re.S | re.I)


def _where_clauses(body: str, start: int, out: list) -> str:
    """``... \\text{where } L = a + b`` : the definitions become givens and leave the row."""
    for m in _WHERE.finditer(body):
        for part in rows.blank(m.group(1)).split(","):
            g = given_defs.parse_given(part, start + m.start())
            if g:
                out.append(g)
    return _WHERE.sub(lambda m: " " * len(m.group()), body)


_DOTS = {r"\dots", r"\cdots", r"\ldots", "...", r"\vdots", r"\dotsb"}
_DEF_HEAD = re.compile(r"\s*((?:\\?[A-Za-z]+|\\(?:mathcal|mathbf|boldsymbol|hat|tilde|bar)\{(?:[^{}]|\{[^{}]*\})*\})"
                       r"(?:\s*[_^]\s*(?:\{(?:[^{}]|\{[^{}]*\})*\}|\\text\{[^{}]*\}|\\?[A-Za-z0-9*]+))*)"
                       r"\s*(\([^()]*\))?\s*$")


def _elide(pieces: list, rels: list) -> tuple[list, list]:
    """``a = \\dots = b``: the elided side goes, and the step is a = b (the rows it stands for)."""
    k = 1
    while k < len(pieces) - 1:
        if pieces[k].tex.strip() in _DOTS and rels[k - 1] and rels[k]:
            pair = {rels[k - 1], rels[k]}
            rel = (rels[k] if rels[k - 1] == "=" else rels[k - 1] if rels[k] == "=" else
                   rels[k] if len(pair) == 1 else "")
            pieces, rels = pieces[:k] + pieces[k + 1:], rels[:k - 1] + [rel] + rels[k + 1:]
            continue
        k += 1
    return pieces, rels


def _definition(lhs: str, rhs: str, active: list, offset: int):
    """The first step of a chain, ``name = ...`` or ``f(x, y) = ...`` with a name that has no
    given and is not on the right: it names the right side (a definition, not a claim)."""
    m = _DEF_HEAD.match(rows.blank(_trim(lhs)))
    if not m or rows.blank(m.group(1)).strip() in rhs or m.group(1).strip() in rhs:
        return None
    head = _trim(lhs)
    if any(g.name.strip() in (head, m.group(1).strip()) for g in active):
        return None
    return given_defs.parse_given(f"{head} = {_trim(rhs)}", offset)


def _side(tex: str, active: list, defined: dict) -> tuple[str, list[str]]:
    """One side as it is read: givens substituted (as written, then with the document's macros
    expanded in both), ``\\text`` names made names, thin spaces dropped."""
    side, used = given_defs.apply(_trim(tex), active)
    if defined:
        wide = {dataclasses.replace(g, name=macros.expand(g.name, defined), body=macros.expand(g.body, defined),
                                    arg=g.arg and macros.expand(g.arg, defined)): str(g) for g in active}
        side, more = given_defs.apply(macros.expand(side, defined), list(wide))
        named = {str(w): s for w, s in wide.items()}         # report a given as the text wrote it
        used += [named.get(u, u) for u in more]
    side = _NAME_IN_SCRIPT.sub(r"\1{\2}", _FUNCTION_NAME.sub(r"\\operatorname{\1}", side))
    return _SPACING.sub(" ", side), used


_NAME_IN_SCRIPT = re.compile(r"([_^])\s*\\text(?:rm)?\s*\{([^{}]*)\}")       # D_\text{KL} -> D_{KL}
_FUNCTION_NAME = re.compile(r"\\text(?:rm)?\s*\{([A-Za-z]+)\}(?=\s*(?:\(|\\left\())")  # \text{tanh}(x)
_SPACING = re.compile(r"(?<!\\)\\[,;:!](?![A-Za-z])")    # thin spaces a macro body brought in


def _trim(tex: str) -> str:
    """A side without surrounding space, the sentence's closing ``.``/``,`` and leader dots
    before a hand-made equation number (``... \\Big] \\quad \\cdots (1)``; not ``a + \\cdots``)."""
    out = tex.strip().rstrip(".,;").strip()
    m = _LEADER.search(out)
    return out[:m.start()].rstrip() if m else out


_LEADER = re.compile(r"(?<=[^\s+\-=,{(])\s*\\(?:cdots|dots|ldots)\s*$")


def _one(name, line, col, lhs, rel, rhs, domains, budget) -> StepResult:
    if rel not in rows.CHECKED:
        return StepResult(name, line, col, lhs, rel, rhs, "unread", f"the relation {rel} is not checked")
    used = sorted(n for n in domains if re.search(given_defs._word(n), lhs + " " + rhs))
    res = StepResult(name, line, col, lhs, rel, rhs, "unread")
    dropped = ""
    try:                                         # \alpha in the text is the symbol alpha
        try:
            v = check(lhs, rhs, relation=rel, budget=budget,
                      assumptions={n.lstrip("\\"): domains[n] for n in used} or None)
        except CheckError as exc:                # an assumption derive cannot take: check without
            if not used:
                raise
            dropped, used = str(exc).splitlines()[0], []
            v = check(lhs, rhs, relation=rel, budget=budget)
    except Exception as exc:  # noqa: BLE001 - any failure to read a row is "unread", never a crash
        res.message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return res
    res.status, res.message, res.trivial = v.status, v.summary(), bool(v.trivial)
    if dropped and v.status == "refuted":        # a proof without it stands; a refutation may not
        res.status, res.message = "undecided", f"refuted only without the assumptions ({dropped})"
    elif dropped:
        res.message += f" (without the assumptions: {dropped})"
    res.counterexample = {str(k): str(x) for k, x in (v.counterexample or {}).items()}
    res.givens = [f"{n} {domains[n]}" for n in used]
    return res


def lint(source: Any, *, assume: dict | None = None, given: list[str] | None = None,
         budget: float = 2.0) -> list[StepResult]:
    """Check a document (a path to .tex/.md/.ipynb, or the text itself), one result a step.

    ``assume`` maps names to domains ({"x": "positive"}); ``given`` lists definitions
    ("f(x) = x^2 + 1") substituted into every step."""
    name, text = _read(source)
    return lint_text(text, name, assume, budget, given)


__all__ = ["StepResult", "lint", "lint_text", "assumptions_of"]
