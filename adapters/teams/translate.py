"""Teams translation, pure functions: Bot Framework activities to neutral events, neutral messages to
Adaptive Cards.

Text reaches Teams only as `TextRun`s inside `RichTextBlock`s (Adaptive Cards 1.2+), which Teams never reads
as markdown, so text shows exactly as written with nothing escaped: a TextBlock's backslash escapes show
on Teams mobile (microsoft/AdaptiveCards issues 5590 and 7474). User text can still never mention someone
(an `<at>` mention needs an `entities` list, which Notalone never sends), forge a link or render markup.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace
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
MAX_TITLE = 75  # a button's or a drop-down choice's title; longer ones end in "…"
# Teams refuses a message over 28 KB; a card is kept under this, leaving room for the activity around it.
MOST_CARD_BYTES = 26 * 1024
_MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]{1,200}>")

Json = dict[str, Any]


def rich_text(text: str, **style: object) -> Json:
    """One line of text shown exactly as written: a RichTextBlock of one TextRun, never read as markdown.

    `style` is the TextRun's own (weight, fontType, isSubtle, color, size); blocks wrap by themselves."""
    return {"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": text, **style}]}


def text_blocks(text: str, **style: object) -> list[Json]:
    """A text's lines, one block each; a blank line leaves a wider gap before the next, as a paragraph."""
    blocks: list[Json] = []
    gap = False
    for line in text.split("\n"):
        if not line.strip():
            gap = bool(blocks)
            continue
        block = rich_text(line, **style)
        if gap:
            block["spacing"] = "Medium"
        blocks.append(block)
        gap = False
    return blocks


def shorten(title: str) -> str:
    """A title cut to MAX_TITLE at a word where it can be, ending "…" to show it was cut."""
    if len(title) <= MAX_TITLE:
        return title
    cut = title[: MAX_TITLE - 1]
    at_word = cut.rsplit(" ", 1)[0]
    return (at_word if len(at_word) > MAX_TITLE // 2 else cut).rstrip() + "…"


def _drop_down(buttons: tuple[Button, ...], key: str, label: str) -> Json:
    """The choices as one compact drop-down whose value arrives under `key`."""
    choices = [{"title": shorten(b.label), "value": b.action} for b in buttons]
    return {"type": "Input.ChoiceSet", "id": key, "style": "compact", "choices": choices, "label": label}


def _text_of(message: Message) -> list[Json]:
    body = text_blocks(message.text)
    if message.attachment is not None:
        body.append(rich_text(message.attachment.filename, weight="Bolder"))
        body.extend(text_blocks(message.attachment.content, fontType="Monospace"))
    return body


def _choices(message: Message, *, shown: str | None) -> tuple[list[Json], list[Json]]:
    """The drop-downs and the buttons. `shown` (the card's text) rides in each button's data so that a
    click can show the card again without its buttons (`after_choice`)."""
    inputs: list[Json] = []
    actions: list[Json] = []
    seen = {"shown": shown} if shown is not None else {}
    if 0 < len(message.buttons) <= MAX_BUTTONS:
        for button in message.buttons:
            title = shorten(button.label)
            data = {ACTION_KEY: button.action, "label": title, **seen}
            action: Json = {"type": "Action.Submit", "title": title, "data": data}
            if button.style.value != "default":
                action["style"] = "positive" if button.style.value == "primary" else "destructive"
            actions.append(action)
    elif message.buttons:
        inputs.append(_drop_down(message.buttons, ACTION_KEY, "Choose one"))
    if message.searchable:
        inputs.append(_drop_down(message.searchable, SEARCH_KEY, wording.SEARCH_EVERY_CHOICE))
    if inputs:
        # One Choose button sends whichever drop-down the officer used.
        actions.append({"type": "Action.Submit", "title": CHOOSE, "data": seen})
    return inputs, actions


def _card(body: list[Json], actions: list[Json]) -> Json:
    card: Json = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": body,
    }
    if actions:
        card["actions"] = actions
    return card


def _bytes(value: object) -> int:
    return len(json.dumps(value).encode("utf-8"))


def to_card(message: Message) -> Json:
    """A neutral message as one Adaptive Card: text blocks, then buttons or a drop-down (whatever its size;
    `to_activities` keeps each card within Teams' limit)."""
    inputs, actions = _choices(message, shown=message.text)
    return _card(_text_of(message) + inputs, actions)


