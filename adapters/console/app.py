"""The local console: one person plays several officers, as they would in Slack or Teams."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import TextIO

from adapters.console.identities import ConsoleIdentities
from adapters.console.translate import (
    choice_number,
    console_command,
    is_email,
    profile_for,
    render,
)
from bot import wording
from bot.clock import ManualClock, OffsetClock
from bot.core import Core
from bot.delivery.notifier import Address, WithoutHomePage
from bot.messages import Button, Identity, Incoming, IncomingKind, Message
from bot.settings import Settings
from bot.storage.database import make_engine, upgrade
from matching import area_model


class ConsoleNotifier(WithoutHomePage):
    """Prints each message as it is sent, and remembers each officer's latest choices."""

    def __init__(self, write: Callable[[str], None]) -> None:
        self._write = write
        self.choices: dict[Identity, tuple[Button, ...]] = {}
        # Set by the console: the address to print for a recipient (stored ids are keyed hashes).
        self.email_of: Callable[[Identity], str] = lambda identity: identity.user_id

    def send(self, recipient: Identity, message: Message, *, address: Address | None = None) -> None:
        """Print the message, prefixed with its recipient's email."""
        if message.buttons:
            self.choices[recipient] = message.buttons
        for line in render(self.email_of(recipient), message):
            self._write(line)


class Console:
    """Reads lines, turns them into the core's events, and prints what every officer receives."""

    def __init__(self, engine: Core, notifier: ConsoleNotifier, clock: OffsetClock, out: TextIO) -> None:
        self._engine = engine
        self._notifier = notifier
        self._clock = clock
        self._out = out
        self._identities = ConsoleIdentities(engine.database)
        notifier.email_of = self._identities.email_of
        self.current: Identity | None = None

    @property
    def current_email(self) -> str | None:
        """The address of the officer being played, as typed."""
        return None if self.current is None else self._identities.email_of(self.current)

    def say(self, text: str) -> None:
        """A line from the console itself (not from the bot)."""
        print(text, file=self._out, flush=True)

    def feed(self, line: str) -> bool:
        """Handle one typed line; False when the person asked to leave."""
        line = line.rstrip("\n")
        command = console_command(line)
        if command is not None and command.name in ("as", "wait", "quit", "exit"):
            return self._console(command.name, command.argument)
        if self.current is None:
            self.say(wording.CONSOLE_WHO_FIRST)
            return True
        number = choice_number(line)
        if number is not None:
            self._choose(self.current, number)
        else:
            self._engine.handle(Incoming(self.current, IncomingKind.MESSAGE, text=line))
        return True

    def _console(self, name: str, argument: str) -> bool:
        if name in ("quit", "exit"):
            return False
        if name == "wait":
            if not argument.isdigit() or not 0 < int(argument) <= 3650:
                self.say(wording.CONSOLE_BAD_WAIT)
                return True
            self.say(wording.CONSOLE_WAITED.format(days=argument))
            self._wait(int(argument))
            return True
        email, _, title = argument.partition(" ")
        if not is_email(email):
            self.say(wording.CONSOLE_BAD_EMAIL)
            return True
        self.current = self._identities.identity_of(email)
        profile = profile_for(email.lower(), title.strip())
        self._engine.handle(Incoming(self.current, IncomingKind.OPENED, profile=profile))
        return True

    def _wait(self, days: int) -> None:
        """Move time on a day at a time, running every periodic job a worker would have run that day:
        reminders come before lapses, as they would in service."""
        for _ in range(days):
            self._advance(timedelta(days=1))
            for work in self._engine.periodic_work():
                work.run()

    def _advance(self, delta: timedelta) -> None:
        """Move time on for the console and for the core it drives (the core's clock is the one that lapses
        proposals and asks follow-ups; a console built with a clock of its own still moves it)."""
        self._clock.advance(delta)
        core_clock = self._engine.clock
        if core_clock is not self._clock and isinstance(core_clock, OffsetClock | ManualClock):
            core_clock.advance(delta)

    def _choose(self, identity: Identity, number: int) -> None:
        buttons = self._notifier.choices.get(identity, ())
        if not buttons:
            self.say(wording.CONSOLE_NO_CHOICES)
        elif not 1 <= number <= len(buttons):
            self.say(wording.CONSOLE_NO_SUCH_CHOICE.format(number=number, last=len(buttons)))
        else:
            self._engine.handle(Incoming(identity, IncomingKind.ACTION, action=buttons[number - 1].action))

    def run(self, lines: Iterable[str], *, echo: bool) -> None:
        """Feed lines until they end or the person quits."""
        for line in lines:
            if echo:
                self.say(f"> {line.rstrip()}")
            if not self.feed(line):
                break


def build_console(settings: Settings, out: TextIO) -> Console:
    """A console on the configured database, brought up to date first."""
    database = make_engine(settings.database_url)
    upgrade(database)
    clock = OffsetClock()
    notifier = ConsoleNotifier(lambda line: print(line, file=out, flush=True))
    engine = Core(database, notifier, settings=settings, clock=clock)
    area_model.warm_in_background(settings.model_cache)  # trained while the person types their first line
    return Console(engine, notifier, clock, out)


def _interactive_lines(console: Console) -> Iterable[str]:
    while True:
        who = console.current_email or "nobody"
        try:
            yield input(f"{who}> ")
        except EOFError:
            return


def run_console(settings: Settings, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout) -> None:
    """Interactive at a terminal; line by line from a file or pipe, so whole sessions can be scripted."""
    console = build_console(settings, out)
    if stdin.isatty():
        console.say(wording.CONSOLE_BANNER)
        console.run(_interactive_lines(console), echo=False)
    else:
        console.run(stdin, echo=True)
