"""derive.parse: ML notation in, SymPy out; bad input is a ParseError with a column."""

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from derive import functions
from derive.core.functions import Expectation, sigmoid, softplus
from derive.core.notation import KLDivergence, binary_entropy, normal_pdf, softmax, variance
from derive.latex import ParseError, parse
from tests.injection import PAYLOADS, guarded

x, y, z, t, c, W, A = sp.symbols("x y z t c W A", real=True)
theta, sigma, gamma, lam = sp.symbols("theta sigma gamma lambda", real=True)
p, q, X, f_ = sp.symbols("p q X f", real=True)
n = sp.Symbol("n", integer=True, positive=True)
i, j, k = sp.symbols("i j k", integer=True)
xs, ws, zs, ps, qs = (sp.IndexedBase(s, real=True) for s in "xwzpq")
mu = sp.Symbol("mu", real=True)
f = sp.Function("f", real=True)

TABLE = [
    # case is kept, symbols are real
    (r"W x", W * x),
    (r"\theta^2 + \lambda", theta**2 + lam),
    (r"\gamma", gamma),
    (r"\frac{1}{2} x^{2}", x**2 / 2),
    (r"0.5 x", x / 2),
    (r"2 \frac{1}{2}", sp.S.One),
    (r"e^{-x}", sp.exp(-x)),
    (r"\pi", sp.pi),
    # logs
    (r"\log x", sp.log(x)),
    (r"\log(1 + e^{x})", sp.log(1 + sp.exp(x))),
    (r"\ln x", sp.log(x)),
    (r"\log_2 x", sp.log(x) / sp.log(2)),
    (r"\log_{10} x", sp.log(x) / sp.log(10)),
    # elementary and named functions
    (r"\exp(x)", sp.exp(x)),
    (r"\tanh x", sp.tanh(x)),
    (r"\sin^2 x + \cos^{2}(x)", sp.sin(x)**2 + sp.cos(x)**2),
    (r"\sin^{-1} x", sp.asin(x)),
    (r"\sin^{2}{\left(\theta \right)} \lambda", lam * sp.sin(theta)**2),
    (r"\log{\left(x \right)} y", y * sp.log(x)),
    (r"\sigma(x)", sigmoid(x)),
    (r"\sigma\left(x\right)", sigmoid(x)),
    (r"\sigma^2", sigma**2),
    (r"\sigma(x)(1-\sigma(x))", sigmoid(x) * (1 - sigmoid(x))),
    (r"\operatorname{sigmoid}(x)", sigmoid(x)),
    (r"\operatorname{softplus}(x)", softplus(x)),
    (r"\operatorname{softmax}(z)", softmax(z)),
    (r"\mathrm{ReLU}(x)", sp.Max(0, x)),
    (r"\max(0, x)", sp.Max(0, x)),
    (r"f(x)", f(x)),
    (r"f{\left(x \right)}", f(x)),
    (r"|x|", sp.Abs(x)),
    # derivatives, unevaluated
    (r"\frac{d}{dx} x^2", sp.Derivative(x**2, x)),
    (r"\frac{d x^2}{dx}", sp.Derivative(x**2, x)),
    (r"\frac{\partial}{\partial x} x y", sp.Derivative(x * y, x)),
    (r"\frac{\partial f}{\partial x}", sp.Derivative(f_, x)),
    (r"\frac{\partial}{\partial \theta} \theta^3", sp.Derivative(theta**3, theta)),
    (r"\frac{d^2}{dx^2} x^3", sp.Derivative(x**3, (x, 2))),
    (r"\frac{\partial^2}{\partial x \partial y} x^2 y", sp.Derivative(x**2 * y, x, y)),
    (r"\frac{\mathrm{d}}{\mathrm{d}x} x", sp.Derivative(x, x)),
    (r"\frac{d}{dx} x^2 + 1", sp.Derivative(x**2, x) + 1),
    (r"\frac{d}{dx} \left(x y\right) z", sp.Derivative(x * y * z, x)),   # to the next + or -
    (r"\left(\frac{d}{dx} x\right) y", sp.Derivative(x, x) * y),
    (r"f \cdot \left(1 - x\right)", f_ * (1 - x)),
    (r"\frac{d}{dx}\sigma(x)", sp.Derivative(sigmoid(x), x)),
    (r"\nabla_\theta \theta^2", sp.Derivative(theta**2, theta)),
    (r"\frac{\partial}{\partial \sigma^2} \log \sigma^2",
     sp.Derivative(sp.log(sp.Symbol("sigma^2", real=True)), sp.Symbol("sigma^2", real=True))),
    (r"\frac{d}{dx} \sum_{i=1}^{n} - x_i", sp.Derivative(sp.Sum(-xs[i], (i, 1, n)), x)),
    (r"\left. x^2 y \right|_{x=1}", sp.Subs(x**2 * y, x, 1)),
    (r"\nabla_{\theta} f(\theta)", sp.Derivative(f(theta), theta)),
    # expectation and KL
    (r"\mathbb{E}[X]", Expectation(X)),
    (r"\mathbb{E}\left[X\right]", Expectation(X)),
    (r"\mathbb{E}_{x \sim p}[x^2]", Expectation(x**2)),
    (r"D_{KL}(p \| q)", functions.kl_divergence(ps, qs, n)),
    (r"D_{\mathrm{KL}}(p \,\|\, q)", functions.kl_divergence(ps, qs, n)),
    (r"D_{\mathrm{KL}}\left(p \,\middle\|\, q\right)", functions.kl_divergence(ps, qs, n)),
    (r"D_{KL}(\sigma(x) \| q)", KLDivergence(sigmoid(x), q)),
    # named quantities of probability and information
    (r"H\left(p, q\right)", functions.cross_entropy(ps, qs, n)),
    (r"H(p)", functions.entropy(ps, n)),
    (r"H(x + 1)", sp.Function("H", real=True)(x + 1)),
    (r"H_{2}\left(p\right)", binary_entropy(p)),
    (r"\operatorname{Var}\left(X\right)", variance(X)),
    (r"\mathcal{N}\left(x;\, \mu, \sigma^{2}\right)", normal_pdf(x, mu, sp.Abs(sigma))),
    (r"\mathcal{N}(x; 0, 1)", normal_pdf(x, 0, 1)),
    (r"\operatorname{softmax}\left(z\right)_{i}", functions.softmax(zs, i, n)),
    (r"\operatorname{softmax}(z_1, z_2)_{2}",
     sp.exp(sp.Symbol("z_2", real=True)) / (sp.exp(sp.Symbol("z_1", real=True))
                                            + sp.exp(sp.Symbol("z_2", real=True)))),
    (r"f(x; \theta)", f(x, theta)),
    # bold vectors alone (transposes: tests/latex/test_paper_notation.py)
    (r"\mathbf{x}", x),
    (r"\boldsymbol{x}", x),
    (r"\bm{x}", x),
    (r"\hat{y}", sp.Symbol("yhat", real=True)),
    (r"\mathcal{L}", sp.Symbol("Lcal", real=True)),
    # subscripts, sums with implicit bounds
    (r"x_1", sp.Symbol("x_1", real=True)),
    (r"\alpha_t", sp.Symbol("alpha_t", real=True)),
    (r"W_{ij}", sp.Symbol("W_ij", real=True)),
    (r"m_{t-1}", sp.Symbol("m_t-1", real=True)),
    (r"\sum_i x_i", sp.Sum(xs[i], (i, 1, n))),
    (r"\sum_{i=1}^{n} x_{i}", sp.Sum(xs[i], (i, 1, n))),
    (r"\sum_{i=1}^n {x}_{i}^{2}", sp.Sum(xs[i]**2, (i, 1, n))),
    (r"\frac{1}{n}\sum_i x_i", sp.Sum(xs[i], (i, 1, n)) / n),
    (r"\sum_i x_i + 1", sp.Sum(xs[i], (i, 1, n)) + 1),
    (r"\sum_i w_i x_i", sp.Sum(ws[i] * xs[i], (i, 1, n))),
    (r"\sum_{i} |x_i|", sp.Sum(sp.Abs(xs[i]), (i, 1, n))),
    (r"\frac{e^{z_i}}{\sum_j e^{z_j}}", sp.exp(zs[i]) / sp.Sum(sp.exp(zs[j]), (j, 1, n))),
    (r"\delta_{ij}", sp.KroneckerDelta(i, j)),
    (r"\prod_{k=1}^{n} x_k", sp.Product(xs[k], (k, 1, n))),
    # integrals and limits
    (r"\int_0^1 x^2 \, dx", sp.Integral(x**2, (x, 0, 1))),
    (r"\int_{-\infty}^{\infty} e^{-x^2} dx", sp.Integral(sp.exp(-x**2), (x, -sp.oo, sp.oo))),
    (r"\lim_{x \to 0^+} x \log x", sp.Limit(x * sp.log(x), x, 0, "+")),
    # matrices
    (r"\begin{pmatrix}1 & 2\\ 3 & 4\end{pmatrix}", sp.ImmutableMatrix([[1, 2], [3, 4]])),
    (r"\begin{bmatrix}x & y\end{bmatrix}", sp.ImmutableMatrix([[x, y]])),
    (r"\left[\begin{matrix}1 & x\\y & 2\end{matrix}\right]", sp.ImmutableMatrix([[1, x], [y, 2]])),
    (r"\begin{pmatrix}1 & 2\\ 3 & 4\end{pmatrix}^{-1}",
     sp.ImmutableMatrix([[1, 2], [3, 4]]).inv()),
    (r"\begin{pmatrix}1 & 2\\ 3 & 4\end{pmatrix}^\top", sp.ImmutableMatrix([[1, 3], [2, 4]])),
    (r"x = y", sp.Eq(x, y)),
]


