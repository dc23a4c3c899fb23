"""The notation of ML papers: what each form reads as, and what the ambiguous ones must not read as."""

import pytest
import sympy as sp

from derive.checking import check
from derive.core.functions import Expectation, sigmoid
from derive.core.notation import variance
from derive.latex import ParseError, parse

x, y, a, b, c, X, Y, L, theta = sp.symbols("x y a b c X Y L theta", real=True)
n = sp.Symbol("n", integer=True, positive=True)
i = sp.Symbol("i", integer=True)
xs, as_, bs = (sp.IndexedBase(s, real=True) for s in "xab")
f, p, P, Pr = (sp.Function(s, real=True) for s in ("f", "p", "P", "Pr"))
k_ = sp.Symbol("k", real=True)

READS = [
    # scientific notation: 2.5E2 is a number, not 2.5 * E * 2
    (r"2.5E2", sp.Integer(250)),
    (r"1e-3 x", x / 1000),
    (r"3.0E-2", sp.Rational(3, 100)),
    # probability
    (r"p(x \mid \theta)", p(x, theta)),
    (r"p(x | \theta)", p(x, theta)),
    (r"p(x; \theta)", p(x, theta)),
    (r"\Pr(X=1)", Pr(sp.Eq(X, 1, evaluate=False))),
    (r"\mathbb{P}(X = 1 \mid Y = 0)", P(sp.Eq(X, 1, evaluate=False), sp.Eq(Y, 0, evaluate=False))),
    (r"E_{x}[x^2]", Expectation(x ** 2)),
    (r"\mathbb{E}_{x \sim p}[f(x)]", Expectation(f(x))),
    (r"\textrm{Var}[X]", variance(X)),
    (r"\mathrm{Var}(X)", variance(X)),
    (r"\mathrm{Cov}(X, Y)", Expectation((X - Expectation(X)) * (Y - Expectation(Y)))),
    # primes
    (r"f'(x)", sp.Derivative(f(x), x)),
    (r"f''(x)", sp.Derivative(f(x), (x, 2))),
    (r"\sigma'(x)", sp.Derivative(sigmoid(x), x)),
    (r"x' + 1", sp.Symbol("xprime", real=True) + 1),
    (r"\partial_{x} f", sp.Derivative(sp.Symbol("f", real=True), x)),
    (r"\frac{\partial L}{\partial \mathbf{W}^{(2)}}", sp.Derivative(L, sp.Symbol("W^{(2)}", real=True))),
    # ellipses
    (r"x_1 + \cdots + x_n", sp.Sum(xs[i], (i, 1, n))),
    (r"x_1 + x_2 + \dots + x_n", sp.Sum(xs[i], (i, 1, n))),
    (r"a_1 b_1 + \cdots + a_n b_n", sp.Sum(as_[i] * bs[i], (i, 1, n))),
    (r"1 + x + x^2 + \cdots + x^n", sp.Sum(x ** i, (i, 0, n))),
    (r"c + x_1 + \cdots + x_n", c + sp.Sum(xs[i], (i, 1, n))),
    (r"\sum_{i \in [n]} x_i", sp.Sum(xs[i], (i, 1, n))),
    # structured names
    (r"\sigma^2_X", sp.Symbol("sigma_X", real=True) ** 2),
    (r"x^2_i", sp.Symbol("x_i", real=True) ** 2),
    (r"x^{\ast}", sp.Symbol("x^*", real=True)),
    (r"x^*", sp.Symbol("x^*", real=True)),
    (r"W^{(2)} x", sp.Symbol("W^{(2)}", real=True) * x),
    # binomials, annotations, bars, gcd, floors
    (r"{n \choose k}", sp.binomial(n, k_)),
    (r"\tbinom{n}{k}", sp.binomial(n, k_)),
    (r"\dbinom{n}{k}", sp.binomial(n, k_)),
    (r"\underbrace{a+b}_{c}", a + b),
    (r"\overbrace{a+b}^{c} \cdot 2", 2 * (a + b)),
    (r"\vert x \vert", sp.Abs(x)),
    (r"\lvert x \rvert", sp.Abs(x)),
    (r"\mleft( x + 1 \mright) y", (x + 1) * y),
    (r"\gcd(12, 18)", sp.Integer(6)),
    (r"\lcm(4, 6)", sp.Integer(12)),
    (r"\operatorname{floor}(x)", sp.floor(x)),
    (r"\left\lfloor x \right\rfloor", sp.floor(x)),
    (r"\mathrm{ceil}(x)", sp.ceiling(x)),
    (r"\log_2 x", sp.log(x) / sp.log(2)),
    (r"\underset{x \to 0}{\lim} x + 1", sp.Limit(x, x, 0, "+-") + 1),
]


