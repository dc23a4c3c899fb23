"""Shared fixtures: symbols with the domains the tests talk about."""
import pytest
import sympy as sp


@pytest.fixture
def x():
    return sp.Symbol("x", real=True)
