"""Exports: every catalog derivation compiles as an article and as a deck, with the pages
it should have; refuted steps stop an export; files are written atomically."""
import os
import re
import shutil
import subprocess

import pytest
import sympy as sp

import derive
from derive.catalog import catalog as full_catalog  # full_catalog() is shadowed by its module
from derive import Derivation
from derive.render.atomic import write_atomic
from derive.cli import main
from derive.export import Options, RefutedSteps, export, markdown, render
from derive.render.compile import LatexFailed, compile_pdf, first_error
from derive.render.documents import article, beamer, fragment, frames
from derive.render.printer import printer
from derive.render.profile import Notation
from derive.render.steplines import chains, items

SLUGS = list(full_catalog())


def need_latex(*files: str) -> None:
    """Skip without pdflatex (or a TeX file such as beamer.cls); fail instead under CI."""
    missing = [] if shutil.which("pdflatex") else ["pdflatex"]
    if not missing and files and shutil.which("kpsewhich"):
        found = subprocess.run(["kpsewhich", *files], capture_output=True, text=True).stdout
        missing = [f for f in files if f not in found]
    if not missing:
        return
    reason = f"needs {', '.join(missing)} (TeX Live; Beamer needs texlive-pictures for pgf)"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: CI is set, so this fails instead of skipping")
    pytest.skip(reason)


def _refuted() -> Derivation:
    x = sp.Symbol("x", positive=True)
    d = Derivation("wrong-sum", "A wrong step")
    d.start(2 * x)
    d.state(x + 3, because="wishful thinking")
    return d


@pytest.fixture(scope="module")
def proved() -> Derivation:
    d = derive.get("softmax-jacobian")
    d.verify()
    return d


@pytest.fixture(scope="module")
def catalog():
    """Every catalog derivation (unverified: verdict marks are tested on one below)."""
    return full_catalog()


@pytest.fixture(scope="module")
def documents(catalog, proved):
    """The whole catalog plus one verified and one refuted derivation, as article and deck."""
    ds = list(catalog.values()) + [proved, _refuted()]
    ds[-1].verify()
    return ds


@pytest.fixture(scope="module")
def compiled_article(documents):
    need_latex()
    return compile_pdf(article(documents), engine="pdflatex", passes=1)


@pytest.fixture(scope="module")
def compiled_deck(documents):
    need_latex("beamer.cls", "pgfcore.sty")
    return compile_pdf(beamer(documents), engine="pdflatex", passes=1)


def _overfull(log: str, kind: str, tolerance_pt: float = 2.0) -> list:
    return [m.group(0) for m in re.finditer(r"Overfull \\%s \(([\d.]+)pt too \w+\).*" % kind, log)
            if float(m.group(1)) > tolerance_pt]


# -- compiled documents ------------------------------------------------------------------------
def test_article_compiles_without_overflow(compiled_article):
    assert compiled_article.pages >= 1
    assert _overfull(compiled_article.log, "hbox") == []


@pytest.mark.parametrize("slug", SLUGS)
def test_article_labels_every_step(slug, catalog, compiled_article):
    """Each step is typeset with its label eq:<slug>:<k>, on a page of the PDF."""
    labels = dict(re.findall(r"\\newlabel\{eq:%s:([^}]*)\}\{\{[^}]*\}\{(\d+)\}" % re.escape(slug),
                             compiled_article.aux))
    steps = [it for it in items(catalog[slug], printer()) if not it.is_start]
    assert sorted(labels) == sorted(it.label or str(it.number) for it in steps)
    assert all(1 <= int(page) <= compiled_article.pages for page in labels.values())


def test_deck_compiles_without_overflow(compiled_deck):
    assert _overfull(compiled_deck.log, "hbox") == []
    assert _overfull(compiled_deck.log, "vbox") == []


@pytest.mark.parametrize("slug", SLUGS)
def test_deck_reveals_one_step_per_slide(slug, documents, compiled_deck):
    """The frames of a derivation have exactly one slide per step (a chain's start shows
    with its first step; a start without steps has a slide of its own)."""
    per_frame = [int(b) - int(a) + 1 for a, b in
                 re.findall(r"\\beamer@framepages \{(\d+)\}\{(\d+)\}", compiled_deck.nav)]
    p = printer(notation=Notation())
    counts = [len(frames(d, p)) for d in documents]
    assert len(per_frame) == 1 + sum(counts)          # the title frame, then the derivations
    k = [d.slug for d in documents].index(slug)
    start = 1 + sum(counts[:k])
    slides = sum(per_frame[start:start + counts[k]])
    groups = chains(items(documents[k], p))
    assert slides == sum(max(len(c) - 1, 1) for c in groups)
    assert compiled_deck.pages == sum(per_frame)


def test_fragment_can_be_input_and_cited(proved):
    need_latex()
    body = fragment([proved], Notation(log="ln", justify="column"))
    doc = ("\\documentclass{article}\\usepackage{amsmath,amssymb,graphicx,xcolor}\n"
           "\\begin{document}\n" + body + "\nSee \\eqref{eq:softmax-jacobian:3}.\n\\end{document}\n")
    result = compile_pdf(doc, engine="pdflatex")
    assert "undefined references" not in result.log
    assert r"\newlabel{eq:softmax-jacobian:3}" in result.aux


