"""The core never imports a platform SDK, and the model never imports the database or the core."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLATFORM_SDKS = {"slack_bolt", "slack_sdk", "botbuilder", "botframework", "microsoft_agents", "aiohttp"}
STORAGE = {"sqlmodel", "sqlalchemy", "alembic", "psycopg", "sqlite3"}


def imported_roots(package: str) -> dict[str, set[str]]:
    """Top-level modules each file of a package imports."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        roots: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                roots.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                roots.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = roots
    return found


def test_the_scan_sees_imports() -> None:
    assert "sqlmodel" in imported_roots("bot")["bot/storage/models.py"]


def test_core_and_model_import_no_platform_sdk() -> None:
    for package in ("bot", "matching"):
        for path, roots in imported_roots(package).items():
            assert not roots & PLATFORM_SDKS, f"{path} imports {roots & PLATFORM_SDKS}"


def test_core_never_imports_an_adapter() -> None:
    for path, roots in imported_roots("bot").items():
        assert "adapters" not in roots, f"{path} imports an adapter"


def test_matching_is_pure() -> None:
    for path, roots in imported_roots("matching").items():
        assert not roots & (STORAGE | {"bot", "adapters"}), f"{path} imports {roots & (STORAGE | {'bot'})}"


def test_slack_sdk_stays_in_the_slack_adapter() -> None:
    for path, roots in imported_roots("adapters").items():
        if not path.startswith("adapters/slack/"):
            assert not roots & {"slack_bolt", "slack_sdk"}, f"{path} imports the Slack SDK"


def test_the_agents_sdk_stays_in_the_teams_adapter() -> None:
    for path, roots in imported_roots("adapters").items():
        if not path.startswith("adapters/teams/"):
            assert "microsoft_agents" not in roots, f"{path} imports the Agents SDK"
