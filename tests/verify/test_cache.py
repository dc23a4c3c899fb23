"""The on-disk verdict cache: hits skip the work, unsettled verdicts are never kept,
corrupt entries are ignored and rewritten, and concurrent writers never leave a torn one."""
import os
import threading

import pytest
import sympy as sp

from derive.core.assumptions import Assumptions
from derive.core.verdict import Verdict
from derive.verify import cache
from derive.verify.numeric import DEFAULT
from derive.verify.relation import verify_relation

x = sp.Symbol("x", real=True)


@pytest.fixture
def on(tmp_path, monkeypatch):
    monkeypatch.setenv("DERIVE_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("DERIVE_NO_CACHE", "0")
    return tmp_path


class Counting:
    def __init__(self, verdict=None):
        self.calls, self.verdict = 0, verdict

    def __call__(self, lhs, rhs, rel, A, budget, lemmas=None):
        self.calls += 1
        if self.verdict is not None:
            return self.verdict
        return verify_relation(lhs, rhs, rel, A, budget, lemmas=lemmas)


def test_a_hit_skips_the_work_and_gives_the_same_verdict(on):
    f = Counting()
    first = cache.cached(f, sp.sin(x) ** 2 + sp.cos(x) ** 2, sp.S.One, "=", Assumptions(), 2.0, DEFAULT)
    again = cache.cached(f, sp.sin(x) ** 2 + sp.cos(x) ** 2, sp.S.One, "=", Assumptions(), 2.0, DEFAULT)
    assert f.calls == 1 and first.status == again.status == "proved"


def test_a_wrong_step_is_refuted_from_the_cache_too(on):
    f = Counting()
    for _ in range(2):
        v = cache.cached(f, sp.sin(x) ** 2, sp.cos(x) ** 2, "=", Assumptions(), 2.0, DEFAULT)
        assert v.status == "refuted" and v.counterexample
    assert f.calls == 1


def test_the_key_changes_with_forms_relation_assumptions_settings_and_lemmas():
    A, B = Assumptions(), Assumptions().declare(x, "positive")
    base = cache.key(x, x, "=", A, 2.0, DEFAULT, None)
    others = [cache.key(x, 2 * x, "=", A, 2.0, DEFAULT, None),
              cache.key(x, x, "<=", A, 2.0, DEFAULT, None),
              cache.key(x, x, "=", B, 2.0, DEFAULT, None),
              cache.key(x, x, "=", A, 5.0, DEFAULT, None),
              cache.key(x, x, "=", A, 2.0, DEFAULT.__class__(samples=7), None),
              cache.key(x, x, "=", A, 2.0, DEFAULT, {x: sp.S.One})]
    assert len({base, *others}) == 7


@pytest.mark.parametrize("verdict", [Verdict(None, None, detail="over"),
                                     Verdict(True, "numeric", detail="symbolic budget of 2 s exhausted")])
def test_unsettled_verdicts_are_never_kept(on, verdict):
    f = Counting(verdict)
    for _ in range(2):
        cache.cached(f, x, x + 1, "=", Assumptions(), 2.0, DEFAULT)
    assert f.calls == 2
    assert not [p for p in on.rglob("*") if p.is_file()]


def test_a_corrupt_entry_is_ignored_and_rewritten(on):
    f = Counting()
    args = (sp.exp(x) * sp.exp(-x), sp.S.One, "=", Assumptions(), 2.0, DEFAULT)
    cache.cached(f, *args)
    (entry,) = [p for p in on.rglob("*") if p.is_file()]
    entry.write_bytes(b"not a pickle")
    assert cache.cached(f, *args).status == "proved" and f.calls == 2
    assert entry.read_bytes() != b"not a pickle"
    assert cache.cached(f, *args).status == "proved" and f.calls == 2


def test_turned_off_it_neither_reads_nor_writes(on, monkeypatch):
    monkeypatch.setenv("DERIVE_NO_CACHE", "1")
    f = Counting()
    for _ in range(2):
        cache.cached(f, x, x, "=", Assumptions(), 2.0, DEFAULT)
    assert f.calls == 2 and not list(on.rglob("*"))


def test_the_default_directory_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("DERIVE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.directory() == tmp_path / "derive"


def test_concurrent_writers_leave_a_whole_entry(on):
    v = Verdict(True, "symbolic", detail="simplify", samples=96)
    name = cache.key(x, x, "=", None, 2.0, DEFAULT, None)
    seen = []

    def writer():
        for _ in range(30):
            cache.store(name, v)
            got = cache.load(name)
            seen.append(got)

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(s == v for s in seen)
    assert [p.name for p in on.rglob("*") if p.is_file()] == [name]


def test_the_suite_never_touches_the_user_cache():
    assert "derive-test-cache-" in os.environ["DERIVE_CACHE_DIR"]


def test_same_named_functions_of_different_kinds_never_share_a_key():
    class sigmoid(sp.Function):
        pass

    undefined = sp.Function("sigmoid")(x)
    positive = sp.Function("sigmoid", positive=True)(x)
    texts = {cache.form_text(undefined), cache.form_text(positive), cache.form_text(sigmoid(x)),
             cache.form_text(sp.Symbol("x", positive=True)), cache.form_text(x)}
    assert len(texts) == 5
    assert cache.form_text(sp.Float(0.5, 15)) != cache.form_text(sp.Float(0.5, 30))


def test_matrix_calculus_steps_are_kept_too(on, monkeypatch):
    """derive.matrix's checks go through the cache as well (a repeated check --all costs
    about the import), and a hit gives the same verdicts."""
    import derive.matrix.check as matrix_check
    from derive.catalog import build

    calls = []
    real = matrix_check.check_matrix_step
    monkeypatch.setattr(matrix_check, "check_matrix_step",
                        lambda *a: calls.append(a) or real(*a))

    def statuses():
        d = build("ridge-matrix")
        d.verify()
        return [s.verdict.status for s in d.steps if s.relation is not None]

    first = statuses()
    done = len(calls)
    assert done > 0 and "refuted" not in first and "undecided" not in first
    assert statuses() == first and len(calls) == done
