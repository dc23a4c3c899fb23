"""Derivations as a web page, and the catalog as a static site, typeset by KaTeX offline.

Each formula is an element holding its LaTeX (HTML-escaped, no ``$`` delimiters to
guess at) that a short script hands to ``katex.render``; a formula KaTeX rejects stays
visible as source, is marked, and is reported on the console, so a browser test sees
it. Each step carries its number (an anchor), its verdict mark (the verdict's summary
as a tooltip) and its justification; a side computation folds into ``<details>``.
``page`` is one self-contained file (KaTeX and its fonts inline); ``site`` is an index
plus one page per derivation sharing ``assets/``.
"""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Optional, Sequence, Union

from ..core.chain import Chain
from .formats import Options
from .katex import Katex, find_katex
from .printer import latex_assumptions, printer
from .prose import escape, prose_tex
from .steplines import Item, chains, items
from .texmetrics import measure

MARKS = {"proved": ("✓", "proved"), "numeric": ("∼", "numeric"),
         "undecided": ("?", "undecided"), "refuted": ("✗", "refuted")}
LEGEND = ("Each step shows its justification and its verdict: "
          '<span class="mark proved">✓ proved</span> symbolically and checked numerically; '
          '<span class="mark numeric">∼ numeric</span> checked on samples only; '
          '<span class="mark undecided">? undecided</span> neither; '
          '<span class="mark refuted">✗ refuted</span> a counterexample was found. '
          "Hover a mark for how it was decided.")
WIDE_EM = 30.0     # a sum wider than this (about the formula column) is set over several rows
_MATHS = re.compile(r"((?<!\\)\$(?:[^$\\]|\\.)+?(?<!\\)\$)")
_UNESCAPE = {escape(c): c for c in "\\&%$#_{}~^"}
_TEXT_ESCAPE = re.compile("|".join(re.escape(k) for k in sorted(_UNESCAPE, key=len, reverse=True)))

STYLE = """
:root { --ink: #1d1d1f; --muted: #5f6368; --rule: #e3e3e6; --proved: #1e7d32;
        --numeric: #b35c00; --refuted: #c62828; --paper: #fff; --band: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: var(--paper);
       font: 17px/1.55 "Latin Modern Roman", "Computer Modern Serif", Georgia, serif; }
header.page, main, footer { max-width: 62rem; margin: 0 auto; padding: 0 1.25rem; }
header.page { padding-top: 1.5rem; }
h1 { font-size: 1.9rem; margin: .8rem 0 .3rem; }
h2 { font-size: 1.4rem; margin: 2.2rem 0 .3rem; }
a { color: #1a4fa0; text-decoration: none; } a:hover { text-decoration: underline; }
.anchor { color: var(--muted); font-weight: normal; margin-left: .35rem; visibility: hidden; }
h2:hover .anchor, li.step:hover .anchor { visibility: visible; }
.legend, .pillar, .assumptions, footer, .toc { color: var(--muted); font-size: .92rem; }
.pillar { font-style: italic; margin: 0; }
.toc ol { columns: 2; padding-left: 1.4rem; }
.chain-note { margin: 1rem 0 .2rem; font-style: italic; }
ol.steps { list-style: none; padding: 0; margin: .4rem 0 1rem; border-top: 1px solid var(--rule); }
ol.steps > li { display: grid; grid-template-columns: 2.8rem minmax(0, 1fr) minmax(11rem, 19rem);
                gap: .2rem 1rem; align-items: center; padding: .25rem 0;
                border-bottom: 1px solid var(--rule); }
ol.steps > li:target { background: #fff8d6; }
li.start { background: var(--band); }
li.refuted { background: #fdecea; }
.num { color: var(--muted); font-size: .9rem; text-align: right; }
.formula { overflow-x: auto; overflow-y: hidden; padding: .1rem 0; }
.formula .katex-display { margin: .35rem 0; text-align: left; }
.formula .katex-display > .katex { text-align: left; }
.why { font-size: .95rem; }
.why .note { display: block; color: var(--muted); font-size: .88rem; }
.mark { white-space: nowrap; font-family: system-ui, sans-serif; font-size: .8rem;
        border-radius: .7rem; padding: .05rem .5rem; }
.why .mark { margin-right: .4rem; }
.mark.proved { color: var(--proved); background: #e6f4e8; }
.mark.numeric { color: var(--numeric); background: #fdf0e1; }
.mark.undecided { color: var(--numeric); background: #fdf0e1; }
.mark.refuted { color: #fff; background: var(--refuted); }
details.side { grid-column: 2 / 4; margin: 0 0 .3rem; font-size: .95rem; }
details.side summary { cursor: pointer; color: var(--muted); }
details.side .katex-display, details.side .katex-display > .katex { text-align: left; }
details.side .katex-display { margin: .3rem 0 .3rem 1.2rem; }
.math-error { color: var(--refuted); font-family: monospace; white-space: pre-wrap; }
.derive-error { background: var(--refuted); color: #fff; padding: .6rem 1.25rem; }
table.index { border-collapse: collapse; width: 100%; }
table.index td { border-bottom: 1px solid var(--rule); padding: .35rem .5rem; vertical-align: top; }
table.index td.counts { white-space: nowrap; text-align: right; }
footer { margin: 3rem auto 2rem; border-top: 1px solid var(--rule); padding-top: .6rem; }
@media (max-width: 46rem) {
  ol.steps > li { grid-template-columns: 2rem minmax(0, 1fr); }
  .why, details.side { grid-column: 2; }
  .toc ol { columns: 1; }
}
"""

