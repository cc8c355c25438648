"""The typing indicator: shown in the officer's chat while a turn takes longer than about a second."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import TurnContext

log = logging.getLogger(__name__)

AFTER_SECONDS = 1.0  # quicker turns answer before an indicator would be noticed
EVERY_SECONDS = 3.0  # Teams shows the indicator for about three seconds


@contextlib.asynccontextmanager
async def typing_while_slow(
    context: TurnContext, *, after: float = AFTER_SECONDS, every: float = EVERY_SECONDS
) -> AsyncIterator[None]:
    """Send typing indicators through `context` while the block runs, from `after` seconds on."""
    task = asyncio.create_task(_typing(context, after, every))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _typing(context: TurnContext, after: float, every: float) -> None:
    await asyncio.sleep(after)
    while True:
        try:
            await context.send_activity(Activity(type="typing"))
        except Exception as error:  # only a courtesy: the turn goes on without it
            log.warning("teams typing indicator failed: error=%s", type(error).__name__)
            return
        await asyncio.sleep(every)
