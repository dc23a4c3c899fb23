"""The corpus of real derivations: every document is read and no step of it is refuted."""
from pathlib import Path

import pytest

from derive.lint.check import lint

CORPUS = sorted((Path(__file__).parent / "corpus").glob("*.md"))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_document_verifies(path):
    results = lint(path)
    assert results and all(r.status in ("proved", "numeric") for r in results), \
        [(r.line, r.status, r.message) for r in results]
