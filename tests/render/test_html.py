"""The HTML export: page structure, escaping, KaTeX shipped offline, the static site, and
(with Debian's chromium installed) the pages as a real headless browser shows them."""
import os
import re
import struct
from html.parser import HTMLParser
from pathlib import Path

import pytest
import sympy as sp

import derive
from derive import Assumptions, Derivation
from derive.core.verdict import Verdict
from derive.export import export
from derive.render import katex as katex_mod
from derive.render.formats import Options
from derive.render.formats import is_site_path
from derive.render.html import page, prose_html, site, tex_text_html, write_site
from derive.render.katex import KatexMissing, find_katex, woff2_only

from .chromium import find_chromium, load

try:
    KATEX = find_katex()
except KatexMissing:
    KATEX = None
needs_katex = pytest.mark.skipif(KATEX is None, reason="KaTeX not installed (npm install)")
needs_browser = pytest.mark.skipif(find_chromium() is None or KATEX is None,
                                   reason="needs chromium (apt-get install chromium) and KaTeX")
HTML = Options("html")


class Tree(HTMLParser):
    """Elements with their attributes and text, enough to ask about a page's structure."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements, self.stack, self.scripts = [], [], []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        el = {"tag": tag, "attrs": dict(attrs), "text": ""}
        self.elements.append(el)
        if tag not in ("meta", "link", "br", "img", "input"):
            self.stack.append(el)

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        for el in self.stack:
            el["text"] += data
        if self.stack and self.stack[-1]["tag"] == "script":
            self.scripts.append(data)

    def find(self, tag=None, cls=None):
        return [e for e in self.elements if (tag is None or e["tag"] == tag)
                and (cls is None or cls in e["attrs"].get("class", "").split())]


def _marked(d):
    """``d`` with verdicts set by hand: proved, numeric, undecided in turn."""
    kinds = [Verdict(True, "symbolic", detail="expand", samples=40),
             Verdict(True, "numeric", samples=40, detail="simplify timed out"),
             Verdict(None, detail="no check fitted")]
    k = 0
    for s in d.steps:
        if s.relation is not None:
            s.verdict = kinds[k % 3]
            k += 1
    return d


# -- structure (no browser) --------------------------------------------------------
@needs_katex
def test_every_step_has_its_number_anchor_mark_and_justification():
    d = _marked(derive.get("softmax-jacobian"))
    tree = Tree(page([d], HTML))
    steps = tree.find("li", "step")
    real = [s for s in d.steps if s.relation is not None]
    assert len(steps) == len(real) == 9
    for k, (li, step) in enumerate(zip(steps, real), start=1):
        assert li["attrs"]["id"] == f"softmax-jacobian-{k}"
        status = step.verdict.status
        assert status in li["attrs"]["class"].split()
        assert f"({k})" in li["text"]
        assert {"proved": "✓ proved", "numeric": "∼ numeric", "undecided": "? undecided"}[status] in li["text"]
    links = {a["attrs"]["href"] for a in tree.find("a", "num")}
    assert links == {f"#softmax-jacobian-{k}" for k in range(1, 10)}
    marks = tree.find("span", "mark")
    tips = {m["attrs"]["title"] for m in marks if m["attrs"].get("title", "").startswith("proved")}
    assert "proved (expand); 40 numeric samples agree" in tips
    # justifications as written; the one in $...$ becomes a maths element
    whys = [w["text"] for w in tree.find("div", "why")]
    assert any("quotient rule" in w for w in whys) and any("Kronecker" in w for w in whys)
    assert r"\operatorname{diag}(s) - s s^{\mathsf T}" in [m["text"] for m in tree.find("span", "math")]
    assert tree.find("section", "derivation")[0]["attrs"]["id"] == "softmax-jacobian"
    assert len(tree.find("li", "start")) == 2           # the index form and the n = 3 matrix
    assert "The same Jacobian for n = 3" in tree.find("p", "chain-note")[0]["text"]


@needs_katex
def test_unverified_steps_carry_no_mark_and_markers_can_be_hidden():
    d = derive.get("sigmoid-derivative")
    assert len(Tree(page([d], HTML)).find("span", "mark")) == 4    # the legend's, none on steps
    marked = _marked(derive.get("sigmoid-derivative"))
    tree = Tree(page([marked], Options("html", markers=False)))
    assert not tree.find("span", "mark") and not tree.find("p", "legend")


@needs_katex
def test_a_side_computation_folds_into_details():
    tree = Tree(page([derive.get("gaussian-mle")], HTML))
    details = tree.find("details", "side")
    assert len(details) == 1
    summary = tree.find("summary")[0]["text"]
    assert summary == "where: inner derivative"
    inner = [e for e in tree.find("div", "math") if e["text"] in details[0]["text"]]
    assert inner and r"\frac" in inner[0]["text"]


@needs_katex
def test_several_derivations_get_a_contents_list_of_anchors():
    ds = [derive.get(s) for s in ("sigmoid-derivative", "softmax-jacobian", "gaussian-mle")]
    text = page(ds, HTML)
    tree = Tree(text)
    toc = re.search(r'<nav class="toc"><ol>(.*?)</ol></nav>', text).group(1)
    assert re.findall(r'href="([^"]*)"', toc) == ["#sigmoid-derivative", "#softmax-jacobian", "#gaussian-mle"]
    assert [s["attrs"]["id"] for s in tree.find("section")] == [d.slug for d in ds]
    assert tree.find("h1")[0]["text"] == "Derivations"


@needs_katex
def test_justifications_and_titles_are_escaped_and_the_maths_goes_to_katex_as_text():
    x = sp.Symbol("x", real=True)
    d = Derivation("escape-probe", 'A <b>bold</b> & "quoted" title', assumptions=Assumptions().declare(x, "real"),
                   summary="<script>alert(1)</script> stays text")
    d.start(x * (x + 1))
    d.state(x ** 2 + x, because=r"expand: <img src=x onerror=alert(2)> & $a < b \& c$")
    text = page([d], HTML)
    assert "<script>alert(1)" not in text and "<img src=x" not in text and "<b>bold" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    tree = Tree(text)
    why = [w for w in tree.find("div", "why") if w["text"]][0]
    assert "expand: <img src=x onerror=alert(2)> & " in why["text"]      # as text, after unescaping
    maths = [m["text"] for m in tree.find("span", "math")]
    assert r"a < b \& c" in maths                                      # KaTeX gets the TeX itself
    assert tree.find("title")[0]["text"] == 'A <b>bold</b> & "quoted" title'


def test_a_refuted_step_is_exported_only_when_allowed_and_shows_its_counterexample(tmp_path):
    from derive.export import RefutedSteps

    x = sp.Symbol("x", real=True)
    d = Derivation("wrong", "Wrong", assumptions=Assumptions().declare(x, "real"))
    d.start(x * (x + 1))
    d.state(x ** 2 + 2 * x, because="expand")           # wrong: x^2 + x
    with pytest.raises(RefutedSteps):
        export([d], tmp_path / "w.html", HTML)
    assert not (tmp_path / "w.html").exists()
    if KATEX is None:
        pytest.skip("KaTeX not installed (npm install)")
    export([d], tmp_path / "w.html", Options("html", allow_refuted=True, markers=False))
    tree = Tree((tmp_path / "w.html").read_text())
    li = tree.find("li", "refuted")
    assert len(li) == 1 and "✗ refuted" in li[0]["text"]
    tip = tree.find("span", "refuted")[0]["attrs"]["title"]
    assert tip.startswith("refuted at x = ") and "left = " in tip


def test_prose_maths_and_text_escapes():
    assert tex_text_html(r"on $\{1, \dots, n\}$: 50\% \& more") == \
        r'on <span class="math">\{1, \dots, n\}</span>: 50% &amp; more'
    assert tex_text_html(r"costs \$5 and \$6") == "costs $5 and $6"     # escaped dollars are text
    assert prose_html("E[g_k] = E[g]").count('class="math"') == 1       # prose_tex's g_k
    assert prose_html("") == ""


# -- KaTeX shipped offline --------------------------------------------------------
@needs_katex
def test_the_single_page_needs_no_other_file_and_no_network():
    text = page([derive.get("sigmoid-derivative")], HTML)
    tree = Tree(text)
    assert not tree.find("link") and not [e for e in tree.elements if "src" in e["attrs"]]
    assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", text.split("<script>")[0])
    fonts = re.findall(r"url\(([^)]*)\)", text)
    assert fonts and all(f.startswith("data:font/woff2;base64,") for f in fonts)
    assert len(fonts) == len(KATEX.fonts()) >= 15
    assert f"KaTeX {KATEX.version}" in text


def test_woff2_only_keeps_the_first_source_of_each_font():
    css = ('@font-face{font-family:A;src:url(fonts/A.woff2) format("woff2"),url(fonts/A.woff) '
           'format("woff"),url(fonts/A.ttf) format("truetype")}.x{color:red}')
    assert woff2_only(css) == '@font-face{font-family:A;src:url(fonts/A.woff2) format("woff2")}.x{color:red}'


def test_missing_katex_is_a_clear_error_naming_the_install(monkeypatch, tmp_path):
    monkeypatch.setenv("DERIVE_KATEX", str(tmp_path))
    with pytest.raises(KatexMissing, match=r"DERIVE_KATEX=.* has no katex\.min\.js"):
        find_katex()
    monkeypatch.delenv("DERIVE_KATEX")
    monkeypatch.setattr(katex_mod, "candidates", lambda cwd=None: [tmp_path / "nothing"])
    with pytest.raises(KatexMissing, match=r"npm install.*DERIVE_KATEX"):
        find_katex()


def test_cli_without_katex_exits_2_with_one_line(monkeypatch, tmp_path, capsys):
    from derive.cli import main

    monkeypatch.setattr(katex_mod, "candidates", lambda cwd=None: [tmp_path / "nothing"])
    code = main(["export", "sigmoid-derivative", "--format", "html", "-o", str(tmp_path / "p.html")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and "\n" not in err and "KaTeX" in err and "npm install" in err
    assert not (tmp_path / "p.html").exists()


# -- the static site ---------------------------------------------------------------
@needs_katex
def test_site_links_every_derivation_and_copies_assets_once(tmp_path):
    ds = [derive.get(s) for s in ("sigmoid-derivative", "softmax-jacobian", "gaussian-mle")]
    files = site(ds, HTML)
    assert set(files) >= {"index.html", "assets/derive.css", "assets/derive.js",
                          "assets/katex/katex.min.js", "assets/katex/katex.min.css"}
    pages = sorted(f for f in files if f.endswith(".html"))
    assert pages == sorted(["index.html"] + [f"{d.slug}.html" for d in ds])
    index = Tree(files["index.html"])
    assert [a["attrs"]["href"] for a in index.find("a")] == [f"{d.slug}.html" for d in ds]
    middle = Tree(files["softmax-jacobian.html"])
    nav = {a["attrs"].get("rel", "index"): a["attrs"]["href"] for a in middle.find("a")
           if a["attrs"].get("href", "").endswith(".html")}
    assert nav == {"prev": "sigmoid-derivative.html", "index": "index.html", "next": "gaussian-mle.html"}
    root = write_site(tmp_path / "site", files)
    for name in pages:           # every asset a page names is there, under the site's root
        text = (root / name).read_text()
        refs = re.findall(r'(?:src|href)="([^"#][^"]*)"', text)
        assert refs and all((root / r).is_file() for r in refs), name
        assert "data:font" not in text
    css = (root / "assets/katex/katex.min.css").read_text()
    for font in re.findall(r"url\((fonts/[^)]*)\)", css):
        assert (root / "assets/katex" / font).is_file()


def test_site_or_page_from_the_output_path(tmp_path):
    assert is_site_path("site/") and is_site_path(tmp_path) and is_site_path("site")
    assert not is_site_path("page.html") and not is_site_path(tmp_path / "x.htm")


@needs_katex
def test_cli_writes_a_site_and_a_page(tmp_path, capsys):
    from derive.cli import main

    code = main(["export", "sigmoid-derivative", "softmax-jacobian", "--format", "html",
                 "-o", str(tmp_path / "site") + "/"])
    assert code == 0, capsys.readouterr().err
    assert {p.name for p in (tmp_path / "site").glob("*.html")} == \
        {"index.html", "sigmoid-derivative.html", "softmax-jacobian.html"}
    assert main(["export", "sigmoid-derivative", "-o", str(tmp_path / "one.html")]) == 0
    one = Tree((tmp_path / "one.html").read_text())
    assert len(one.find("li", "step")) == 4 and len(one.find("span", "proved")) == 4 + 1
    (tmp_path / "file").write_text("x")
    assert main(["export", "sigmoid-derivative", "--format", "html", "-o", str(tmp_path / "file")]) == 2
    assert main(["export", "sigmoid-derivative", "--format", "html",
                 "-o", str(tmp_path / "no" / "such") + "/"]) == 2
    assert not (tmp_path / "no").exists()
    capsys.readouterr()
    assert main(["export", "sigmoid-derivative", "--format", "html", "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")


# -- in a real browser -------------------------------------------------------------
PROBE = r"""(() => {
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll('.katex, script, style').forEach(e => e.remove());
  return {maths: document.querySelectorAll('.math').length,
          typeset: document.querySelectorAll('.math > .katex, .math > .katex-display').length,
          katex: document.querySelectorAll('.katex .katex-html').length,
          errors: document.querySelectorAll('.math-error, .katex-error, .derive-error').length,
          marked: document.documentElement.getAttribute('data-typeset'),
          steps: document.querySelectorAll('li.step').length,
          text: copy.textContent};
})()"""


def _assert_typeset(loaded, maths_at_least: int):
    facts = loaded.facts
    assert loaded.problems == [], loaded.problems
    assert facts["errors"] == 0
    assert facts["maths"] >= maths_at_least and facts["typeset"] == facts["maths"] == facts["katex"]
    assert facts["marked"] == str(facts["maths"])
    raw = re.findall(r"\$\$|\\\(|\\\[|\$[^$\s][^$]*\$|\\[A-Za-z]+", facts["text"])
    assert raw == [], raw        # no LaTeX left as text outside KaTeX's output


def _png_size(path: Path) -> tuple:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@needs_browser
def test_a_verified_page_loads_clean_in_chromium_with_its_maths_typeset(tmp_path):
    d = derive.get("softmax-jacobian")
    out = tmp_path / "softmax-jacobian.html"
    export([d], out, HTML)
    shot = tmp_path / "softmax-jacobian.png"
    loaded = load(out.as_uri(), probe=PROBE, screenshot=shot)
    _assert_typeset(loaded, maths_at_least=12)
    assert loaded.facts["steps"] == 9 and loaded.facts["text"].count("✓ proved") == 9 + 1
    assert _png_size(shot) == (1200, 1400) and shot.stat().st_size > 20_000


@needs_browser
def test_the_catalog_site_index_and_a_page_load_clean_in_chromium(tmp_path):
    ds = list(derive.catalog().values())            # unverified: the site, not the verdicts
    root = write_site(tmp_path / "site", site(ds, HTML))
    index = load((root / "index.html").as_uri(), probe=PROBE, screenshot=tmp_path / "index.png")
    _assert_typeset(index, maths_at_least=10)
    assert index.facts["text"].count("steps") >= len(ds) - 1
    one = load((root / "gaussian-mle.html").as_uri(), probe=PROBE)
    _assert_typeset(one, maths_at_least=15)
    assert _png_size(tmp_path / "index.png")[0] == 1200


@needs_browser
def test_every_formula_of_the_catalog_typesets_in_katex(tmp_path):
    ds = list(derive.catalog().values())
    out = tmp_path / "catalog.html"
    out.write_text(page(ds, HTML))
    loaded = load(out.as_uri(), probe=PROBE)
    _assert_typeset(loaded, maths_at_least=1000)
    assert loaded.facts["steps"] == sum(1 for d in ds for s in d.steps if s.relation is not None)


@needs_browser
def test_the_browser_check_sees_a_formula_katex_rejects_and_a_missing_katex(tmp_path):
    x = sp.Symbol("x", real=True)
    d = Derivation("broken", "Broken", assumptions=Assumptions().declare(x, "real"))
    d.start(x)
    d.state(x, because=r"identity $\frac{1}{$ here")     # unbalanced: KaTeX throws
    bad = tmp_path / "bad.html"
    bad.write_text(page([d], HTML))
    loaded = load(bad.as_uri(), probe=PROBE)
    assert any("KaTeX could not typeset" in p for p in loaded.problems)
    assert loaded.facts["errors"] >= 1 and loaded.facts["typeset"] < loaded.facts["maths"]
    root = write_site(tmp_path / "site", site([derive.get("sigmoid-derivative")], HTML))
    (root / "assets/katex/katex.min.js").unlink()
    gone = load((root / "sigmoid-derivative.html").as_uri(), probe=PROBE)
    assert any("KaTeX did not load" in p for p in gone.problems)
    assert any("ERR_FILE_NOT_FOUND" in p for p in gone.problems)
    assert gone.facts["typeset"] == 0 and re.search(r"\\[A-Za-z]+", gone.facts["text"])


def test_ci_runs_the_browser_tests():
    """CI installs KaTeX and Chromium (.ci/run): there the tests above must not skip."""
    if not os.environ.get("CI"):
        pytest.skip("only on CI")
    assert KATEX is not None, "KaTeX missing on CI: .ci/run should `npm ci`"
    assert find_chromium() is not None, "chromium missing on CI: .ci/run should install it"
