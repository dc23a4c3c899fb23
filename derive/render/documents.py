"""LaTeX documents from derivations: a standalone article, an \\input fragment, a Beamer deck.

The article has one section per derivation (summary, assumptions, then one ``align``
block per chain) with every step numbered and labelled ``eq:<slug>:<k>``, so a paper can
``\\eqref`` it. The fragment is the same blocks with the few macros they use, to
``\\input`` into a paper. The deck has one frame per derivation, continued on further
frames when it would overflow, revealing one step per slide with ``\\uncover``. Only
packages from texlive-latex-base/-recommended are used (Beamer also needs pgf).
"""
from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Iterable, Optional, Sequence

from ..core.chain import Chain
from .rows import ARTICLE, BEAMER, chain_rows, label
from .formats import Options
from .printer import DeriveLatexPrinter, latex_assumptions, markdown_derivation, printer
from .prose import escape, prose_tex, prose_text
from .profile import Notation
from .texmetrics import measure
from .steplines import chains, items
from .where import definitions, where_tex

MACROS = r"""% derive: \derivewhy{s}{text} sets a justification at its natural width, wrapped
% to s\linewidth when it is wider (formulas are never scaled). Redefine the verdict marks
% to restyle them, e.g. \renewcommand{\deriveproved}{} hides them.
\providecommand{\derivewhy}[2]{\begingroup\sbox0{#2}%
  \ifdim\wd0>#1\linewidth\parbox[t]{#1\linewidth}{\raggedright #2}\else\usebox0\fi\endgroup}
\providecommand{\deriveproved}{\textcolor{green!45!black}{\ensuremath{\checkmark}}}
\providecommand{\derivenumeric}{\textcolor{orange!85!black}{(\ensuremath{\checkmark})}}
\providecommand{\deriverefuted}{\textcolor{red}{\ensuremath{\times}~refuted}}
\providecommand{\deriveundecided}{\textcolor{orange!85!black}{?}}
"""

LEGEND = (r"Each numbered line is one step; its justification is beside it, or under it "
          r"when the line is full. "
          r"\deriveproved{} proved symbolically and checked numerically; "
          r"\derivenumeric{} checked numerically only; \deriveundecided{} undecided; "
          r"\deriverefuted{} a counterexample was found.")

ARTICLE_HEAD = r"""\documentclass[11pt,fleqn]{article}
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\usepackage[a4paper,margin=2.5cm]{geometry}
\usepackage{amsmath,amssymb}
\usepackage{xcolor}
\usepackage[hidelinks]{hyperref}
\allowdisplaybreaks
\setlength{\mathindent}{1.5em}
\numberwithin{equation}{section}
"""

BEAMER_HEAD = r"""\documentclass[11pt,aspectratio=169]{beamer}
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\usepackage{amsmath,amssymb}
\setbeamertemplate{navigation symbols}{}
\setbeamercovered{invisible}
\makeatletter   % displays close to the text above them: no empty band under the header
\g@addto@macro\normalsize{\setlength\abovedisplayskip{4pt}\setlength\belowdisplayskip{4pt}%
  \setlength\abovedisplayshortskip{2pt}\setlength\belowdisplayshortskip{4pt}}
\makeatother
"""

FRAME_EM = 19.6        # usable height of a 16:9 frame below its title, in em
ROW_GAP_EM = 0.3       # \jot between align rows
MIN_ROW_EM = 1.25      # rows are at least a baseline apart
BLOCK_GAP_EM = 1.3     # space above and below a display


def _printer(notation: Optional[Notation]) -> DeriveLatexPrinter:
    return printer(notation=notation or Notation())


def _title(ds: list, title: Optional[str]) -> str:
    if title:
        return title
    return ds[0].title if len(ds) == 1 else "Derivations"


def _pdf_safe(title: str) -> str:
    """A heading with inline maths, and plain text for the PDF bookmarks."""
    tex = prose_tex(title)
    return tex if tex == escape(title) else r"\texorpdfstring{%s}{%s}" % (tex, escape(prose_text(title)))


