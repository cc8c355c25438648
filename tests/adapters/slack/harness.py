"""Drive the running application as Slack would: signed HTTP requests, recorded Web API calls."""

from __future__ import annotations

import itertools
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier
from sqlalchemy import Engine as Database

from adapters.host.server import ENGINE, ROUTING
from bot.core import Core
from bot.delivery.notifier import RoutingNotifier
from tests.adapters.slack.fake_slack import Call, FakeSlack, blocks_of, text_of

SECRET = "test-signing-secret"
_TRIGGERS = itertools.count(1)


def new_trigger_id() -> str:
    """A trigger id as Slack gives each interaction: never the same twice."""
    return f"{next(_TRIGGERS)}.1234.abcd"


@dataclass(frozen=True)
class Reply:
    status: int
    body: str
    headers: dict[str, str]


@dataclass
class Slack:
    """The application under test, with a fake Slack on the far side of HTTP."""

    url: str
    fake_url: str
    fake: FakeSlack
    engine: Core
    routing: RoutingNotifier
    database: Database
    _ids: itertools.count[int]

    # --- sending -----------------------------------------------------------------------------

    def request(
        self,
        path: str,
        body: str = "",
        *,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
        method: str = "POST",
        timestamp: int | None = None,
        signature: str | None = None,
    ) -> Reply:
        """One HTTP request, signed with the app's signing secret unless told otherwise."""
        stamp = str(timestamp if timestamp is not None else int(time.time()))
        if signature is None:
            signature = SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body)
        all_headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": stamp, **(headers or {})}
        if signature:  # an empty signature leaves the header out altogether
            all_headers["X-Slack-Signature"] = signature
        data = body.encode() if method == "POST" else None
        request = urllib.request.Request(self.url + path, data=data, headers=all_headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Reply(response.status, response.read().decode(), dict(response.headers))
        except urllib.error.HTTPError as error:
            with error:
                return Reply(error.code, error.read().decode(), dict(error.headers))

    def event(
        self, team: str, event: dict[str, Any], *, event_id: str | None = None, **options: Any
    ) -> Reply:
        """An Events API callback."""
        payload = {
            "token": "unused",
            "team_id": team,
            "api_app_id": "A0NOTALONE",
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(self._ids):06d}",
            "event_time": int(time.time()),
            "event": event,
        }
        return self.request("/slack/events", json.dumps(payload), **options)

    def dm(self, team: str, user: str, text: str, **options: Any) -> Reply:
        """The officer writes in their direct message with the bot."""
        event = {
            "type": "message",
            "channel": f"D{user}",
            "channel_type": "im",
            "user": user,
            "text": text,
            "ts": f"{time.time():.6f}",
        }
        return self.event(team, event, **options)

    def click(self, team: str, user: str, label: str, *, channel: str | None = None) -> Reply:
        """The officer clicks the button (or menu option) with this label on the latest message showing it."""
        channel = channel or f"D{user}"
        for call in reversed(self.fake.posted(channel)):
            for block in blocks_of(call):
                for element in block.get("elements", []):
                    action = _action_for(element, label)
                    if action is not None:
                        return self.send_action(team, user, call, action)
        raise AssertionError(f"no {label!r} choice in {channel}")

    def send_action(self, team: str, user: str, call: Call, action: dict[str, Any]) -> Reply:
        """A block_actions payload for a click on a posted message."""
        payload = {
            "type": "block_actions",
            "team": {"id": team, "domain": "example"},
            "user": {"id": user, "team_id": team},
            "api_app_id": "A0NOTALONE",
            "container": {
                "type": "message",
                "channel_id": call.params["channel"],
                "message_ts": call.response["ts"],
            },
            "channel": {"id": call.params["channel"]},
            "message": {"ts": call.response["ts"], "blocks": blocks_of(call)},
            "actions": [{**action, "block_id": "b1", "action_ts": f"{time.time():.6f}"}],
            "response_url": self.fake_url + "/response",
            "trigger_id": new_trigger_id(),
        }
        body = urlencode({"payload": json.dumps(payload)})
        return self.request("/slack/events", body, content_type="application/x-www-form-urlencoded")

    def command(self, team: str, user: str, text: str, *, trigger_id: str | None = None) -> Reply:
        """`/notalone TEXT`."""
        body = urlencode(
            {
                "command": "/notalone",
                "text": text,
                "team_id": team,
                "user_id": user,
                "channel_id": f"D{user}",
                "response_url": self.fake_url + "/response",
                "trigger_id": trigger_id or new_trigger_id(),
                "api_app_id": "A0NOTALONE",
            }
        )
        return self.request("/slack/events", body, content_type="application/x-www-form-urlencoded")

    def click_home(self, team: str, user: str, label: str) -> Reply:
        """The officer clicks the button with this label on their latest App Home."""
        home = view_of(self.fake.published(user)[-1])
        for block in home["blocks"]:
            for element in block.get("elements", []):
                action = _action_for(element, label)
                if action is not None:
                    payload = {
                        "type": "block_actions",
                        "team": {"id": team, "domain": "example"},
                        "user": {"id": user, "team_id": team},
                        "api_app_id": "A0NOTALONE",
                        "container": {"type": "view", "view_id": "VHOME"},
                        "view": {"id": "VHOME", "type": "home", "blocks": home["blocks"]},
                        "actions": [{**action, "block_id": "b1", "action_ts": f"{time.time():.6f}"}],
                        "trigger_id": new_trigger_id(),
                    }
                    return self.form_payload(payload)
        raise AssertionError(f"no {label!r} button on the App Home")

    def submit(
        self, team: str, user: str, view: dict[str, Any], changes: dict[str, Any] | None = None
    ) -> Reply:
        """Submit a modal as Slack would: its initial values, with `changes` typed over them by field
        (text as str, a choice by value, several choices as a list of values, a tick box as bool)."""
        values = {
            block["block_id"]: _state(block["element"], (changes or {}).get(block["block_id"], _UNCHANGED))
            for block in view["blocks"]
            if block["type"] == "input"
        }
        payload = {
            "type": "view_submission",
            "team": {"id": team, "domain": "example"},
            "user": {"id": user, "team_id": team},
            "api_app_id": "A0NOTALONE",
            "trigger_id": "1.2.4",
            "view": {
                "id": "VMODAL",
                "team_id": team,
                "type": "modal",
                "callback_id": view["callback_id"],
                "private_metadata": view["private_metadata"],
                "blocks": view["blocks"],
                "state": {"values": values},
            },
        }
        return self.form_payload(payload)

    def form_payload(self, payload: dict[str, Any]) -> Reply:
        """An interactivity payload, form-encoded and signed."""
        body = urlencode({"payload": json.dumps(payload)})
        return self.request("/slack/events", body, content_type="application/x-www-form-urlencoded")

    # --- reading -----------------------------------------------------------------------------

    def texts(self, user: str, channel: str | None = None) -> list[str]:
        """What the officer has been sent in their direct message, oldest first."""
        return [text_of(call) for call in self.fake.posted(channel or f"D{user}")]

    def wait_for_text(self, user: str, words: str, *, channel: str | None = None, count: int = 1) -> None:
        """Wait until a message containing these words has reached the officer (count times)."""
        self.fake.wait_for(lambda: sum(words in t for t in self.texts(user, channel)) >= count)

    def settle(self, quiet: float = 0.3) -> None:
        """Wait until the bot has stopped calling Slack for a moment."""
        seen = -1
        while seen != len(self.fake.calls):
            seen = len(self.fake.calls)
            time.sleep(quiet)


