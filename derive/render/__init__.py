"""Output: derivations as LaTeX (align*, article, Beamer), Markdown, text, PDF and Jupyter views.

Printers take a chain with its verdicts and return text; nothing here verifies anything.
"""
