"""Events answered before they are stored: one task per process writes them to the database in the
order they came, a batch at a time, within milliseconds.

Why: a database round trip before every answer to the platform more than doubled the time Slack waits
(issue 8's load benchmark). So while writing works, an event is answered as soon as it is in this process's
buffer. When writing fails (the database is away), the buffer keeps what was already answered and tries
again until the database takes it, and until then `accepting` is False: the caller stores new events
itself before answering, so the platform is refused and sends them again rather than hear "received"
for something that could be lost. At shutdown the buffer is written before the process exits. A process
killed outright (no SIGTERM) loses every event answered and not yet written: those of the write under way
and those waiting behind it, about two database round trips' worth (tens of milliseconds under load, at
most `LIMIT` events). `NOTALONE_STORE_BEFORE_ACK` has the caller store each event before answering it,
leaving this buffer unused.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from adapters.runtime.inflight import set_within

log = logging.getLogger(__name__)

Item = TypeVar("Item")

BATCH = 100  # events written in one statement at most
LIMIT = 1000  # events waiting at most: past it the caller stores before answering, as when failing
FIRST_RETRY_SECONDS = 0.1
LAST_RETRY_SECONDS = 5.0


class WriteBuffer(Generic[Item]):
    """A buffer of answered events and the task writing them, oldest first, with `write`."""

    def __init__(
        self,
        write: Callable[[list[Item]], Awaitable[None]],
        *,
        unwritable: Callable[[Exception], bool],
        batch: int = BATCH,
        limit: int = LIMIT,
        first_retry_seconds: float = FIRST_RETRY_SECONDS,
    ) -> None:
        self._write = write
        self._unwritable = unwritable
        self._batch = batch
        self._limit = limit
        self._first_retry = first_retry_seconds
        self._waiting: list[Item] = []
        self._failing = False
        self._one_at_a_time = False  # while finding which event of a batch cannot be written
        self._writer: asyncio.Task[None] | None = None
        self._empty = asyncio.Event()
        self._empty.set()

    @property
    def accepting(self) -> bool:
        """Whether an event added now will be written: writing works and the buffer has room."""
        return not self._failing and len(self._waiting) < self._limit

    @property
    def waiting(self) -> int:
        """Events answered and not yet written."""
        return len(self._waiting)

    def holds(self, match: Callable[[Item], bool]) -> bool:
        """Whether an event answered and not yet written matches."""
        return any(match(item) for item in self._waiting)

    def add(self, item: Item) -> None:
        """Write this event after those before it; call only from the event loop, when `accepting`."""
        self._waiting.append(item)
        self._empty.clear()
        if self._writer is None:
            self._writer = asyncio.create_task(self._write_all())

    async def flush(self, timeout: float) -> bool:
        """Wait until everything answered is written; False if some was still waiting at the timeout."""
        return await set_within(self._empty, timeout)

    async def _write_all(self) -> None:
        retry = self._first_retry
        try:
            while self._waiting:
                batch = self._waiting[: 1 if self._one_at_a_time else self._batch]
                try:
                    await self._write(batch)
                except Exception as error:
                    if self._unwritable(error):  # an event no database could take (a fault of ours)
                        if len(batch) > 1:
                            self._one_at_a_time = True  # find which, and write the others
                        else:
                            log.error("event not stored, dropped: error=%s", type(error).__name__)
                            del self._waiting[0]
                        continue
                    self._failing = True  # kept, and tried again: these were answered already
                    log.warning(
                        "events not stored yet: waiting=%d error=%s", len(self._waiting), type(error).__name__
                    )
                    await asyncio.sleep(retry)
                    retry = min(retry * 2, LAST_RETRY_SECONDS)
                    continue
                del self._waiting[: len(batch)]
                if self._failing:
                    log.info("events stored again after a failure")
                self._failing = False
                retry = self._first_retry
        finally:
            self._writer = None
            if not self._waiting:
                self._one_at_a_time = False
                self._empty.set()