@pytest.mark.parametrize("latex,expected", TABLE, ids=[s for s, _ in TABLE])
def test_table(latex, expected):
    got = parse(latex)
    assert got == expected, f"{latex} -> {got!r}, expected {expected!r}"


def test_case_is_kept():
    e = parse(r"W x + w X")
    assert {s.name for s in e.free_symbols} == {"W", "x", "w", "X"}
    assert all(s.is_real for s in e.free_symbols)


def test_shapes_make_matrices_elementwise():
    shapes = {"A": (2, 2), "B": "2x2"}
    ab = parse(r"(AB)^\top", shapes=shapes)
    bt_at = parse(r"B^\top A^\top", shapes=shapes)
    at_bt = parse(r"A^\top B^\top", shapes=shapes)
    assert isinstance(ab, sp.MatrixBase) and ab.shape == (2, 2)
    assert sp.simplify(ab - bt_at) == sp.zeros(2, 2)
    assert sp.simplify(ab - at_bt) != sp.zeros(2, 2)
    a = parse("A", shapes=shapes)
    assert a[0, 1] == sp.Symbol("A_12", real=True)
    assert parse("A^{-1} A", shapes=shapes).applyfunc(sp.simplify) == sp.eye(2)


def test_vectors_softmax_and_broadcasting():
    shapes = {"z": (3, 1)}
    s = parse(r"\operatorname{softmax}(z)", shapes=shapes)
    shifted = parse(r"\operatorname{softmax}(z + c\mathbf{1})", shapes=shapes)
    assert s.shape == (3, 1)
    assert (shifted - s).applyfunc(sp.simplify) == sp.zeros(3, 1)
    assert parse(r"z^\top z", shapes=shapes) == sum(sp.Symbol(f"z_{m}", real=True)**2 for m in (1, 2, 3))
    with pytest.raises(ParseError, match="scalar"):
        parse("z + c", shapes=shapes)


