"""`notalone serve`: one aiohttp application for every platform, plus health and the expiry clock."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable

from aiohttp import web

from adapters.inflight import InFlight
from adapters.slack.routes import mount_slack
from adapters.teams.routes import mount_teams
from adapters.web.routes import mount_web
from bot.clock import Clock
from bot.engine import Engine
from bot.notifier import RoutingNotifier
from bot.settings import Settings
from bot.storage.database import make_engine, upgrade

log = logging.getLogger(__name__)

TICK_SECONDS = 60.0
SHUTDOWN_GRACE_SECONDS = 30.0
MAX_BODY_BYTES = 1024 * 1024
ENGINE = web.AppKey("engine", Engine)
ROUTING = web.AppKey("routing", RoutingNotifier)


def build_application(
    settings: Settings, *, clock: Clock | None = None, say: Callable[[str], None] = print
) -> web.Application:
    """The web application: each configured platform's routes, and `/healthz` always."""
    database = make_engine(settings.database_url)
    upgrade(database)
    routing = RoutingNotifier({})
    engine = Engine(database, routing, settings=settings, clock=clock)
    inflight = InFlight()
    application = web.Application(client_max_size=MAX_BODY_BYTES)
    application[ENGINE] = engine
    application[ROUTING] = routing
    application.router.add_get("/healthz", _healthz)

    async def finish_work(_application: web.Application) -> None:
        # Acknowledged requests may still be working: let them finish before the database closes.
        if not await inflight.idle(SHUTDOWN_GRACE_SECONDS):
            log.warning("shutdown: background work still running after %ss", SHUTDOWN_GRACE_SECONDS)

    async def dispose(_application: web.Application) -> None:
        database.dispose()

    application.on_cleanup.append(finish_work)
    say(
        mount_slack(
            application, settings, engine=engine, routing=routing, database=database, inflight=inflight
        )
    )
    for line in mount_teams(application, settings, engine=engine, routing=routing, inflight=inflight):
        say(line)
    say(mount_web(application, settings))
    application.on_cleanup.append(dispose)
    application.cleanup_ctx.append(_ticking(engine))
    return application


async def _healthz(_request: web.Request) -> web.Response:
    return web.Response(text="ok")


def _ticking(engine: Engine) -> Callable[[web.Application], contextlib.AbstractAsyncContextManager[None]]:
    """Close expired proposals every minute in the background (a worker process takes this over later)."""

    async def tick_forever() -> None:
        while True:
            await asyncio.sleep(TICK_SECONDS)
            try:
                await asyncio.to_thread(engine.tick)
            except Exception as error:
                log.error("tick failed: error=%s", type(error).__name__)

    @contextlib.asynccontextmanager
    async def ticking(_application: web.Application) -> AsyncIterator[None]:
        task = asyncio.create_task(tick_forever())
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    return ticking


def serve(settings: Settings) -> None:
    """Run the web application on PORT until stopped."""
    web.run_app(build_application(settings), port=settings.port, print=print)
