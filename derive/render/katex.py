"""KaTeX for the HTML export: found on this machine, never fetched from a CDN at view time.

The page must typeset with no network, so KaTeX's files (``katex.min.js``,
``katex.min.css`` and its fonts) come from the npm package ``katex``, which the
checkout's ``package.json`` pins: ``npm install`` in the checkout puts it in
``node_modules/katex/dist``. ``DERIVE_KATEX`` may name another ``dist`` folder.
A single page carries KaTeX inline (fonts as data URIs, so the file stands alone);
a site copies the files once into ``assets/katex/``. Only the woff2 fonts are used:
every browser that runs KaTeX reads them.
"""
from __future__ import annotations

import base64
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

ENV = "DERIVE_KATEX"
INSTALL_HINT = (f"run `npm install` in the derive checkout (its package.json pins KaTeX), "
                f"or set {ENV} to a katex/dist folder")
NEEDED = ("katex.min.js", "katex.min.css", "fonts")
_SRC = re.compile(r"src:([^;}]*)")
_WOFF2 = re.compile(r"url\((fonts/[A-Za-z0-9_.-]+\.woff2)\)\s*format\([\"']woff2[\"']\)")


class KatexMissing(Exception):
    """KaTeX's files are not on this machine: the message says how to get them."""


@dataclass(frozen=True)
class Katex:
    """A KaTeX ``dist`` folder with the files the export uses."""

    dist: Path
    version: str

    def css(self) -> str:
        """KaTeX's stylesheet with only the woff2 fonts, still as ``fonts/...`` URLs."""
        return woff2_only((self.dist / "katex.min.css").read_text(encoding="utf-8"))

    def js(self) -> str:
        return (self.dist / "katex.min.js").read_text(encoding="utf-8")

    def fonts(self) -> list:
        """The woff2 fonts the stylesheet names, as paths relative to ``dist``."""
        return sorted(set(_WOFF2.findall(self.css())))

    def inline_css(self) -> str:
        """The stylesheet with every font embedded as a data URI (no file beside the page)."""
        def embed(m: re.Match) -> str:
            data = base64.b64encode((self.dist / m.group(1)).read_bytes()).decode("ascii")
            return 'url(data:font/woff2;base64,%s) format("woff2")' % data
        return _WOFF2.sub(embed, self.css())

    def files(self) -> dict:
        """What a site's ``assets/katex/`` holds: relative path -> bytes."""
        out = {"katex.min.css": self.css().encode("utf-8"),
               "katex.min.js": (self.dist / "katex.min.js").read_bytes()}
        for font in self.fonts():
            out[font] = (self.dist / font).read_bytes()
        return out


def woff2_only(css: str) -> str:
    """Each ``@font-face`` of KaTeX's stylesheet reduced to its woff2 source."""
    def keep(m: re.Match) -> str:
        woff2 = _WOFF2.search(m.group(1))
        return "src:" + woff2.group(0) if woff2 else m.group(0)
    return _SRC.sub(keep, css)


def candidates(cwd: Optional[Path] = None) -> list:
    """Where KaTeX is looked for, in order: $DERIVE_KATEX, node_modules in the current
    directory or one above it, then in the checkout derive was imported from."""
    out = []
    if os.environ.get(ENV):
        out.append(Path(os.environ[ENV]).expanduser())
    here = (cwd or Path.cwd()).resolve()
    for base in (here, *here.parents, Path(__file__).resolve().parents[2]):
        path = base / "node_modules" / "katex" / "dist"
        if path not in out:
            out.append(path)
    return out


def find_katex(cwd: Optional[Path] = None) -> Katex:
    """The first usable KaTeX; ``KatexMissing`` (saying how to install it) when none is."""
    env = os.environ.get(ENV)
    for dist in candidates(cwd):
        if all((dist / name).exists() for name in NEEDED):
            return Katex(dist, _version(dist))
        if env and dist == Path(env).expanduser():
            raise KatexMissing(f"{ENV}={env} has no {', '.join(NEEDED)}; "
                               f"point it at KaTeX's dist folder")
    raise KatexMissing(f"the HTML export needs KaTeX (typeset offline, no CDN): {INSTALL_HINT}")


def _version(dist: Path) -> str:
    try:
        return str(json.loads((dist.parent / "package.json").read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return "unknown"
