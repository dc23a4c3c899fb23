"""Named functions of ML, unfolded into their definitions or folded back, one rule a line.

    unfold(softmax)            softmax(z)_i = e^{z_i} / sum_k e^{z_k}       "definition of softmax"
    unfold(cross_entropy)      H(p, q) = -sum_k p_k log q_k                "definition of cross-entropy"
    unfold(entropy)            H(p) = -sum_k p_k log p_k                   "definition of entropy"
    unfold(kl_divergence)      D_KL(p || q) = sum_k p_k log(p_k / q_k)     "definition of KL divergence"
    unfold(sigmoid), unfold(softplus)                                       "definition of sigmoid", ...
    fold(F1, F2, ...)          each written-out definition -> its name     "definition(s) of ..."
"""
from __future__ import annotations


from ..core.functions import Defined, cross_entropy, entropy, kl_divergence, sigmoid, softmax, softplus
from .core import Rule

NAMES = {softmax: "softmax", cross_entropy: "cross-entropy", entropy: "entropy",
         kl_divergence: "KL divergence", sigmoid: "sigmoid", softplus: "softplus"}
UNFOLDABLE = (softmax, cross_entropy, entropy, kl_divergence)   # the ones without a derivative rule


def definition_name(*classes) -> str:
    names = [NAMES.get(c, c.__name__) for c in classes]
    if len(names) == 1:
        return f"definition of {names[0]}"
    return f"definitions of {', '.join(names[:-1])} and {names[-1]}"


def unfold(*classes) -> Rule:
    """Write every occurrence of the named functions out as its definition."""

    def go(e):
        if not e.has(*classes):
            return None
        return e.replace(lambda a: isinstance(a, classes), lambda a: a.definition())

    return Rule(definition_name(*classes), go, "replace a named function by its definition")


def fold(*instances: Defined) -> Rule:
    """Recognise the written-out definition of each instance and give it its name back."""
    classes = list(dict.fromkeys(type(f) for f in instances))

    def go(e):
        out = e
        for f in instances:
            out = out.subs(f.definition(), f)
        return out if out != e else None

    return Rule(definition_name(*classes), go, "replace a definition by the function's name")
