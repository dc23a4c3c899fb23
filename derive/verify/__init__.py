"""Verification of one relation: prepare both sides, sample and compare, confirm, prove.

``verify_relation`` is the pipeline; ``check_step`` applies it to one step of a derivation.
"""
from .numeric import DEFAULT, NumericOutcome, NumericSettings
from .prove import prove_equal, prove_inequality
from .relation import numeric_compare, verify_relation
from .step import check_step

__all__ = ["DEFAULT", "NumericOutcome", "NumericSettings", "check_step", "numeric_compare", "prove_equal",
           "prove_inequality", "verify_relation"]
