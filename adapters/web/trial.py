"""Trial sessions: each browser gets its own officers and its own in-memory database.

Nothing of a trial touches real data or another visitor's trial: a session's database lives in memory,
only for that session, and is dropped when the session expires."""

from __future__ import annotations

import asyncio
import random
import secrets
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine as Database

from adapters.web.blank import BlankDatabases
from adapters.web.translate import identity, own_event, to_event
from bot.core import Core
from bot.delivery.notifier import Address, WithoutHomePage
from bot.domain.directory import CouncilDirectory
from bot.errors import NotaloneError
from bot.messages import Identity, Incoming, IncomingKind, Message, Profile
from bot.settings import Settings
from matching import area_model

PANES = 3
IDLE_SECONDS = 2 * 60 * 60
# What bounds the trials' memory: so many trials at most, each with so many messages and choices at most
# (each message at most the core's max_message_chars), and one visitor's address never holds more than
# its share: a flood of start requests from one place only ever replaces its own abandoned trials, and is
# refused once every one of them has its page open.
MAX_SESSIONS = 100
MAX_TURNS = 200
MAX_PER_VISITOR = 10
# A trial whose page is open and whose visitor typed within this long is in use: it is never taken to
# make room; when every trial is in use, a new one is refused (TrialsBusy) until one is not.
IN_USE_SECONDS = 30 * 60
# What `notalone serve` holds at most with the trial flooded (resident memory, the matching model included):
# the stated bound that `python -m benchmarks.trial_flood` checks (README: "The trial's memory is bounded").
MEMORY_BOUND_MB = 600
# Trials built at once: more would only share the same cores, each holding its memory for longer.
BUILDS_AT_ONCE = 2
PEOPLE = (("Alex", "Morgan"), ("Sam", "Patel"), ("Priya", "Shah"), ("Chris", "Evans"), ("Jo", "Williams"),
          ("Ruth", "Okafor"), ("Dan", "Hughes"), ("Mei", "Chen"))  # fmt: skip


@dataclass(frozen=True)
class Pane:
    """One trial officer, shown side by side with the others."""

    id: str
    name: str
    email: str
    council: str

    def as_json(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "email": self.email, "council": self.council}


@dataclass
class TrialSession:
    """One browser's trial: its officers, its database, what they have been sent, and who is listening."""

    id: str
    panes: list[Pane]
    engine: Core
    database: Database
    loop: asyncio.AbstractEventLoop
    history: list[dict[str, Any]] = field(default_factory=list)
    # Each open page's queue of events; None tells it to stop (the server is stopping).
    listeners: set[asyncio.Queue[dict[str, Any] | None]] = field(default_factory=set)
    nonces: set[str] = field(default_factory=set)
    turn_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    last_used: float = field(default_factory=time.monotonic)
    last_typed: float | None = None  # when the visitor last sent a message or choice
    visitor: str = ""  # the address the trial was started from, only to share out the trials
    turns: int = 0
    closed: bool = False
    _history_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def pane_ids(self) -> set[str]:
        return {pane.id for pane in self.panes}

    def publish(self, recipient: Identity, message: Message) -> None:
        """Called from the core's worker thread: keep the message and wake every listening page."""
        self._keep(to_event(recipient.user_id, message))

    @property
    def full(self) -> bool:
        """This trial has taken all the messages it can."""
        return self.turns >= MAX_TURNS

    def accept(self, incoming: Incoming, nonce: str | None) -> bool:
        """Keep what the officer sent, so a reload shows it; False if the page sent it already."""
        if nonce is not None:
            if nonce in self.nonces:
                return False
            self.nonces.add(nonce)
        self.turns += 1
        self.last_typed = time.monotonic()
        self._keep(own_event(incoming, nonce))
        return True

    @property
    def eviction_order(self) -> tuple[bool, bool, float]:
        """Trials no page is open on go first, those nobody has typed in before the rest, least recently
        used first; one being watched goes last."""
        return (bool(self.listeners), self.turns > 0, self.last_used)

    @property
    def in_use(self) -> bool:
        """Someone has the page open and typed in it lately: never taken to make room for another."""
        recently = time.monotonic() - IN_USE_SECONDS
        return bool(self.listeners) and self.last_typed is not None and self.last_typed >= recently

    def _keep(self, event: dict[str, Any]) -> None:
        with self._history_lock:
            event = {**event, "seq": len(self.history)}
            self.history.append(event)
        for queue in list(self.listeners):
            self.loop.call_soon_threadsafe(queue.put_nowait, event)

    def stop_listening(self) -> None:
        """Every open page's event stream ends now (called on the event loop)."""
        for queue in list(self.listeners):
            queue.put_nowait(None)

    async def handle(self, incoming: Incoming) -> None:
        """One officer's turn; turns of one trial run one at a time (they share one in-memory database)."""
        self.last_used = time.monotonic()
        async with self.turn_lock:
            if self.closed:
                return  # dropped while this turn waited: nothing is left to answer to
            try:
                await asyncio.to_thread(self.engine.handle, incoming)
            finally:
                if self.closed:
                    self.database.dispose()

    def close(self) -> None:
        """Free the database now, or, if a turn is under way on it, once that turn has ended."""
        self.closed = True
        if not self.turn_lock.locked():
            self.database.dispose()


