"""derive.check: true identities hold, false ones are refuted with a real counterexample."""
import pytest
import sympy as sp

import derive.verify.relation
from derive.core.assumptions import AssumptionError
from derive.checking import CheckError, as_expression, check, split_assumptions
from derive.core.functions import unfold_defined
from derive.latex import ParseError
from tests.injection import PAYLOADS, guarded

POS = {"x": "positive", "y": "positive"}
M2 = {"A": "2x2", "B": (2, 2)}
QUAD = {"A": "2x2", "x": "2x1"}

TRUE = [
    # textbook derivatives
    (r"\frac{d}{dx} x^3", r"3x^2", None),
    (r"\frac{d}{dx} \sin x", r"\cos x", None),
    (r"\frac{d}{dx} e^{2x}", r"2e^{2x}", None),
    (r"\frac{d}{dx} \log x", r"\frac{1}{x}", {"x": "positive"}),
    (r"\frac{d}{dx} x \log x", r"\log x + 1", {"x": "positive"}),
    (r"\frac{d}{dx} \tanh x", r"1 - \tanh^2 x", None),
    (r"\frac{\partial}{\partial w} (wx - y)^2", r"2x(wx - y)", None),
    (r"\frac{d}{dx} \frac{1}{1+e^{-x}}", r"\frac{e^{-x}}{(1+e^{-x})^2}", None),
    (r"\frac{\partial}{\partial \mu} \left(-\frac{(x-\mu)^2}{2\sigma^2}\right)",
     r"\frac{x-\mu}{\sigma^2}", {"sigma": "positive"}),
    (r"\frac{\partial}{\partial z_j} \frac{e^{z_i}}{\sum_k e^{z_k}}",
     r"\frac{e^{z_i}}{\sum_k e^{z_k}} \left(\delta_{ij} - \frac{e^{z_j}}{\sum_k e^{z_k}}\right)", None),
    # sigmoid and friends
    (r"\frac{d}{dx}\sigma(x)", r"\sigma(x)(1-\sigma(x))", None),
    (r"\frac{d}{dx} \operatorname{softplus}(x)", r"\sigma(x)", None),
    (r"\frac{d}{dx} \log(1 + e^x)", r"\sigma(x)", None),
    (r"\frac{d}{dz}\left(-y\log\sigma(z) - (1-y)\log(1-\sigma(z))\right)", r"\sigma(z) - y", None),
    (r"\sigma(-x)", r"1 - \sigma(x)", None),
    (r"\sigma(x)", r"\frac{e^x}{1 + e^x}", None),
    (r"\log \sigma(x)", r"-\operatorname{softplus}(-x)", None),
    (r"\operatorname{softplus}(x) - \operatorname{softplus}(-x)", r"x", None),
    (r"\tanh x", r"2\sigma(2x) - 1", None),
    # logs and exponentials
    (r"\log(xy)", r"\log x + \log y", POS),
    (r"\log\frac{x}{y}", r"\log x - \log y", POS),
    (r"\log(x^2)", r"2\log|x|", None),
    (r"e^{\log x}", r"x", {"x": "positive"}),
    (r"e^{a+b}", r"e^a e^b", None),
    (r"x^a x^b", r"x^{a+b}", {"x": "positive"}),
    # matrices with declared shapes
    (r"(AB)^\top", r"B^\top A^\top", M2),
    (r"(AB)^{-1}", r"B^{-1} A^{-1}", M2),
    (r"(A^\top)^{-1}", r"(A^{-1})^\top", M2),
    (r"(A + B)^\top", r"A^\top + B^\top", {"A": "2x3", "B": "2x3"}),
    (r"\mathbf{x}^\top A \mathbf{x}", r"\mathbf{x}^\top A^\top \mathbf{x}", QUAD),
    (r"\nabla_{\mathbf{x}} \mathbf{x}^\top A \mathbf{x}", r"(A + A^\top)\mathbf{x}", QUAD),
    (r"\det(AB)", r"\det A \det B", M2),
    (r"\operatorname{tr}(AB)", r"\operatorname{tr}(BA)", {"A": "2x3", "B": "3x2"}),
    # softmax and KL on explicit vectors
    (r"\operatorname{softmax}(z + c\mathbf{1})", r"\operatorname{softmax}(z)", {"z": "3x1"}),
    (r"D_{KL}(p \| q)", r"\sum_{i=1}^{3} p_i \log p_i - \sum_{i=1}^{3} p_i \log q_i",
     {"p": "3x1 positive", "q": "3x1 positive"}),
    # trigonometry and algebra
    (r"\sin^2 x + \cos^2 x", r"1", None),
    (r"\sin 2x", r"2 \sin x \cos x", None),
    (r"\cos 2x", r"\cos^2 x - \sin^2 x", None),
    (r"\sqrt{x^2}", r"|x|", None),
    (r"(x+1)^2", r"x^2 + 2x + 1", None),
    # sums, integrals, limits, expectations
    (r"\sum_{k=0}^{t-1} \beta^k", r"\frac{1 - \beta^t}{1 - \beta}", None),
    (r"\sum_{i=1}^{3} i", r"6", None),
    (r"\int_0^1 x^2 \, dx", r"\frac{1}{3}", None),
    (r"\lim_{x \to 0} \frac{\sin x}{x}", r"1", None),
    (r"\mathbb{E}[a X + b]", r"a \mathbb{E}[X] + b", {"X": "random"}),
]

