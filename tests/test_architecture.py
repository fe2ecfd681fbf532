"""Meta-tests that keep the code base honest: import direction, no cycles, module size, public API."""

from __future__ import annotations

import ast
from pathlib import Path

import rashomon

PACKAGE = Path(rashomon.__file__).parent
MAX_LINES = 650


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(rel.parts)
        out[name.removesuffix(".__init__")] = path
    return out


def _imports(path: Path) -> set[str]:
    """Modules of ours imported at module level (not inside functions or TYPE_CHECKING blocks)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("rashomon"):
            found.add(node.module)
            for alias in node.names:
                found.add(f"{node.module}.{alias.name}")
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("rashomon"))
    return found


def test_no_import_cycles() -> None:
    modules = _modules()
    graph = {name: {i for i in _imports(path) if i in modules and i != name} for name, path in modules.items()}
    # a package importing its own submodules is fine; a submodule importing its package back is a cycle
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            if nxt.startswith(node + "."):
                continue
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt] if nxt in stack else [node, nxt]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for name in graph:
        if name not in state:
            visit(name, [name])


def test_model_and_errors_import_nothing_of_ours() -> None:
    modules = _modules()
    assert _imports(modules["rashomon.model"]) == set()
    assert _imports(modules["rashomon.errors"]) == set()


def test_nothing_imports_cli_or_web() -> None:
    for name, path in _modules().items():
        if name.startswith(("rashomon.cli", "rashomon.web")) or name == "rashomon.__main__":
            continue
        bad = {i for i in _imports(path) if i.startswith(("rashomon.cli", "rashomon.web"))}
        assert not bad, f"{name} imports {bad}"


def test_modules_stay_small() -> None:
    big = {name: n for name, path in _modules().items() if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not big, f"split these modules: {big}"


def test_public_api_matches_all() -> None:
    for name in rashomon.__all__:
        assert hasattr(rashomon, name), name
    public = {n for n in dir(rashomon) if not n.startswith("_") and not isinstance(getattr(rashomon, n), type(rashomon))}
    assert public <= set(rashomon.__all__) | {"annotations"}
