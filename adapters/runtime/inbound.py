"""Officers' events, taken from the database by whichever process runs them.

A web process answers the platform as soon as an event is in its buffer, and writes it to the database
(`bot.delivery.inbox`) within milliseconds (`adapters.runtime.buffer`): the platform's clock never waits
for matching nor for the database, and the event survives a restart. While the database cannot take
events, new ones are stored before they are answered, so one it refuses is refused to the platform, which
sends it again. The process that runs turns (`notalone worker`, or `serve` itself on the embedded
default) takes events from the database, each officer's one at a time and oldest first, and hands each to
its platform's turn handler. Any number of web processes and workers may share the work: the claim is a
conditional UPDATE that skips rows another process holds (`bot.storage.queues`).

Why a table rather than a queue library: the event, its once-only check and the turn's own changes all
live in the one database every deployment has (SQLite on the embedded default, PostgreSQL in production);
a broker such as Redis would be a second store to run, secure and erase from.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine as Database
from sqlalchemy.exc import DBAPIError, StatementError

from adapters.runtime.buffer import WriteBuffer
from adapters.runtime.inflight import InFlight
from bot.delivery import inbox
from bot.delivery.inbox import Arrival, Waiting
from bot.messages import Incoming
from bot.storage.database import intake_engine

log = logging.getLogger(__name__)

TurnHandler = Callable[[Waiting], Awaitable[None]]

# A process running a turn holds its event this long; past it (the process died), another takes it over.
HOLD = timedelta(minutes=2)
# A turn that failed unexpectedly is tried again after this, up to ATTEMPTS times in all.
RETRY_WAIT = timedelta(seconds=5)
ATTEMPTS = 3
CONCURRENCY = 8  # turns under way at once in one process (each officer's still one at a time)
POLL_SECONDS = 0.1  # how often an idle process looks for events another process stored
# SQLite is one process's database: what it stores wakes its own runner at once. The poll only picks
# up what a previous run left, so it need not take the database's write lock ten times a second.
SQLITE_POLL_SECONDS = 2.0
# Storing an event is tried again once on a new connection if the database had dropped the old one.
STORE_ATTEMPTS = 2


class EarlierEventWaiting(Exception):
    """Refused for now: the officer's earlier event is not written yet, and their turns go in order."""


def _unwritable(error: Exception) -> bool:
    """An event whose values could not be made into a statement: no database would take it. Anything
    else (a database away, a connection dropped, a pool timing out) may pass, so it is tried again."""
    return isinstance(error, StatementError) and not isinstance(error, DBAPIError)


def _now() -> datetime:
    # Leases are about processes, not about the officers' world: real time even under a test's clock.
    return datetime.now(UTC)


