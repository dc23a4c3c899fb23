"""Markdown maths that GitHub and JupyterLab read alike: the braces of a set survive.

GitHub applies Markdown's backslash escapes inside ``$...$`` (``\\{`` loses its
backslash, so the braces vanish); JupyterLab hands the maths to MathJax untouched (so
GitHub's workaround ``\\\\{`` is a line break there). The export therefore writes no
backslash-punctuation control symbol in its maths (``\\lbrace``, ``\\Vert``,
``\\thinspace`` instead), and no bare bar inside a table cell's maths.
"""
import re

import pytest
from hypothesis import given, strategies as st

import derive
from derive.core.verdict import Verdict
from derive.render.printer import markdown_derivation, markdown_maths

ESCAPABLE = r"[!-/:-@\[-`{-~]"                       # CommonMark's ASCII punctuation
_ESCAPE = re.compile(r"\\(%s)" % ESCAPABLE)


def github_inline(tex: str) -> str:
    """What GitHub's Markdown pass leaves of inline maths: backslash escapes applied."""
    return _ESCAPE.sub(r"\1", tex)


def _spans(md: str):
    """(display blocks, inline spans, inline spans in table rows) of a Markdown text."""
    blocks = re.findall(r"^\$\$\n(.*?)\n\$\$$", md, flags=re.S | re.M)
    rest = re.sub(r"^\$\$\n.*?\n\$\$$", "", md, flags=re.S | re.M)
    inline, table = [], []
    for line in rest.splitlines():
        spans = re.findall(r"(?<!\\)\$([^$]+)(?<!\\)\$", line)
        (table if line.startswith("|") else inline).extend(spans)
    return blocks, inline, table


def _verified(d):
    for s in d.steps:   # a verdict on every step, so the table of justifications is printed
        if s.relation is not None:
            s.verdict = Verdict(True, "symbolic", detail="expand", samples=40)
    return d


@pytest.fixture(scope="module")
def catalog_markdown():
    return {slug: markdown_derivation(_verified(d)) for slug, d in derive.catalog().items()}


def test_no_inline_maths_changes_under_githubs_escapes(catalog_markdown):
    seen = 0
    for slug, md in catalog_markdown.items():
        _, inline, table = _spans(md)
        for tex in inline + table:
            seen += 1
            assert github_inline(tex) == tex, (slug, tex)
    assert seen > 100


def test_display_blocks_have_no_control_symbol_but_row_breaks(catalog_markdown):
    for slug, md in catalog_markdown.items():
        blocks, _, _ = _spans(md)
        assert blocks, slug
        for block in blocks:
            left = re.sub(r"\\\\", "", block)
            assert not re.search(r"\\%s" % ESCAPABLE, left), (slug, re.findall(r"\\%s" % ESCAPABLE, left))


def test_a_set_keeps_its_braces_and_a_table_cell_no_bare_bar(catalog_markdown):
    md = catalog_markdown["attention-scaling"]
    assert r"$i \in \lbrace 1, \dots, d_{k}\rbrace$" in md
    assert r"\\{" not in md and r"\{" not in md
    for slug, text in catalog_markdown.items():
        for tex in _spans(text)[2]:
            assert "|" not in tex, (slug, tex)
    kl = catalog_markdown["cross-entropy-decomposition"]
    assert r"\Vert" in kl and r"\|" not in "".join(_spans(kl)[0])


def test_text_outside_maths_is_still_escaped_for_markdown(catalog_markdown):
    md = catalog_markdown["attention-scaling"]
    assert r"q\_1..q\_dk" in md and r"d\_k \<= 3" in md


@given(st.text(alphabet=list("\\{}|,;:!ab $"), max_size=30))
def test_markdown_maths_leaves_no_escapable_control_symbol(tex):
    out = markdown_maths(tex)
    assert not re.search(r"\\[{}|,;:!]", re.sub(r"\\\\", "", out))
    assert markdown_maths(out) == out
    assert "|" not in markdown_maths(tex, in_table=True)


def test_markdown_maths_keeps_row_breaks_and_names_what_it_replaces():
    assert markdown_maths(r"a \\ b") == r"a \\ b"
    assert markdown_maths(r"\left\{ x \,\|\, y \right\}") == \
        r"\left\lbrace  x \thinspace \Vert \thinspace  y \right\rbrace "
    assert markdown_maths(r"\\{") == r"\\{"      # a row break then a group, left alone


def test_the_rewritten_maths_still_typesets(catalog_markdown, tmp_path):
    """KaTeX (VS Code's and JupyterLab's KaTeX renderers) reads every maths span of the catalog."""
    from derive.render.html import SCRIPT, document, maths
    from derive.render.katex import KatexMissing, find_katex

    from .chromium import find_chromium, load
    try:
        katex = find_katex()
    except KatexMissing:
        pytest.skip("KaTeX not installed (npm install)")
    if find_chromium() is None:
        pytest.skip("chromium not installed")
    body = []
    for md in catalog_markdown.values():
        blocks, inline, table = _spans(md)
        body += [maths(b, display=True) for b in blocks] + [maths(t) for t in inline + table]
    page = tmp_path / "md-maths.html"
    page.write_text(document("maths", "\n".join(body), f"<style>{katex.inline_css()}</style>",
                             f"<script>{katex.js()}</script><script>{SCRIPT}</script>", katex.version))
    loaded = load(page.as_uri(), probe="document.documentElement.getAttribute('data-typeset')")
    assert loaded.problems == []
    assert int(loaded.facts) == len(body) > 200
