"""Recognising what an officer typed: a command, or words describing a plan."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from bot.conversation.folding import fold


class Command(StrEnum):
    HELP = "help"
    NEW_PLAN = "new plan"
    MY_PLANS = "my plans"
    EDIT = "edit"
    PAUSE = "pause"
    RESUME = "resume"
    WITHDRAW = "withdraw"
    EXPORT = "export"
    FORGET_ME = "forget me"
    CANCEL = "cancel"
    ADMIN = "admin"
    LANDSCAPE = "how many others"


ALIASES: dict[str, Command] = {
    "help": Command.HELP,
    "?": Command.HELP,
    "menu": Command.HELP,
    "new plan": Command.NEW_PLAN,
    "new": Command.NEW_PLAN,
    "my plans": Command.MY_PLANS,
    "plans": Command.MY_PLANS,
    "list": Command.MY_PLANS,
    "edit": Command.EDIT,
    "pause": Command.PAUSE,
    "resume": Command.RESUME,
    "withdraw": Command.WITHDRAW,
    "export": Command.EXPORT,
    "export my data": Command.EXPORT,
    "forget me": Command.FORGET_ME,
    "delete me": Command.FORGET_ME,
    "cancel": Command.CANCEL,
    "stop": Command.CANCEL,
    "admin": Command.ADMIN,
    "settings": Command.ADMIN,
    "how many others": Command.LANDSCAPE,
    "landscape": Command.LANDSCAPE,
    "how many other councils": Command.LANDSCAPE,
    "how many councils": Command.LANDSCAPE,
    "who else": Command.LANDSCAPE,
    "anyone else": Command.LANDSCAPE,
    "others": Command.LANDSCAPE,
    # The same, as officers write them.
    "help me": Command.HELP,
    "commands": Command.HELP,
    "options": Command.HELP,
    "what can i type": Command.HELP,
    "start a new plan": Command.NEW_PLAN,
    "add a plan": Command.NEW_PLAN,
    "add a new plan": Command.NEW_PLAN,
    "another plan": Command.NEW_PLAN,
    "describe a plan": Command.NEW_PLAN,
    "describe a new plan": Command.NEW_PLAN,
    "start again": Command.NEW_PLAN,
    "start over": Command.NEW_PLAN,
    "my plan": Command.MY_PLANS,
    "show my plans": Command.MY_PLANS,
    "show me my plans": Command.MY_PLANS,
    "see my plans": Command.MY_PLANS,
    "view my plans": Command.MY_PLANS,
    "list my plans": Command.MY_PLANS,
    "what plans do i have": Command.MY_PLANS,
    "status": Command.MY_PLANS,
    "my matches": Command.MY_PLANS,
    "export my plans": Command.EXPORT,
    "download my data": Command.EXPORT,
    "get my data": Command.EXPORT,
    "send me my data": Command.EXPORT,
    "delete my data": Command.FORGET_ME,
    "delete my account": Command.FORGET_ME,
    "delete everything": Command.FORGET_ME,
    "erase me": Command.FORGET_ME,
    "erase my data": Command.FORGET_ME,
    "erase everything": Command.FORGET_ME,
    "remove me": Command.FORGET_ME,
    "remove my data": Command.FORGET_ME,
    "forget about me": Command.FORGET_ME,
    "forget everything": Command.FORGET_ME,
    "unsubscribe": Command.FORGET_ME,
    "never mind": Command.CANCEL,
    "nevermind": Command.CANCEL,
    "forget it": Command.CANCEL,
    "cancel that": Command.CANCEL,
    "cancel this": Command.CANCEL,
    "scrap that": Command.CANCEL,
    "abort": Command.CANCEL,
    "quit": Command.CANCEL,
    "exit": Command.CANCEL,
}
# Politeness around a command: "please show my plans", "can you pause plan 2 please".
_POLITE_START = re.compile(
    r"^(?:(?:ok|okay|right|hi|hello|please|pls|plz|can you|could you|i want to|i'd like to|"
    r"id like to|i would like to|i wish to|i need to|let me|just)\s+)+"
)
_POLITE_END = re.compile(r"(?:\s+(?:please|pls|thanks|thank you|now|for me|then))+$")
# "delete plan 2", "remove plan 2": to withdraw it.
_SYNONYMS = {
    "delete": "withdraw",
    "remove": "withdraw",
    "change": "edit",
    "unpause": "resume",
    "restart": "resume",
}

# Commands that name a plan: "pause 2", "pause plan 2", "pause all".
_TARGETED = re.compile(
    r"^(edit|pause|resume|withdraw)(?:\s+(?:plan\s+(?:number\s+|no\.?\s*)?|#|no\.?\s*)?(\d{1,6}|all))?$"
)
# "Can I change the timeline to 2028?", "update the stage of plan 2", "change my service".
_FIELD_CHANGE = re.compile(
    r"^(?:can i |could i |how do i |how can i |i'd like to |i would like to |i want to |i need to |please )?"
    r"(?:change|update|edit|correct|amend|set) (?:the |my )?"
    r"(?P<field>service area|service|kind of change|delivery model|stage|timeline|timing|date|go live date)"
    r"(?: (?:of|on|for|in) (?:my )?plan (?:number )?(?P<number>\d{1,6}))?"
    r"(?: to (?P<value>.+))?$"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Parsed:
    """A command and what it names: a plan number, 'all', or nothing; for an edit, perhaps the field to
    change ("change the timeline") and its new value ("... to 2028")."""

    command: Command
    target: str | None = None
    field: str | None = None
    value: str | None = None


def clean(text: str) -> str:
    """Text as we keep it: normalised, no control or direction-override characters, trimmed."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def parse(text: str) -> Parsed | None:
    """The command in a short message, or None when the officer is describing something."""
    words = " ".join(fold(text).strip(" .!?").split())
    if len(words) > 60:
        return None
    found = _command(words)
    if found is None:
        bare = _POLITE_END.sub("", _POLITE_START.sub("", words)).strip(" ,.!?")
        found = _command(bare) if bare != words else None
    return found


def _command(words: str) -> Parsed | None:
    if words in ALIASES:
        return Parsed(ALIASES[words])
    verb, _, rest = words.partition(" ")
    if verb in _SYNONYMS and rest.startswith(("plan", "all")):
        words = f"{_SYNONYMS[verb]} {rest}"
    change = _FIELD_CHANGE.match(words)
    if change:
        field = change.group("field").replace("go live date", "date")
        return Parsed(Command.EDIT, change.group("number"), field, change.group("value"))
    targeted = _TARGETED.match(
        words.replace("all my plans", "all").replace("my plans", "all").replace("my plan ", "plan ")
    )
    if targeted:
        return Parsed(Command(targeted.group(1)), targeted.group(2))
    return None
