"""Teams translation, pure functions: Bot Framework activities to neutral events, neutral messages to
Adaptive Cards. Text reaches Teams only inside card TextBlocks, with markdown characters escaped, so user
text can never mention someone, forge a link or render markup."""

from __future__ import annotations

import html
import re
from typing import Any

from bot import wording
from bot.conversation.actions import SetDraftField, decode
from bot.messages import Button, Identity, Incoming, IncomingKind, Message

PLATFORM = "teams"
CARD_TYPE = "application/vnd.microsoft.card.adaptive"
ACTION_KEY = "notalone_action"
SEARCH_KEY = "notalone_search"  # the drop-down of every option; a button's own ACTION_KEY wins over it
MAX_BUTTONS = 5  # more choices than this become a drop-down
CHOOSE = "Choose"  # the button that sends what was chosen in a drop-down
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<])")
_MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]{1,200}>")

Json = dict[str, Any]


def escape(text: str) -> str:
    """Escape Teams markdown so the text shows exactly as written."""
    return _MARKDOWN.sub(r"\\\1", text)


def _text_blocks(text: str) -> list[Json]:
    return [
        {"type": "TextBlock", "text": escape(part), "wrap": True} for part in text.split("\n") if part.strip()
    ]


def _drop_down(buttons: tuple[Button, ...], key: str, label: str) -> Json:
    """The choices as one compact drop-down whose value arrives under `key`."""
    choices = [{"title": b.label, "value": b.action} for b in buttons]
    return {"type": "Input.ChoiceSet", "id": key, "style": "compact", "choices": choices, "label": label}


def to_card(message: Message) -> Json:
    """A neutral message as an Adaptive Card: text blocks, then buttons or a drop-down."""
    body = _text_blocks(message.text)
    if message.attachment is not None:
        body.append({"type": "TextBlock", "text": escape(message.attachment.filename), "weight": "Bolder"})
        body.append(
            {
                "type": "TextBlock",
                "text": escape(message.attachment.content),
                "wrap": True,
                "fontType": "Monospace",
            }
        )
    actions: list[Json] = []
    if 0 < len(message.buttons) <= MAX_BUTTONS:
        for button in message.buttons:
            data = {ACTION_KEY: button.action, "label": button.label, "shown": message.text}
            action: Json = {"type": "Action.Submit", "title": button.label, "data": data}
            if button.style.value != "default":
                action["style"] = "positive" if button.style.value == "primary" else "destructive"
            actions.append(action)
    elif message.buttons:
        body.append(_drop_down(message.buttons, ACTION_KEY, "Choose one"))
    if message.searchable:
        body.append(_drop_down(message.searchable, SEARCH_KEY, wording.SEARCH_EVERY_CHOICE))
    if any(element["type"] == "Input.ChoiceSet" for element in body):
        # One Choose button sends whichever drop-down the officer used.
        actions.append({"type": "Action.Submit", "title": CHOOSE, "data": {"shown": message.text}})
    card: Json = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": body,
    }
    if actions:
        card["actions"] = actions
    return card


def to_activity(message: Message) -> Json:
    """The outgoing activity: the card, and a short plain summary for notifications."""
    return {
        "type": "message",
        "summary": notification_summary(message.text),
        "attachments": [{"contentType": CARD_TYPE, "content": to_card(message)}],
    }


SUMMARY_CHARACTERS = 120
# Teams shows the summary as it is, in notifications: no markup, no mention, nothing that could be a link.
_NOT_PLAIN = re.compile(r"<[^>]*>|[<>*_~`#|\[\]()\\]")


def notification_summary(text: str) -> str:
    """The message's first line as plain words for a notification: markup, mentions and tags removed."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    plain = " ".join(_NOT_PLAIN.sub(" ", first).split())
    if len(plain) <= SUMMARY_CHARACTERS:
        return plain
    return plain[: SUMMARY_CHARACTERS - 1].rsplit(" ", 1)[0] + "…"


def after_choice(shown: str, label: str) -> Json:
    """The clicked card again, without its buttons and with the choice shown."""
    card = to_card(Message(shown))
    card["body"].append(
        {"type": "TextBlock", "text": escape(f"You chose: {label}"), "isSubtle": True, "wrap": True}
    )
    return {"type": "message", "attachments": [{"contentType": CARD_TYPE, "content": card}]}


def invoke_answer(name: str | None) -> Json:
    """The body of the invoke response for an invoke Notalone doesn't use: a clean 200, never a 501."""
    if name == "adaptiveCard/action":
        return {"statusCode": 200, "type": "application/vnd.microsoft.activity.message", "value": ""}
    return {}


