"""`notalone serve`: one aiohttp application for every platform, plus health and the expiry clock."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from sqlalchemy import Engine as Database

from adapters.inflight import InFlight
from adapters.slack.app import build_slack_app
from adapters.slack.notifier import SlackNotifier, token_from_store
from adapters.slack.stores import async_engine_for, installation_stores, state_store
from adapters.slack.translate import PLATFORM as SLACK
from bot import wording
from bot.clock import Clock
from bot.engine import Engine
from bot.notifier import RoutingNotifier
from bot.settings import Settings
from bot.storage.database import make_engine, upgrade

log = logging.getLogger(__name__)

TICK_SECONDS = 60.0
SHUTDOWN_GRACE_SECONDS = 30.0
MAX_BODY_BYTES = 1024 * 1024
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
ENGINE = web.AppKey("engine", Engine)
ROUTING = web.AppKey("routing", RoutingNotifier)


def build_application(
    settings: Settings, *, clock: Clock | None = None, say: Callable[[str], None] = print
) -> web.Application:
    """The web application: Slack routes when Slack is configured, `/healthz` always."""
    database = make_engine(settings.database_url)
    upgrade(database)
    routing = RoutingNotifier({})
    engine = Engine(database, routing, settings=settings, clock=clock)
    application = web.Application(client_max_size=MAX_BODY_BYTES)
    application[ENGINE] = engine
    application[ROUTING] = routing
    inflight = InFlight()

    async def finish_work(_application: web.Application) -> None:
        # Acknowledged requests may still be working: let them finish before the database closes.
        if not await inflight.idle(SHUTDOWN_GRACE_SECONDS):
            log.warning("shutdown: background work still running after %ss", SHUTDOWN_GRACE_SECONDS)

    application.on_cleanup.append(finish_work)
    application.router.add_get("/healthz", _healthz)
    if settings.slack_enabled:
        slack = _slack(settings, engine, routing, database, application, inflight)
        application.router.add_post("/slack/events", _bolt_events(slack))
        if slack.oauth_flow is not None:
            application.router.add_get(slack.oauth_flow.install_path, _bolt_oauth(slack))
            application.router.add_get(slack.oauth_flow.redirect_uri_path, _bolt_oauth(slack))
        say(wording.SLACK_ON_OAUTH if settings.slack_oauth else wording.SLACK_ON_TOKEN)
    else:
        say(wording.SLACK_OFF)
    application.cleanup_ctx.append(_ticking(engine))

    async def dispose(_application: web.Application) -> None:
        database.dispose()

    application.on_cleanup.append(dispose)
    return application


def _slack(
    settings: Settings,
    engine: Engine,
    routing: RoutingNotifier,
    database: Database,
    application: web.Application,
    inflight: InFlight,
) -> AsyncApp:
    if settings.slack_bot_token:
        token = settings.slack_bot_token
        notifier = SlackNotifier(
            api_url=settings.slack_api_url, find_token=lambda _team: token, overview=engine.overview
        )
        routing.add(SLACK, notifier)
        return build_slack_app(settings, engine, notifier, inflight=inflight)
    assert settings.slack_client_id is not None
    async_database = async_engine_for(settings.database_url)

    async def dispose(_application: web.Application) -> None:
        await async_database.dispose()

    application.on_cleanup.append(dispose)
    async_store, blocking_store = installation_stores(settings.slack_client_id, database, async_database)
    notifier = SlackNotifier(
        api_url=settings.slack_api_url, find_token=token_from_store(blocking_store), overview=engine.overview
    )
    routing.add(SLACK, notifier)
    return build_slack_app(
        settings,
        engine,
        notifier,
        inflight=inflight,
        installation_store=async_store,
        state_store=state_store(async_database),
    )


def _bolt_events(slack: AsyncApp) -> Handler:
    """Events, interactivity and slash commands: verified, acknowledged and dispatched by bolt."""

    async def handle(request: web.Request) -> web.StreamResponse:
        bolt_response = await slack.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(bolt_response)

    return handle


def _bolt_oauth(slack: AsyncApp) -> Handler:
    """The "Add to Slack" page and the OAuth redirect, handled by bolt's OAuth flow."""
    flow = slack.oauth_flow
    assert flow is not None

    async def handle(request: web.Request) -> web.StreamResponse:
        bolt_request = await to_bolt_request(request)
        if request.path == flow.install_path:
            return await to_aiohttp_response(await flow.handle_installation(bolt_request))
        return await to_aiohttp_response(await flow.handle_callback(bolt_request))

    return handle


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
