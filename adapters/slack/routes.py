"""Mounting Slack on the shared aiohttp application: bolt verifies, acknowledges and dispatches."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import Engine as Database

from adapters.runtime.inbound import Inbound
from adapters.runtime.inflight import InFlight
from adapters.slack.app import build_slack_app
from adapters.slack.notifier import SlackNotifier, token_from_store
from adapters.slack.stores import async_engine_for, installation_stores, state_store
from adapters.slack.tokens import RememberedTokens
from adapters.slack.translate import PLATFORM, well_formed
from bot import wording
from bot.core import Core
from bot.delivery.notifier import RoutingNotifier
from bot.settings import Settings

log = logging.getLogger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def mount_slack(
    application: web.Application,
    settings: Settings,
    *,
    engine: Core,
    routing: RoutingNotifier,
    database: Database,
    inflight: InFlight,
    turns: Inbound,
) -> str:
    """Add the Slack routes when Slack is configured; returns a line saying how Slack runs."""
    if not settings.slack_enabled:
        return wording.SLACK_OFF
    slack = _slack_app(
        application,
        settings,
        engine=engine,
        routing=routing,
        database=database,
        inflight=inflight,
        turns=turns,
    )
    _share_connections(application, slack.client)
    assert settings.slack_signing_secret is not None  # slack_enabled requires it
    application.router.add_post("/slack/events", _events(slack, settings.slack_signing_secret))
    flow = slack.oauth_flow
    if flow is not None:
        application.router.add_get(flow.install_path, _oauth(slack))
        application.router.add_get(flow.redirect_uri_path, _oauth(slack))
    return wording.SLACK_ON_OAUTH if settings.slack_oauth else wording.SLACK_ON_TOKEN


def _slack_app(
    application: web.Application,
    settings: Settings,
    *,
    engine: Core,
    routing: RoutingNotifier,
    database: Database,
    inflight: InFlight,
    turns: Inbound,
) -> AsyncApp:
    client = AsyncWebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url)
    loop = _running_loop(application)
    if settings.slack_bot_token:
        token = settings.slack_bot_token

        def one_token(_team: str) -> str:
            return token

        the_token = RememberedTokens(one_token)

        notifier = SlackNotifier(base=client, find_token=the_token, loop=loop, site=settings.site)
        routing.add(PLATFORM, notifier)
        return build_slack_app(
            settings, engine, notifier, client=client, inflight=inflight, turns=turns, find_token=the_token
        )
    assert settings.slack_client_id is not None
    async_database = async_engine_for(settings.database_url)

    async def dispose(_application: web.Application) -> None:
        await async_database.dispose()

    application.on_cleanup.append(dispose)
    async_store, blocking_store = installation_stores(settings.slack_client_id, database, async_database)
    find_token = RememberedTokens(token_from_store(blocking_store))
    notifier = SlackNotifier(base=client, find_token=find_token, loop=loop, site=settings.site)
    routing.add(PLATFORM, notifier)
    return build_slack_app(
        settings,
        engine,
        notifier,
        client=client,
        inflight=inflight,
        turns=turns,
        find_token=find_token,
        installation_store=async_store,
        state_store=state_store(async_database),
    )


def _running_loop(application: web.Application) -> Callable[[], asyncio.AbstractEventLoop]:
    """The server's event loop, once it runs: where the notifier's sends go from the turns' threads."""
    running: list[asyncio.AbstractEventLoop] = []

    async def remember(_application: web.Application) -> None:
        running.append(asyncio.get_running_loop())

    application.on_startup.append(remember)
    return lambda: running[0]


def _share_connections(application: web.Application, client: AsyncWebClient) -> None:
    """Listeners' Web API calls share one pool of kept-alive connections while the application runs.

    Without a session the SDK opens a new session and connection for every call (each officer's
    `users.info`, each `chat.update`): on a busy server that work competes with acknowledging Slack."""

    async def open_pool(_application: web.Application) -> None:
        client.session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=client.timeout), trust_env=client.trust_env_in_session
        )

    async def close_pool(_application: web.Application) -> None:
        # Registered after the server's wait for acknowledged work, so no listener is still calling.
        session, client.session = client.session, None
        if session is not None:
            await session.close()

    application.on_startup.append(open_pool)
    application.on_cleanup.append(close_pool)


def _events(slack: AsyncApp, signing_secret: str) -> Handler:
    """Events, interactivity and slash commands: verified, then checked for shape, then handed to bolt."""
    verifier = SignatureVerifier(signing_secret)

    async def handle(request: web.Request) -> web.StreamResponse:
        body = await request.read()  # over the server's size cap, aiohttp answers 413 here
        try:
            genuine = verifier.is_valid_request(body, dict(request.headers))
        except ValueError:  # a timestamp that is not a number
            genuine = False
        if not genuine:
            return web.Response(status=401, text="invalid request")
        if not well_formed(body, request.content_type):
            return web.Response(status=400, text="malformed request")
        try:
            bolt_response = await slack.async_dispatch(await to_bolt_request(request))
        except Exception as error:  # bolt assumes shapes our check may not know of: still the sender's fault
            log.warning("slack request refused: error=%s", type(error).__name__)
            return web.Response(status=400, text="malformed request")
        return await to_aiohttp_response(bolt_response)

    return handle


def _oauth(slack: AsyncApp) -> Handler:
    """The "Add to Slack" page and the OAuth redirect, handled by bolt's OAuth flow."""
    flow = slack.oauth_flow
    assert flow is not None

    async def handle(request: web.Request) -> web.StreamResponse:
        bolt_request = await to_bolt_request(request)
        if request.path == flow.install_path:
            return await to_aiohttp_response(await flow.handle_installation(bolt_request))
        return await to_aiohttp_response(await flow.handle_callback(bolt_request))

    return handle