class Inbound:
    """Stores officers' events and, in a process that runs turns, runs them."""

    def __init__(
        self,
        database: Database,
        *,
        poll_seconds: float | None = None,
        retry_wait: timedelta = RETRY_WAIT,
        hold: timedelta = HOLD,
        store_before_ack: bool = False,
    ) -> None:
        self._database = database
        self._intake_database = intake_engine(database)
        if poll_seconds is None:
            poll_seconds = SQLITE_POLL_SECONDS if database.dialect.name == "sqlite" else POLL_SECONDS
        self._poll_seconds = poll_seconds
        self._retry_wait = retry_wait
        self._hold = hold
        self._store_before_ack = store_before_ack
        self._handlers: dict[str, TurnHandler] = {}
        self._wake = asyncio.Event()
        self._intake = WriteBuffer(self._write, unwritable=_unwritable)

    def handle(self, platform: str, handler: TurnHandler) -> None:
        """Run this platform's events with `handler`."""
        self._handlers[platform] = handler

    async def accept(self, incoming: Incoming, extra: dict[str, Any] | None = None) -> None:
        """Keep an event for its turn, returning at once: this process writes it within milliseconds
        (or, with `store_before_ack`, stored before this returns, so a process killed outright loses none).

        While writing fails it is stored before this returns instead, and an error is raised if it could
        not be, or if an earlier event of the officer's still waits to be written: the platform is refused
        and sends it again. `flush` before the event loop ends."""
        arrival = Arrival(incoming, extra or {}, _now())
        if self._intake.accepting and not self._store_before_ack:
            self._intake.add(arrival)
        elif self._intake.holds(lambda earlier: earlier.incoming.identity == incoming.identity):
            raise EarlierEventWaiting  # stored now, it would run before the officer's earlier one
        else:
            await self._write([arrival])

    async def put(self, incoming: Incoming, extra: dict[str, Any] | None = None) -> None:
        """Keep an event for its turn, stored when this returns; a runner in this process starts on it."""
        await self._write([Arrival(incoming, extra or {}, _now())])

    async def flush(self, timeout: float) -> bool:
        """Wait until the events accepted are stored; False if some were still waiting at the timeout."""
        return await self._intake.flush(timeout)

    async def _write(self, arrivals: list[Arrival]) -> None:
        await asyncio.to_thread(self._store, arrivals)
        self._wake.set()

    def _store(self, arrivals: list[Arrival]) -> None:
        # One round trip, on PostgreSQL a commit that does not wait for the disk (`intake_engine`). The
        # rows are safe from this process dying at once; only a database crash in the next fraction of
        # a second could lose them.
        for attempt in range(1, STORE_ATTEMPTS + 1):
            try:
                with self._intake_database.begin() as connection:  # no ORM session: runs for every request
                    inbox.put_all(connection, arrivals)
                return
            except DBAPIError as error:
                if not error.connection_invalidated or attempt == STORE_ATTEMPTS:
                    raise  # kept and tried again, or the platform is answered with an error

    def close(self) -> None:
        """Close the connections used to store events (`flush` first: what still waits is lost)."""
        if self._intake.waiting:
            log.error("events not stored at shutdown: count=%d", self._intake.waiting)
        if self._intake_database is not self._database:
            self._intake_database.dispose()

    async def run(
        self, stop: asyncio.Event, *, concurrency: int = CONCURRENCY, drain_seconds: float = 0.0
    ) -> None:
        """Run waiting turns until `stop` is set; then, for up to `drain_seconds`, until none is waiting
        (what was acknowledged just before a restart is answered now). Inbound under way always finish."""
        loop = asyncio.get_running_loop()
        running: set[asyncio.Task[None]] = set()
        drain_until: float | None = None
        while drain_until is None or loop.time() < drain_until:
            if stop.is_set() and drain_until is None:
                drain_until = loop.time() + drain_seconds
            free = concurrency - len(running)
            claimed = await self._claim(free) if free > 0 else []
            for waiting in claimed:
                task = asyncio.create_task(self._turn(waiting))
                running.add(task)
                task.add_done_callback(running.discard)
            if drain_until is not None and not running:
                break  # stopping, and nothing is left that this process could take
            await self._until_more(running, stop=None if drain_until is not None else stop)
        if running:
            await asyncio.gather(*running)

    async def _until_more(self, running: set[asyncio.Task[None]], *, stop: asyncio.Event | None) -> None:
        """Wait for a new event here, a turn to end (its officer's next may go), stop, or the next poll."""
        signals = [asyncio.create_task(self._wake.wait())]
        if stop is not None:
            signals.append(asyncio.create_task(stop.wait()))
        try:
            await asyncio.wait(
                [*signals, *running], timeout=self._poll_seconds, return_when="FIRST_COMPLETED"
            )
        finally:
            for signal in signals:
                signal.cancel()

    async def _claim(self, limit: int) -> list[Waiting]:
        self._wake.clear()  # an event stored from now on wakes the next wait
        try:
            return await asyncio.to_thread(self._claim_now, limit)
        except Exception as error:  # the database is away for a moment: look again at the next poll
            log.warning("turns not claimed: error=%s", type(error).__name__)
            return []

    def _claim_now(self, limit: int) -> list[Waiting]:
        # One statement, in autocommit with no ping first (`intake_engine`): this runs after every turn.
        with self._intake_database.begin() as connection:
            return inbox.claim(connection, now=_now(), hold=self._hold, limit=limit)

    async def _turn(self, waiting: Waiting) -> None:
        platform = waiting.incoming.identity.platform
        started, started_at = time.monotonic(), _now()
        handler = self._handlers.get(platform)
        try:
            if handler is None:
                log.warning("turn dropped: id=%d platform=%s reason=no handler", waiting.id, platform)
            else:
                await handler(waiting)
        except Exception as error:
            log.error(
                "turn failed: id=%d platform=%s attempts=%d error=%s",
                waiting.id,
                platform,
                waiting.attempts,
                type(error).__name__,
            )
            if waiting.attempts < ATTEMPTS:
                await self._settle(waiting, retry=True)
                return
        await self._settle(waiting, retry=False)
        log.info(
            "turn done: id=%d platform=%s waited_ms=%.0f duration_ms=%.1f",
            waiting.id,
            platform,
            (started_at - waiting.received_at).total_seconds() * 1000,
            (time.monotonic() - started) * 1000,
        )

    async def _settle(self, waiting: Waiting, *, retry: bool) -> None:
        def settle() -> None:
            with self._intake_database.begin() as connection:  # one statement, as the claim
                if retry:
                    inbox.release(connection, waiting, not_before=_now() + self._retry_wait)
                else:
                    inbox.finish(connection, waiting)

        try:
            await asyncio.shield(asyncio.to_thread(settle))
        except Exception as error:  # held until the lease ends; then another process takes it again
            log.warning("turn not settled: id=%d error=%s", waiting.id, type(error).__name__)


@contextlib.asynccontextmanager
async def running_turns(turns: Inbound, inflight: InFlight, *, grace_seconds: float) -> AsyncIterator[None]:
    """Run turns in the background for as long as the block lasts; at the end, within `grace_seconds`,
    store what was acknowledged and run what waits, so a restart leaves nothing unanswered."""
    stop = asyncio.Event()
    task = asyncio.create_task(turns.run(stop, drain_seconds=grace_seconds))
    try:
        yield
    finally:
        await inflight.idle(grace_seconds)  # work started by requests: events being stored, forms opening
        await turns.flush(grace_seconds)  # events answered and not yet written
        stop.set()
        await task
