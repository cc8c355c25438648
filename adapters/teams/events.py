"""What a web process keeps of a Teams activity for the worker's turn, pure: the neutral event, and the
extra data only Teams needs (where to answer, which card to replace, a form's answers).

The web request does no database round trip: the conversation reference travels in the event and the
worker stores it (`Core.remember_address`) before anything is sent, proactively, through it.
"""

from __future__ import annotations

from dataclasses import dataclass

from adapters.teams.settings_card import FORM_ACTIONS
from adapters.teams.translate import Json, admin_installer_of, to_incoming
from bot.messages import Incoming, IncomingKind

REFERENCE = "reference"  # the conversation reference: how to reach the officer, now and later
CHOICE = "choice"  # the card clicked: {"id", "shown"}, replaced by the choice
FORM = "form"  # a settings form submitted or asked for: {"id", "value"}
INSTALLED = "installed"  # the activity announced a team or group chat install by this officer


@dataclass(frozen=True)
class Choice:
    """The card an officer clicked: its id, and the text it showed with the label chosen last."""

    card_id: str
    shown: str


@dataclass(frozen=True)
class Form:
    """The settings form action: the card it came from (if any), and what Teams submitted with it."""

    card_id: str | None
    value: Json


def to_event(activity: Json, reference: Json) -> tuple[Incoming, Json] | None:
    """The neutral event and its extra data; None for anything Notalone doesn't act on."""
    installer = admin_installer_of(activity)
    if installer is not None:
        # Only who installed it: a team's conversation is no way to reach them, so none is kept.
        event_id = activity.get("id")
        return Incoming(installer, IncomingKind.OPENED, event_id=event_id), {INSTALLED: True}
    parsed = to_incoming(activity)
    if parsed is None:
        return None
    incoming, shown = parsed
    extra: Json = {REFERENCE: reference}
    card_id = activity.get("replyToId")
    card_id = card_id if isinstance(card_id, str) and card_id else None
    if incoming.action in FORM_ACTIONS:
        value = activity.get("value")
        extra[FORM] = {"id": card_id, "value": value if isinstance(value, dict) else {}}
    elif shown is not None and card_id is not None:
        extra[CHOICE] = {"id": card_id, "shown": shown}
    return incoming, extra


def reference_of(extra: Json) -> Json | None:
    """The conversation reference kept with an event."""
    reference = extra.get(REFERENCE)
    return reference if isinstance(reference, dict) else None


def choice_of(extra: Json) -> Choice | None:
    """The card to replace with the choice, if the event was a click on one."""
    choice = extra.get(CHOICE)
    if not isinstance(choice, dict):
        return None
    card_id, shown = choice.get("id"), choice.get("shown")
    if not isinstance(card_id, str) or not isinstance(shown, str):
        return None
    return Choice(card_id, shown)


def form_of(extra: Json) -> Form | None:
    """The settings form action, if the event was one."""
    form = extra.get(FORM)
    if not isinstance(form, dict):
        return None
    card_id, value = form.get("id"), form.get("value")
    return Form(card_id if isinstance(card_id, str) else None, value if isinstance(value, dict) else {})


def installed(extra: Json) -> bool:
    """Whether the event announced that the officer installed Notalone in a team or group chat."""
    return extra.get(INSTALLED) is True
