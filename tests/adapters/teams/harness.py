"""Drive the running application as Teams would: activities POSTed over HTTP, a fake connector behind.

The application answers each activity at once and runs its turn afterwards (here, in its own runner, as
`serve` does on the embedded default): replies reach the fake connector proactively, so a test waits for
them (`wait_for_text`), or for every stored event to have had its turn (`settle`)."""

from __future__ import annotations

import itertools
import json
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine as Database

from bot.core import Core
from tests.adapters.slack.harness import Reply
from tests.adapters.teams.fake_connector import FakeConnector, Sent, card_texts
from tests.support import count


@dataclass(frozen=True)
class TeamsUser:
    tenant: str
    aad: str
    name: str
    email: str
    title: str = ""

    @property
    def teams_id(self) -> str:
        return f"29:{self.aad}"

    @property
    def conversation(self) -> str:
        return f"a:{self.aad}"

    def member(self) -> dict[str, Any]:
        return {
            "id": self.teams_id,
            "name": self.name,
            "aadObjectId": self.aad,
            "email": self.email,
            "userPrincipalName": self.email,
            "tenantId": self.tenant,
            "jobTitle": self.title or None,
        }


@dataclass
class Teams:
    url: str
    connector_url: str
    connector: FakeConnector
    engine: Core
    database: Database
    _ids: itertools.count[int]

    def join(self, user: TeamsUser) -> None:
        self.connector.members[user.teams_id] = user.member()

    def post(
        self, activity: dict[str, Any], *, headers: dict[str, str] | None = None, raw: bytes | None = None
    ) -> Reply:
        data = raw if raw is not None else json.dumps(activity).encode()
        request = urllib.request.Request(
            self.url + "/api/messages",
            data=data,
            headers={"Content-Type": "application/json", **(headers or {})},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return Reply(response.status, response.read().decode(), dict(response.headers))
        except urllib.error.HTTPError as error:
            with error:
                return Reply(error.code, error.read().decode(), dict(error.headers))

    def activity(self, user: TeamsUser, **fields: Any) -> dict[str, Any]:
        return {
            "type": "message",
            "id": f"act-{uuid.uuid4().hex}",
            "timestamp": datetime.now(UTC).isoformat(),
            "serviceUrl": self.connector_url + "/",
            "channelId": "msteams",
            "from": {"id": user.teams_id, "name": user.name, "aadObjectId": user.aad},
            "conversation": {
                "id": user.conversation,
                "conversationType": "personal",
                "tenantId": user.tenant,
            },
            "recipient": {"id": "28:notalone-bot", "name": "Notalone"},
            "channelData": {"tenant": {"id": user.tenant}},
            **fields,
        }

    def say(self, user: TeamsUser, text: str) -> Reply:
        return self.post(self.activity(user, text=text))

    def click(self, user: TeamsUser, label: str) -> Reply:
        """Press the button, or choose the drop-down option, with this label on the latest card showing it."""
        for sent in reversed(self.sent_to(user)):
            value = _value_for(sent.activity, label)
            if value is not None:
                return self.post(self.activity(user, value=value, replyToId=sent.id, text=None))
        raise AssertionError(f"no {label!r} on any card sent to {user.name}")

    def install(self, user: TeamsUser) -> Reply:
        """The person adds Notalone in Teams, which announces it with an installationUpdate."""
        return self.post(self.activity(user, type="installationUpdate", action="add", text=None))

    def install_in_team(self, user: TeamsUser, *, scope: str = "channel") -> Reply:
        """The person adds Notalone to a team (or a group chat): Teams announces it in that conversation."""
        team = {"id": f"19:team-of-{user.tenant}@thread.tacv2", "name": "Everyone"}
        conversation = {"id": team["id"], "conversationType": scope, "tenantId": user.tenant}
        if scope == "channel":
            channel_data = {"tenant": {"id": user.tenant}, "team": team, "channel": {"id": team["id"]}}
        else:
            channel_data = {"tenant": {"id": user.tenant}}
        fields = {"conversation": conversation, "channelData": channel_data}
        return self.post(self.activity(user, type="installationUpdate", action="add", text=None, **fields))

    def submit(self, user: TeamsUser, button: str, changes: dict[str, Any]) -> Reply:
        """Fill in the latest card with this button as a person would, and press it.

        As Teams does, the button's data is merged with every input's value, and empty inputs are left out.
        """
        for sent in reversed(self.sent_to(user)):
            content = sent.activity["attachments"][0]["content"] if sent.activity.get("attachments") else {}
            action = next((a for a in content.get("actions") or [] if a.get("title") == button), None)
            if action is None:
                continue
            values = {key: str(element["value"]) for key, element in card_inputs(sent.activity).items()}
            values = {key: value for key, value in {**values, **changes}.items() if value != ""}
            value = {**action.get("data", {}), **values}
            return self.post(self.activity(user, value=value, replyToId=sent.id, text=None))
        raise AssertionError(f"no {button!r} button on any card sent to {user.name}")

    def sent_to(self, user: TeamsUser) -> list[Sent]:
        """The messages posted to the officer's chat, oldest first (typing indicators aside)."""
        return [s for s in self.posted_to(user) if s.activity.get("type") != "typing"]

    def typing_to(self, user: TeamsUser) -> list[Sent]:
        """The typing indicators shown in the officer's chat."""
        return [s for s in self.posted_to(user) if s.activity.get("type") == "typing"]

    def posted_to(self, user: TeamsUser) -> list[Sent]:
        return [
            s
            for s in list(self.connector.sent)
            if s.conversation_id == user.conversation and s.method == "POST"
        ]

    def texts(self, user: TeamsUser) -> list[str]:
        return [card_texts(s.activity) for s in self.sent_to(user)]

    def wait_for_text(self, user: TeamsUser, words: str, *, count: int = 1, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if sum(words in t for t in self.texts(user)) >= count:
                return
            time.sleep(0.02)
        raise AssertionError(f"{user.name} never received {words!r}")

    def settle(self, quiet: float = 0.2, timeout: float = 20.0) -> None:
        """Wait until every event stored has had its turn and the bot has stopped calling Teams."""
        deadline = time.monotonic() + timeout
        seen = -1
        while time.monotonic() < deadline:
            requests = self.connector.requests
            if requests == seen and count(self.database, "inbound_event") == 0:
                return
            seen = requests
            time.sleep(quiet)
        raise AssertionError("the bot was still busy")


def _value_for(activity: dict[str, Any], label: str) -> dict[str, Any] | None:
    for attachment in activity.get("attachments") or []:
        content = attachment.get("content") or {}
        for action in content.get("actions") or []:
            if action.get("title") == label:
                return dict(action.get("data") or {})
        for element in content.get("body") or []:
            for choice in element.get("choices") or []:
                if choice.get("title") == label:
                    # The drop-down's own Choose button: a button's action would win over any input.
                    actions = content.get("actions") or []
                    submit = next((a for a in actions if "notalone_action" not in (a.get("data") or {})), {})
                    return {**(submit.get("data") or {}), element["id"]: choice["value"]}
    return None


def card_inputs(activity: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The inputs on a sent card, by id, each with the value it shows ("" when it shows none)."""
    inputs: dict[str, dict[str, Any]] = {}
    for attachment in activity.get("attachments") or []:
        for element in (attachment.get("content") or {}).get("body") or []:
            if str(element.get("type", "")).startswith("Input."):
                inputs[element["id"]] = {**element, "value": element.get("value", "")}
    return inputs
