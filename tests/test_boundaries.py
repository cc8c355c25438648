"""The core never imports a platform SDK, and the model never imports the database or the core."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.bot.conversation.test_actions import ON_THE_WIRE

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


# --- button actions: built and read only in bot/conversation/actions.py ----------------------------

ACTIONS_MODULE = "bot/conversation/actions.py"
ACTION_TAGS = tuple(sorted({text.partition(":")[0] + ":" for text in ON_THE_WIRE}))
# Strings that start like an action but are something else: a message's ref names the object it is about.
NOT_ACTIONS = {"f'proposal:{proposal_id}'", "f'circle:{circle_id}'"}
# Buttons rebuilt from the outbox carry actions encoded when the message was made.
REBUILDS_BUTTONS = {"bot/delivery/pending.py"}


def action_handling(source: str, *, rebuilds: bool = False) -> list[str]:
    """What in a module builds or reads a button action by hand: a split on ":", a string that begins
    as an action does, a Button whose action is not encode(...) (`rebuilds`: one rebuilt from storage)."""
    tree = ast.parse(source)
    in_fstrings = {
        id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values
    }
    return [
        f"line {node.lineno}: {ast.unparse(node)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.expr)
        and (
            _splits_on_colon(node)
            or (_unencoded_button(node) and not rebuilds)
            or (id(node) not in in_fstrings and _starts_like_an_action(node))
        )
    ]


def _splits_on_colon(node: ast.expr) -> bool:
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute) or not node.args:
        return False
    first = node.args[0]
    return node.func.attr in ("split", "rsplit") and isinstance(first, ast.Constant) and first.value == ":"


def _unencoded_button(node: ast.expr) -> bool:
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name) or node.func.id != "Button":
        return False
    given = [*node.args[1:2], *(keyword.value for keyword in node.keywords if keyword.arg == "action")]
    return not any(isinstance(a, ast.Call) and ast.unparse(a.func) == "encode" for a in given)


def _starts_like_an_action(node: ast.expr) -> bool:
    head = node.values[0] if isinstance(node, ast.JoinedStr) and node.values else node
    text = head.value if isinstance(head, ast.Constant) else None
    return isinstance(text, str) and text.startswith(ACTION_TAGS) and ast.unparse(node) not in NOT_ACTIONS


def test_the_action_scan_sees_action_handling() -> None:
    by_hand = [
        'parts = action.split(":")',
        'label = action.rsplit(":", 1)[-1]',
        'Button("Yes", f"proposal:{number}:accept")',
        'Button("Yes", action=SETTINGS_ACTION)',
        'SETTINGS_ACTION = "admin:settings"',
        'forgetting = action.startswith("forget:")',
    ]
    for line in by_hand:
        assert action_handling(line), line
    typed = 'Button("Yes", encode(ShowStats()))\nref = f"proposal:{proposal_id}"\n"a:b".split(",")'
    assert action_handling(typed) == []


def test_only_the_actions_module_builds_or_reads_button_actions() -> None:
    for package in ("bot", "adapters"):
        for path in sorted((ROOT / package).rglob("*.py")):
            name = str(path.relative_to(ROOT))
            if name != ACTIONS_MODULE:
                found = action_handling(path.read_text(encoding="utf-8"), rebuilds=name in REBUILDS_BUTTONS)
                assert not found, f"{name}: {found}"