# hands every .math element to KaTeX; failures stay visible and go to the console
SCRIPT = """
(function () {
  "use strict";
  function banner(text) {
    var div = document.createElement("div");
    div.className = "derive-error"; div.setAttribute("role", "alert"); div.textContent = text;
    document.body.insertBefore(div, document.body.firstChild);
  }
  var nodes = document.querySelectorAll(".math");
  if (typeof katex === "undefined") {
    console.error("derive: KaTeX did not load; formulas are shown as LaTeX source");
    banner("KaTeX did not load: formulas are shown as LaTeX source.");
    return;
  }
  var failed = 0;
  for (var k = 0; k < nodes.length; k++) {
    var el = nodes[k], tex = el.textContent;
    try {
      katex.render(tex, el, {displayMode: el.classList.contains("display"), throwOnError: true});
    } catch (e) {
      failed += 1;
      el.classList.add("math-error");
      el.title = String(e.message);
      console.error("derive: KaTeX could not typeset " + JSON.stringify(tex) + ": " + e.message);
    }
  }
  if (failed) banner(failed + " formula(s) could not be typeset; they are shown as LaTeX source.");
  document.documentElement.setAttribute("data-typeset", String(nodes.length - failed));
})();
"""


def maths(tex: str, display: bool = False) -> str:
    """An element KaTeX typesets: the LaTeX as (escaped) text, no delimiters."""
    tag = "div" if display else "span"
    return '<%s class="math%s">%s</%s>' % (tag, " display" if display else "",
                                           html.escape(tex, quote=False), tag)


def prose_html(text: str) -> str:
    """Prose with ``$...$`` maths (and the plain-text maths ``prose_tex`` recognises) as HTML."""
    return tex_text_html(prose_tex(text)) if text else ""


def tex_text_html(tex: str) -> str:
    """A LaTeX text-mode string with inline maths (as ``prose_tex`` writes it) as HTML."""
    out = []
    for part in _MATHS.split(tex):
        if _MATHS.fullmatch(part):
            out.append(maths(part[1:-1]))
        else:
            out.append(html.escape(_TEXT_ESCAPE.sub(lambda m: _UNESCAPE[m.group(0)], part),
                                   quote=False))
    return "".join(out)


def anchor(slug: str, number: Optional[int] = None) -> str:
    """The id of a derivation's section, or of its step ``number``."""
    return slug if number is None else f"{slug}-{number}"


# -- one derivation ----------------------------------------------------------------
def formula_tex(item: Item) -> str:
    """The step's relation and form; a long sum is broken between its terms."""
    lead = item.relation + " " if item.relation else ""
    if len(item.pieces) > 1 and measure(lead + item.form).width > WIDE_EM:
        rows = [lead + item.pieces[0]] + [r"\quad " + p for p in item.pieces[1:]]
        return "\\begin{aligned}\n  &%s\n\\end{aligned}" % " \\\\\n  &".join(rows)
    return lead + item.form


def mark(status: Optional[str], verdict=None) -> str:
    if status is None:
        return ""
    symbol, word = MARKS[status]
    tip = html.escape(verdict.summary()) if verdict is not None else word
    return f'<span class="mark {status}" title="{tip}">{symbol} {word}</span>'


