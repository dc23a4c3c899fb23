"""``derive list`` reads a generated index: it must match the real catalog, and listing
must not import SymPy (that is what makes it fast)."""
import json
import subprocess
import sys

from derive.cli.list import INDEX, build_index


def test_the_index_matches_the_catalog():
    stored = json.loads(INDEX.read_text(encoding="utf-8"))
    assert stored == build_index(), (
        "derive/cli/catalog_index.json is stale: "
        "python -c 'from derive.cli.list import write_index; write_index()'")


def test_listing_imports_no_sympy():
    code = ("import sys; from derive.cli import main; main(['list']); "
            "print('SYMPY' if 'sympy' in sys.modules else 'NOSYMPY', file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    n = len(json.loads(INDEX.read_text(encoding="utf-8")))
    assert "softmax-jacobian" in out.stdout and f"{n} derivations" in out.stdout
    assert out.stderr.strip().endswith("NOSYMPY")
