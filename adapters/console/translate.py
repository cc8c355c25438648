"""Console translation: typed lines to neutral events, neutral messages to printed lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.messages import Identity, Message, Profile

PLATFORM = "console"
WORKSPACE = "local"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def identity_for(hashed_email: str) -> Identity:
    """A console officer, known at rest by a keyed hash of their email address (never the address)."""
    return Identity(PLATFORM, WORKSPACE, hashed_email)


def is_email(text: str) -> bool:
    """Whether the text looks like one email address."""
    return bool(_EMAIL.match(text))


def profile_for(email: str, job_title: str | None) -> Profile:
    """What the console knows of an officer: the email, a name guessed from it, a title if typed."""
    local = email.split("@", 1)[0]
    words = [w for w in re.split(r"[._\-+]+", local) if w]
    name = " ".join(w[:1].upper() + w[1:] for w in words) or None
    return Profile(email=email, name=name, job_title=job_title or None)


def render(email: str, message: Message) -> list[str]:
    """The lines printed for one message, each prefixed with the recipient's email."""
    prefix = f"[{email}]"
    lines = message.text.split("\n")
    lines += [f"  {number}) {button.label}" for number, button in enumerate(message.buttons, start=1)]
    if message.attachment is not None:
        lines.append(f"(file {message.attachment.filename})")
        lines += message.attachment.content.split("\n")
    return [f"{prefix} {line}".rstrip() for line in lines]


@dataclass(frozen=True)
class ConsoleCommand:
    """A line that speaks to the console itself rather than to the bot."""

    name: str
    argument: str


def console_command(line: str) -> ConsoleCommand | None:
    """`/as EMAIL [title]`, `/wait DAYS`, `/quit`: None for anything meant for the bot."""
    if not line.startswith("/"):
        return None
    name, _, argument = line[1:].partition(" ")
    return ConsoleCommand(name.lower(), argument.strip())


def choice_number(line: str) -> int | None:
    """The number typed for a choice, or None when the line is not a bare number of one or two digits: a
    longer one ("2028" for a timeline) is words for the bot."""
    stripped = line.strip()
    return int(stripped) if stripped.isdigit() and len(stripped) <= 2 else None