FALSE = [
    (r"(AB)^\top", r"A^\top B^\top", M2),
    (r"(AB)^{-1}", r"A^{-1} B^{-1}", M2),
    (r"(A + B)^{-1}", r"A^{-1} + B^{-1}", M2),
    (r"\det(A + B)", r"\det A + \det B", M2),
    (r"\operatorname{tr}(AB)", r"\operatorname{tr}(A)\operatorname{tr}(B)", M2),
    (r"\mathbf{x}^\top A \mathbf{x}", r"\mathbf{x}^\top \mathbf{x}", QUAD),
    (r"\log(x + y)", r"\log x + \log y", POS),
    (r"\frac{d}{dx}\sigma(x)", r"\sigma(x)^2", None),
    (r"\frac{d}{dx} x^3", r"x^2", None),
    (r"\frac{d}{dx} \log x", r"\frac{1}{x^2}", {"x": "positive"}),
    (r"\frac{d}{dz}\left(-y\log\sigma(z) - (1-y)\log(1-\sigma(z))\right)", r"y - \sigma(z)", None),
    (r"\sigma(-x)", r"\sigma(x)", None),
    (r"\tanh x", r"\sigma(2x)", None),
    (r"\operatorname{softmax}(2z)", r"\operatorname{softmax}(z)", {"z": "3x1"}),
    (r"D_{KL}(p \| q)", r"0", {"p": "3x1 simplex", "q": "3x1 simplex"}),
    (r"\sin 2x", r"2 \sin x", None),
    (r"\sqrt{x^2}", r"x", None),
    (r"(x+y)^2", r"x^2 + y^2", None),
    (r"e^{ab}", r"e^a e^b", None),
    (r"\sum_{i=1}^{3} i^2", r"13", None),
    (r"\sum_i x_i", r"n \bar{x}", None),
    (r"\int_0^1 x \, dx", r"1", None),
    (r"\frac{\partial}{\partial z_j} \frac{e^{z_i}}{\sum_k e^{z_k}}",
     r"\frac{e^{z_i}}{\sum_k e^{z_k}} \delta_{ij}", None),
    (r"\mathbb{E}[X^2]", r"\mathbb{E}[X]^2", {"X": "random"}),
]

# False over the reals (x = y = -1: the left side is 0, the right side is not real), but
# the verifier drops samples where a side is not real, so it reports "holds numerically".
LEAVING_THE_REALS = [
    (r"\log(xy)", r"\log x + \log y", None),
]


def ids(table):
    return [f"{l} = {r}" for l, r, _ in table]


@pytest.mark.parametrize("lhs,rhs,assume", TRUE, ids=ids(TRUE))
def test_true_identities_hold(lhs, rhs, assume):
    v = check(lhs, rhs, assumptions=assume)
    assert v.holds is True and bool(v), (v.status, v.detail)
    assert v.method in ("symbolic", "numeric")


def _value(expr, by_name: dict):
    """Integers first (sizes, indices: sums unroll), then the entries and reals."""
    ints = {s: int(by_name[s.name]) for s in expr.free_symbols
            if isinstance(s, sp.Symbol) and s.is_integer and s.name in by_name}
    e = unfold_defined(expr.subs(ints).doit())
    point = {s: by_name[str(s)] for s in e.free_symbols | e.atoms(sp.Indexed) if str(s) in by_name}
    return sp.N(e.subs(point))


def reevaluate(lhs, rhs, assume, cex):
    """Both sides at the counterexample, from the parsed LaTeX: the first entry that differs."""
    _, shapes = split_assumptions(assume)
    left, right = as_expression(lhs, shapes, "left"), as_expression(rhs, shapes, "right")
    by_name = {str(k): v for k, v in cex.items()}
    by_name.update({f"{k.base}_{k.indices[0]}": v for k, v in cex.items()   # simplex p[1] is p_1
                    if isinstance(k, sp.Indexed) and len(k.indices) == 1})
    pairs = zip(left, right) if isinstance(left, sp.MatrixBase) else [(left, right)]
    for a, b in pairs:
        va, vb = _value(a, by_name), _value(b, by_name)
        if va.is_number and vb.is_number and abs(complex(va) - complex(vb)) > 1e-8 * (1 + abs(complex(va))):
            return va, vb
    return None