def test_every_notation_profile_compiles():
    need_latex()
    profile = Notation(log="ln", transpose="T", vectors=("z", "x"), vector_style="arrow",
                       justify="tag")
    ds = [derive.get("softmax-jacobian"), derive.get("gaussian-mle")]
    result = compile_pdf(article(ds, profile), engine="pdflatex", passes=1)
    assert result.pages >= 1 and _overfull(result.log, "hbox") == []


def test_verdict_marks_and_refuted_steps_are_shown(documents):
    tex = article(documents)
    assert r"\deriveproved" in tex
    refuted_block = tex.split(r"\section{A wrong step}")[1]
    assert r"\color{red}" in refuted_block and r"\deriverefuted" in refuted_block


def test_latex_errors_are_reported_by_their_first_line():
    need_latex()
    with pytest.raises(LatexFailed) as err:
        compile_pdf("\\documentclass{article}\n\\begin{document}\n\\nosuchmacro\n\\end{document}\n",
                    engine="pdflatex")
    assert "! Undefined control sequence" in err.value.first_error
    assert "l.3" in err.value.first_error


def test_first_error_reads_the_bang_line_and_its_line_number():
    log = "This is pdfTeX\n(./doc.tex\n! Missing $ inserted.\n<inserted text>\n$\nl.12 a_b\n"
    assert first_error(log) == "! Missing $ inserted. at l.12 a_b"
    assert first_error("no errors here\n") == ""


# -- refusing refuted steps ---------------------------------------------------------------------
def test_refuted_step_stops_the_export(tmp_path):
    target = tmp_path / "out.tex"
    with pytest.raises(RefutedSteps) as err:
        export([_refuted()], target, Options("tex"))
    assert "wrong-sum step 1 (wishful thinking)" in str(err.value)
    assert not target.exists()
    export([_refuted()], target, Options("tex", allow_refuted=True))
    assert r"\deriverefuted" in target.read_text()


def test_cli_exit_status_for_refuted_steps(tmp_path, monkeypatch, capsys):
    import importlib
    cat = importlib.import_module("derive.catalog")

    monkeypatch.setattr(cat, "build", lambda slug: _refuted())
    out = tmp_path / "x.md"
    assert main(["export", "wrong-sum", "--format", "md", "-o", str(out)]) == 1
    assert "wrong-sum step 1" in capsys.readouterr().err and not out.exists()
    assert main(["export", "wrong-sum", "-o", str(out), "--allow-refuted"]) == 0
    assert r"\textcolor{red}" in out.read_text()


@pytest.mark.parametrize("argv, words", [
    (["export", "-o", "x.tex"], "--all"),
    (["export", "no-such-derivation", "-o", "x.tex"], "no derivation named"),
    (["export", "softmax-jacobian", "-o", "x.txt"], "--format"),
    (["export", "softmax-jacobian", "--format", "beamer", "--fragment", "-o", "x.tex"], "--fragment"),
    (["export", "softmax-jacobian", "--format", "pdf", "-o", "-"], "standard output"),
    (["export", "softmax-jacobian", "-o", "/no/such/dir/x.tex"], "does not exist"),
])
def test_cli_bad_input_is_one_line_and_exit_2(argv, words, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1 and "Traceback" not in err


def test_pdf_without_latex_says_what_to_install(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert main(["export", "softmax-jacobian", "--format", "pdf", "-o", str(tmp_path / "s.pdf")]) == 2
    err = capsys.readouterr().err
    assert "install" in err and "texlive" in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_cli_pdf_writes_only_the_requested_file(tmp_path, capsys):
    need_latex()
    target = tmp_path / "s.pdf"
    assert main(["export", "softmax-jacobian", "--format", "pdf", "-o", str(target)]) == 0
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["s.pdf"]
    assert "pages" in capsys.readouterr().err


def test_cli_notation_flags_reach_the_output(capsys):
    assert main(["export", "cross-entropy-decomposition", "-f", "tex", "--fragment", "--ln",
                 "--justify", "tag",
                 "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert r"\ln" in out and r"\tag*" in out and r"\log" not in out


def test_markdown_document_has_one_block_per_derivation(proved):
    md = markdown([proved, _refuted()], Options("md", allow_refuted=True))
    assert md.count("$$\n\\begin{aligned}") == 2 and r"\checkmark" in md


# -- atomic writes -------------------------------------------------------------------------------
@pytest.mark.parametrize("failure", [OSError("disk full"), KeyboardInterrupt()])
def test_interrupted_write_leaves_the_previous_file(tmp_path, monkeypatch, failure):
    target = tmp_path / "paper.tex"
    target.write_text("previous version")

    def fail(fd):
        raise failure

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(type(failure)):
        write_atomic(target, "new version, half written")
    assert target.read_text() == "previous version"
    assert [p.name for p in tmp_path.iterdir()] == ["paper.tex"]


def test_atomic_write_replaces_and_keeps_permissions(tmp_path):
    target = tmp_path / "a.md"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert target.read_text() == "new" and (target.stat().st_mode & 0o777) == 0o640


def test_render_tex_is_what_export_writes(tmp_path, proved):
    export([proved], tmp_path / "s.tex", Options("tex"), verify=False)
    assert (tmp_path / "s.tex").read_text() == render([proved], Options("tex"))
