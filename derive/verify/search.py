"""For an order (<=, <, >=, >): a local search for a violation, from the worst samples.

Random samples of ``x <= 10`` rarely reach 10; starting from the samples where the
margin is smallest and stepping at several scales, the search walks to where it is
negative. It proposes points only: the comparison and its confirmation judge them.
"""
from __future__ import annotations

import numpy as np

from ..core.chain import ORDER
from .numeric import real_values

ROUNDS = 8      # rounds of proposals
KEEP = 8        # worst samples each round steps from


def margin(lv: np.ndarray, rv: np.ndarray, relation: str) -> np.ndarray:
    """How far each sample is from violating the order, relative to the sides' sizes
    (negative: violated; NaN: not evaluated)."""
    flip, _ = ORDER[relation]
    with np.errstate(invalid="ignore", over="ignore"):  # inf/inf is NaN: not evaluated
        m = (lv - rv) if flip else (rv - lv)
        return m / (1.0 + np.abs(lv) + np.abs(rv))


def _step(x: np.ndarray, domain: str, scale: np.ndarray, rng) -> np.ndarray:
    z = rng.normal(0.0, 1.0, x.shape) * scale
    if domain == "unit":
        logit = np.log(x) - np.log1p(-x)
        return 1.0 / (1.0 + np.exp(-(logit + 4 * z)))
    if domain in ("positive", "negative"):
        return x * np.exp(2 * z)
    if domain == "nonnegative":
        return np.abs(x + z * np.maximum(np.abs(x), 0.1))
    return x + z * np.maximum(np.abs(x), 0.1)


def local_search(inst, relation: str, rng: np.random.Generator):
    """An environment of ``len(samples)`` points nearer to (or past) a violation than
    ``inst``'s, or None when there is nothing to search over."""
    count = len(inst.lv)
    movable = [s for s in inst.free if s in inst.env and np.ndim(inst.env[s])
               and inst.conc.domain_of(s) in ("real", "positive", "negative", "nonnegative", "unit")]
    if not movable or inst.ev is None:
        return None
    env = {s: np.array(np.broadcast_to(v, (count,)), dtype=float) if np.ndim(v) else v
           for s, v in inst.env.items()}
    score = np.where(np.isfinite(inst.lv) & np.isfinite(inst.rv),
                     margin(inst.lv, inst.rv, relation), np.inf)
    for _ in range(ROUNDS):
        order = np.argsort(score)
        parents = np.repeat(order[:KEEP], count // KEEP + 1)[:count]
        scale = 10.0 ** rng.uniform(-3, 0.5, count)
        cand = {s: (v[parents] if np.ndim(v) else v) for s, v in env.items()}
        for s in movable:
            cand[s] = _step(cand[s], inst.conc.domain_of(s), scale, rng)
        try:
            lv = real_values(inst.ev(inst.lhs, cand), count)
            rv = real_values(inst.ev(inst.rhs, cand), count)
        except Exception:  # noqa: BLE001 - a proposal that cannot be evaluated is dropped
            return None
        new = np.where(np.isfinite(lv) & np.isfinite(rv), margin(lv, rv, relation), np.inf)
        # the population keeps the best of old and new, sample by sample slot
        both = np.concatenate([score, new])
        keep = np.argsort(both, kind="stable")[:count]
        env = {s: (np.concatenate([v, cand[s]])[keep] if np.ndim(v) else v) for s, v in env.items()}
        score = both[keep]
        if score[0] < 0:
            break
    return env
