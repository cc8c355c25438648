"""The Slack app asks for exactly the scopes it uses: the Web API methods Notalone calls (those a full run
records at the fake Slack, and every one the code names) each need scopes that the manifest grants, and
the manifest grants nothing no method, event or feature needs. Every payload of that run is also valid
Block Kit, and an introduction's email reads exactly as the address."""

from __future__ import annotations

import ast
import inspect
import re
from importlib.resources import files
from pathlib import Path

import yaml
from slack_sdk.web.async_client import AsyncWebClient

import adapters.slack
from adapters.slack.app import BOT_SCOPES
from bot.clock import ManualClock
from tests.adapters.slack.blocks import block_problems, view_problems
from tests.adapters.slack.conftest import CAMDEN, HACKNEY, start
from tests.adapters.slack.fake_slack import Loop, blocks_of, text_of
from tests.adapters.slack.harness import Slack, view_of
from tests.adapters.slack.test_slack_flow import JANE, TOM, two_councils
from tests.conftest import DatabaseFactory

# Bot scopes each Web API method needs, from Slack's method reference (docs.slack.dev/reference/methods/
# METHOD, "Required scopes"). conversations.open needs the scope of the kind of conversation it opens:
# im:write for a DM, mpim:write for a group DM (several users). users.info gives a profile's email only
# with users:read.email (docs.slack.dev/reference/scopes/users.read.email). views.publish, views.open,
# auth.test and oauth.v2.access need no scope.
METHOD_SCOPES: dict[str, frozenset[str]] = {
    "chat.postMessage": frozenset({"chat:write"}),
    "chat.update": frozenset({"chat:write"}),
    "conversations.open": frozenset({"im:write", "mpim:write"}),
    "users.info": frozenset({"users:read", "users:read.email"}),
    "views.publish": frozenset(),
    "views.open": frozenset(),
    "auth.test": frozenset(),
    "oauth.v2.access": frozenset(),
}
# Events need scopes too (docs.slack.dev/reference/events/EVENT): message.im needs im:history; the others
# need none. A slash command needs `commands`.
EVENT_SCOPES: dict[str, frozenset[str]] = {
    "message.im": frozenset({"im:history"}),
    "app_home_opened": frozenset(),
    "app_uninstalled": frozenset(),
    "tokens_revoked": frozenset(),
}
ANN, BOB = "U0ANN", "U0BOB"


def manifest() -> dict[str, object]:
    loaded = yaml.safe_load((files("adapters.slack") / "manifest.yml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def methods_in_code() -> set[str]:
    """Every Web API method the Slack adapter's code calls by name on a client."""
    api_name = re.compile(r'api_call\(\s*"([\w.]+)"')
    found: set[str] = set()
    for path in Path(adapters.slack.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                method = getattr(AsyncWebClient, node.func.attr, None)
                if callable(method) and not node.func.attr.startswith("_"):
                    found.update(api_name.findall(inspect.getsource(method)))
    return found


def full_run(slack: Slack) -> None:
    """Two workspaces install; officers across them are introduced in DMs, two in one workspace in a
    group DM; one opens the App Home and uses the slash command."""
    two_councils(slack)
    slack.click(CAMDEN.team_id, JANE, "Introduce us")
    slack.click(HACKNEY.team_id, TOM, "Introduce us")
    slack.wait_for_text(JANE, "You're introduced")
    slack.wait_for_text(TOM, "You're introduced")
    slack.fake.add_user(ANN, CAMDEN.team_id, name="Ann Brown", email="ann.brown@leeds.gov.uk")
    slack.fake.add_user(BOB, CAMDEN.team_id, name="Bob Grey", email="bob.grey@bristol.gov.uk")
    for user, words in (
        (ANN, "We are moving our library service to a staff mutual, options appraisal, April 2027"),
        (BOB, "Exploring spinning out our libraries as a staff mutual"),
    ):
        slack.dm(CAMDEN.team_id, user, words)
        slack.wait_for_text(user, "Here's what I understood")
        slack.click(CAMDEN.team_id, user, "Looks right")
        slack.wait_for_text(user, "Saved as plan 1")
    slack.wait_for_text(ANN, "Possible match #1")
    slack.click(CAMDEN.team_id, ANN, "Introduce us")
    slack.wait_for_text(ANN, "I'll introduce you")
    slack.click(CAMDEN.team_id, BOB, "Introduce us")
    slack.wait_for_text("", "You're introduced", channel=f"G{ANN}{BOB}")
    slack.event(CAMDEN.team_id, {"type": "app_home_opened", "user": JANE, "tab": "home"})
    slack.command(CAMDEN.team_id, JANE, "my plans")
    slack.wait_for_text(JANE, "Your plans")
    slack.settle()


def test_the_manifest_grants_exactly_the_scopes_the_code_uses(
    databases: DatabaseFactory, clock: ManualClock, loop: Loop
) -> None:
    slack = start(
        databases, clock, loop, slack_client_id="111.222", slack_client_secret="s", offer_circles="false"
    )
    full_run(slack)
    called = {call.method for call in slack.fake.calls} | methods_in_code()
    assert {"oauth.v2.access", "users.info", "conversations.open", "chat.postMessage", "views.publish"} <= {
        call.method for call in slack.fake.calls
    }
    assert any(
        "," in str(c.params.get("users")) for c in slack.fake.calls if c.method == "conversations.open"
    )
    assert called <= set(METHOD_SCOPES), f"a method with no scope in the table: {called - set(METHOD_SCOPES)}"
    app = manifest()
    settings, features = app["settings"], app["features"]
    assert isinstance(settings, dict) and isinstance(features, dict)
    events = settings["event_subscriptions"]["bot_events"]
    needed = {scope for method in called for scope in METHOD_SCOPES[method]}
    needed |= {scope for event in events for scope in EVENT_SCOPES[event]}
    if features.get("slash_commands"):
        needed.add("commands")
    granted = app["oauth_config"]["scopes"]["bot"]  # type: ignore[index]
    assert sorted(granted) == sorted(needed)  # nothing missing, nothing unused
    assert sorted(BOT_SCOPES) == sorted(granted)  # what the OAuth install asks for, too

    # What the run sent is valid Block Kit, and the introduction's email reads exactly as the address.
    for call in slack.fake.calls:
        if call.method in ("chat.postMessage", "chat.update"):
            assert block_problems(blocks_of(call)) == [], call.method
        if call.method == "views.publish":
            assert view_problems(view_of(call)) == []
    introduction = next(c for c in slack.fake.posted(f"D{JANE}") if "You're introduced" in text_of(c))
    sections = [b["text"]["text"] for b in blocks_of(introduction) if b["type"] == "section"]
    assert "Email: tom.jones@hackney.gov.uk" in "\n".join(sections).split("\n")
