"""Shared fixtures, and ``--full``: the long runs CI leaves out.

By default the mutation, fuzz and property suites run a fixed-seed subset (the same
examples every run), so the suite stays a few minutes on two cores and a red run can be
replayed; ``python -m pytest --full`` runs every mutant of the catalog and ten times the
generated examples, drawn afresh.
"""
import os

import pytest
import sympy as sp
from hypothesis import settings

# every property test draws the same examples on every run unless --full asks for new ones
settings.register_profile("fixed", derandomize=True)
settings.register_profile("full", derandomize=False)
settings.load_profile("fixed")

FULL_SCALE = {"DERIVE_FUZZ_EXAMPLES": "1500", "DERIVE_PROPERTY_EXAMPLES": "300"}


def pytest_addoption(parser):
    parser.addoption("--full", action="store_true",
                     help="the long runs: every mutant of the catalog, 10x the generated examples")


def pytest_configure(config):
    # the verdict cache: never ~/.cache, and off unless a test turns it on, so a test that
    # checks the verifier (or patches it) always sees a fresh verdict
    import tempfile
    os.environ["DERIVE_CACHE_DIR"] = tempfile.mkdtemp(prefix="derive-test-cache-")
    os.environ["DERIVE_NO_CACHE"] = "1"
    config.addinivalue_line("markers", "full: a long run, only with --full")
    if config.getoption("--full"):   # before the test modules read their sizes
        settings.load_profile("full")
        for name, value in FULL_SCALE.items():
            os.environ.setdefault(name, value)


def pytest_collection_modifyitems(config, items):
    if config.getoption("--full"):
        return
    skip = pytest.mark.skip(reason="a long run: python -m pytest --full")
    for item in items:
        if "full" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def x():
    return sp.Symbol("x", real=True)
