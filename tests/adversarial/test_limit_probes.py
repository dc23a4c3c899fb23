"""Adversarial probes of limits: at infinity a limit is not read at one scale (x / (x + 10^7)
looks like 1/11 at x = 10^6), and a two-sided limit is checked from both sides. Each probe
runs in a forked child with a timeout (the runner of test_refuter_probes)."""
from __future__ import annotations

import collections

import pytest

from .test_refuter_probes import NOT_TRUE, _id, _ok, outcome


def _rows():
    rows = []   # (class, lhs, rhs, relation, assumptions, expected)
    for c in (7, 9, 11):   # a constant that sets the scale where the limit is reached
        rows.append(("limits-infinity", rf"\lim_{{x\to\infty}} \frac{{x}}{{x+10^{c}}}",
                     r"\frac{1}{11}", "=", None, False))
        rows.append(("limits-infinity", rf"\lim_{{x\to\infty}} \frac{{x}}{{x+10^{c}}}",
                     "0", "=", None, False))
    rows.append(("limits-infinity", r"\lim_{x\to -\infty} \frac{x}{x-10^7}", r"\frac{1}{11}", "=",
                 None, False))
    rows.append(("limits-infinity", r"\lim_{x\to\infty} (1 + 1/x)^x", "2.718", "=", None, False))
    for rhs in ("1", "-1", "0"):   # two-sided: the one-sided limits differ
        rows.append(("limits-two-sided", r"\lim_{x\to 0} \frac{|x|}{x}", rhs, "=", None, NOT_TRUE))
    rows.append(("limits-two-sided", r"\lim_{x\to 0} \frac{x}{|x|}", "1", "=", None, NOT_TRUE))
    rows.append(("limits-two-sided", r"\lim_{x\to 2} \frac{|x-2|}{x-2}", "1", "=", None, NOT_TRUE))
    # true controls
    rows.append(("limits-infinity", r"\lim_{x\to\infty} \frac{x}{x+10^7}", "1", "=", None, True))
    rows.append(("limits-infinity", r"\lim_{x\to\infty} \frac{x}{x+1}", "1", "=", None, True))
    rows.append(("limits-infinity", r"\lim_{x\to\infty} (1 + 1/x)^x", "e", "=", None, True))
    rows.append(("limits-infinity", r"\lim_{x\to\infty} x e^{-x}", "0", "=", None, True))
    rows.append(("limits-infinity", r"\lim_{x\to -\infty} \frac{2x+1}{x}", "2", "=", None, True))
    rows.append(("limits-two-sided", r"\lim_{x\to 0} \frac{\sin x}{x}", "1", "=", None, True))
    rows.append(("limits-two-sided", r"\lim_{x\to 0} \frac{x^2}{|x|}", "0", "=", None, True))
    return rows


ROWS = _rows()
FAST = ROWS[::3]


def test_limit_probe_classes():
    counts = collections.Counter(r[0] for r in ROWS)
    assert counts["limits-infinity"] >= 10 and counts["limits-two-sided"] >= 6


@pytest.mark.parametrize("row", FAST, ids=_id)
def test_limit_probe_fast(row):
    got = outcome(row)
    assert _ok(row[5], got), (row, got)


@pytest.mark.full
@pytest.mark.parametrize("row", ROWS, ids=_id)
def test_limit_probe_full(row):
    got = outcome(row)
    assert _ok(row[5], got), (row, got)
