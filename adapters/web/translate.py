"""Web trial translation, pure functions: browser requests to neutral events, messages to JSON.

The browser inserts every text with `textContent`, never as HTML, so user text cannot render markup."""

from __future__ import annotations

from typing import Any

from bot.messages import Identity, Incoming, IncomingKind, Message

PLATFORM = "web"
MAX_TEXT = 20_000  # the core itself answers anything over its own limit; this only bounds the request

Json = dict[str, Any]


def identity(session_id: str, pane_id: str) -> Identity:
    """A trial officer: one pane of one browser's trial."""
    return Identity(PLATFORM, session_id, pane_id)


def to_event(pane_id: str, message: Message) -> Json:
    """What the browser shows in a pane: the text, the choices and any file."""
    event: Json = {
        "pane": pane_id,
        "text": message.text,
        "buttons": [{"label": b.label, "action": b.action, "style": b.style.value} for b in message.buttons],
    }
    if message.attachment is not None:
        event["attachment"] = {"filename": message.attachment.filename, "content": message.attachment.content}
    return event


def to_incoming(session_id: str, panes: set[str], body: Any) -> Incoming | None:
    """A pane's message or choice, as the browser sends it; None if malformed or not this trial's."""
    if not isinstance(body, dict):
        return None
    pane = body.get("pane")
    if not isinstance(pane, str) or pane not in panes:
        return None
    who = identity(session_id, pane)
    action = body.get("action")
    if isinstance(action, str) and action:
        return Incoming(who, IncomingKind.ACTION, action=action[:500])
    text = body.get("text")
    if isinstance(text, str):
        return Incoming(who, IncomingKind.MESSAGE, text=text[:MAX_TEXT])
    return None
