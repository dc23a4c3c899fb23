"""The export formats and the options of one export, light enough for the CLI to load first."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

from .profile import Notation

FORMATS = ("tex", "beamer", "md", "pdf", "html")
SUFFIXES = {".tex": "tex", ".md": "md", ".markdown": "md", ".pdf": "pdf",
            ".html": "html", ".htm": "html"}


@dataclass(frozen=True)
class Options:
    """What to produce: format, notation and the switches of ``derive export``."""

    format: str = "tex"
    notation: Notation = field(default_factory=Notation)
    markers: bool = True
    allow_refuted: bool = False
    fragment: bool = False
    slides: bool = False        # with format "pdf": compile the Beamer deck instead
    title: Optional[str] = None
    handout: bool = False       # Beamer: every frame once, all its steps shown

    def __post_init__(self):
        if self.format not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {self.format!r}")
        if self.fragment and self.format != "tex":
            raise ValueError("--fragment only applies to --format tex")
        if self.slides and self.format != "pdf":
            raise ValueError("--slides only applies to --format pdf")
        if self.handout and not (self.format == "beamer" or self.slides):
            raise ValueError("--handout only applies to --format beamer (or pdf --slides)")


def format_for(path: str, fmt: Optional[str]) -> str:
    """The format asked for, or the one the output's suffix implies."""
    if fmt:
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    raise ValueError(f"say --format ({', '.join(FORMATS)}); the suffix of {path!r} does not tell")


def is_site_path(path: Union[str, Path]) -> bool:
    """Does an html export to ``path`` ask for a site (a directory) rather than one page?"""
    text = str(path)
    return text.endswith(("/", "\\")) or Path(text).is_dir() or not Path(text).suffix
