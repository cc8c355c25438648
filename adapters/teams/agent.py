"""The Teams agent: each activity becomes a neutral event for the core, handled in a worker thread."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import Any

from microsoft_agents.activity import Activity, InvokeResponse
from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.core.connector import ConnectorClientBase

from adapters.runtime.inflight import InFlight
from adapters.runtime.ordering import InOrder
from adapters.teams import translate
from adapters.teams.settings import ACTIONS as SETTINGS_ACTIONS
from adapters.teams.settings import TeamsSettings
from bot.core import Core
from bot.messages import Identity, Profile

log = logging.getLogger(__name__)


class TeamsAgent:
    """Translates activities for the core; messages go back through the Teams notifier."""

    def __init__(self, engine: Core, inflight: InFlight) -> None:
        self._engine = engine
        self._inflight = inflight
        self._profiles: dict[Identity, Profile] = {}
        self._in_order = InOrder()
        self._settings = TeamsSettings(engine.admin)

    async def on_turn(self, context: TurnContext) -> None:
        """Handle one activity from Teams."""
        async with self._inflight.track():
            activity = context.activity
            if activity.type == "invoke":
                await self._answer_invoke(context)
                return
            payload = activity.model_dump(by_alias=True, exclude_none=True, mode="json")
            parsed = translate.to_incoming(payload)
            if parsed is None:
                return
            incoming, shown = parsed
            reference = activity.get_conversation_reference().model_dump(
                by_alias=True, exclude_none=True, mode="json"
            )
            async with self._in_order.turn(incoming.identity):
                await asyncio.to_thread(self._engine.remember_address, incoming.identity, reference)
                if shown is not None and activity.reply_to_id:
                    await self._replace_card(context, activity.reply_to_id, shown)
                if incoming.action in SETTINGS_ACTIONS:
                    # Teams can show a form, so settings are changed here rather than in the core's chat.
                    who, action = incoming.identity, incoming.action
                    await self._settings.on_action(context, who, action, activity.value)
                    return
                profile = await self._profile(context, incoming.identity)
                await asyncio.to_thread(self._engine.handle, replace(incoming, profile=profile))
                installer = translate.installer_of(payload)
                if installer is not None:
                    await self._settings.installed(installer)

    async def _replace_card(self, context: TurnContext, card_id: str, shown: str) -> None:
        # The card loses its buttons and shows the choice, so a second click has nothing to press.
        text, _, label = shown.rpartition("\n")
        update = Activity.model_validate({**translate.after_choice(text, label), "id": card_id})
        try:
            await context.update_activity(update)
        except Exception as error:
            log.warning("teams card update failed: error=%s", type(error).__name__)

    async def _profile(self, context: TurnContext, who: Identity) -> Profile | None:
        if who in self._profiles:
            return self._profiles[who]
        connector = context.services.get(ConnectorClientBase)  # type: ignore[type-abstract]
        sender = context.activity.from_property
        conversation = context.activity.conversation
        if connector is None or sender is None or conversation is None or not sender.id:
            return None
        try:
            member = await connector.conversations.get_conversation_member(conversation.id, sender.id)
        except Exception as error:
            log.warning("teams member lookup failed: error=%s", type(error).__name__)
            return None
        fields: dict[str, Any] = member.model_dump(by_alias=True, exclude_none=True, mode="json")
        name, email, title = translate.profile_fields(fields)
        profile = Profile(email=email, name=name, job_title=title)
        self._profiles[who] = profile
        return profile

    async def _answer_invoke(self, context: TurnContext) -> None:
        """Invokes Notalone doesn't use still get a clean answer rather than a 501."""
        name = context.activity.name or ""
        body: dict[str, Any] = {}
        if name == "adaptiveCard/action":
            body = {"statusCode": 200, "type": "application/vnd.microsoft.activity.message", "value": ""}
        await context.send_activity(
            Activity(type="invokeResponse", value=InvokeResponse(status=200, body=body))
        )
