"""derive lint: exit 1 naming the wrong row; json and SARIF structure; stdin."""
import io
import json
import sys

from derive.cli import main

WRONG = "\\begin{align}\n(x+1)^2 &= x^2 + 2x + 1 \\\\\n  &= x^2 + 3x + 1\n\\end{align}\n"


def test_wrong_row_exits_1_and_names_line(tmp_path, capsys):
    p = tmp_path / "paper.tex"
    p.write_text(WRONG)
    assert main(["lint", str(p)]) == 1
    assert f"{p}:3:6: refuted" in capsys.readouterr().out


def test_json_and_sarif(tmp_path, capsys):
    p = tmp_path / "paper.tex"
    p.write_text(WRONG)
    main(["lint", "--format", "json", str(p)])
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["status"] for r in rows] == ["proved", "refuted"]
    main(["lint", "--format", "sarif", str(p)])
    log = json.loads(capsys.readouterr().out)
    assert log["version"] == "2.1.0"
    (res,) = log["runs"][0]["results"]
    assert res["level"] == "error"
    assert res["locations"][0]["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 6}


def test_stdin_and_correct_file_exit_0(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("$$ (a+b)^2 = a^2 + 2ab + b^2 $$"))
    assert main(["lint", "-v", "-"]) == 0
    assert "<stdin>:1:" in capsys.readouterr().out


def test_missing_file_is_a_usage_error(capsys):
    assert main(["lint", "/nonexistent/x.tex"]) == 2


def test_given_flag_and_counterexample_wording(tmp_path, capsys):
    p = tmp_path / "g.md"
    p.write_text("$$\nh(2) = 5\n$$\n")
    assert main(["lint", "--given", "h(x) = x^2", str(p)]) == 1
    out = capsys.readouterr().out
    assert f"{p}:2:8: refuted" in out and "givens: h(x) = x^2" in out
    assert main(["lint", "--given", "h(x) = x^2 + 1", str(p)]) == 0
    assert main(["lint", "--given", "1 + = 2", str(p)]) == 2


def test_index_flag_gives_a_range_and_a_bad_one_exits_2(tmp_path, capsys):
    p = tmp_path / "ix.md"
    p.write_text("$$\n\\sum_{i=1}^{n} x_i + n = x_j + n\n$$\n")
    assert main(["lint", "--index", "j=1..n", str(p)]) == 1
    out = capsys.readouterr().out
    assert f"{p}:2:" in out and "refuted" in out and "givens: j 1..n" in out and "j = 1" in out
    assert main(["lint", "--index", "j=1", str(p)]) == 2


def test_sarif_message_names_the_givens_a_refutation_used(tmp_path, capsys):
    p = tmp_path / "g.md"
    p.write_text("$$\nh(2) = 5\n$$\n")
    assert main(["lint", "--format", "sarif", "--given", "h(x) = x^2", str(p)]) == 1
    log = json.loads(capsys.readouterr().out)
    assert "givens: h(x) = x^2" in log["runs"][0]["results"][0]["message"]["text"]
