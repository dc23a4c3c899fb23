"""Output: derivations as LaTeX (align*, article, Beamer), Markdown, text, PDF, HTML and Jupyter.

Printers take a chain with its verdicts and return text; nothing here verifies anything.
"""
