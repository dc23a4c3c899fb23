"""diff_steps: one named rule a step, outermost first, ending at SymPy's derivative."""
import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings

from derive.diffsteps import diff_steps
from derive.core.functions import sigmoid
from derive.verify import verify_relation
from tests.expression_trees import X, trees

x = X


def rules_of(d):
    return [s.rule for s in d.steps if s.relation is not None]


def test_textbook_order_for_a_product_of_a_composite():
    d = diff_steps(sp.log(1 + sp.exp(x)) * sp.sin(x), x)
    names = rules_of(d)
    assert names[0] == "product rule"
    chain = names.index("chain rule, derivative of log")
    assert chain < names.index("derivative of exp")
    assert "derivative of sin" in names
    assert all(s.verdict.status == "proved" for s in d.steps if s.relation is not None)
    assert sp.simplify(d.result - sp.diff(sp.log(1 + sp.exp(x)) * sp.sin(x), x)) == 0
    assert not d.result.has(sp.Derivative)


def test_nested_mode_works_inner_derivatives_out_beside_the_chain_rule():
    flat = diff_steps(sp.log(1 + sp.exp(x)), x)
    nested = diff_steps(sp.log(1 + sp.exp(x)), x, nested=True)
    assert len(nested) < len(flat)
    chain = next(s for s in nested.steps if s.rule.startswith("chain rule"))
    assert [s.rule for s in chain.substeps][-1] == "derivative of exp"
    assert all(s.verdict.holds for s in chain.substeps[1:])
    assert nested.result == flat.result
    assert "inner derivative" in nested.to_text()


def test_sigmoid_is_recognised_by_name():
    d = diff_steps(sigmoid(2 * x), x)
    assert rules_of(d)[0] == "chain rule, derivative of sigmoid"
    assert d.verify().ok and verify_relation(d.result, sp.diff(sigmoid(2 * x), x)).holds


def test_a_final_tidy_step_when_it_shortens_the_result():
    f = sp.exp(x) / (1 + sp.exp(x))
    d = diff_steps(f, x)
    assert rules_of(d)[0] == "quotient rule"
    assert rules_of(d)[-1] in {"simplify", "factor", "cancel", "common denominator"}
    assert sp.count_ops(d.result) < sp.count_ops(d.steps[-2].expr)
    assert sp.simplify(d.result - sp.diff(f, x)) == 0


def test_indexed_variables_give_kronecker_deltas():
    z = sp.IndexedBase("z")
    i, j = sp.symbols("i j", integer=True)
    d = diff_steps(sp.exp(z[i]), z[j])
    assert d.result == sp.exp(z[i]) * sp.KroneckerDelta(i, j)
    assert rules_of(d) == ["derivative of exp"]


def test_second_derivatives():
    d = diff_steps(sp.Derivative(sp.sin(x), x), x)
    assert rules_of(d)[0] == "one derivative at a time" and d.result == -sp.sin(x)
    assert d.steps[1].substeps[-1].expr == sp.cos(x) and d.verify().ok


def test_constant_expression_and_bad_arguments():
    d = diff_steps(sp.Integer(3), x)
    assert d.result == 0 and rules_of(d) == ["constant rule"]
    with pytest.raises(TypeError):
        diff_steps("x**2", x)
    with pytest.raises(TypeError):
        diff_steps(x ** 2, x + 1)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees(max_leaves=4))
def test_random_expressions_end_at_sympys_derivative(f):
    d = diff_steps(f, x, budget=1.0)
    assert d.verify().refuted == 0
    assert not d.result.has(sp.Derivative)
    same = verify_relation(d.result, sp.diff(f, x), budget=1.0)
    assert same.holds is True or sp.simplify(d.result - sp.diff(f, x)) == 0
    assert d.to_latex() and d.to_text() and d.to_markdown()
