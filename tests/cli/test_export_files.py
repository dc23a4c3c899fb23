"""Files: an export writes the requested file and nothing else, whole or not at all.

Every test runs ``derive export`` through ``derive.cli.main`` inside a sandbox tree,
snapshots the whole tree (contents and all) before and after, and checks the only
difference is the requested file. Slugs and ``-o`` paths try to escape the sandbox;
writes are interrupted half way, by an error or by Ctrl-C.
"""
import os
from pathlib import Path

import pytest

import derive.render.atomic
from derive.cli import main

SLUG = "cross-entropy-decomposition"      # small and quick to verify
ESCAPES = ["../escaped", "../../escaped", "/tmp/escaped", "..", ".", "./" + SLUG,
           SLUG + "/../" + SLUG, SLUG + "\x00", "~/" + SLUG, SLUG + ".tex", "*", "-o"]


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """outside/ holds a file the export must never touch; work/ is the current directory."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "keep.tex").write_text("do not touch")
    work = tmp_path / "outside" / "work"
    (work / "sub").mkdir(parents=True)
    monkeypatch.chdir(work)
    return tmp_path


def snapshot(root: Path) -> dict:
    """Every file and directory under ``root``: path -> bytes (or 'dir', or 'link -> x')."""
    out = {}
    for p in sorted(root.rglob("*")):
        key = str(p.relative_to(root))
        if p.is_symlink():
            out[key] = f"link -> {os.readlink(p)}"
        elif p.is_dir():
            out[key] = "dir"
        else:
            out[key] = p.read_bytes()
    return out


def changes(before: dict, after: dict) -> set:
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


def export(argv, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["export", *argv])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


# -- where an export may write --------------------------------------------------------------------
@pytest.mark.parametrize("fmt, name", [("tex", "paper.tex"), ("md", "notes.md"), ("beamer", "deck.tex")])
def test_export_writes_exactly_the_requested_file(sandbox, capsys, fmt, name):
    before = snapshot(sandbox)
    code, err = export([SLUG, "--format", fmt, "-o", f"sub/{name}"], capsys)
    assert code == 0, err
    assert changes(before, snapshot(sandbox)) == {f"outside/work/sub/{name}"}


def test_a_dotted_output_path_writes_where_it_resolves_and_nowhere_else(sandbox, capsys):
    before = snapshot(sandbox)
    code, err = export([SLUG, "--format", "tex", "-o", "sub/../sub/./../out.tex"], capsys)
    assert code == 0, err
    assert changes(before, snapshot(sandbox)) == {"outside/work/out.tex"}


@pytest.mark.parametrize("slug", ESCAPES)
def test_slugs_that_look_like_paths_write_nothing(sandbox, capsys, slug):
    before = snapshot(sandbox)
    code, err = export(["--format", "tex", "-o", "out.tex", "--", slug], capsys)
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1, err
    assert changes(before, snapshot(sandbox)) == set()


@pytest.mark.parametrize("output", ["sub", ".", "..", "missing/dir/out.tex", "sub/", ""])
def test_outputs_that_are_not_files_are_refused_without_writing(sandbox, capsys, output):
    before = snapshot(sandbox)
    code, err = export([SLUG, "--format", "tex", "-o", output], capsys)
    assert code == 2, err
    assert changes(before, snapshot(sandbox)) == set()
    assert not (sandbox / "outside" / "work" / "missing").exists()


def test_an_output_symlink_is_replaced_not_written_through(sandbox, capsys):
    link = sandbox / "outside" / "work" / "link.tex"
    link.symlink_to(sandbox / "outside" / "keep.tex")
    code, err = export([SLUG, "--format", "tex", "-o", "link.tex"], capsys)
    assert code == 0, err
    assert (sandbox / "outside" / "keep.tex").read_text() == "do not touch"
    assert not link.is_symlink() and link.read_text().startswith("\\documentclass")


def test_pdf_export_leaves_no_latex_byproducts(sandbox, capsys):
    before = snapshot(sandbox)
    code, err = export([SLUG, "--format", "pdf", "-o", "sub/out.pdf"], capsys)
    if code == 2 and "install" in err:
        pytest.skip("no LaTeX engine")
    assert code == 0, err
    assert changes(before, snapshot(sandbox)) == {"outside/work/sub/out.pdf"}
    assert (sandbox / "outside" / "work" / "sub" / "out.pdf").read_bytes().startswith(b"%PDF")


# -- never half a file --------------------------------------------------------------------------
class HalfWriter:
    """A file object that writes half of what it is given, then fails."""

    def __init__(self, fh, failure):
        self.fh, self.failure = fh, failure

    def write(self, data):
        self.fh.write(data[: len(data) // 2])
        self.fh.flush()
        raise self.failure

    def __getattr__(self, name):
        return getattr(self.fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self.fh.__exit__(*exc)


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()],
                         ids=["disk full", "ctrl-c"])
@pytest.mark.parametrize("existing", [True, False], ids=["over an old file", "new file"])
def test_an_interrupted_export_leaves_the_old_file_or_none(sandbox, capsys, monkeypatch, failure,
                                                            existing):
    target = sandbox / "outside" / "work" / "paper.tex"
    if existing:
        target.write_text("the previous, complete version")
    before = snapshot(sandbox)
    real_fdopen = os.fdopen
    monkeypatch.setattr(derive.render.atomic.os, "fdopen",
                        lambda fd, *a, **k: HalfWriter(real_fdopen(fd, *a, **k), failure))
    code, err = export([SLUG, "--format", "tex", "-o", "paper.tex"], capsys)
    assert code != 0
    assert changes(before, snapshot(sandbox)) == set()     # no partial file, no temp file left
    if isinstance(failure, OSError):  # a plain one-line error, not an internal one
        assert code == 74
        assert err.strip() == "derive: error: cannot write paper.tex: No space left on device"


def test_an_export_that_fails_before_writing_touches_nothing(sandbox, capsys, monkeypatch):
    """Rendering fails: the old file stays as it was."""
    target = sandbox / "outside" / "work" / "paper.tex"
    target.write_text("the previous, complete version")
    before = snapshot(sandbox)

    def broken(*args, **kwargs):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr("derive.export.render", broken)
    code, err = export([SLUG, "--format", "tex", "-o", "paper.tex"], capsys)
    assert code != 0
    assert changes(before, snapshot(sandbox)) == set()