# -- article and fragment ----------------------------------------------------------
def article(ds: Iterable[Chain], notation: Optional[Notation] = None, *,
            markers: bool = True, title: Optional[str] = None) -> str:
    """A standalone, pdflatex-ready article: one section per derivation."""
    ds = list(ds)
    p = _printer(notation)
    body = [ARTICLE_HEAD + MACROS, r"\title{%s}" % _pdf_safe(_title(ds, title)),
            r"\author{derive}", r"\date{}", r"\begin{document}", r"\maketitle", "",
            LEGEND if markers else "", ""]
    for d in ds:
        body.append(section(d, p, notation, markers=markers))
    body.append(r"\end{document}")
    return "\n".join(body) + "\n"


def fragment(ds: Iterable[Chain], notation: Optional[Notation] = None, *,
             markers: bool = True) -> str:
    """Only the align blocks (and their macros), to \\input into a paper."""
    p = _printer(notation)
    out = [r"% derive fragment: needs \usepackage{amsmath,amssymb,xcolor}", MACROS]
    for d in ds:
        out.append(f"% {d.slug}: {d.title}")
        for chain_tex, lead in article_blocks(d, p, notation, markers=markers):
            if lead:
                out.append("% " + lead.replace("\n", " "))
            out.append(chain_tex)
        out.append("")
    return "\n".join(out)


def section(d: Chain, p: DeriveLatexPrinter, notation: Optional[Notation], *,
            markers: bool = True) -> str:
    """One derivation: heading, summary, assumptions, then a block per chain."""
    out = [r"\section{%s}\label{sec:%s}" % (_pdf_safe(d.title), d.slug)]
    lead = (r"\emph{%s.} " % escape(d.pillar.capitalize())) if d.pillar else ""
    if lead or d.summary:
        out += [lead + prose_tex(d.summary), ""]
    assumptions = latex_assumptions(d, **p._given)
    if assumptions:
        out += [assumptions, ""]
    for block, lead in article_blocks(d, p, notation, markers=markers):
        if lead:
            out.append(lead)
        out += [block, ""]
    return "\n".join(out)


def capitalised(note: str) -> str:
    """A note as the start of a sentence: a first plain word capitalised, a symbol kept
    (``dL/dW`` or ``theta_t`` must not become ``DL/dW`` or ``Theta_t``)."""
    word = re.match(r"[a-z]+(?=[\s,:;.]|$)", note)
    return note[0].upper() + note[1:] if word and len(word.group(0)) > 1 else note


def chain_lead(note: str, pairs: list) -> str:
    """The sentence before a chain: its note, then 'where' the names it uses stand for."""
    defs = where_tex(pairs)
    text = prose_tex(capitalised(note)) if note else ""
    if text and defs:
        return "%s, where %s:" % (text.rstrip(":"), defs)
    if defs:
        return "With %s:" % defs
    if text and text.rstrip()[-1] in "?!.:":
        return text
    return text + ":" if text else ""


def article_blocks(d: Chain, p: DeriveLatexPrinter, notation: Optional[Notation], *,
                   markers: bool = True) -> list:
    """(align block, the sentence leading to it) for every chain of ``d``."""
    tag = notation is not None and notation.justify == "tag"
    out, reveal, seen = [], 0, set()
    for chain in chains(items(d, p)):
        rows = chain_rows(chain, reveal, ARTICLE, markers=markers, tag=tag)
        reveal += len(chain)
        out.append((_align(rows, d.slug, tag), chain_lead(chain[0].note, definitions(chain, p, seen))))
    return out


def _align(rows: list, slug: str, tag: bool) -> str:
    env = "align*" if tag else "align"
    lines = []
    for row in rows:
        if row.lhs_in_rhs_column:
            cells = "& " + row.lhs
        else:
            cells = (row.lhs + " " if row.lhs else "") + "& " + row.rhs
        if row.why and tag and row.numbered:
            cells += r" \tag*{%s}" % row.why
        elif row.why:
            cells += " && " + row.why
        if not tag:
            cells += (r" \label{%s}" % label(slug, row.item)) if row.numbered else r" \nonumber"
        lines.append(cells)
    return "\\begin{%s}\n  %s\n\\end{%s}" % (env, " \\\\\n  ".join(lines), env)


