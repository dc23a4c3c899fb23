"""The model every stage shares: steps and chains, assumptions, verdicts, named functions.

Nothing here parses, checks or prints; ``latex``, ``verify`` and ``render`` do, on these.
"""
