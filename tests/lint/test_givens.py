"""Givens reach the steps after them: names, functions, and the derivatives of functions."""


def test_a_function_given_reaches_its_derivatives():
    from derive.lint.check import lint_text
    doc = ("% derive: given f(x) = x^3\n$$f'(x) = 3x^2$$\n$$f''(x) = 6x$$\n"
           "$$\\frac{df}{dx} = 3x^2$$\n$$f'(x) = 2x^2$$\n")
    assert [r.status for r in lint_text(doc, "t.md", None, 2.0, None)] == ["proved"] * 3 + ["refuted"]


def test_a_prime_at_a_compound_point_is_left_as_written():
    from derive.lint.givens import apply, parse_given
    assert apply("f'(x+h)", [parse_given("f(x) = x^3")]) == ("f'(x+h)", [])