def test_transpose_of_a_product_and_identity():
    shapes = {"A": (2, 2), "x": (2, 1)}
    lhs = parse(r"(A - \lambda I) x", shapes=shapes)
    assert lhs.shape == (2, 1)
    assert sp.expand(lhs[0] - (parse("A", shapes=shapes) * parse("x", shapes=shapes))[0]
                     + lam * sp.Symbol("x_1", real=True)) == 0


@pytest.mark.parametrize("latex,column", [
    ("x + }", 4),
    (r"\frac{1}{", 8),
    ("(x + 1", 0),
    (r"x \foo y", 2),
    ("x +", 3),
    ("", 0),
    ("   ", 0),
    (r"\left( x", 0),
    (r"x \right)", 2),
    ("x @ y", 2),
    (r"\sum", 0),
    ("1, 2", 1),
    (r"\operatorname{__import__}(x)", 14),
    (r"\mathbb{R}", 0),
])
def test_malformed_inputs_have_a_column(latex, column):
    with pytest.raises(ParseError) as info:
        parse(latex)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.column == column
    assert err.latex == latex
    assert "\n" not in str(err)
    lines = err.caret().split("\n")
    assert len(lines) == 2 and lines[1] == " " * column + "^"


def test_parse_error_of_a_nested_span_points_into_the_original():
    latex = r"\sigma(x +) + 1"
    with pytest.raises(ParseError) as info:
        parse(latex)
    assert 6 <= info.value.column <= 10


