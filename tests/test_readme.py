"""The README's two set-up commands stay true: CI runs the second one verbatim."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _setup_commands():
    text = (ROOT / "README.md").read_text()
    section = text.split("## Set-up: two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section, flags=re.S)


def test_exactly_two_setup_commands():
    cmds = _setup_commands()
    assert len(cmds) == 2 and all("\n" not in c for c in cmds)
    main_job, tests = cmds
    assert "pip install" in main_job and "derive check --all" in main_job and "--format tex" in main_job
    assert "pip install" in tests and "[test," in tests and "pytest" in tests   # autodiff too: CI checks generated code against jax


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert _setup_commands()[1] in ci


def _python_blocks():
    return re.findall(r"```python\n(.+?)```", (ROOT / "README.md").read_text(), flags=re.S)


def test_the_readme_shows_python():
    assert len(_python_blocks()) >= 2


@pytest.mark.parametrize("k", range(len(_python_blocks())))
def test_every_python_block_runs_as_written(k, tmp_path):
    """A newcomer pastes each block into a fresh interpreter: it must run, asserts and all."""
    done = subprocess.run([sys.executable, "-c", _python_blocks()[k]], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_readme_layout_names_every_folder_of_the_package():
    text = (ROOT / "README.md").read_text()
    folders = [p.name for p in (ROOT / "derive").iterdir() if (p / "__init__.py").exists()]
    missing = [f for f in folders if f"derive/{f}/" not in text]
    assert not missing
