"""Fuzzing of input: junk LaTeX gets a ParseError (CLI: exit 2, short stderr), nothing else.

Hypothesis feeds ``parse``, ``check`` and the CLI three kinds of text: arbitrary
unicode, soups of LaTeX tokens, and well-formed LaTeX with one character corrupted.
Injection payloads are spliced into LaTeX positions (subscripts, operator names,
bounds, fractions) and must never run: a marker file is never created.
"""
import os

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings, strategies as st

from derive.checking import CheckError, check
from derive.cli import main
from derive.latex import ParseError, parse
from tests.injection import PAYLOADS, guarded

EXAMPLES = int(os.environ.get("DERIVE_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
FEW = settings(FUZZ, max_examples=max(10, EXAMPLES // 6))   # each example runs the verifier

TOKENS = [r"\frac", r"\sqrt", r"\sum", r"\prod", r"\int", r"\log", r"\exp", r"\sigma",
          r"\mathbb{E}", r"\partial", r"\nabla", r"\left(", r"\right)", r"\left[", r"\right]",
          r"\{", r"\}", "{", "}", "(", ")", "[", "]", "^", "_", "+", "-", "*", "/", "=", "!",
          "|", r"\|", ",", ".", "&", r"\\", r"\cdot", r"\top", r"\infty", r"\to", r"\lim",
          r"\begin{pmatrix}", r"\end{pmatrix}", r"\operatorname{softmax}", r"D_{KL}",
          r"\mathrm{d}", "d", "x", "y", "i", "n", "p", "q", "z", r"\theta", r"\alpha", "0", "1",
          "2", "10", "3.5", "1e5", " ", r"\,", r"\text{", r"\mathbf{", r"\hat", r"\bar", "'",
          "%", "#", "~", "$", "\u00e9", "\u2211", "\x00", "\n", "\t"]
VALID = [r"\frac{1}{1 + e^{-x}}", r"\sum_{i=1}^{n} x_i^2", r"\log\left(\sum_{k} e^{z_k}\right)",
         r"\sqrt{2 \pi \sigma^2}", r"\frac{\partial}{\partial x} \sin(x^2)",
         r"\mathbb{E}[x^2] - \mathbb{E}[x]^2", r"\int_{0}^{1} x^2 \, dx",
         r"\lim_{h \to 0} \frac{(x+h)^2 - x^2}{h}", r"\begin{pmatrix} 1 & x \\ 0 & 1 \end{pmatrix}",
         r"\sigma(x)(1 - \sigma(x))", r"-\sum_{k=1}^{n} p_k \log q_k", r"x^{\top} A x",
         r"\operatorname{softmax}(z)_i", r"|x| + \|y\|", r"3! + \binom{5}{2}"]

token_soup = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=14).map("".join)
anything = st.text(max_size=60)


@st.composite
def corrupted(draw):
    """A valid formula with one character deleted, doubled or replaced."""
    s = draw(st.sampled_from(VALID))
    k = draw(st.integers(0, len(s) - 1))
    how = draw(st.sampled_from(["delete", "double", "replace"]))
    if how == "delete":
        return s[:k] + s[k + 1:]
    if how == "double":
        return s[:k] + s[k] + s[k:]
    return s[:k] + draw(st.sampled_from("{}()[]^_\\&|=,")) + s[k + 1:]


latex_inputs = st.one_of(token_soup, anything, corrupted())

TEMPLATES = [r"\frac{{{p}}}{{2}}", r"x_{{{p}}}", r"\operatorname{{{p}}}(x)", r"\sum_{{i={p}}}^{{n}} x_i",
             r"\text{{{p}}} + x", r"{p}", r"e^{{{p}}}", r"\sqrt{{{p}}}", r"\mathbb{{E}}[{p}]"]


@st.composite
def injections(draw):
    payload = draw(st.sampled_from(PAYLOADS))
    return draw(st.sampled_from(TEMPLATES)).format(p=payload)


# -- parse --------------------------------------------------------------------------------------
@pytest.fixture(scope="module", autouse=True)
def warm():
    """Lazy imports inside SymPy and the parser happen once, before any guard is set."""
    parse(r"\frac{1}{1 + e^{-x}} + \sum_{i=1}^{n} x_i")
    check("x + x", "2 x")


@FUZZ
@given(latex_inputs)
def test_parse_raises_only_parse_error(text):
    try:
        out = parse(text)
    except ParseError as e:
        assert 0 <= e.column <= len(text)
        assert len(e.caret().split("\n")) == 2
        assert "\n" not in e.message
        return
    assert isinstance(out, (sp.Basic, sp.MatrixBase))


@pytest.mark.parametrize("breaker", ["\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029"])
def test_caret_stays_two_lines_whatever_the_line_breaks(breaker):
    """Vertical tab, form feed, NEL, LINE SEPARATOR break lines too (str.splitlines)."""
    with pytest.raises(ParseError) as info:
        parse("x +" + breaker + "}")
    assert len(info.value.caret().splitlines()) == 2, repr(info.value.caret())


def marker_for(payload: str, directory) -> tuple[str, object]:
    marker = directory / "MARKER"
    return payload.replace("{m}", str(marker)), marker


@FUZZ
@given(template=injections())
def test_injection_through_parse_never_executes(tmp_path_factory, monkeypatch, template):
    text, marker = marker_for(template, tmp_path_factory.mktemp("parse"))
    guarded(monkeypatch)      # eval/exec of any text raises while parsing
    try:
        parse(text)
    except ParseError:
        pass
    finally:
        monkeypatch.undo()
    assert not marker.exists()


# -- check --------------------------------------------------------------------------------------
@FEW
@given(latex_inputs, latex_inputs)
def test_check_raises_only_input_errors(lhs, rhs):
    try:
        v = check(lhs, rhs, budget=0.3)
    except (ParseError, CheckError):
        return
    assert v.holds in (True, False, None)


@FEW
@given(template=injections(), other=st.sampled_from(["x", r"\frac{1}{2}", r"\log 2"]))
def test_injection_through_check_never_executes(tmp_path_factory, template, other):
    text, marker = marker_for(template, tmp_path_factory.mktemp("check"))
    for lhs, rhs in ((text, other), (other, text)):
        try:
            check(lhs, rhs, budget=0.3)
        except (ParseError, CheckError):
            pass
    assert not marker.exists()


# -- the command line ---------------------------------------------------------------------------
def assert_clean_exit(code: int, err: str, allowed=(0, 1, 2, 3)):
    """A known exit status; on bad input one error line (plus the input and a caret)."""
    assert "Traceback" not in err
    assert code in allowed, err
    if code == 2:
        lines = err.splitlines()
        assert 1 <= len(lines) <= 3, err
        assert "error" in lines[0] or ": " in lines[0], err
        if len(lines) > 1:
            assert lines[-1].strip() == "^", err


def run_cli(argv, capsys):
    capsys.readouterr()
    code = main(argv)
    return code, capsys.readouterr().err


@FEW
@given(lhs=latex_inputs, rhs=latex_inputs)
def test_cli_verify_on_junk(capsys, lhs, rhs):
    code, err = run_cli(["verify", "--budget", "0.3", "--", lhs, rhs], capsys)
    assert_clean_exit(code, err)


@FEW
@given(expr=latex_inputs,
       wrt=st.one_of(st.sampled_from(["x", "y", r"\theta", "z_1"]), token_soup, anything))
def test_cli_diff_on_junk(capsys, expr, wrt):
    code, err = run_cli(["diff", "--wrt", wrt, "--", expr], capsys)
    assert_clean_exit(code, err)


@FUZZ
@given(slug=st.one_of(anything, token_soup, st.sampled_from(["softmax-jacobian", "../../etc/passwd",
                                                               "softmax_jacobian", "", "-h"])),
       fmt=st.sampled_from(["text", "tex", "md", "html", ""]))
def test_cli_show_on_junk(capsys, slug, fmt):
    code, err = run_cli(["show", "--format", fmt, "--", slug], capsys)
    assert_clean_exit(code, err, allowed=(0, 2))


@FUZZ
@given(argv=st.lists(st.one_of(anything, token_soup,
                               st.sampled_from(["verify", "diff", "show", "check", "export", "list",
                                                "--format", "--wrt", "-o", "--all", "-j", "0", "-1"])),
                     max_size=5))
def test_cli_argument_soup(capsys, argv):
    if argv[:1] in (["check"], ["export"], ["list"]) or "--all" in argv:
        return   # whole-catalog commands are slow, not junk handling; covered elsewhere
    code, err = run_cli(argv, capsys)
    assert_clean_exit(code, err)


@FEW
@given(template=injections())
def test_injection_through_the_cli_never_executes(tmp_path_factory, capsys, template):
    text, marker = marker_for(template, tmp_path_factory.mktemp("cli"))
    for argv in (["verify", "--budget", "0.3", "--", text, "x"], ["diff", "--wrt", "x", "--", text],
                 ["diff", "--wrt", text, "--", "x^2"], ["show", "--", text]):
        code, err = run_cli(argv, capsys)
        assert_clean_exit(code, err)
    assert not marker.exists()
