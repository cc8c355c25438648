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
        "ref": message.ref,
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


def own_event(incoming: Incoming, nonce: str | None) -> Json:
    """What the officer sent from a pane (words, or the action of the button chosen), kept for a reload.

    `nonce` is the page's own id for the message, so it recognises the message it is still showing as
    waiting to be sent."""
    event: Json = {"pane": incoming.identity.user_id, "mine": True, "text": incoming.text, "buttons": []}
    if incoming.kind is IncomingKind.ACTION:
        event["chosen"] = incoming.action
    if nonce is not None:
        event["nonce"] = nonce
    return event


def nonce_of(body: Any) -> str | None:
    """The page's id for a message, if it gave a short one."""
    nonce = body.get("nonce") if isinstance(body, dict) else None
    return nonce if isinstance(nonce, str) and 0 < len(nonce) <= 64 else None