def test_huge_numbers_stay_unevaluated():
    assert isinstance(parse(r"10^{10^{10}}"), sp.Pow)
    assert isinstance(parse("100000!"), sp.factorial)


JUNK = st.lists(st.sampled_from([
    "x", "y", "A", "1", "0.5", "+", "-", "^", "_", "{", "}", "(", ")", "[", "]", r"\frac",
    r"\sum", r"\int", "d", r"\partial", r"\sigma", r"\mathbb{E}", r"\left(", r"\right)", "|",
    r"\|", r"\top", "T", r"\log", r"\sqrt", r"\cdot", ",", "=", "&", r"\\", r"\begin{pmatrix}",
    r"\end{pmatrix}", r"\nabla", r"\mathbf{x}", r"\operatorname{softmax}", "D_{KL}", "i", "n",
    r"\lim", r"\to", " ", r"\,", "!", r"\alpha", "e", r"\odot", r"\mathbf{1}", "'", r"\foo",
    "\\", "$", "%", "#", "\n", r"\operatorname{", r"\left|", r"\right|", "dx", r"\infty",
]), min_size=1, max_size=14).map("".join)


@settings(max_examples=300, deadline=None)
@given(JUNK)
def test_latex_like_junk_only_raises_parse_error(latex):
    try:
        parse(latex, shapes={"A": (2, 2)})
    except ParseError as err:
        assert 0 <= err.column <= len(latex)
        assert len(err.caret().split("\n")) == 2


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_any_text_only_raises_parse_error(latex):
    try:
        parse(latex)
    except ParseError as err:
        assert 0 <= err.column <= len(latex)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_injection_payloads_never_execute(payload, tmp_path, monkeypatch):
    marker = tmp_path / "MARKER"
    latex = payload.replace("{m}", str(marker))
    guarded(monkeypatch)
    try:
        out = parse(latex)
    except ParseError:
        out = None
    assert not marker.exists()
    if out is not None:   # at most plain symbols and arithmetic
        assert not out.atoms(sp.core.function.AppliedUndef) or all(
            len(a.func.__name__) == 1 for a in out.atoms(sp.core.function.AppliedUndef))


def test_no_text_is_evaluated_while_parsing(monkeypatch):
    inputs = [x for x, _ in TABLE] + [r"3! + \binom{5}{2}", r"1.25 + 10^{3}", r"\sqrt[3]{8}"]
    for s in inputs:   # warm every lazy import first
        parse(s)
    guarded(monkeypatch)
    for s in inputs:
        parse(s)


def test_nesting_and_size_stay_fast():
    import time

    start = time.perf_counter()
    assert parse("(" * 30 + "x" + ")" * 30) == x
    assert parse(r"\left(" * 20 + r"\sigma(x)" + r"\right)" * 20) == sigmoid(x)
    assert parse("|x|" * 200) == sp.Abs(x) ** 200
    assert time.perf_counter() - start < 5
    with pytest.raises(ParseError, match="too large"):
        parse("A^{-1}", shapes={"A": (12, 12)})
    with pytest.raises(ParseError, match="too long or nested"):
        parse("x+" * 1999 + "x")


def test_the_sides_of_one_identity_are_read_in_one_context():
    from derive.latex import parse_together

    left, right = parse_together([r"\sum_{j=1}^{n} \delta_{ij} x_j", "x_i"])
    x = sp.IndexedBase("x", real=True)
    i = sp.Symbol("i", integer=True)
    assert right == x[i] and right in left.atoms(sp.Indexed) | {right}
    assert parse("x_i") == sp.Symbol("x_i", real=True)    # alone, x_i is a plain symbol
    with pytest.raises(ParseError) as bad:
        parse_together(["x", r"\frac{1}{"])
    assert bad.value.latex == r"\frac{1}{"                 # the error names the text it is about
