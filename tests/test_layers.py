"""The packages' layers: imports only run downwards, and no modules import each other in a circle.

The graph is built from every import statement in every module, at any depth (a lazy import inside a
function counts too), so what the README's map says is what the code does.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "matching", "adapters")

# Higher layers may import lower ones, never the reverse; modules of one layer may import each other.
# A module belongs to the longest prefix listed; `bot` itself holds the shared foundations.
LAYERS: dict[str, int] = {
    "bot": 0,  # messages, wording, errors, clock, settings
    "bot.storage": 1,
    "bot.delivery": 2,
    "bot.domain": 3,
    "bot.admin": 4,
    "bot.conversation": 5,
    "bot.core": 6,
    "adapters.runtime": 10,
    "adapters.console": 11,
    "adapters.web": 11,
    "adapters.slack": 11,
    "adapters.teams": 11,
    "adapters.host": 12,
}
# The platforms stand side by side: none imports another.
SIDE_BY_SIDE = {"adapters.console", "adapters.web", "adapters.slack", "adapters.teams"}


def module_names() -> dict[str, Path]:
    """Every module of the three packages (migrations excluded: Alembic loads them by path)."""
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def imports_of(name: str, path: Path, known: dict[str, Path]) -> Iterator[str]:
    """The known modules this module imports, wherever in it the import stands."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = name.split(".")[: len(name.split(".")) - node.level + (1 if is_package else 0)]
                base = ".".join([*parts, base] if base else parts)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                yield target
                break


def import_graph() -> dict[str, set[str]]:
    known = module_names()
    return {name: set(imports_of(name, path, known)) for name, path in known.items()}


def layer_of(module: str) -> tuple[str, int] | None:
    prefixes = [prefix for prefix in LAYERS if module == prefix or module.startswith(prefix + ".")]
    if not prefixes:
        return None
    prefix = max(prefixes, key=len)
    return prefix, LAYERS[prefix]


def test_the_graph_sees_imports() -> None:
    graph = import_graph()
    assert "bot.storage.models" in graph["bot.domain.plans"]
    assert "bot.core" in graph["adapters.host.server"]


def test_no_module_imports_another_that_imports_it_back() -> None:
    try:
        list(TopologicalSorter(import_graph()).static_order())
    except CycleError as error:
        raise AssertionError(f"modules import each other in a circle: {' -> '.join(error.args[1])}") from None


def test_imports_only_run_downwards() -> None:
    upward = []
    for module, imported in import_graph().items():
        here = layer_of(module)
        for target in imported:
            there = layer_of(target)
            if here is None or there is None:
                continue
            if there[1] > here[1] or (here[0] in SIDE_BY_SIDE and there[0] in SIDE_BY_SIDE and here != there):
                upward.append(f"{module} -> {target}")
    assert not upward, "imports against the layers:\n" + "\n".join(sorted(upward))


def test_every_package_says_what_lives_there() -> None:
    for name, path in module_names().items():
        if path.name == "__init__.py" and name.count(".") <= 1:
            docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
            assert docstring, f"{name} has no opening docstring"


def test_the_core_keeps_a_short_top_level() -> None:
    entries = [path.name for path in (ROOT / "bot").iterdir() if path.name != "__pycache__"]
    assert len(entries) <= 13, sorted(entries)
