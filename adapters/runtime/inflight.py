"""Work still running after a request was acknowledged, so shutdown can wait for it to finish."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Coroutine
from typing import Any

log = logging.getLogger(__name__)


class InFlight:
    """Counts background work; `idle()` waits until there is none (or a timeout passes)."""

    def __init__(self) -> None:
        self._count = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._tasks: set[asyncio.Task[None]] = set()  # referenced, so none is collected before it ends

    @contextlib.asynccontextmanager
    async def track(self) -> AsyncIterator[None]:
        """Mark a piece of work as running for as long as the block lasts."""
        self._started()
        try:
            yield
        finally:
            self._ended()

    def spawn(self, work: Coroutine[Any, Any, None], *, name: str) -> None:
        """Run `work` in the background, after the request that started it is answered, counted from now
        until it ends. A failure is logged by its type only: its text may quote an officer."""
        self._started()
        task = asyncio.create_task(self._run(work, name))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, work: Coroutine[Any, Any, None], name: str) -> None:
        try:
            await work
        except Exception as error:
            log.error("background work failed: work=%s error=%s", name, type(error).__name__)
        finally:
            self._ended()

    def _started(self) -> None:
        self._count += 1
        self._idle.clear()

    def _ended(self) -> None:
        self._count -= 1
        if self._count == 0:
            self._idle.set()

    async def idle(self, timeout: float) -> bool:
        """Wait for running work to end; False if some was still running at the timeout."""
        return await set_within(self._idle, timeout)


async def set_within(event: asyncio.Event, timeout: float) -> bool:
    """Wait for the event to be set; False if it was not by the timeout."""
    try:
        await asyncio.wait_for(event.wait(), timeout)
    except TimeoutError:
        return False
    return True
