"""The house rules of ``src/helpers``, checked: small modules, simple functions, layers that
only look down, no import cycles, and one table of public names.

Layers, bottom to top (DESIGN.md §2, docs/architecture.md): the document model → the
analyzers → the analysis → the views → the quizzes → the lessons.  A module may import its
own layer and the layers below it.  The only way up is a display hook: a ``_repr_html_``
method that imports a view lazily so that a notebook can show a model object.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest

import helpers

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "helpers"
MAX_LINES = 600
DISPLAY_HOOKS = frozenset({"_repr_html_", "_repr_mimebundle_"})

# first matching prefix wins: the more specific names come first
LAYERS: tuple[tuple[str, int], ...] = (
    ("helpers.analyzers", 1),
    ("helpers.analysis", 2),
    ("helpers.findings", 2),
    ("helpers.views", 3),
    ("helpers.article_view", 3),
    ("helpers.quiz", 4),
    ("helpers.lesson", 5),
    ("helpers.classroom", 5),
    ("helpers.cli", 5),
    ("helpers.__main__", 5),
    ("helpers._version", 0),
    ("helpers.errors", 0),
    ("helpers.paths", 0),
    ("helpers.spans", 0),
    ("helpers.contract", 0),
    ("helpers.document", 0),
    ("helpers.lexicon", 0),
    ("helpers.seeds", 0),
    ("helpers.annotations", 0),
    ("helpers.trace", 0),
)
LAYER_NAMES = ("document model", "analyzers", "analysis", "views", "quizzes", "lessons")


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = _modules()


def layer_of(module: str) -> int:
    """The layer of a module; the package root is the façade, above every layer."""
    if module == "helpers":
        return len(LAYER_NAMES)
    for prefix, rank in LAYERS:
        if module == prefix or module.startswith(prefix + "."):
            return rank
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS in this test")


def _targets(module: str, node: ast.ImportFrom | ast.Import) -> list[str]:
    """The helpers modules an import statement loads."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.split(".")[0] == "helpers"]
    if node.level:
        package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
        base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
        target = ".".join([*base, *([node.module] if node.module else [])])
    else:
        target = node.module or ""
    if target.split(".")[0] != "helpers":
        return []
    subs = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in MODULES]
    if subs:
        return subs
    while target not in MODULES:
        target = target.rpartition(".")[0]
    return [target]


def imports(module: str) -> Iterator[tuple[str, bool, str | None]]:
    """(imported module, at import time?, enclosing function) for every runtime import."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))

    def walk(node: ast.AST, function: str | None) -> Iterator[tuple[str, bool, str | None]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                yield from (x for orelse in child.orelse for x in walk(orelse, function))
                continue
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                yield from walk(child, child.name)
            elif isinstance(child, ast.Import | ast.ImportFrom):
                for target in _targets(module, child):
                    if target != module:
                        yield target, function is None, function
            else:
                yield from walk(child, function)

    yield from walk(tree, None)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_are_at_most_600_lines(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module} has {lines} lines (at most {MAX_LINES}): split it"


def test_no_module_imports_from_a_layer_above_it() -> None:
    wrong = []
    for module in MODULES:
        for target, _top, function in imports(module):
            if layer_of(target) > layer_of(module) and function not in DISPLAY_HOOKS:
                above = "the package root" if target == "helpers" else LAYER_NAMES[layer_of(target)]
                wrong.append(
                    f"{module} ({LAYER_NAMES[layer_of(module)]}) imports {target} ({above})"
                )
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles_at_import_time() -> None:
    graph = {m: {t for t, top, _f in imports(m) if top} for m in MODULES}
    # a package's __init__ may import its own submodules; a cycle through it is still a cycle
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for t in sorted(graph.get(m, ())):
            if state.get(t) == 1:
                cycles.append([*stack[stack.index(t) :], t])
            elif t not in state:
                visit(t)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)


def _type_checking_names() -> dict[str, str]:
    """Name -> module from the package root's ``if TYPE_CHECKING:`` imports."""
    tree = ast.parse(MODULES["helpers"].read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for imp in node.body:
                if isinstance(imp, ast.ImportFrom) and imp.module:
                    out.update({a.name: imp.module for a in imp.names})
    return out


def test_the_public_names_are_one_table() -> None:
    static = _type_checking_names()
    assert {n: m for n, m in static.items() if n in helpers._LAZY} == helpers._LAZY
    assert set(static) == set(helpers._LAZY), "TYPE_CHECKING imports and _LAZY differ"
    assert sorted(helpers.__all__) == sorted({*helpers._LAZY, *helpers._SUBMODULES, *helpers._OWN})


@pytest.mark.parametrize("name", sorted(helpers.__all__))
def test_every_public_name_is_the_object_its_module_defines(name: str) -> None:
    value = getattr(helpers, name)
    if name in helpers._SUBMODULES:
        assert value is importlib.import_module(f"helpers.{name}")
    elif name in helpers._LAZY:
        module = importlib.import_module(f"helpers.{helpers._LAZY[name]}")
        assert value is getattr(module, name)
        assert getattr(value, "__module__", module.__name__).startswith("helpers")
    else:
        assert name in vars(helpers)
