"""Slack translation, pure functions: Slack payloads to neutral events, neutral messages to Block Kit.

User text reaches Slack only inside `plain_text` objects and in a fallback `text` sent with
`mrkdwn: false` and escaped: it can never ping a channel, mention someone, forge a link or render markup.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import parse_qs

from bot import wording
from bot.conversation.actions import ChangeSettings, ShowLandscape, encode
from bot.messages import Button, ButtonStyle, Identity, Incoming, IncomingKind, Message, Profile

PLATFORM = "slack"
ACTION_PREFIX = "notalone_"
SELECT_ACTION_ID = "notalone_select"
SEARCH_ACTION_ID = "notalone_search"
MAX_BUTTONS = 5  # more choices than this become a menu
MAX_SECTION = 2900  # Slack allows 3,000 characters in a text object
MAX_OPTIONS = 100  # in a menu, and in each of its groups (Slack allows 100 groups)
MAX_LABEL = 75  # a button's or an option's text
MAX_BLOCKS = 50  # in one message; a longer message goes as several, in order
MAX_HOME_BLOCKS = 100
ELLIPSIS = "…"

Block = dict[str, Any]
SLACK_ID = re.compile(r"[A-Z][A-Z0-9]{1,31}")
FORM = "application/x-www-form-urlencoded"


def well_formed(body: bytes, content_type: str) -> bool:
    """Whether a (verified) request body is shaped as Slack sends them: a JSON object, or a form."""
    try:
        text = body.decode("utf-8")
        if content_type == "application/json":
            return _shaped(json.loads(text))
        if content_type != FORM:
            return False
        fields = parse_qs(text, strict_parsing=True, errors="strict")
        if "payload" in fields:
            return _shaped(json.loads(fields["payload"][0]))
        return "command" in fields or "ssl_check" in fields
    except (ValueError, RecursionError):  # bad UTF-8, bad JSON, bad form, or JSON nested absurdly deep
        return False


# The fields slack-bolt reads before any listener runs, with the types it assumes.
_TOP_LEVEL: dict[str, type] = {
    **dict.fromkeys(("type", "team_id", "api_app_id", "event_id", "enterprise_id"), str),
    **dict.fromkeys(("event", "team", "user", "channel", "container", "message", "view"), dict),
    **dict.fromkeys(("actions", "authorizations"), list),
}
_IN_EVENT: dict[str, type] = dict.fromkeys(
    ("type", "channel", "channel_type", "subtype", "text", "ts", "team", "tab", "bot_id"), str
)


def _shaped(payload: Any) -> bool:
    if not isinstance(payload, dict) or not _typed(payload, _TOP_LEVEL):
        return False
    event = payload.get("event")
    if "event" in payload and not isinstance(event, dict):  # bolt reads `event` as an object, even null
        return False
    if isinstance(event, dict) and not _typed(event, _IN_EVENT):
        return False
    if isinstance(event, dict) and not isinstance(event.get("user"), str | dict | None):
        return False
    for name in ("team", "user", "channel"):
        field = payload.get(name)
        if isinstance(field, dict) and not _typed(field, {"id": str, "team_id": str, "domain": str}):
            return False
    return all(isinstance(action, dict) for action in payload.get("actions") or [])


def _typed(fields: dict[str, Any], types: dict[str, type]) -> bool:
    return all(fields.get(name) is None or isinstance(fields[name], kind) for name, kind in types.items())


def slack_id(value: Any) -> str | None:
    """A Slack team or user id as Slack writes them (T0123ABC, U0456DEF), or None for anything else."""
    return value if isinstance(value, str) and SLACK_ID.fullmatch(value) else None


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """Slack sends user text with &, < and > escaped; keep what the officer typed."""
    return html.unescape(text) if "&" in text else text


def identity(team_id: str, user_id: str) -> Identity:
    """A Slack officer: team id and user id, never a display name."""
    return Identity(PLATFORM, team_id, user_id)


def fallback_text(message: Message) -> str:
    """The notification text: escaped, short."""
    return escape(message.text[:300])


def plain(text: str) -> Block:
    """A plain_text object: shown exactly as written, never as markup."""
    return {"type": "plain_text", "text": text, "emoji": True}


def _sections(text: str) -> list[Block]:
    blocks: list[Block] = []
    chunk = ""
    for paragraph in text.split("\n"):
        while len(paragraph) > MAX_SECTION:
            if chunk:
                blocks.append({"type": "section", "text": plain(chunk)})
                chunk = ""
            blocks.append({"type": "section", "text": plain(paragraph[:MAX_SECTION])})
            paragraph = paragraph[MAX_SECTION:]
        candidate = f"{chunk}\n{paragraph}" if chunk else paragraph
        if len(candidate) > MAX_SECTION:
            blocks.append({"type": "section", "text": plain(chunk)})
            chunk = paragraph
        else:
            chunk = candidate
    if chunk.strip():
        blocks.append({"type": "section", "text": plain(chunk)})
    return blocks


def shorten(label: str, most: int = MAX_LABEL) -> str:
    """A label cut to Slack's limit at a word where it can be, ending "…" to show it was cut."""
    if len(label) <= most:
        return label
    cut = label[: most - 1]
    at_word = cut.rsplit(" ", 1)[0]
    return (at_word if len(at_word) > most // 2 else cut).rstrip() + ELLIPSIS


def _button(index: int, button: Button) -> Block:
    element: Block = {
        "type": "button",
        "text": plain(shorten(button.label)),
        "action_id": f"{ACTION_PREFIX}{index}",
        "value": button.action,
    }
    if button.style != ButtonStyle.DEFAULT:
        element["style"] = button.style.value
    return element


def _choices(buttons: tuple[Button, ...]) -> Block:
    if len(buttons) <= MAX_BUTTONS:
        return {"type": "actions", "elements": [_button(i, b) for i, b in enumerate(buttons)]}
    return _menu(buttons, SELECT_ACTION_ID, "Choose")


def _menu(buttons: tuple[Button, ...], action_id: str, placeholder: str) -> Block:
    """The options in one menu; Slack's menus filter as the officer types. Past Slack's 100 options a
    menu has groups of up to 100, each named by its first and last option, so no option is left out."""
    options = [{"text": plain(shorten(b.label)), "value": b.action} for b in buttons]
    menu: Block = {"type": "static_select", "action_id": action_id, "placeholder": plain(placeholder)}
    if len(options) <= MAX_OPTIONS:
        menu["options"] = options
    else:
        groups = [options[at : at + MAX_OPTIONS] for at in range(0, len(options), MAX_OPTIONS)]
        menu["option_groups"] = [
            {"label": plain(_group_label(group)), "options": group} for group in groups[:MAX_OPTIONS]
        ]
    return {"type": "actions", "elements": [menu]}


def _group_label(group: list[Block]) -> str:
    first, last = group[0]["text"]["text"], group[-1]["text"]["text"]
    half = (MAX_LABEL - 3) // 2
    return f"{shorten(first, half)} to {shorten(last, half)}"


def to_blocks(message: Message) -> list[Block]:
    """A neutral message as Block Kit: plain text sections, then buttons or a menu. It may be more
    blocks than one Slack message holds: `in_posts` splits it."""
    blocks = _sections(message.text)
    if message.attachment is not None:
        blocks.append({"type": "context", "elements": [plain(message.attachment.filename)]})
        blocks.extend(_sections(message.attachment.content))
    if message.buttons:
        blocks.append(_choices(message.buttons))
    if message.searchable:
        blocks.append(_menu(message.searchable, SEARCH_ACTION_ID, wording.SEARCH_EVERY_CHOICE))
    return blocks


def in_posts(blocks: list[Block]) -> list[list[Block]]:
    """Blocks as the messages to post, in order, each within Slack's 50 blocks; the choices (always the
    last blocks) come in the last message, under the end of the text they answer."""
    posts = [blocks[at : at + MAX_BLOCKS] for at in range(0, len(blocks), MAX_BLOCKS)]
    return posts or [[]]


def post_text(blocks: list[Block], message: Message) -> str:
    """The notification text of one of a message's posts: its first words (escaped, short)."""
    first = next((b["text"]["text"] for b in blocks if b.get("type") == "section"), "")
    return fallback_text(Message(first)) if first else fallback_text(message)


def after_choice(blocks: list[Block], label: str) -> list[Block]:
    """The clicked message with its buttons gone and the choice shown in their place."""
    kept = [block for block in blocks if block.get("type") != "actions"]
    return [*kept, {"type": "context", "elements": [plain(f"You chose: {label}")]}]


def home_view(
    overview: str | None, welcome: str, *, admin: str | None = None, site: str | None = None
) -> Block:
    """The App Home tab: the officer's plans and proposals (or a welcome), then, for an admin, the
    workspace's settings and statistics with a button to change them; with the service's public address,
    a line linking to how Notalone handles data and its terms of use."""
    blocks = [{"type": "header", "text": plain("Notalone")}, *_sections(overview or welcome)]
    if overview is not None:
        others = Button(wording.LANDSCAPE_BUTTON, encode(ShowLandscape()))
        blocks.append({"type": "actions", "elements": [_button(0, others)]})
    if admin is not None:
        change = Button(wording.ADMIN_CHANGE_SETTINGS, encode(ChangeSettings()), ButtonStyle.PRIMARY)
        blocks += [
            {"type": "divider"},
            {"type": "header", "text": plain(wording.SLACK_HOME_ADMIN)},
            *_sections(admin)[: MAX_HOME_BLOCKS - len(blocks) - 3],
            {"type": "actions", "elements": [_button(0, change)]},
        ]
    if site is None:
        return {"type": "home", "blocks": blocks[:MAX_HOME_BLOCKS]}
    return {"type": "home", "blocks": [*blocks[: MAX_HOME_BLOCKS - 1], data_links(site)]}


def data_links(site: str) -> Block:
    """A context line linking to /privacy and /terms at the service's public address."""
    links = (
        f"<{escape(site)}/privacy|{escape(wording.PRIVACY_LINK)}>",
        f"<{escape(site)}/terms|{escape(wording.TERMS_LINK)}>",
    )
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": " · ".join(links)}]}


def message_event_to_incoming(
    event: dict[str, Any], *, team_id: str, event_id: str | None
) -> Incoming | None:
    """A direct message from a person; None for bots, edits, deletions and channel messages."""
    if event.get("type") != "message" or event.get("channel_type") != "im":
        return None
    if event.get("subtype") or event.get("bot_id"):
        return None
    user, team, text = slack_id(event.get("user")), slack_id(team_id), event.get("text") or ""
    if user is None or team is None or not isinstance(text, str):
        return None
    return Incoming(identity(team, user), IncomingKind.MESSAGE, text=unescape(text), event_id=event_id)


def action_to_incoming(body: dict[str, Any]) -> tuple[Incoming, str] | None:
    """A button click or menu choice, and the label the officer chose; None if it isn't ours."""
    actions, team_field = _list(body.get("actions")), _dict(body.get("team"))
    user_field = _dict(body.get("user"))
    team = slack_id(team_field.get("id")) or slack_id(user_field.get("team_id"))
    user = slack_id(user_field.get("id"))
    if not actions or team is None or user is None:
        return None
    action = _dict(actions[0])
    chosen = _dict(action.get("selected_option")) if action.get("type") == "static_select" else action
    value, label = chosen.get("value"), _dict(chosen.get("text")).get("text")
    if not isinstance(value, str) or not value:
        return None
    incoming = Incoming(identity(team, user), IncomingKind.ACTION, action=value, event_id=_replay_key(body))
    return incoming, label if isinstance(label, str) else ""


def _replay_key(body: dict[str, Any]) -> str | None:
    """What makes a click or a command handled once: Slack's trigger id, new for every interaction. A
    signed request sent again within the 5 minutes its signature is valid has the same one."""
    trigger = body.get("trigger_id")
    return f"trigger:{trigger}"[:128] if isinstance(trigger, str) and trigger else None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def command_to_incoming(body: dict[str, Any]) -> Incoming | None:
    """`/notalone TEXT` is the same as writing TEXT in the direct message; bare `/notalone` asks for help."""
    team, user = slack_id(body.get("team_id")), slack_id(body.get("user_id"))
    if team is None or user is None:
        return None
    text = unescape(str(body.get("text") or "")).strip() or "help"
    who = identity(str(team), str(user))
    return Incoming(who, IncomingKind.MESSAGE, text=text, event_id=_replay_key(body))


def profile_from_user(user: dict[str, Any]) -> Profile:
    """Name, job title, email, and whether Slack makes them an admin or owner, from `users.info`."""
    profile = user.get("profile") or {}
    name = profile.get("real_name") or user.get("real_name") or profile.get("display_name") or None
    return Profile(
        email=profile.get("email") or None,
        name=name,
        job_title=profile.get("title") or None,
        platform_admin=user.get("is_admin") is True or user.get("is_owner") is True,
    )