@pytest.mark.parametrize("lhs,rhs,assume", FALSE, ids=ids(FALSE))
def test_false_identities_are_refuted_with_a_counterexample(lhs, rhs, assume):
    v = check(lhs, rhs, assumptions=assume)
    assert v.holds is False and not v and v.status == "refuted", (v.status, v.detail)
    assert v.counterexample is not None, v       # {} when there are no variables
    assert v.lhs_value is not None and v.rhs_value is not None
    assert abs(complex(v.lhs_value) - complex(v.rhs_value)) > 1e-9
    if "random" not in (assume or {}).values():   # expectations are over sampled distributions
        assert reevaluate(lhs, rhs, assume, v.counterexample) is not None


@pytest.mark.parametrize("lhs,rhs,assume", LEAVING_THE_REALS, ids=ids(LEAVING_THE_REALS))
def test_identities_whose_side_leaves_the_reals_are_refuted(lhs, rhs, assume):
    """At x = y = -1, log(xy) is real and log x + log y is not: refuted, in complex."""
    v = check(lhs, rhs, assumptions=assume)
    assert v.holds is False and v.counterexample


def test_identity_table_is_large_enough():
    assert len(TRUE) + len(FALSE) >= 40 and len(FALSE) >= 15


def test_refutation_never_runs_the_symbolic_ladder(monkeypatch):
    def boom(*a, **k):
        raise AssertionError("symbolic ladder ran on a false identity")

    monkeypatch.setattr(derive.verify.relation, "prove", boom)   # stage 4 of the pipeline
    for lhs, rhs, assume in FALSE[:8]:
        assert check(lhs, rhs, assumptions=assume).holds is False


def test_sympy_inputs_plain_symbols_are_real_and_keys_come_back():
    x = sp.Symbol("x")                          # no assumptions: treated as real
    assert check(sp.sqrt(x**2), sp.Abs(x)).holds is True
    v = check(sp.sqrt(x**2), x)
    assert v.holds is False and x in v.counterexample and v.counterexample[x] < 0


def test_latex_and_sympy_sides_mix():
    x = sp.Symbol("x", real=True)
    assert check(r"\frac{d}{dx} x^2", 2 * x)
    assert check(r"\sigma(x)", 1 / (1 + sp.exp(-x)))


def test_matrices_compare_elementwise():
    a, b = sp.symbols("a b", real=True)
    m = sp.Matrix([[a, b], [b, a]])
    assert check(m, m.T)
    assert check(m * m, sp.Matrix([[a**2 + b**2, 2 * a * b], [2 * a * b, a**2 + b**2]]))
    assert check(m, sp.Matrix([[a, b], [a, b]])).holds is False


def test_matrix_symbols_become_explicit():
    A, B = sp.MatrixSymbol("A", 2, 2), sp.MatrixSymbol("B", 2, 2)
    assert check((A * B).T, B.T * A.T)
    assert check((A * B).T, A.T * B.T).holds is False


def test_shape_mismatch_is_a_clear_error():
    with pytest.raises(CheckError, match="shapes differ"):
        check("A", "x", assumptions={"A": "2x2", "x": "3x1"})
    with pytest.raises(CheckError, match="scalar"):
        check("A", "1", assumptions={"A": "2x2"})
    with pytest.raises(ParseError, match="cannot multiply"):
        check("A x", "x", assumptions={"A": "2x2", "x": "3x1"})


def test_bad_assumptions_are_clear_errors():
    with pytest.raises(AssumptionError, match="unknown domain"):
        check("x", "x", assumptions={"x": "wibble"})
    with pytest.raises(AssumptionError, match="does not occur"):
        check("x", "x", assumptions={"y": "positive"})
    with pytest.raises(ValueError, match="shape"):
        check("A", "A", assumptions={"A": "2x99"})
    with pytest.raises(CheckError, match="relation"):
        check("x = 1", "x")


def test_real_symbols_are_sampled_negative_too():
    v = check(r"\sqrt{x^2}", "x")
    assert v.holds is False and v.counterexample[sp.Symbol("x", real=True)] < 0
    assert check(r"\sqrt{x^2}", "x", assumptions={"x": "positive"})


@pytest.mark.parametrize("payload", PAYLOADS)
def test_injection_through_check_never_executes(payload, tmp_path, monkeypatch):
    marker = tmp_path / "MARKER"
    text = payload.replace("{m}", str(marker))
    guarded(monkeypatch)
    attempts = [
        lambda: check(text, "x"),
        lambda: check("x", text),
        lambda: check("x", "x", assumptions={text: "positive"}),
        lambda: check("x", "x", assumptions={"x": text}),
        lambda: check("A", "A", assumptions={"A": text}),
    ]
    for attempt in attempts:
        try:
            attempt()
        except ValueError:   # ParseError, CheckError, AssumptionError
            pass
    assert not marker.exists()


