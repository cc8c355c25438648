"""Test helpers: officers talking to the real core, with a recording notifier as the far side."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Engine as Database
from sqlalchemy import text
from sqlmodel import Session

from bot.conversation.actions import AnswerProposal, decode
from bot.core import Core
from bot.delivery.notifier import RecordingNotifier
from bot.messages import Identity, Incoming, IncomingKind, Message, Profile

T = TypeVar("T")

# A value sealed at rest: a key id, ":" and a Fernet token (URL-safe base64 whose first byte is 0x80).
_SEALED = re.compile(r"[0-9a-f]{8}:gAAAAA[A-Za-z0-9_=-]+")
_SEALED_BYTES = re.compile(_SEALED.pattern.encode())


def outside_sealed(stored: str) -> str:
    """What is stored with every sealed value cut out: a name in the clear is still found in it, while
    a name that random ciphertext happens to spell is not (that would make a test fail by chance)."""
    return _SEALED.sub("<sealed>", stored)


def outside_sealed_bytes(stored: bytes) -> bytes:
    """`outside_sealed` for a database file's raw bytes."""
    return _SEALED_BYTES.sub(b"<sealed>", stored)


def identity(email: str, workspace: str = "local") -> Identity:
    """A test officer, known by their email as the console does."""
    return Identity("test", workspace, email)


class Desk:
    """Several officers at one desk, each talking to the bot and reading their own messages."""

    def __init__(self, engine: Core, notifier: RecordingNotifier) -> None:
        self.engine = engine
        self.notifier = notifier
        self.workspaces: dict[str, str] = {}  # email -> workspace id, for officers not in "local"
        self.admins: set[str] = set()  # emails whose platform says they administer their workspace

    def who(self, email: str) -> Identity:
        """The officer's platform ids."""
        return identity(email, self.workspaces.get(email, "local"))

    def open(self, email: str, *, name: str | None = None, title: str | None = None) -> list[Message]:
        """The officer opens the conversation (first contact, or coming back)."""
        guessed = name or " ".join(p.capitalize() for p in email.split("@")[0].split("."))
        profile = Profile(email=email, name=guessed, job_title=title, platform_admin=email in self.admins)
        return self._run(email, Incoming(self.who(email), IncomingKind.OPENED, profile=profile))

    def say(self, email: str, words: str) -> list[Message]:
        """The officer writes a message; returns what they received in reply."""
        return self._run(email, Incoming(self.who(email), IncomingKind.MESSAGE, text=words))

    def choose(self, email: str, label: str) -> list[Message]:
        """The officer clicks the button with this label on the latest message that has it."""
        for message in reversed(self.inbox(email)):
            for button in message.buttons:
                if button.label == label:
                    return self.act(email, button.action)
        raise AssertionError(f"{email} has no button labelled {label!r}")

    def act(self, email: str, action: str) -> list[Message]:
        """The officer sends a button action, stale or not."""
        return self._run(email, Incoming(self.who(email), IncomingKind.ACTION, action=action))

    def describe_and_confirm(self, email: str, words: str) -> list[Message]:
        """Describe a plan and accept what the bot understood."""
        self.say(email, words)
        return self.choose(email, "Looks right")

    def inbox(self, email: str) -> list[Message]:
        """Everything this officer has received."""
        return self.notifier.to(self.who(email))

    def texts(self, email: str) -> str:
        """Everything this officer has received, as one text."""
        return "\n".join(m.text + "\n" + "\n".join(b.label for b in m.buttons) for m in self.inbox(email))

    def _run(self, email: str, incoming: Incoming) -> list[Message]:
        before = len(self.inbox(email))
        self.engine.handle(incoming)
        return self.inbox(email)[before:]


def at_once(*calls: Callable[[], T], timeout: float = 60) -> list[T]:
    """Run the calls in threads released together, as separate processes would; their results in order.

    A call that fails makes this fail with its error; one still running after `timeout` fails it too.
    """
    barrier = threading.Barrier(len(calls))
    results: list[T | None] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int, call: Callable[[], T]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    if errors:
        raise errors[0]
    assert not any(thread.is_alive() for thread in threads), f"still running after {timeout} s"
    return [result for result in results if result is not None]


def proposals_to(messages: list[Message]) -> list[Message]:
    """The proposals among some messages."""
    return [m for m in messages if any(_accepts(b.action) for b in m.buttons)]


def match_numbers(messages: list[Message]) -> list[int]:
    """The possible match numbers these messages show, in order ("possible match #2" gives 2)."""
    return [int(number) for m in messages for number in re.findall(r"possible match #(\d+)", m.text, re.I)]


def _accepts(action: str) -> bool:
    decoded = decode(action)
    return isinstance(decoded, AnswerProposal) and decoded.accept


def count(database: Database, table: str) -> int:
    """Rows in a table."""
    with database.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


@contextmanager
def session_on(database: Database) -> Iterator[Session]:
    """A read-only look at the database."""
    with Session(database) as session:
        yield session