def _action_for(element: dict[str, Any], label: str) -> dict[str, Any] | None:
    if element.get("type") == "button" and element["text"]["text"] == label:
        return {
            "type": "button",
            "action_id": element["action_id"],
            "value": element["value"],
            "text": element["text"],
        }
    for option in element.get("options", []):
        if option["text"]["text"] == label:
            return {"type": "static_select", "action_id": element["action_id"], "selected_option": option}
    return None


_UNCHANGED = object()


def _state(element: dict[str, Any], change: Any) -> dict[str, Any]:
    """One input's state in a view_submission: as the modal opened it, or with the admin's change."""
    kind = element["type"]
    state: dict[str, Any] = {"type": kind}
    if kind == "plain_text_input":
        state["value"] = element.get("initial_value") if change is _UNCHANGED else change or None
    elif kind in ("radio_buttons", "static_select"):
        chosen = [o for o in element["options"] if o["value"] == change]
        state["selected_option"] = element.get("initial_option") if change is _UNCHANGED else chosen[0]
    elif change is _UNCHANGED:
        state["selected_options"] = element.get("initial_options", [])
    elif isinstance(change, bool):
        state["selected_options"] = element["options"][:1] if change else []
    else:
        state["selected_options"] = [o for o in element["options"] if o["value"] in change]
    return {element["action_id"]: state}


def view_of(call: Call) -> dict[str, Any]:
    """The view sent with views.open or views.publish."""
    view = call.params["view"]
    return dict(json.loads(view) if isinstance(view, str) else view)


def engine_of(application: Any) -> tuple[Core, RoutingNotifier]:
    """The core engine inside a built application, and the notifier routing its messages."""
    return application[ENGINE], application[ROUTING]
