"""What a verdict's one line tells the user."""
import derive
from derive.core.verdict import Verdict


def test_a_counterexample_where_a_side_is_not_real_names_the_domain_to_declare():
    line = derive.check(r"\log(a b)", r"\log a + \log b").summary()
    assert line.startswith("refuted at a = -")
    assert "right side is not real there" in line and "assume a > 0" in line


def test_declaring_the_domain_makes_the_identity_hold():
    v = derive.check(r"\log(a b)", r"\log a + \log b", assumptions={"a": "positive", "b": "positive"})
    assert v.holds is True


def test_real_counterexamples_carry_no_hint():
    line = Verdict(holds=False, method="numeric", counterexample={"x": -1.0},
                   lhs_value=1.0, rhs_value=2.0).summary()
    assert line == "refuted at x = -1: left = 1, right = 2"
