"""`/readyz`: ready when the database answers and every migration is applied (a router's check)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from sqlalchemy import Engine as Database

from bot.storage.database import is_current

log = logging.getLogger(__name__)

READY_TIMEOUT_SECONDS = 5.0


def readiness(database: Database) -> Callable[[web.Request], Awaitable[web.Response]]:
    """A handler answering 200 `ready`, or 503 with a short reason that names no secret."""

    async def readyz(_request: web.Request) -> web.Response:
        try:
            current = await asyncio.wait_for(asyncio.to_thread(is_current, database), READY_TIMEOUT_SECONDS)
        except Exception as error:
            # The error's type only: a driver's message can carry the host, user or URL.
            log.warning("not ready: database unavailable error=%s", type(error).__name__)
            return web.Response(status=503, text="database unavailable")
        if not current:
            return web.Response(status=503, text="migrations pending")
        return web.Response(text="ready")

    return readyz
