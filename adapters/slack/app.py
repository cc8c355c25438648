"""Wiring Slack to the core: a slack-bolt AsyncApp whose listeners keep the neutral event for its turn
(`adapters.runtime.inbound`) and then acknowledge it; a worker, or this process, runs the turn through
`SlackRunner`.

The app runs with `process_before_response=True`: bolt answers Slack when the listener returns, not as
soon as `ack()` is called, so a button click is answered at once instead of after bolt's 10 ms polling
for the acknowledgement, and an event the database cannot take while it is away is answered with an
error, so Slack sends it again. While the database works, the listener returns as soon as the event is
in this process's buffer, written within milliseconds (`adapters.runtime.buffer`). Slower work after an
acknowledgement (opening the settings form, publishing the App Home) runs in the background
(`InFlight.spawn`), where shutdown waits for it."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.web.async_client import AsyncWebClient

from adapters.runtime.inbound import Inbound
from adapters.runtime.inflight import InFlight
from adapters.runtime.ordering import InOrder
from adapters.slack import translate
from adapters.slack.admin import SlackAdmin, asks_for_settings, recording_installer
from adapters.slack.notifier import SlackNotifier
from adapters.slack.profiles import ProfileCache
from adapters.slack.runner import SlackRunner, chosen
from adapters.slack.settings_modal import CALLBACK_ID
from adapters.slack.tokens import RememberedTokens
from bot import wording
from bot.conversation.actions import ChangeSettings, decode
from bot.core import Core
from bot.messages import Identity, Incoming, IncomingKind
from bot.settings import Settings

log = logging.getLogger(__name__)

OUR_ACTIONS = re.compile(f"^{translate.ACTION_PREFIX}")
# slack_sdk and slack_bolt log whole request and response bodies (messages, names, emails) at DEBUG.
SDK_LOGGERS = ("slack_sdk", "slack_bolt")
BOT_SCOPES = [
    "chat:write",
    "im:history",
    "im:write",
    "mpim:write",  # an introduction within one workspace opens a group DM of the two officers
    "users:read",
    "users:read.email",
    "commands",
]


def build_slack_app(
    settings: Settings,
    engine: Core,
    notifier: SlackNotifier,
    *,
    client: AsyncWebClient,
    inflight: InFlight,
    turns: Inbound,
    find_token: RememberedTokens,
    installation_store: AsyncInstallationStore | None = None,
    state_store: AsyncOAuthStateStore | None = None,
) -> AsyncApp:
    """A bolt app for one workspace (SLACK_BOT_TOKEN) or for many installing through OAuth, calling Slack
    with `client` (the process's one client stack, shared with the notifier)."""
    for name in SDK_LOGGERS:
        # Even when an operator turns on DEBUG, these never log what officers wrote.
        logging.getLogger(name).setLevel(logging.INFO)
    if settings.slack_bot_token:
        app = AsyncApp(
            client=client, signing_secret=settings.slack_signing_secret, process_before_response=True
        )
    else:
        assert installation_store is not None and state_store is not None
        assert settings.slack_client_id and settings.slack_client_secret
        oauth = AsyncOAuthSettings(
            client_id=settings.slack_client_id,
            client_secret=settings.slack_client_secret,
            scopes=BOT_SCOPES,
            installation_store=installation_store,
            installation_store_bot_only=True,
            state_store=state_store,
            callback_options=recording_installer(engine),
        )
        authorize = AsyncInstallationStoreAuthorize(
            installation_store=installation_store,
            client_id=settings.slack_client_id,
            client_secret=settings.slack_client_secret,
            bot_only=True,
            cache_enabled=True,  # auth.test once per token, not on every request
            client=client,
            logger=log,
        )
        app = AsyncApp(
            client=client,
            signing_secret=settings.slack_signing_secret,
            installation_store=installation_store,
            authorize=authorize,  # type: ignore[arg-type]  # bolt takes AsyncAuthorize objects too
            oauth_flow=AsyncOAuthFlow(client=client, settings=oauth),
            process_before_response=True,
        )
    profiles = ProfileCache()
    turn = SlackRunner(engine, base=client, find_token=find_token, profiles=profiles)
    turns.handle(translate.PLATFORM, turn)
    _listen(app, engine, notifier, inflight, turns, turn, profiles, installation_store, find_token)
    return app


def _listen(
    app: AsyncApp,
    engine: Core,
    notifier: SlackNotifier,
    inflight: InFlight,
    turns: Inbound,
    turn: SlackRunner,
    profiles: ProfileCache,
    installation_store: AsyncInstallationStore | None,
    tokens: RememberedTokens,
) -> None:
    in_order = InOrder()

    async def handle(incoming: Incoming, extra: dict[str, Any] | None = None) -> None:
        """Keep the event for its turn, which runs in a worker or in this process's own runner."""
        async with inflight.track():
            await turns.accept(incoming, extra)

    async def handle_now(incoming: Incoming, client: AsyncWebClient) -> None:
        """Run the turn here and now: the settings form waits for it (a newcomer is welcomed first)."""
        async with inflight.track(), in_order.turn(incoming.identity):
            await turn.run(incoming, client)

    admin = SlackAdmin(engine, notifier, profiles=profiles, handle=handle_now, inflight=inflight)

    @app.error
    async def on_error(error: Exception) -> None:
        # Slack is answered 500 and sends the event again. The type only: the text may quote an officer.
        log.error("slack request not handled: error=%s", type(error).__name__)

    @app.event("message")
    async def on_message(event: dict[str, Any], body: dict[str, Any], context: AsyncBoltContext) -> None:
        incoming = translate.message_event_to_incoming(
            event, team_id=str(context.team_id or body.get("team_id")), event_id=body.get("event_id")
        )
        if incoming is not None:
            await handle(incoming)

    @app.command("/notalone")
    async def on_command(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
        incoming = translate.command_to_incoming(body)
        trigger_id = body.get("trigger_id")
        if incoming is not None and asks_for_settings(incoming) and isinstance(trigger_id, str):
            if context.client is not None:  # the modal, or the core's reply in the DM, is the answer
                opening = admin.open_settings(incoming, trigger_id, client=context.client)
                inflight.spawn(opening, name="slack settings")
            await ack()
            return
        if incoming is not None:
            await handle(incoming)
        await ack(text=wording.SLACK_COMMAND_ACK)

    @app.action({"type": "block_actions", "action_id": OUR_ACTIONS})
    async def on_action(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
        parsed = translate.action_to_incoming(body)
        client = context.client
        if parsed is not None and client is not None:
            incoming, label = parsed
            trigger_id = body.get("trigger_id")
            if isinstance(decode(incoming.action), ChangeSettings) and isinstance(trigger_id, str):
                # The menu keeps its buttons: an admin who cancels the form can open it again.
                opening = admin.open_settings(incoming, trigger_id, client=client)
                inflight.spawn(opening, name="slack settings")
            else:
                container = body.get("container") or {}
                blocks = (body.get("message") or {}).get("blocks") or []
                channel, ts = container.get("channel_id"), container.get("message_ts")
                # The turn first replaces the buttons with the choice, so the officer sees it was taken.
                await handle(incoming, chosen(channel, ts, label, blocks) if channel and ts else None)
        await ack()

    @app.view_submission(CALLBACK_ID)
    async def on_settings(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
        await admin.submitted(ack, body, context=context)

    @app.event("app_home_opened")
    async def on_home(event: dict[str, Any], context: AsyncBoltContext) -> None:
        team, user = translate.slack_id(context.team_id), translate.slack_id(event.get("user"))
        if team is None or user is None:
            return
        who = translate.identity(team, user)
        if event.get("tab") == "messages":
            if not await asyncio.to_thread(engine.knows, who):
                await handle(Incoming(who, IncomingKind.OPENED))
            return
        inflight.spawn(asyncio.to_thread(show_home, who), name="slack home")

    def show_home(who: Identity) -> None:
        """The App Home as the officer opens it (messages refresh it through the outbox)."""
        notifier.publish_home(who, engine.home_page(who))

    @app.event("app_uninstalled")
    async def on_uninstalled(context: AsyncBoltContext) -> None:
        await gone(str(context.team_id))

    @app.event("tokens_revoked")
    async def on_revoked(event: dict[str, Any], context: AsyncBoltContext) -> None:
        tokens = event.get("tokens")
        if isinstance(tokens, dict) and tokens.get("bot"):
            await gone(str(context.team_id))

    async def gone(team_id: str) -> None:
        async with inflight.track():
            if installation_store is not None:
                await installation_store.async_delete_all(enterprise_id=None, team_id=team_id)
            tokens.forget(team_id)
            removed = await asyncio.to_thread(engine.workspace_removed, translate.PLATFORM, team_id)
        log.info("slack workspace removed: officers=%d", removed)
