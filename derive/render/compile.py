"""Compile a LaTeX source to PDF in a private temporary directory.

``latexmk`` is preferred (it reruns until labels settle); plain ``pdflatex`` is run
twice otherwise. Auxiliary files never leave the temporary directory. A failure is
reported by the log's first error: the ``! ...`` line and the ``l.NN`` line after it.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

INSTALL_HINT = ("no LaTeX engine found (latexmk or pdflatex): install TeX Live, e.g. "
                "'apt-get install texlive-latex-base texlive-latex-recommended "
                "texlive-fonts-recommended lmodern latexmk' (Beamer also needs texlive-pictures)")
_PAGES = re.compile(r"Output written on .*?\((\d+) pages?")


class LatexMissing(RuntimeError):
    """Neither latexmk nor pdflatex is on PATH."""

    def __init__(self):
        super().__init__(INSTALL_HINT)


class LatexFailed(RuntimeError):
    """pdflatex stopped with an error; ``first_error`` is what the log says first."""

    def __init__(self, first_error: str, log: str):
        super().__init__(f"LaTeX failed: {first_error}")
        self.first_error, self.log = first_error, log


@dataclass(frozen=True)
class Compiled:
    """A compiled PDF with what its run left behind worth reading."""

    pdf: bytes
    pages: int
    log: str
    aux: str          # labels and their pages
    nav: str          # Beamer's frame and slide numbers ('' for articles)
    seconds: float
    engine: str


def find_engine(prefer: Optional[str] = None) -> str:
    """'latexmk' or 'pdflatex', whichever is installed (``prefer`` first)."""
    for name in ([prefer] if prefer else []) + ["latexmk", "pdflatex"]:
        if name and shutil.which(name) and shutil.which("pdflatex"):
            return name
    raise LatexMissing()


def compile_pdf(tex: str, *, engine: Optional[str] = None, passes: int = 2,
                timeout: float = 300.0) -> Compiled:
    """Compile ``tex`` (a whole document) and return the PDF; raise LatexFailed on error.

    ``passes`` applies to plain pdflatex: two settle labels; one is enough to check that
    a document compiles and to count its pages.
    """
    engine = find_engine(engine)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="derive-latex-") as tmp:
        work = Path(tmp)
        (work / "doc.tex").write_text(tex, encoding="utf-8")
        env = dict(os.environ, max_print_line="10000", error_line="254", half_error_line="238")
        for cmd in _commands(engine, passes):
            try:
                subprocess.run(cmd, cwd=work, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               timeout=timeout, check=False)
            except subprocess.TimeoutExpired:
                raise LatexFailed(f"{engine} took longer than {timeout:.0f} s", _read(work / "doc.log"))
            log = _read(work / "doc.log")
            if first_error(log) or not (work / "doc.pdf").exists():
                raise LatexFailed(first_error(log) or f"{engine} wrote no PDF", log)
        log = _read(work / "doc.log")
        match = _PAGES.search(log)
        return Compiled((work / "doc.pdf").read_bytes(), int(match.group(1)) if match else 0,
                        log, _read(work / "doc.aux"), _read(work / "doc.nav"),
                        time.perf_counter() - t0, engine)


def _commands(engine: str, passes: int) -> list:
    flags = ["-interaction=nonstopmode", "-halt-on-error"]
    if engine == "latexmk":
        return [["latexmk", "-pdf", *flags, "doc.tex"]]
    return [["pdflatex", *flags, "doc.tex"]] * max(1, passes)


def first_error(log: str) -> str:
    """The first '! ...' line of a LaTeX log with its 'l.NN ...' line ('' if none)."""
    lines = log.splitlines()
    for k, line in enumerate(lines):
        if line.startswith("! "):
            where = next((ln.strip() for ln in lines[k + 1:k + 30] if re.match(r"l\.\d+", ln)), "")
            hint = ""
            if "not found" in line and (".sty" in line or ".cls" in line):
                hint = " (a LaTeX package is missing: install the TeX Live package providing it)"
            return (line + (f" at {where}" if where else "") + hint).strip()
    return ""


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return ""