@pytest.mark.parametrize("latex,expected", READS, ids=[s for s, _ in READS])
def test_reads_as(latex, expected):
    got = parse(latex)
    assert got == expected, f"{latex} -> {got!r}, expected {expected!r}"


def test_wrong_readings_are_gone():
    """Readings that were wrong before, which is worse than failing."""
    assert parse(r"2.5E2") != 5 * sp.E
    assert not parse(r"E_{x}[x^2]").has(sp.Symbol("E_x", real=True))
    assert parse(r"\gcd(a, b)") != 1                        # SymPy's gcd of two symbols is 1
    assert parse(r"\mathbf{AB}") == parse(r"\mathbf{A}\mathbf{B}")


def test_sum_over_a_set_is_over_its_size():
    s = parse(r"\frac{1}{|\mathcal{B}|} \sum_{i \in \mathcal{B}} x_i")
    size = sp.Symbol("Bcal", integer=True, positive=True)
    assert s == sp.Sum(xs[i], (i, 1, size)) / size


def test_sum_scope_is_as_written_with_a_note():
    notes: list = []
    got = parse(r"\sum_i a_i + b_i", notes=notes)
    assert got == sp.Sum(as_[i], (i, 1, n)) + bs[i]           # b_i is outside the sum
    assert got != sp.Sum(as_[i] + bs[i], (i, 1, n))
    assert any("outside" in note for note in notes)
    quiet: list = []
    parse(r"\sum_i a_i + c", notes=quiet)
    assert not quiet


def test_the_note_reaches_the_verdict():
    v = check(r"\sum_i a_i + b_i", r"b_i + \sum_i a_i")
    assert v.holds is True
    assert any("outside" in r for r in v.extra["readings"])


def test_call_with_an_ellipsis_keeps_the_written_arguments():
    notes: list = []
    w1, wN = sp.symbols("w_1 w_N", real=True)
    assert parse(r"L(w_1, \ldots, w_N)", notes=notes) == sp.Function("L", real=True)(w1, wN)
    assert notes


@pytest.mark.parametrize("latex", [
    r"x_1 + \cdots",                 # nothing after the dots
    r"x_1 + \cdots - x_n",           # the signs differ
    r"x_1 + x_5 + \cdots + y_n",     # the terms do not follow one pattern
    r"\cdots",
])
def test_ellipses_that_show_no_pattern_are_refused(latex):
    with pytest.raises(ParseError):
        parse(latex)


def test_a_wrong_ellipsis_sum_is_refuted():
    assert check(r"x_1 + \cdots + x_n", r"\sum_{j=1}^{n} x_j").holds is True
    assert check(r"x_1 + \cdots + x_n", r"\sum_{j=1}^{n} x_j + 1").holds is False
    assert check(r"x_1 + \cdots + x_n", r"\sum_{j=2}^{n} x_j").holds is False


def test_primes_are_derivatives_of_functions():
    assert check(r"f'(x)", r"\frac{d}{dx} f(x)").holds is True
    assert check(r"\sigma'(x)", r"\sigma(x)(1 - \sigma(x))").holds is True
    assert check(r"\sigma'(x)", r"\sigma(x)").holds is False
    assert parse(r"x'") != parse(r"x")                         # x' is a symbol of its own


def test_conditional_density_is_a_function_of_both():
    assert parse(r"p(x \mid \theta)") == parse(r"p(x; \theta)")
    assert parse(r"p(x \mid \theta)") != parse(r"p(x) \theta")


# bold capitals: matrices that do not commute (checked by derive.matrix)
def test_bold_capitals_are_matrices():
    ab = parse(r"\mathbf{A}\mathbf{B}")
    assert isinstance(ab, sp.MatMul)
    assert ab.args[0].name == "A" and ab.args[1].name == "B"
    assert isinstance(parse(r"\mathbf{I}\mathbf{A}").args[0], sp.Identity)
    dot = parse(r"\mathbf{x}^\top \mathbf{y}")
    assert dot.shape == (1, 1)
    assert parse(r"\mathbf{x} \cdot \mathbf{y}") == dot