def step_html(item: Item, step, slug: str, markers: bool) -> str:
    """One row: number (a link to itself), formula, verdict mark and justification."""
    status = item.status
    classes = ["start" if item.is_start else "step"] + ([status] if status else [])
    ident = anchor(slug, item.number) if item.number else ""
    num = (f'<a class="num" href="#{ident}" title="link to this step">({item.number})</a>'
           if item.number else '<span class="num"></span>')
    why = [mark(status, step.verdict) if markers or status == "refuted" else ""]
    if item.why:
        why.append(prose_html(item.why))
    if item.note and not item.is_start:
        why.append(f'<span class="note">{prose_html(item.note)}</span>')
    parts = [num, f'<div class="formula">{maths(formula_tex(item), display=True)}</div>',
             f'<div class="why">{"".join(why)}</div>']
    if item.side:
        name = html.escape(item.side_why or "side computation")
        parts.append(f'<details class="side"><summary>where: {name}</summary>'
                     f'{maths(" ".join(item.side), display=True)}</details>')
    id_attr = f' id="{ident}"' if ident else ""
    return f'<li class="{" ".join(classes)}"{id_attr}>{"".join(parts)}</li>'


def section(d: Chain, options: Options, *, heading: str = "h2", lead: str = "") -> str:
    """A derivation as an HTML section: heading with its anchor, summary, assumptions,
    then each chain as a list of steps."""
    p = printer(notation=options.notation)
    seq = items(d, p)
    steps = list(d.steps)
    if len(seq) != len(steps):
        raise ValueError(f"{d.slug}: {len(seq)} items for {len(steps)} steps")
    by_item = dict(zip(map(id, seq), steps))
    out = [f'<section class="derivation" id="{anchor(d.slug)}">',
           f'<{heading}>{prose_html(d.title)}<a class="anchor" href="#{anchor(d.slug)}" '
           f'title="link to this derivation">¶</a></{heading}>']
    if d.pillar:
        out.append(f'<p class="pillar">{html.escape(d.pillar[0].upper() + d.pillar[1:])}</p>')
    if d.summary:
        out.append(f'<p class="summary">{prose_html(d.summary)}</p>')
    assumptions = latex_assumptions(d, **p._given)
    if assumptions:
        out.append(f'<p class="assumptions">{tex_text_html(assumptions)}</p>')
    if lead:
        out.append(lead)
    for chain in chains(seq):
        out.append('<div class="chain">')
        if chain[0].note:
            note = chain[0].note
            out.append(f'<p class="chain-note">{prose_html(note[0].upper() + note[1:])}:</p>')
        out.append('<ol class="steps">')
        out += [step_html(item, by_item[id(item)], d.slug, options.markers) for item in chain]
        out += ["</ol>", "</div>"]
    out.append("</section>")
    return "\n".join(out)


# -- documents ---------------------------------------------------------------------
def document(title: str, body: str, head: str, scripts: str, katex_version: str) -> str:
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="derive">',
        f"<title>{html.escape(title)}</title>", head, "</head>", "<body>", body,
        f'<footer>Written by <code>derive</code>. Maths typeset by KaTeX '
        f'{html.escape(katex_version)}, included here (no network needed).</footer>',
        scripts, "</body>", "</html>", ""])


def _title(ds: Sequence[Chain], title: Optional[str]) -> str:
    return title or (ds[0].title if len(ds) == 1 else "Derivations")


def page(ds: Sequence[Chain], options: Options, katex: Optional[Katex] = None) -> str:
    """One self-contained page (KaTeX, fonts, style and script inline) for ``ds``."""
    ds = list(ds)
    katex = katex or find_katex()
    title = _title(ds, options.title)
    head = f"<style>{katex.inline_css()}</style>\n<style>{STYLE}</style>"
    scripts = f"<script>{katex.js()}</script>\n<script>{SCRIPT}</script>"
    return document(title, _body(ds, options, title), head, scripts, katex.version)


