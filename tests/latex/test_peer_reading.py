"""derive.parse reads what latex2sympy2_extended reads, with the same value (up to the
conventions in the README's table: natural \\log, case kept)."""
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from derive.latex import parse
from tests.latex.peer_grammar import baseline, generate, same_value


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=2 ** 32))
def test_reads_what_latex2sympy_reads_with_the_same_value(seed):
    latex = generate(random.Random(seed))
    try:
        expected = baseline(latex)
    except Exception:  # noqa: BLE001 - not an input latex2sympy reads: nothing to compare
        return
    got = parse(latex)
    assert same_value(got, expected, seed=seed) is not False, f"{latex}: {got} vs {expected}"


def test_the_comparison_can_fail():
    """The numeric comparison tells different readings apart (the test above can fail)."""
    assert same_value(parse(r"\log x"), baseline(r"\log_{10} x")) is False
    assert same_value(parse(r"x - y"), baseline(r"x + y")) is False
    assert same_value(parse(r"\frac{1}{2} x"), baseline(r"0.5 x")) is True
