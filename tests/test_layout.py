"""The house: folders name the pipeline, imports run one way, no module grows too large.

Every import in the package (also those inside functions, which load lazily) is read
from the source, resolved to the module it names, and held against the layers below:
a module may import its own layer or a lower one, and the whole graph has no cycle.
"""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "derive"
MAX_LINES = 700
MAX_TOP_LEVEL = 10

# lowest first; a module's layer is that of the longest prefix of its dotted name
LAYERS = [
    ["derive.core"],                                   # the model every stage shares
    ["derive.rules", "derive.latex", "derive.matrix"],  # writing forms; reading LaTeX; matrix calculus
    ["derive.verify"],                                 # checking a relation
    ["derive.render"],                                 # printing chains and verdicts
    ["derive.derivation", "derive.checking", "derive.diffsteps", "derive.functions",
     "derive.matrix.gradient", "derive.lint"],         # the front: grad_steps and lint build on checking
    ["derive.catalog.__init__"],                       # the index of the catalog (builds nothing)
    ["derive.__init__"],                               # the public API
    ["derive.catalog", "derive.export"],               # derivations written with the public API
    ["derive.mutation", "derive.cli"],
    ["derive.__main__", "derive.mutate"],
]


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def resolve(importer: str, node) -> list[str]:
    """The derive modules an import statement loads (packages as their __init__)."""
    if isinstance(node, ast.Import):
        targets = [a.name for a in node.names]
    else:
        if node.level:
            base = importer.split(".")
            base = base[:-1] if not importer.endswith(".__init__") else base[:-1]
            base = base[: len(base) - (node.level - 1)]
            prefix = ".".join(base + ([node.module] if node.module else []))
        else:
            prefix = node.module or ""
        targets = [f"{prefix}.{a.name}" if f"{prefix}.{a.name}" in MODULES or
                   f"{prefix}.{a.name}.__init__" in MODULES else prefix for a in node.names]
    out = []
    for t in targets:
        if not (t == "derive" or t.startswith("derive.")):
            continue
        out.append(t if t in MODULES else f"{t}.__init__")
    return out


def imports_of(name: str) -> set:
    tree = ast.parse(MODULES[name].read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.update(t for t in resolve(name, node) if t != name)
    return found


GRAPH = {name: imports_of(name) for name in MODULES}


def layer(name: str) -> int:
    best, where = -1, None
    for k, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (name == prefix or name.startswith(prefix + ".")) and len(prefix) > best:
                best, where = len(prefix), k
    assert where is not None, f"{name} is in no layer: add it to LAYERS"
    return where


def test_every_import_resolves_to_a_module():
    missing = {(a, b) for a, bs in GRAPH.items() for b in bs if b not in MODULES}
    assert not missing


def test_imports_never_reach_a_higher_layer():
    upward = sorted(f"{a} -> {b}" for a, bs in GRAPH.items() for b in bs if layer(b) > layer(a))
    assert not upward


def test_the_import_graph_has_no_cycle():
    state: dict = {}
    cycle: list = []

    def visit(node, path):
        state[node] = "open"
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == "open":
                cycle.extend(path[path.index(nxt):] + [nxt])
                return True
            if nxt not in state and visit(nxt, path + [nxt]):
                return True
        state[node] = "done"
        return False

    for start in sorted(GRAPH):
        if start not in state and visit(start, [start]):
            break
    assert not cycle, " -> ".join(cycle)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_too_long(name):
    lines = MODULES[name].read_text().count("\n")
    assert lines <= MAX_LINES, f"{name} has {lines} lines (at most {MAX_LINES})"


def test_few_modules_at_the_top_level():
    top = [p.name for p in PACKAGE.glob("*.py")]
    assert len(top) <= MAX_TOP_LEVEL, top


@pytest.mark.parametrize("init", sorted(p for p in PACKAGE.rglob("__init__.py")), ids=str)
def test_every_folder_says_its_job_in_two_lines(init):
    doc = ast.get_docstring(ast.parse(init.read_text())) or ""
    lines = [line for line in doc.splitlines() if line.strip()]
    if init.parent == PACKAGE:   # the package's own docstring is its front page
        assert lines
        return
    assert 1 <= len(lines) <= 2, f"{init}: {doc!r}"


def test_old_import_paths_users_had_still_work():
    """Paths a user could have written before the move, kept as thin re-exports."""
    import derive.functions
    import derive.mutate
    from derive.core import functions as core

    assert derive.functions.sigmoid is core.sigmoid and derive.functions.ema is core.ema
    assert set(core.__all__) <= set(dir(derive.functions))
    from derive.mutation.run import main
    assert derive.mutate.main is main
    from derive.verify import NumericSettings, verify_relation  # noqa: F401 - was derive/verify.py
    from derive.export import Options, export  # noqa: F401
    from derive.checking import check  # noqa: F401