@pytest.mark.parametrize("lhs,rhs,holds", [
    (r"\mathbf{A}\mathbf{B}", r"\mathbf{B}\mathbf{A}", False),
    (r"(\mathbf{A}\mathbf{B})^\top", r"\mathbf{B}^\top\mathbf{A}^\top", True),
    (r"(\mathbf{A}\mathbf{B})^\top", r"\mathbf{A}^\top\mathbf{B}^\top", False),
    (r"\mathbf{I}\mathbf{A}", r"\mathbf{A}", True),
    (r"\mathbf{AB}", r"\mathbf{A}\mathbf{B}", True),
    (r"(\mathbf{A} + \mathbf{B})^2", r"\mathbf{A}^2 + 2\mathbf{A}\mathbf{B} + \mathbf{B}^2", False),
    (r"\mathbf{X}(\mathbf{X}^\top\mathbf{X})^{-1}\mathbf{X}^\top", r"\mathbf{I}", False),
    (r"\|\mathbf{x}\|^2", r"\mathbf{x}^\top \mathbf{x}", True),
    (r"(\mathbf{x}^\top\mathbf{y})^2", r"(\mathbf{x}^\top\mathbf{x})(\mathbf{y}^\top\mathbf{y})", False),
])
def test_matrix_identities(lhs, rhs, holds):
    v = check(lhs, rhs)
    assert v.holds is holds, v.summary()


def test_bold_capitals_the_matrix_reading_cannot_take_are_refused():
    with pytest.raises(ParseError):
        parse(r"\sin(\mathbf{A}\mathbf{B})")


def test_one_bold_capital_named_once_reads_as_before():
    got = parse(r"\frac{\partial L}{\partial \mathbf{W}}")
    assert got == sp.Derivative(L, sp.Symbol("W", real=True))


# plain letters with ^T / ^\top: vectors and matrices (cs229's y^T A y), unless T is a variable
def test_plain_transposed_letters_are_vectors_and_matrices():
    xt = parse(r"x^\top")
    assert isinstance(xt, sp.Transpose) and xt.arg.shape[1] == 1
    assert parse(r"x^T") == xt
    T = sp.Symbol("T", real=True)
    assert parse(r"x^T + T") == x ** T + T                 # T is a variable: a power
    gamma = sp.Symbol("gamma", real=True)
    assert parse(r"\gamma^T") == gamma ** T              # a discount to the horizon T


@pytest.mark.parametrize("lhs,rhs,holds", [
    (r"x^T(zz^T)x", r"(x^Tz)(z^Tx)", True),
    (r"(x^Tz)(z^Tx)", r"(x^Tz)^2", True),
    (r"w^T x", r"x^T w", True),
    (r"(AB)^T", r"B^T A^T", True),
    (r"(AB)^T", r"A^T B^T", False),
    (r"(\theta^T x)^2", r"(\theta^T \theta)(x^T x)", False),
    (r"\beta^T X^T X \beta", r"\|X\beta\|^2", True),
])
def test_plain_transposes(lhs, rhs, holds):
    v = check(lhs, rhs)
    assert v.holds is holds, v.summary()


@pytest.mark.parametrize("latex,expected", [
    (r"\max\{a, b\}", sp.Max(a, b)),
    (r"\| x \|_2", sp.Abs(x)),
    (r"RSS(\theta)", sp.Function("RSS", real=True)(theta)),
    (r"t_{k'}", sp.Symbol("t_kprime", real=True)),
    (r"\mathring{x}_p", sp.Symbol("xring_p", real=True)),
    (r"x_p^{\,} + g^{\,}(y)", sp.Symbol("x_p", real=True) + sp.Function("g", real=True)(y)),
    (r"\lambda_{\min}", sp.Symbol("lambda_min", real=True)),
    (r"\nabla f(x)", sp.Derivative(f(x), x)),
    (r"\nabla^2 f(x)", sp.Derivative(f(x), (x, 2))),
    (r"\underset{\epsilon \to 0}\lim \epsilon", sp.Limit(sp.Symbol("epsilon", real=True),
                                                         sp.Symbol("epsilon", real=True), 0, "+-")),
    (r"\overset{\,}{y}_p", sp.Symbol("y_p", real=True)),
])
def test_corpus_spellings(latex, expected):
    assert parse(latex) == expected


def test_two_capitals_before_parentheses_stay_a_product():
    A, B = sp.symbols("A B", real=True)
    assert parse(r"AB(x)") == A * B * x