def _body(ds: list, options: Options, title: str, *, home: str = "") -> str:
    """The page's header (``home``: the site's links, title, legend, contents) and a
    section per derivation; a page of one derivation is headed by its own title."""
    top = ['<header class="page">']
    if home:
        top.append(f'<nav class="toc">{home}</nav>')
    alone = len(ds) == 1 and title == ds[0].title
    legend = f'<p class="legend">{LEGEND}</p>' if options.markers else ""
    if not alone:
        top += [f"<h1>{prose_html(title)}</h1>", legend]
    if len(ds) > 1:
        top.append('<nav class="toc"><ol>' + "".join(
            f'<li><a href="#{anchor(d.slug)}">{prose_html(d.title)}</a></li>' for d in ds)
            + "</ol></nav>")
    top.append("</header>")
    sections = [section(d, options, heading="h1", lead=legend) if alone else section(d, options)
                for d in ds]
    return "\n".join(top + ["<main>"] + sections + ["</main>"])


ASSETS = "assets"


def site(ds: Sequence[Chain], options: Options, katex: Optional[Katex] = None) -> dict:
    """A static site: ``index.html``, ``<slug>.html`` per derivation and ``assets/``
    (KaTeX, style, script) copied once. Returns relative path -> text or bytes."""
    ds = list(ds)
    katex = katex or find_katex()
    head = (f'<link rel="stylesheet" href="{ASSETS}/katex/katex.min.css">\n'
            f'<link rel="stylesheet" href="{ASSETS}/derive.css">')
    scripts = (f'<script src="{ASSETS}/katex/katex.min.js"></script>\n'
               f'<script src="{ASSETS}/derive.js"></script>')
    out: dict = {f"{ASSETS}/katex/{name}": data for name, data in katex.files().items()}
    out[f"{ASSETS}/derive.css"] = STYLE.lstrip()
    out[f"{ASSETS}/derive.js"] = SCRIPT.lstrip()
    title = options.title or "Derivations"
    out["index.html"] = document(title, index_body(ds, options, title), head, scripts,
                                 katex.version)
    for k, d in enumerate(ds):
        body = _body([d], options, d.title, home=_neighbours(ds, k))
        out[f"{d.slug}.html"] = document(d.title, body, head, scripts, katex.version)
    return out


def _neighbours(ds: list, k: int) -> str:
    """The links at the top of a site page: previous, the index, next."""
    links = [f'<a href="{ds[k - 1].slug}.html" rel="prev">← {prose_html(ds[k - 1].title)}</a>'
             if k else "", '<a href="index.html">all derivations</a>',
             f'<a href="{ds[k + 1].slug}.html" rel="next">{prose_html(ds[k + 1].title)} →</a>'
             if k + 1 < len(ds) else ""]
    return " · ".join(link for link in links if link)


def index_body(ds: list, options: Options, title: str) -> str:
    """The site's front page: every derivation by pillar, with its summary and verdicts."""
    out = ['<header class="page">', f"<h1>{prose_html(title)}</h1>",
           f'<p class="legend">{len(ds)} derivation{"s" if len(ds) != 1 else ""}, '
           f"every step verified symbolically where possible and always numerically.</p>",
           "</header>", "<main>"]
    pillars: dict = {}
    for d in ds:
        pillars.setdefault(d.pillar or "other", []).append(d)
    for pillar, group in pillars.items():
        out.append(f'<h2 id="pillar-{html.escape(pillar)}">{html.escape(pillar.capitalize())}</h2>')
        out.append('<table class="index">')
        for d in group:
            out.append(f'<tr><td><a href="{d.slug}.html">{prose_html(d.title)}</a>'
                       f'<div class="legend">{prose_html(d.summary)}</div></td>'
                       f'<td class="counts">{_counts(d, options.markers)}</td></tr>')
        out.append("</table>")
    out.append("</main>")
    return "\n".join(out)


def _counts(d: Chain, markers: bool) -> str:
    counts: dict = {}
    for s in d.steps:
        if s.relation is not None:
            key = s.verdict.status if s.verdict is not None else None
            counts[key] = counts.get(key, 0) + 1
    total = sum(counts.values())
    marks = [f'<span class="mark {k}">{MARKS[k][0]} {n}</span>'
             for k, n in counts.items() if k is not None and markers]
    return f"{total} step{'s' if total != 1 else ''} " + "".join(marks)


def write_site(root: Union[str, Path], files: dict) -> Path:
    """Write ``files`` (from ``site``) under ``root``, each file atomically."""
    from .atomic import write_atomic

    root = Path(root)
    for rel, data in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)
    return root
