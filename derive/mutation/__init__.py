"""Mutation testing: plant one plausible mistake in a catalog step and require a refutation.

``mutants`` makes the mistakes; ``run`` judges each with the catalog's own verifier.
"""
