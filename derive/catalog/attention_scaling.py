"""Why attention divides by sqrt(d_k): Var(q . k / sqrt(d_k)) = 1 for standardised entries.

For i.i.d. entries q_i, k_i (q independent of k): E[q . k] = d_k E[q] E[k] and
Var(q . k) = d_k (E[q^2] E[k^2] - E[q]^2 E[k]^2). With zero mean and unit variance,
E[q . k] = 0 and Var(q . k) = d_k, so the scaled score q . k / sqrt(d_k) has variance 1.
"""
import sympy as sp
from sympy import IndexedBase, Sum, sqrt

from derive import Assumptions, Derivation
from derive.catalog._distributions import variance as Var
from derive.functions import Expectation as E

SLUG = "attention-scaling"
PILLAR = "linear algebra"


def build() -> Derivation:
    q, k = IndexedBase("q"), IndexedBase("k")
    Q, K = sp.Symbol("q"), sp.Symbol("k")
    i = sp.Symbol("i", integer=True)
    dk = sp.Symbol("d_k", integer=True, positive=True)
    A = (Assumptions().declare(q, "random", family="q").declare(Q, "random", family="q")
         .declare(k, "random", family="k").declare(K, "random", family="k")
         .declare(dk, "positive_integer").index(i, lower=1, upper=dk)
         # exact expectations enumerate 3^(2 d_k) outcomes: sample d_k = 1..4 (see the note)
         .index(dk, lower=1, upper=3)
         .note("q_1..q_dk are i.i.d. copies of q, k_1..k_dk of k, and the q's are independent "
               "of the k's; the identities hold for every d_k, the numeric check takes d_k <= 3"))
    d = Derivation(SLUG, r"Scaled dot-product attention: why divide by $\sqrt{d_k}$", pillar=PILLAR,
                   assumptions=A,
                   summary="The dot product of two random $d_k$-vectors has variance $d_k$; dividing "
                           "by $\\sqrt{d_k}$ keeps attention logits at unit scale, so the softmax "
                           "does not saturate as $d_k$ grows.")
    dot = Sum(q[i] * k[i], (i, 1, dk))
    d.start(E(dot), note=r"mean of the dot product $q \cdot k$")
    d.state(Sum(E(q[i] * k[i]), (i, 1, dk)), because="linearity of expectation")
    d.state(Sum(E(q[i]) * E(k[i]), (i, 1, dk)), because=r"$q_i$ and $k_i$ are independent")
    d.state(dk * E(Q) * E(K), because=r"identically distributed: $E[q_i] = E[q]$, $E[k_i] = E[k]$")

    shortcut = lambda X: sp.Eq(Var(X), E(X ** 2) - E(X) ** 2)  # noqa: E731 - variance-shortcut
    term = q[i] * k[i]
    d.start(Var(dot), note="variance of the dot product")
    d.state(Sum(Var(term), (i, 1, dk)),
            because=r"the terms $q_i k_i$ are independent: the variance of the sum is the sum of variances")
    d.state(Sum(E(term ** 2) - E(term) ** 2, (i, 1, dk)), using=[shortcut(term)],
            because=r"variance shortcut: $\operatorname{Var}(X) = E[X^2] - E[X]^2$")
    d.state(Sum(E(q[i] ** 2) * E(k[i] ** 2) - E(q[i]) ** 2 * E(k[i]) ** 2, (i, 1, dk)),
            because=r"$q_i$ and $k_i$ are independent, so are $q_i^2$ and $k_i^2$")
    per_term = E(Q ** 2) * E(K ** 2) - E(Q) ** 2 * E(K) ** 2
    d.state(dk * per_term, because="identically distributed")

    scaled = dot / sqrt(dk)
    d.start(Var(scaled), note="variance of the scaled score")
    d.state(E(scaled ** 2) - E(scaled) ** 2, using=[shortcut(scaled)], because="variance shortcut")
    d.state((E(dot ** 2) - E(dot) ** 2) / dk, because=r"linearity of expectation: $1/\sqrt{d_k}$ comes out")
    d.state(Var(dot) / dk, using=[shortcut(dot)], because="variance shortcut, read backwards")
    d.state(per_term, using=[sp.Eq(Var(dot), dk * per_term)], because=r"the variance of $q \cdot k$ above")

    mq, mk, sq, sk = sp.symbols("mu_q mu_k sigma_q sigma_k", real=True)
    moments = ((sq ** 2 + mq ** 2) * (sk ** 2 + mk ** 2) - mq ** 2 * mk ** 2)
    d.start(sp.Subs(moments, (mq, mk, sq, sk), (0, 0, 1, 1)),
            note=r"the same with $E[q] = \mu_q$, $E[q^2] = \sigma_q^2 + \mu_q^2$ (likewise for $k$), "
                 "at zero mean and unit variance")
    d.state(sp.S.One, because=r"standardised entries: $\mu = 0$, $\sigma = 1$, so $\operatorname{Var}(q \cdot k / \sqrt{d_k}) = 1$")
    return d