def test_an_entry_on_one_side_is_the_entry_summed_on_the_other():
    assert check(r"\sum_{j=1}^{n} \delta_{ij} x_j", "x_i").holds is True


# -- readings that do not lie (issue 13) ----------------------------------------------
VAR_, E_ = r"\operatorname{Var}", r"\mathbb{E}"
MISREAD_FALSE = [
    (rf"{VAR_}(X)", rf"2 {VAR_}(X)", None),                       # X under Var is random
    (r"\frac{\partial L}{\partial w}", r"7 \frac{\partial L}{\partial w}", None),   # L(w)
    ("p(x)", "p x", None),                                        # p applied, not a product
    (r"\frac{d}{dx} x\Phi(x)", r"\Phi(x) + 2x\phi(x)", None),    # GELU, wrong factor
    (r"\sum_{j=1}^{n} \delta_{ij} x_j", "0", None),
    (r"\frac{\partial}{\partial x_j}\sum_{i=1}^n x_i", "2", None),
]
READ_TRUE = [
    (r"\frac{d}{dx} x\Phi(x)", r"\Phi(x) + x\phi(x)", None),     # GELU's derivative
    (r"\sum_{j=1}^{n} \delta_{ij} x_j", "x_i", None),
    (r"\frac{\partial}{\partial x_j}\sum_{i=1}^n x_i", "1", None),
    (r"\frac{\partial}{\partial x_j}\sum_{i=1}^n x_i", "1", {"j": "1..n"}),
    (rf"{VAR_}(X+Y)", rf"{VAR_}(X)+{VAR_}(Y)", {"X": "random independent", "Y": "random independent"}),
    ("p(1-p)", "p - p^2", None),                                  # still a product
]


@pytest.mark.parametrize("lhs,rhs,assume", MISREAD_FALSE, ids=ids(MISREAD_FALSE))
def test_misreadings_are_refuted(lhs, rhs, assume):
    assert check(lhs, rhs, assumptions=assume).holds is False


@pytest.mark.parametrize("lhs,rhs,assume", READ_TRUE, ids=ids(READ_TRUE))
def test_right_readings_hold(lhs, rhs, assume):
    assert check(lhs, rhs, assumptions=assume).holds is True


def test_undeclared_random_symbols_are_not_assumed_independent():
    v = check(rf"{VAR_}(X+Y)", rf"{VAR_}(X)+{VAR_}(Y)")
    assert v.holds is False          # X and Y are drawn jointly, so a dependent pair refutes it
    assert any("random variable" in r for r in v.extra["readings"])
    declared = check(rf"{VAR_}(X+Y)", rf"{VAR_}(X)+{VAR_}(Y)", assumptions={"X": "random", "Y": "random"})
    assert declared.holds is False   # declared random is not declared independent
    assert check(rf"{E_}[X+Y]", rf"{E_}[X]+{E_}[Y]").holds is True   # linearity needs no independence


def test_readings_are_reported():
    v = check(r"\frac{d}{dx} x\Phi(x)", r"\Phi(x) + x\phi(x)")
    assert any("normal CDF" in r for r in v.extra["readings"])


def test_bad_domains_and_shapes_are_check_errors():
    from derive.core.assumptions import AssumptionError
    assert issubclass(AssumptionError, CheckError)
    with pytest.raises(CheckError):
        check("A", "A", assumptions={"A": (10000, 10000)})
    with pytest.raises(CheckError):
        check("x", "x", assumptions={"x": "bogus"})


def test_reading_runs_under_a_budget_and_infinite_budgets_work():
    v = check(r"10^{10^{10}} x", "x")
    assert v.holds is None and "reading the input" in v.detail
    assert check("x + 1", "1 + x", budget=float("inf")).holds is True


def test_implication_step_with_a_derivative_is_checked_not_raised():
    from derive import Derivation
    th = sp.Symbol("th", real=True)
    for value, ok in ((2, True), (3, False)):
        d = Derivation("t", "t")
        d.start(sp.Eq(sp.Derivative((th - 2) ** 2, th), 0))
        d.state(sp.Eq(th, value), relation="=>", because="set to zero and solve")
        assert d.verify().ok is ok


def test_a_free_index_ranges_over_a_sum_that_starts_at_zero():
    v = check(r"\frac{e^{s_j}}{\sum_{c=0}^{C-1} e^{s_c}}", "1", relation="<=")
    assert v.holds is True, v.summary()
    assert min(v.sizes["j"]) == 0
    broken = check(r"\frac{2 e^{s_j}}{\sum_{c=0}^{C-1} e^{s_c}}", "1", relation="<=")
    assert broken.holds is False          # twice an entry of a softmax can exceed 1
