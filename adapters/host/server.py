"""`notalone serve`: one aiohttp application for every platform, plus health, readiness and, when no
worker process runs them, officers' turns and the periodic jobs."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta

from aiohttp import web
from sqlalchemy import Engine as Database

from adapters.host.jobs import run_all_jobs
from adapters.host.logs import configure_logging, request_log
from adapters.host.readiness import readiness
from adapters.runtime.inbound import Inbound, running_turns
from adapters.runtime.inflight import InFlight
from adapters.slack.routes import mount_slack
from adapters.teams.routes import mount_teams
from adapters.web.routes import mount_web
from bot.clock import Clock
from bot.core import Core
from bot.delivery.notifier import RoutingNotifier
from bot.settings import Settings
from bot.storage.database import make_engine, upgrade
from matching import area_model

log = logging.getLogger(__name__)

SHUTDOWN_GRACE_SECONDS = 30.0
MAX_BODY_BYTES = 1024 * 1024
INDEX_CHECK_SECONDS = 60.0  # how often each web process asks whether its matching index is due a rebuild
ENGINE = web.AppKey("engine", Core)
ROUTING = web.AppKey("routing", RoutingNotifier)
DATABASE = web.AppKey("database", Database)


def build_application(
    settings: Settings,
    *,
    clock: Clock | None = None,
    say: Callable[[str], None] = print,
    jobs: bool | None = None,
    turns: bool | None = None,
) -> web.Application:
    """The web application: each configured platform's routes, `/healthz` and `/readyz` always.

    `jobs` says whether the periodic jobs run in this process, `turns` whether officers' stored events
    are run here (both by default: `settings.serve_runs_jobs`; otherwise a worker runs them). A process
    keeps a matching index only when it runs turns: web processes only store events, Slack's and Teams'
    alike."""
    database = make_engine(settings.database_url)
    upgrade(database)
    routing = RoutingNotifier({})
    # Offers lapse in the periodic jobs (here or in the worker), not in a sweep before every turn: that
    # sweep was one more transaction on every officer's message.
    engine = Core(
        database, routing, settings=settings, clock=clock, sweep_each_turn=False, rebuild_index_inline=False
    )
    inflight = InFlight()
    stored_turns = Inbound(
        database,
        hold=timedelta(seconds=settings.turn_lease_seconds),
        store_before_ack=settings.store_before_ack,
    )
    turns_here = settings.serve_runs_jobs if turns is None else turns
    if turns_here:
        # The reader's learned half, ready before an officer needs it.
        area_model.warm_in_background(settings.model_cache)
    application = web.Application(client_max_size=MAX_BODY_BYTES, middlewares=[request_log])
    application[ENGINE] = engine
    application[ROUTING] = routing
    application[DATABASE] = database
    application.router.add_get("/healthz", _healthz)
    application.router.add_get("/readyz", readiness(database))

    async def finish_work(_application: web.Application) -> None:
        # Acknowledged requests may still be working: let them finish before the database closes.
        if not await inflight.idle(SHUTDOWN_GRACE_SECONDS):
            log.warning("shutdown: background work still running after %ss", SHUTDOWN_GRACE_SECONDS)
        await stored_turns.flush(SHUTDOWN_GRACE_SECONDS)  # events answered and not yet written

    async def dispose(_application: web.Application) -> None:
        stored_turns.close()
        database.dispose()

    application.on_cleanup.append(finish_work)
    say(
        mount_slack(
            application,
            settings,
            engine=engine,
            routing=routing,
            database=database,
            inflight=inflight,
            turns=stored_turns,
        )
    )
    for line in mount_teams(
        application,
        settings,
        engine=engine,
        routing=routing,
        inflight=inflight,
        turns=stored_turns,
    ):
        say(line)
    say(mount_web(application, settings))
    application.on_cleanup.append(dispose)
    if turns_here:
        application.on_startup.append(_warm_up(engine, inflight))
        application.cleanup_ctx.append(_index_upkeep(engine, inflight))
        application.cleanup_ctx.append(
            lambda _application: running_turns(stored_turns, inflight, grace_seconds=SHUTDOWN_GRACE_SECONDS)
        )
    if settings.serve_runs_jobs if jobs is None else jobs:
        application.cleanup_ctx.append(_jobs_in_process(engine, settings.job_interval_seconds))
    return application


def _warm_up(engine: Core, inflight: InFlight) -> Callable[[web.Application], Awaitable[None]]:
    """Read stored plans into the matching index in the background, so no officer's turn waits for it."""
    running: list[asyncio.Task[None]] = []

    async def build() -> None:
        async with inflight.track():
            try:
                plans = await asyncio.to_thread(engine.warm_up)
            except Exception as error:
                log.warning("matching index warm-up failed: error=%s", type(error).__name__)
                return
            log.info("matching index ready: plans=%d", plans)

    async def start(_application: web.Application) -> None:
        running.append(asyncio.create_task(build()))

    return start


def _index_upkeep(
    engine: Core, inflight: InFlight
) -> Callable[[web.Application], contextlib.AbstractAsyncContextManager[None]]:
    """Rebuild this process's matching index in the background when due, never inside an officer's turn.

    Each process that runs turns keeps its own index (a worker, or `serve` on the embedded default), so
    this runs in each of them; a web process that only stores events has none to keep.
    """

    async def upkeep(stop: asyncio.Event) -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), INDEX_CHECK_SECONDS)
            if stop.is_set():
                return
            async with inflight.track():
                try:
                    if await asyncio.to_thread(engine.refresh_matching_index):
                        log.info("matching index rebuilt")
                except Exception as error:
                    log.warning("matching index rebuild failed: error=%s", type(error).__name__)

    @contextlib.asynccontextmanager
    async def running(_application: web.Application) -> AsyncIterator[None]:
        stop = asyncio.Event()
        task = asyncio.create_task(upkeep(stop))
        yield
        stop.set()
        await task

    return running


async def _healthz(_request: web.Request) -> web.Response:
    return web.Response(text="ok")


def _jobs_in_process(
    engine: Core, every: float
) -> Callable[[web.Application], contextlib.AbstractAsyncContextManager[None]]:
    """The periodic jobs in the background of the web process (the embedded default has no worker)."""

    @contextlib.asynccontextmanager
    async def running(_application: web.Application) -> AsyncIterator[None]:
        stop = asyncio.Event()
        task = asyncio.create_task(run_all_jobs(engine, every=every, stop=stop, at_start=False))
        yield
        stop.set()  # a job under way finishes; none starts
        await task

    return running


def serve(settings: Settings) -> None:
    """Run the web application on PORT until SIGTERM or SIGINT, letting requests under way finish."""
    configure_logging(settings.log_format)
    web.run_app(
        build_application(settings),
        port=settings.port,
        print=print,
        access_log=None,  # our own request lines replace it: no query strings, no user agents
        shutdown_timeout=SHUTDOWN_GRACE_SECONDS,
    )
