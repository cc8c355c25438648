"""Mounting Teams on the shared aiohttp application: `POST /api/messages`, token-checked by the SDK, which
keeps each activity for its turn (`adapters.teams.inbound`); the turn runner for whichever process runs
turns (`adapters.teams.runner`); and the notifier that reaches officers proactively."""

from __future__ import annotations

import asyncio
import logging
import warnings
from typing import Any

from aiohttp import web
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.aiohttp import CloudAdapter, jwt_authorization_decorator
from microsoft_agents.hosting.core import TurnContext

from adapters.runtime.inbound import Inbound
from adapters.runtime.inflight import InFlight
from adapters.teams.inbound import receive
from adapters.teams.notifier import TeamsNotifier
from adapters.teams.proactive import Proactive
from adapters.teams.runner import TeamsRunner
from adapters.teams.tokens import refuse_unusable_tokens
from adapters.teams.translate import PLATFORM
from bot import wording
from bot.core import Core
from bot.delivery.notifier import RoutingNotifier
from bot.settings import Settings

log = logging.getLogger(__name__)


def _connections(settings: Settings) -> MsalConnectionManager:
    if settings.teams_app_id:
        connection: dict[str, Any] = {
            "CLIENTID": settings.teams_app_id,
            "CLIENTSECRET": settings.teams_app_password,
            "TENANTID": settings.teams_app_tenant_id,
            # Off by default in the SDK: only Bot Framework's and this tenant's issuers are accepted.
            "VALIDATE_ISSUER": True,
        }
    else:
        connection = {"ANONYMOUS_ALLOWED": True}
    return MsalConnectionManager(CONNECTIONS={"SERVICE_CONNECTION": {"SETTINGS": connection}})


def mount_teams(
    application: web.Application,
    settings: Settings,
    *,
    engine: Core,
    routing: RoutingNotifier,
    inflight: InFlight,
    turns: Inbound,
) -> list[str]:
    """Add the Teams route when Teams is configured (or allowed anonymously); returns lines to print."""
    mode = settings.teams_mode
    if mode is None:
        return [wording.TEAMS_OFF]
    connections = _connections(settings)
    adapter = CloudAdapter(connection_manager=connections)

    async def on_turn_error(context: TurnContext, error: Exception) -> None:
        # Never the exception's text: it could quote what the officer wrote.
        log.error("teams turn failed: error=%s", type(error).__name__)

    adapter.on_turn_error = on_turn_error
    proactive = Proactive(adapter, app_id=settings.teams_app_id)
    turns.handle(PLATFORM, TeamsRunner(engine, proactive))
    loop: list[asyncio.AbstractEventLoop] = []

    async def remember_loop(_application: web.Application) -> None:
        loop.append(asyncio.get_running_loop())

    application.on_startup.append(remember_loop)
    routing.add(
        PLATFORM,
        TeamsNotifier(
            adapter,
            app_id=settings.teams_app_id,
            loop=lambda: loop[0],
        ),
    )
    with warnings.catch_warnings():
        # The SDK's token middleware reads this plain string key from the application.
        warnings.simplefilter("ignore")
        application["agent_configuration"] = connections.get_default_connection_configuration()

    route = refuse_unusable_tokens(
        jwt_authorization_decorator(receive(turns, inflight))  # type: ignore[no-untyped-call]
    )
    application.router.add_post("/api/messages", route)
    return [wording.TEAMS_ON] if mode == "authenticated" else [wording.TEAMS_ANONYMOUS]
