"""Beamer: a frame group per derivation, one step revealed per slide with the whole first
equation on the first, speaker notes, and a handout with every frame once."""
from __future__ import annotations

import re
import shutil

import pytest

import derive
from derive.cli import main
from derive.render.compile import compile_pdf
from derive.render.documents import beamer, frames, slides_of
from derive.render.printer import printer
from derive.render.steplines import chains, items

needs_beamer = pytest.mark.skipif(
    not (shutil.which("pdflatex") and shutil.which("kpsewhich")), reason="needs pdflatex and beamer")


@pytest.fixture(scope="module")
def jacobian():
    return derive.get("softmax-jacobian")


def expected_slides(d) -> int:
    """One slide per step, plus one per chain that has no step (a start alone)."""
    groups = chains(items(d, printer()))
    return sum(max(len(c) - 1, 1) for c in groups)


def test_a_chain_start_shows_with_its_first_step(jacobian):
    seq = items(jacobian, printer())
    slide = slides_of(seq)
    first = [k for k, it in enumerate(seq) if it.is_start]
    for k in first:
        if k + 1 < len(seq) and not seq[k + 1].is_start:
            assert slide[k] == slide[k + 1]
    assert slide[-1] == expected_slides(jacobian)


def test_the_first_slide_holds_a_whole_equation(jacobian):
    frame = frames(jacobian, printer())[0]
    first_row = next(ln for ln in frame.splitlines() if "&" in ln)
    lhs, rhs = first_row.split("&", 1)
    assert r"\uncover<1->" in lhs and r"\uncover<1->{{} =" in rhs


def test_one_section_per_derivation_and_speaker_notes(jacobian):
    ds = [jacobian, derive.get("gaussian-kl")]
    deck = beamer(ds)
    assert deck.count(r"\section{") == 2
    assert r"\note{How each softmax output moves" in deck
    assert "backward pass." not in deck.split(r"\note{")[0].split(r"\section{Jacobian")[1]


@needs_beamer
def test_the_deck_reveals_one_step_per_slide(jacobian):
    compiled = compile_pdf(beamer([jacobian]), engine="pdflatex", passes=1)
    assert compiled.pages == expected_slides(jacobian)
    assert "Overfull" not in compiled.log


@needs_beamer
def test_speaker_notes_become_note_pages_when_shown(jacobian):
    deck = beamer([jacobian]).replace(r"\begin{document}",
                                      "\\setbeameroption{show notes}\n\\begin{document}", 1)
    compiled = compile_pdf(deck, engine="pdflatex", passes=1)
    assert compiled.pages > expected_slides(jacobian)


@needs_beamer
def test_the_handout_has_each_frame_once_without_overlays(jacobian):
    deck = beamer([jacobian], handout=True)
    assert deck.startswith(r"\documentclass[11pt,handout,")
    compiled = compile_pdf(deck, engine="pdflatex", passes=1)
    assert compiled.pages == len(frames(jacobian, printer()))
    assert compiled.pages < expected_slides(jacobian)


def test_handout_from_the_command_line(capsys):
    assert main(["export", "sigmoid-derivative", "--format", "beamer", "--handout", "-o", "-"]) == 0
    assert r"\documentclass[11pt,handout," in capsys.readouterr().out
    assert main(["export", "sigmoid-derivative", "--format", "tex", "--handout", "-o", "-"]) == 2
    assert "--handout" in capsys.readouterr().err


def test_matrices_of_fractions_are_not_cramped(jacobian):
    deck = beamer([jacobian])
    matrix = re.search(r"\\begin\{matrix\}\\dfrac\{\\partial\}.*?\\end\{matrix\}", deck)
    assert matrix and r"\\[0.6ex]" in matrix.group(0)
