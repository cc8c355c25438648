"""Recognising what an officer typed: a command, or words describing a plan."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


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
}

# Commands that name a plan: "pause 2", "pause plan 2", "pause all".
_TARGETED = re.compile(r"^(edit|pause|resume|withdraw)(?:\s+(?:plan\s+)?(\d{1,6}|all))?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Parsed:
    """A command and what it names: a plan number, 'all', or nothing."""

    command: Command
    target: str | None = None


def clean(text: str) -> str:
    """Text as we keep it: normalised, no control or direction-override characters, trimmed."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def parse(text: str) -> Parsed | None:
    """The command in a short message, or None when the officer is describing something."""
    words = " ".join(text.lower().strip(" .!").split())
    if len(words) > 40:
        return None
    if words in ALIASES:
        return Parsed(ALIASES[words])
    targeted = _TARGETED.match(words)
    if targeted:
        return Parsed(Command(targeted.group(1)), targeted.group(2))
    return None
