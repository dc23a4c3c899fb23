"""Injection payloads for the input paths, and a guard that makes eval/exec of text fail."""
import builtins

PAYLOADS = [
    "__import__('os').system('touch {m}')",
    "exec(\"open('{m}', 'w')\")",
    "eval('open(\"{m}\", \"w\")')",
    "lambda: __import__('os').system('touch {m}')",
    r"\operatorname{__import__}('os')",
    r"\operatorname{exec}(x)",
    r"\mathrm{eval}(x)",
    r"\text{__import__('os').system('touch {m}')}",
    r"x_{__import__('os').system('touch {m}')}",
    r"\sum_{i=__import__('os')}^{n} x_i",
    r"\begin{__import__} x \end{__import__}",
    "open('{m}', 'w').write('x')",
    "().__class__.__base__.__subclasses__()",
    "Symbol('x')",
    r"\frac{d}{d__import__} x",
]


def guarded(monkeypatch):
    """Make eval/exec of text fail loudly (imports of modules still work)."""
    for name in ("eval", "exec"):
        orig = getattr(builtins, name)

        def guard(src, *a, _orig=orig, _name=name, **kw):
            if isinstance(src, (str, bytes)):
                raise AssertionError(f"{_name} of text: {src!r:.60}")
            return _orig(src, *a, **kw)

        monkeypatch.setattr(builtins, name, guard)
