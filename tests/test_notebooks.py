"""Every notebook in notebooks/ runs top to bottom without an error.

The kernel is ipykernel's native "python3" spec, which runs the interpreter running the
tests, so no kernelspec needs installing in CI. Notebooks run in a temporary directory:
whatever they write stays out of the repository.
"""
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
PILLAR_NOTEBOOKS = {"linear_algebra", "calculus", "probability_and_statistics", "optimization",
                    "information_theory"}


def test_one_notebook_per_pillar_and_the_gradient_walkthrough():
    assert {p.stem for p in NOTEBOOKS} >= PILLAR_NOTEBOOKS | {"check_your_own_gradient"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=180,
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    errors = [out for cell in nb.cells if cell.cell_type == "code"
              for out in cell.get("outputs", []) if out.get("output_type") == "error"]
    assert errors == []
    assert list(tmp_path.iterdir()) == [], "notebooks write only to temporary directories"
    shown = [out for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", [])]
    assert any("text/latex" in out.get("data", {}) or "text/markdown" in out.get("data", {})
               for out in shown), "the maths is displayed"
