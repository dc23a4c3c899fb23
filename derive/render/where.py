"""'where s_1 = ...' lines: the named quantities a chain uses, defined where they first appear.

A backward pass reads best in the names of the forward pass (``s_r``, ``\\hat y``,
``\\delta_r``), but a name must not be used before the reader knows what it stands
for. A quantity that names a value (its class says ``names_a_value``; the catalog's
``named``) is printed by name in the formulas; ``definitions`` lists the ones a chain
uses that earlier chains of the derivation did not, with the values they stand for.
"""
from __future__ import annotations

import re

import sympy as sp


def _is_name(e) -> bool:
    return bool(getattr(type(e), "names_a_value", False)) and len(e.args) == 2


def names_in(expr) -> list:
    """The named quantities of ``expr`` in reading order (a matrix: entry by entry)."""
    parts = list(expr) if isinstance(expr, sp.MatrixBase) else [expr]
    out = []
    for part in parts:
        if not isinstance(part, sp.Basic):
            continue
        for node in sp.preorder_traversal(part):
            if _is_name(node) and node not in out:
                out.append(node)
    return out


def definitions(chain: list, printer, seen: set) -> list:
    """(name, value) LaTeX pairs for the names ``chain`` uses that are not in ``seen``.

    A name used in the value of another one is defined too; ``seen`` is updated.
    """
    todo = _in_order([n for item in chain for n in names_in(item.expr)], printer)
    return [(printer.doprint(node.args[1]), printer.doprint(node.args[0]))
            for node in unseen_names(todo, seen)]


def unseen_names(todo: list, seen: set) -> list:
    """The names in ``todo`` not in ``seen``, each followed by the names its value uses;
    ``seen`` is updated (a name is defined once per document)."""
    todo, out = list(todo), []
    while todo:
        node = todo.pop(0)
        if node in seen:
            continue
        seen.add(node)
        out.append(node)
        todo += [n for n in names_in(node.args[0]) if n not in seen]
    return out


def _in_order(nodes: list, printer) -> list:
    """Names in order of first use, those sharing a letter together and by number
    (s_1, s_2, s_3; theta_1 before theta_2)."""
    printed = [printer.doprint(n.args[1]) for n in nodes]
    base = [re.split(r"_", p, maxsplit=1)[0] for p in printed]
    first = {b: base.index(b) for b in base}
    def key(k):
        numbers = [int(x) for x in re.findall(r"\d+", printed[k][len(base[k]):])]
        return (first[base[k]], numbers, printed[k])
    return [nodes[k] for k in sorted(range(len(nodes)), key=key)]


def where_tex(pairs: list) -> str:
    """'$a = 1$, $b = 2$ and $c = 3$' ('' for none)."""
    parts = ["$%s = %s$" % pair for pair in pairs]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def where_text(pairs: list, text) -> str:
    """The same for a terminal, each formula through ``text`` (a pretty printer of strings)."""
    parts = ["%s = %s" % (text(name), text(value)) for name, value in pairs]
    return ", ".join(parts)