def is_activity(body: object) -> bool:
    """Whether a request body has the shape of a Bot Framework activity the SDK can safely take."""
    if not isinstance(body, dict):
        return False
    conversation = body.get("conversation")
    service_url = body.get("serviceUrl")
    return (
        isinstance(body.get("type"), str)
        and isinstance(conversation, dict)
        and isinstance(conversation.get("id"), str)
        and isinstance(service_url, str)
        and service_url.startswith(("https://", "http://"))
        and all(isinstance(body.get(key, {}), dict) for key in ("from", "recipient", "channelData"))
    )


def identity_of(activity: Json) -> Identity | None:
    """Tenant id and the person's Entra (AAD) object id; None without a tenant or a person."""
    sender = activity.get("from") or {}
    conversation = activity.get("conversation") or {}
    tenant = conversation.get("tenantId") or ((activity.get("channelData") or {}).get("tenant") or {}).get(
        "id"
    )
    user = sender.get("aadObjectId") or sender.get("id")
    if not tenant or not user:
        return None
    return Identity(PLATFORM, str(tenant), str(user))


def to_incoming(activity: Json) -> tuple[Incoming, str | None] | None:
    """The neutral event in a personal-chat activity, and for a card click the text of the card clicked.

    None for anything Notalone doesn't act on: group chats and channels, other bots, other activity types.
    """
    conversation = activity.get("conversation") or {}
    if conversation.get("conversationType") not in (None, "personal") or conversation.get("isGroup"):
        return None
    who = identity_of(activity)
    if who is None or (activity.get("from") or {}).get("role") == "bot":
        return None
    kind = activity.get("type")
    event_id = activity.get("id")
    if kind == "message":
        value = activity.get("value")
        if isinstance(value, dict) and not value.get(ACTION_KEY) and isinstance(value.get(SEARCH_KEY), str):
            value = {**value, ACTION_KEY: value[SEARCH_KEY]}  # chosen from the drop-down of every option
        if isinstance(value, dict) and isinstance(value.get(ACTION_KEY), str) and value[ACTION_KEY]:
            shown = value.get("shown")
            label = value.get("label") or _choice_title(value[ACTION_KEY])
            incoming = Incoming(who, IncomingKind.ACTION, action=value[ACTION_KEY], event_id=event_id)
            return incoming, (f"{shown}\n{label}" if isinstance(shown, str) else None)
        text = _plain(str(activity.get("text") or ""))
        return Incoming(who, IncomingKind.MESSAGE, text=text, event_id=event_id), None
    if kind in ("conversationUpdate", "installationUpdate"):
        added = activity.get("membersAdded") or []
        recipient = (activity.get("recipient") or {}).get("id")
        someone_arrived = kind == "installationUpdate" or any(m.get("id") != recipient for m in added)
        if someone_arrived or any(m.get("id") == recipient for m in added):
            return Incoming(who, IncomingKind.OPENED, event_id=event_id), None
    return None


def installer_of(activity: Json) -> Identity | None:
    """Who installed Notalone, when the activity says it was just installed; None otherwise.

    Teams announces an installation with an `installationUpdate` whose action is "add" and, in the new
    personal chat, a `conversationUpdate` listing the bot among the members added. Both name the person.
    """
    if (activity.get("from") or {}).get("role") == "bot":
        return None
    kind = activity.get("type")
    if kind == "installationUpdate":
        installed = activity.get("action") == "add"
    elif kind == "conversationUpdate":
        recipient = (activity.get("recipient") or {}).get("id")
        added = activity.get("membersAdded") or []
        installed = bool(recipient) and any(isinstance(m, dict) and m.get("id") == recipient for m in added)
    else:
        installed = False
    return identity_of(activity) if installed else None


def _choice_title(action: str) -> str:
    # A drop-down sends back only the chosen value, not its title; drop-downs offer draft fields' codes.
    chosen = decode(action)
    return chosen.value.replace("_", " ") if isinstance(chosen, SetDraftField) else ""


def _plain(text: str) -> str:
    """What the person typed: no mention tags or HTML, entities decoded."""
    return html.unescape(_TAG.sub("", _MENTION.sub("", text))).strip()


def profile_fields(member: Json) -> tuple[str | None, str | None, str | None]:
    """Name, email and job title from a conversation member, where Teams gives them."""
    name = (
        member.get("name")
        or " ".join(p for p in (member.get("givenName"), member.get("surname")) if p)
        or None
    )
    email = member.get("email") or member.get("userPrincipalName") or None
    title = member.get("jobTitle") or None
    return name, email, title
