"""Named functions unfolded into their definitions and folded back."""
import sympy as sp

from derive import Assumptions
from derive.core.functions import cross_entropy, entropy, kl_divergence, sigmoid, softmax
from derive.rules import definitions as F
from derive.verify import numeric_compare

z, p, q = sp.IndexedBase("z"), sp.IndexedBase("p"), sp.IndexedBase("q")
i, j, k = sp.symbols("i j k", integer=True)
n = sp.Symbol("n", integer=True, positive=True)
x = sp.Symbol("x", real=True)


def test_names_read_like_prose():
    assert F.definition_name(softmax) == "definition of softmax"
    assert F.definition_name(entropy, kl_divergence) == "definitions of entropy and KL divergence"


def test_unfold_writes_the_definition_out():
    out = F.unfold(softmax)(2 * softmax(z, i, n))
    assert out == 2 * sp.exp(z[i]) / sp.Sum(sp.exp(z[k]), (k, 1, n))
    assert F.unfold(softmax)(sigmoid(x)) is None
    assert F.unfold(sigmoid)(sigmoid(x) + 1) == 1 / (1 + sp.exp(-x)) + 1
    assert F.unfold(cross_entropy).name == "definition of cross-entropy"


def test_fold_gives_the_name_back():
    Z = sp.Sum(sp.exp(z[k]), (k, 1, n))
    e = sp.exp(z[i]) * sp.KroneckerDelta(i, j) / Z - sp.exp(z[i]) * sp.exp(z[j]) / Z ** 2
    out = F.fold(softmax(z, i, n), softmax(z, j, n))(e)
    assert out == softmax(z, i, n) * sp.KroneckerDelta(i, j) - softmax(z, i, n) * softmax(z, j, n)
    assert F.fold(softmax(z, i, n))(sp.exp(z[i])) is None


def test_unfold_and_fold_are_sound():
    A = (Assumptions().declare(p, "simplex", size=n).declare(q, "simplex", size=n)
         .index(k, lower=1, upper=n))
    for f in (cross_entropy(p, q, n), entropy(p, n), kl_divergence(p, q, n)):
        e = f + 1
        out = F.unfold(type(f))(e)
        assert numeric_compare(e, out, "=", A).holds is True
        assert F.fold(f)(out) == e
