"""%%derive runs through IPython's own magic machinery and marks the wrong row."""
import pytest

IPython = pytest.importorskip("IPython")


def test_cell_magic_checks_and_marks(capsys):
    from IPython.testing.globalipapp import start_ipython

    ip = start_ipython()
    ip.run_line_magic("load_ext", "derive")
    results = ip.run_cell_magic("derive", "", "(a+b)^2 &= a^2 + 2ab + b^2 \\\\\n &= a^2 + b^2")
    assert [r.status for r in results] == ["proved", "refuted"]
    assert "line 2: refuted" in capsys.readouterr().out


def test_marked_block_carries_a_mark_per_row():
    from derive.lint.magic import marked

    tex, _ = marked("$$ x + x = 2x = 3x $$")
    assert tex.count("\\checkmark") == 1 and tex.count("\\times") == 1