# -- beamer -------------------------------------------------------------------------
def beamer(ds: Iterable[Chain], notation: Optional[Notation] = None, *,
           markers: bool = True, title: Optional[str] = None, handout: bool = False) -> str:
    """A Beamer deck: a frame group per derivation, one step revealed per slide.

    ``handout`` typesets every frame once with all its steps (Beamer's handout mode).
    """
    ds = list(ds)
    p = _printer(notation)
    head = BEAMER_HEAD.replace("[11pt,", "[11pt,handout," if handout else "[11pt,")
    out = [head + MACROS, r"\title{%s}" % _pdf_safe(_title(ds, title)), r"\date{}",
           r"\begin{document}"]
    if len(ds) > 1:
        out.append(r"\begin{frame}" "\n" r"\titlepage" "\n" r"\end{frame}")
    for d in ds:
        out.append(r"\section{%s}" % _pdf_safe(d.title))
        out += frames(d, p, markers=markers)
    out.append(r"\end{document}")
    return "\n".join(out) + "\n"


def slides_of(seq: list) -> list:
    """The slide (1-based, over the derivation) each reveal unit first shows on.

    A chain's start appears with its first step, so that the first slide of a chain
    already shows a whole equation; every further step adds one slide.
    """
    out, slide = [], 0
    for chain in chains(seq):
        slide += 1
        out.append(slide)
        for k in range(1, len(chain)):
            if k > 1:
                slide += 1
            out.append(slide)
    return out


def frames(d: Chain, p: DeriveLatexPrinter, *, markers: bool = True) -> list:
    """The frames of one derivation, split so that none overflows."""
    seq = items(d, p)
    slide = slides_of(seq)
    header = _frame_header(d, p)
    seen: set = set()
    leads = {id(chain[0]): chain_lead(chain[0].note, definitions(chain, p, seen))
             for chain in chains(seq)}
    pages = _paginate(seq, markers, _header_height(d, p) if header else 0.0, leads)
    notes = _speaker_notes(d, seq)
    out = []
    for n, parts in enumerate(pages):
        base = min(slide[r] for _, rows in parts for r in _reveals(rows)) - 1
        body = [header] if (n == 0 and header) else []
        for chain, rows in parts:
            lead = leads[id(chain[0])]
            if lead and rows[0].lhs_reveal is not None:
                body.append(r"\uncover<%d->{\footnotesize %s}"
                            % (slide[rows[0].lhs_reveal] - base, lead))
            body.append(_beamer_align(rows, [s - base for s in slide]))
        if n == 0 and notes:
            body.append(r"\note{%s}" % notes)
        name = prose_tex(d.title) + (" (continued)" if n else "")
        out.append("\\begin{frame}[t]{%s}\n%s\n\\end{frame}" % (name, "\n".join(body)))
    return out


def _speaker_notes(d: Chain, seq: list) -> str:
    """The derivation's summary and the authors' notes on steps, for the lecturer."""
    parts = [prose_tex(d.summary)] if d.summary else []
    parts += [r"Step %d: %s" % (it.number, prose_tex(it.note)) for it in seq
              if it.note and not it.is_start]
    return r"\par ".join(parts)


def _frame_header(d: Chain, p: DeriveLatexPrinter) -> str:
    assumptions = latex_assumptions(d, **p._given)
    return (r"{\footnotesize %s\par}" % assumptions) if assumptions else ""


def _header_height(d: Chain, p: DeriveLatexPrinter) -> float:
    chars_per_line = BEAMER.line_em / 0.42
    text = latex_assumptions(d, **p._given)
    return (math.ceil(len(text) / chars_per_line) * 1.0 + 0.5) if text else 0.0


def _lead_height(lead: str) -> float:
    """Lines of a footnotesize lead sentence (its maths counted by width), in em."""
    if not lead:
        return 0.0
    maths = sum(measure(m).width for m in re.findall(r"\$([^$]*)\$", lead)) * 0.8
    tall = 0.8 if r"\frac" in lead else 0.0
    return math.ceil((maths + 0.42 * len(re.sub(r"\$[^$]*\$", "", lead))) / BEAMER.line_em) * (0.9 + tall)