@pytest.mark.parametrize("lhs,rhs,holds", [
    (r"\Vert \mathbf{d} \Vert_2^2", r"\mathbf{d}^\top \mathbf{d}", True),
    (r"\left\|\mathbf{A}\mathbf{x}\right\|_2^2", r"\mathbf{x}^\top\mathbf{A}^\top\mathbf{A}\mathbf{x}", True),
    (r"\langle \mathbf{x}, \mathbf{y} \rangle", r"\mathbf{y}^\top \mathbf{x}", True),
    (r"\lVert \mathbf{x} \rVert_2^2", r"\mathbf{x}^\top \mathbf{x} \mathbf{x}^\top \mathbf{x}", False),
])
def test_norms_and_inner_products(lhs, rhs, holds):
    assert check(lhs, rhs).holds is holds


@pytest.mark.parametrize("lhs,rhs,holds", [
    (r"[\mathbf{A}\mathbf{x}]_k", r"\sum_j A_{kj} x_j", True),
    (r"[\mathbf{A}\mathbf{x}]_k", r"\sum_j A_{jk} x_j", False),
    (r"[\mathbf{A}^\top\mathbf{x}]_k", r"\sum_j A_{jk} x_j", True),
    (r"[\mathbf{A}\mathbf{B}]_{ij}", r"\sum_k A_{ik} B_{kj}", True),
    (r"[\mathbf{A}\mathbf{B}]_{ij}", r"\sum_k A_{kj} B_{ik}", False),
])
def test_entries_of_products_in_index_notation(lhs, rhs, holds):
    v = check(lhs, rhs)
    assert v.holds is holds, v.summary()


def test_an_entry_of_no_matrix_is_refused():
    with pytest.raises(ParseError):
        parse(r"[\mathbf{A} + 1]_k")


@pytest.mark.parametrize("lhs,rhs,holds", [
    (r"b^T x", r"\sum_i b_i x_i", True),
    (r"b^T x", r"\sum_i b_i x_i + 1", False),
    (r"\mathbf{x}^T \mathbf{y}", r"\sum_{n=1}^N x_n y_n", True),
    (r"\|\mathbf{x}\|^2", r"\sum_{i=1}^{d} x_i^2", True),
    (r"x^T A x", r"\sum_i \sum_j x_i A_{ij} x_j", True),
    (r"x^T A x", r"\sum_i \sum_j x_i A_{ji} x_i", False),
])
def test_matrix_forms_beside_index_notation(lhs, rhs, holds):
    """A side written as a sum turns the other's x^T y into the sum over j of x[j] y[j]."""
    v = check(lhs, rhs)
    assert v.holds is holds, v.summary()
    assert any("index notation" in r for r in v.extra.get("readings", []))


@pytest.mark.parametrize("latex,expected", [
    (r"\pi(a \vert s)", sp.Function("pi", real=True)(sp.Symbol("a", real=True), sp.Symbol("s", real=True))),
    (r"p(y | x)", p(y, x)),
    (r"\mathbb{E}_{q} \log p(x) + 1", Expectation(sp.log(p(x))) + 1),
    (r"\|x\|^2_2", x ** 2),
    (r"p(x_1, x_2, ..., x_n)", p(*sp.symbols("x_1 x_2 x_n", real=True))),
    (r"e^{f_{y_i}}", sp.exp(sp.Symbol("f_y_i", real=True))),
])
def test_more_corpus_spellings(latex, expected):
    assert parse(latex) == expected


def test_pi_alone_is_still_the_number():
    assert parse(r"2\pi r") == 2 * sp.pi * sp.Symbol("r", real=True)
    assert parse(r"\pi(1 + x)") == sp.pi * (1 + x)


@pytest.mark.parametrize("lhs, rhs", [("x^T y", "x y^T"),
                                      (r"\mathbf{x}^\top\mathbf{y}", r"\mathbf{x}\mathbf{y}^\top")])
def test_the_claim_does_not_choose_the_sizes(lhs, rhs):
    """A number beside an outer product: inferring the sizes from both sides at once would
    make every vector 1x1, where the false identity holds."""
    from derive import check
    v = check(lhs, rhs)
    assert v.holds is False and "(1, 1) vs" in v.summary()
    assert check("x^T y", "y^T x").holds is True and check("(AB)^T", "B^T A^T").holds is True
