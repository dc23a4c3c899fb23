"""``derive show SLUG``: one derivation as text, LaTeX or Markdown, optionally verified."""
from __future__ import annotations

from .common import EXIT_OK, get_derivation


def register(subparsers) -> None:
    p = subparsers.add_parser("show", help="print one derivation",
                              description="Print one catalog derivation, step by step, with "
                                          "the justification of each step.")
    p.add_argument("slug", help="the derivation to print (see derive list)")
    p.add_argument("--format", choices=("text", "tex", "md"), default="text",
                   help="text for the terminal (default), tex for an align* block, md for Markdown")
    p.add_argument("--verify", action="store_true",
                   help="verify every step first and show its verdict")
    p.set_defaults(run=run)


def run(args) -> int:
    d = get_derivation(args.slug)
    if args.verify:
        d.verify()
    out = {"text": d.to_text, "tex": d.to_latex, "md": d.to_markdown}[args.format]()
    print(out)
    return EXIT_OK