class TooManyTrials(NotaloneError):
    """The visitor's address has all the trials it may, each with its page open: one more is refused."""


class TrialsBusy(NotaloneError):
    """Every trial is in use (its page open, typed in lately): none is taken for a new one."""


class TrialNotifier(WithoutHomePage):
    """The notifier of one trial: everything goes to that trial's page."""

    def __init__(self) -> None:
        self.session: TrialSession | None = None

    def send(self, recipient: Identity, message: Message, *, address: Address | None = None) -> None:
        """Publish to the page."""
        if self.session is not None:
            self.session.publish(recipient, message)


class TrialRegistry:
    """Trial sessions by their secret id; idle ones are dropped, and there are never too many."""

    def __init__(self, settings: Settings, *, directory: CouncilDirectory | None = None) -> None:
        self._settings = settings
        self._directory = directory or CouncilDirectory.builtin()
        self._sessions: dict[str, TrialSession] = {}
        self._blank = BlankDatabases()
        self._building: Counter[str] = Counter()  # trials being built, by visitor: their places are taken
        self._builds = asyncio.Semaphore(BUILDS_AT_ONCE)

    def get(self, session_id: str | None) -> TrialSession | None:
        """The live session with this id, if any."""
        self._expire()
        session = self._sessions.get(session_id or "")
        if session is not None:
            session.last_used = time.monotonic()
        return session

    async def create(
        self, *, visitor: str = "", choose: Callable[[list[Any], int], list[Any]] = random.sample
    ) -> TrialSession:
        """A new trial: three officers of three different councils, each greeted by the bot.

        To make room, a visitor's own trials go before anyone else's, and abandoned ones before any that a
        page is open on; TooManyTrials if the visitor has all it may, each with its page open. The new
        trial's place is taken before it is built, so that trials started at once never number more than
        the most there may be."""
        async with self._builds:
            self._make_room(visitor)
            self._building[visitor] += 1
            try:
                session = await self._build(visitor, choose)
            finally:
                self._building[visitor] -= 1
                if not self._building[visitor]:
                    del self._building[visitor]
            self._sessions[session.id] = session
        return session

    def _make_room(self, visitor: str) -> None:
        self._expire()
        own = [s for s in self._sessions.values() if s.visitor == visitor]
        if len(own) + self._building[visitor] >= MAX_PER_VISITOR:
            abandoned = [s for s in own if not s.listeners]
            if not abandoned:
                raise TooManyTrials()
            self._drop(min(abandoned, key=lambda s: s.eviction_order).id)
        while self._sessions and len(self._sessions) + self._building.total() >= MAX_SESSIONS:
            takeable = [s for s in self._sessions.values() if not s.in_use]
            if not takeable:
                raise TrialsBusy()
            self._drop(min(takeable, key=lambda s: s.eviction_order).id)

    async def _build(self, visitor: str, choose: Callable[[list[Any], int], list[Any]]) -> TrialSession:
        session_id = secrets.token_urlsafe(24)
        councils = choose([c for c in self._directory if c.domains], PANES)
        people = choose(list(PEOPLE), PANES)
        panes = [
            Pane(f"p{i + 1}", f"{first} {last}", f"{first}.{last}@{council.domains[0]}".lower(), council.name)
            for i, (council, (first, last)) in enumerate(zip(councils, people, strict=True))
        ]
        database = await asyncio.to_thread(self._blank.make)
        notifier = TrialNotifier()
        engine = Core(database, notifier, settings=self._settings, directory=self._directory)
        # Once per process: ready before the visitor's words need it.
        area_model.warm_in_background(self._settings.model_cache)
        loop = asyncio.get_running_loop()
        session = TrialSession(session_id, panes, engine, database, loop, visitor=visitor)
        notifier.session = session
        try:
            for pane in panes:
                profile = Profile(email=pane.email, name=pane.name, job_title="Service lead (trial)")
                await session.handle(
                    Incoming(identity(session_id, pane.id), IncomingKind.OPENED, profile=profile)
                )
        except BaseException:
            session.close()
            raise
        return session

    def _expire(self) -> None:
        cutoff = time.monotonic() - IDLE_SECONDS
        for session_id in [s.id for s in self._sessions.values() if s.last_used < cutoff and not s.listeners]:
            self._drop(session_id)

    def _drop(self, session_id: str) -> None:
        session = self._sessions.pop(session_id, None)
        if session is not None:
            session.close()

    def stop_listening(self) -> None:
        """End every open event stream at once, so that stopping the server need not wait for them."""
        for session in self._sessions.values():
            session.stop_listening()

    def __len__(self) -> int:
        return len(self._sessions)

    def close(self) -> None:
        """Drop every trial (the server is stopping)."""
        for session_id in list(self._sessions):
            self._drop(session_id)
        self._blank.close()