def _paginate(seq: list, markers: bool, header: float, leads: dict) -> list:
    """Frames as lists of (chain, rows); a step's rows never straddle two frames."""
    pages: list = [[]]
    used, reveal = header, 0
    for chain in chains(seq):
        rows = chain_rows(_beamer_items(chain), reveal, BEAMER, markers=markers)
        reveal += len(chain)
        for group in _groups(rows):
            height = sum(max(r.height, MIN_ROW_EM) + ROW_GAP_EM for r in group)
            new_chain = not pages[-1] or pages[-1][-1][0] is not chain
            extra = BLOCK_GAP_EM + _lead_height(leads[id(chain[0])]) if new_chain else 0.0
            if pages[-1] and used + height + extra > FRAME_EM:
                pages.append([])
                used, new_chain = 0.0, True
                extra = BLOCK_GAP_EM
            if new_chain:
                pages[-1].append((chain, []))
            pages[-1][-1][1].extend(group)
            used += height + extra
    return [page for page in pages if page]


def _beamer_items(chain: list) -> list:
    """On slides a step's note goes to the speaker notes, not beside the formula."""
    return [replace(it, note="") if not it.is_start else it for it in chain]


def _groups(rows: list) -> list:
    """Rows that must stay on one frame: a step with its continuation, side and
    justification rows (and a left-hand side on rows of its own just before it)."""
    groups: list = []
    pending: list = []
    for row in rows:
        if row.kind == "start":
            pending.append(row)
        elif row.kind != "step" and groups and not pending:
            groups[-1].append(row)
        else:
            groups.append(pending + [row])
            pending = []
    if pending:
        groups.append(pending)
    return groups


def _reveals(rows: list) -> list:
    return [r for row in rows for r in (row.lhs_reveal, row.rhs_reveal) if r is not None]


def _beamer_align(rows: list, slide: list) -> str:
    lines = []
    for row in rows:
        lhs = _uncover(row.lhs, row.lhs_reveal, slide)
        if row.lhs_in_rhs_column:
            lines.append("& " + lhs)
            continue
        rhs = _uncover("{} " + row.rhs, row.rhs_reveal, slide) if row.rhs else ""
        why = _uncover(row.why, row.rhs_reveal, slide) if row.why else ""
        lines.append((lhs + " " if lhs else "") + "& " + rhs + (" && " + why if why else ""))
    return "\\begin{align*}\n  %s\n\\end{align*}" % " \\\\\n  ".join(lines)


def _uncover(tex: str, reveal: Optional[int], slide: list) -> str:
    if not tex or reveal is None:
        return tex
    return r"\uncover<%d->{%s}" % (slide[reveal], tex)


MD_LEGEND = ("Each line is one step, its justification beside it: $\\checkmark$ proved "
             "symbolically (and checked numerically), $\\sim$ checked numerically only, "
             "? undecided, $\\times$ refuted.")


def render(ds: Sequence[Chain], options: Options) -> str:
    """The text of a tex, beamer or md export (PDF goes through ``export``)."""
    fmt = options.format
    if fmt == "tex" or (fmt == "pdf" and not options.slides):
        if options.fragment:
            return fragment(ds, options.notation, markers=options.markers)
        return article(ds, options.notation, markers=options.markers, title=options.title)
    if fmt in ("beamer", "pdf"):
        return beamer(ds, options.notation, markers=options.markers, title=options.title,
                      handout=options.handout)
    return markdown(ds, options)


def markdown(ds: Sequence[Chain], options: Options) -> str:
    """A Markdown document: a heading, the legend, then each derivation's $$ block."""
    title = options.title or (ds[0].title if len(ds) == 1 else "Derivations")
    parts = [f"# {title}", ""]
    if options.markers:
        parts += [MD_LEGEND, ""]
    settings = dict(options.notation.settings(), markers=options.markers)
    settings["justify"] = "column"      # \tag* is not allowed inside aligned
    for d in ds:
        parts.append(markdown_derivation(d, **settings))
    return "\n".join(parts).rstrip() + "\n"
