"""Reading derivations out of documents (.tex, .md, .ipynb) and checking each step.

The package is callable, so ``derive.lint(path)`` works even once ``derive.lint.*`` is imported."""
import sys
import types


class _Callable(types.ModuleType):
    def __call__(self, source, **kwargs):
        from .check import lint
        return lint(source, **kwargs)


sys.modules[__name__].__class__ = _Callable