def to_cards(message: Message) -> list[Json]:
    """The message as cards within Teams' size limit: one card if it fits (without `shown` if only that
    makes it fit: its buttons then stay after a click, and a second click changes nothing), otherwise its
    text over several cards in order, the choices on the last."""
    text = _text_of(message)
    for shown in (message.text, None):
        inputs, actions = _choices(message, shown=shown)
        card = _card(text + inputs, actions)
        if _bytes(card) <= MOST_CARD_BYTES:
            return [card]
    room = MOST_CARD_BYTES - _bytes(_card([], [])) - len(text)
    cards: list[list[Json]] = [[]]
    used = 0
    controls = sum(map(_bytes, inputs)) + _bytes(actions)
    if controls > room and message.searchable:
        # The drop-down of every option is an extra beside the buttons, which page through them all.
        return to_cards(replace(message, searchable=()))
    for piece in (piece for line in text for piece in _pieces(line, room)):
        size = _bytes(piece)
        if cards[-1] and used + size > room:
            cards.append([])
            used = 0
        cards[-1].append(piece)
        used += size
    if used + controls > room:
        cards.append([])
    return [_card(body, []) for body in cards[:-1]] + [_card(cards[-1] + inputs, actions)]


def _pieces(block: Json, room: int) -> list[Json]:
    """A text block as blocks of at most `room` bytes: a line too long for one card is cut in two, again
    and again, the pieces shown one under the other."""
    run = block["inlines"][0]
    if _bytes(block) <= room or len(run["text"]) < 2:
        return [block]
    middle = len(run["text"]) // 2
    halves = (run["text"][:middle], run["text"][middle:])
    return [
        piece for half in halves for piece in _pieces({**block, "inlines": [{**run, "text": half}]}, room)
    ]


def to_activities(message: Message) -> list[Json]:
    """The outgoing activities, to send in order: usually one card, and a short plain summary of each for
    notifications."""
    return [
        {
            "type": "message",
            "summary": notification_summary(_first_text(card) or message.text),
            "attachments": [{"contentType": CARD_TYPE, "content": card}],
        }
        for card in to_cards(message)
    ]


def _first_text(card: Json) -> str:
    for element in card["body"]:
        if element["type"] == "RichTextBlock":
            return str(element["inlines"][0]["text"])
    return ""


SUMMARY_CHARACTERS = 120
# Teams shows the summary as it is, in notifications: no markup, no mention, nothing that could be a link.
_SPACE_BEFORE_STOP = re.compile(r" ([.,;:!?])")  # "(plan 2)." reads "plan 2." once the brackets go
_NOT_PLAIN = re.compile(r"<[^>]*>|[<>*_~`#|\[\]()\\]")


def notification_summary(text: str) -> str:
    """The message's first line as plain words for a notification: markup, mentions and tags removed."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    plain = _SPACE_BEFORE_STOP.sub(r"\1", " ".join(_NOT_PLAIN.sub(" ", first).split()))
    if len(plain) <= SUMMARY_CHARACTERS:
        return plain
    return plain[: SUMMARY_CHARACTERS - 1].rsplit(" ", 1)[0] + "…"


def after_choice(shown: str, label: str) -> Json:
    """The clicked card again, without its buttons and with the choice shown."""
    card = to_card(Message(shown))
    card["body"].append(rich_text(f"You chose: {label}", isSubtle=True))
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


# Where installing an app is something Microsoft lets only a team's owners or a tenant's admins do (by
# policy); anyone may add an app to their own personal chat, so that never makes an admin.
ADMIN_INSTALL_SCOPES = ("channel", "groupChat")


def admin_installer_of(activity: Json) -> Identity | None:
    """Who installed Notalone in a team or group chat, when the activity announces it; None otherwise.

    Teams announces an installation with an `installationUpdate` whose action is "add", in the
    conversation it was installed in. A personal install (or the bot added to a personal chat) names
    only someone who wanted to use Notalone, not someone Microsoft says administers anything: None.
    """
    if (activity.get("from") or {}).get("role") == "bot":
        return None
    if activity.get("type") != "installationUpdate" or activity.get("action") != "add":
        return None
    conversation = activity.get("conversation") or {}
    if conversation.get("conversationType") not in ADMIN_INSTALL_SCOPES:
        return None
    return identity_of(activity)


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
