"""Running a Teams officer's turn, in whichever process runs turns: store how to reach them, then, in a
turn context continued from that conversation reference, replace the card they clicked, look them up and
hand the event to the core (or answer the settings form). Everything reaches Teams proactively."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import TurnContext

from adapters.teams import events, translate
from adapters.teams.busy import typing_while_slow
from adapters.teams.proactive import Proactive
from adapters.teams.profiles import MemberProfiles
from adapters.teams.settings import TeamsSettings
from bot.core import Core
from bot.delivery.inbox import Waiting
from bot.messages import Incoming

log = logging.getLogger(__name__)


class TeamsRunner:
    """Runs one stored Teams event through the core, or through the settings form."""

    def __init__(self, engine: Core, proactive: Proactive) -> None:
        self._engine = engine
        self._proactive = proactive
        self._settings = TeamsSettings(engine.admin)
        self._profiles = MemberProfiles()

    async def __call__(self, waiting: Waiting) -> None:
        incoming, extra = waiting.incoming, waiting.extra
        if events.installed(extra):
            await self._settings.installed(incoming.identity)  # nothing to say in the team's channel
            return
        reference = events.reference_of(extra)
        if reference is None:
            log.warning("teams turn dropped: id=%d reason=no conversation reference", waiting.id)
            return
        # Stored before anything is sent: the core's messages, now and later, go through it.
        await asyncio.to_thread(self._engine.remember_address, incoming.identity, reference)

        async def turn(context: TurnContext) -> None:
            async with typing_while_slow(context):
                form = events.form_of(extra)
                if form is not None and incoming.action is not None:
                    await self._form(context, incoming, form)
                else:
                    await self._chat(context, incoming, events.choice_of(extra))

        await self._proactive.run(reference, turn)

    async def _chat(self, context: TurnContext, incoming: Incoming, choice: events.Choice | None) -> None:
        if choice is not None:
            await _show_choice(context, choice)
        profile = await self._profiles.get(context, incoming.identity)
        await asyncio.to_thread(self._engine.handle, replace(incoming, profile=profile))

    async def _form(self, context: TurnContext, incoming: Incoming, form: events.Form) -> None:
        """Teams can show a form, so settings are changed here rather than in the core's chat; the event
        still counts once, and against the rate limits, as the core's own would."""
        assert incoming.action is not None
        if not await asyncio.to_thread(self._engine.admit, incoming):
            return  # handled before (a retry), or over the rate limits (the core told the officer)
        await self._settings.on_action(
            context, incoming.identity, incoming.action, form.value, card_id=form.card_id
        )


async def _show_choice(context: TurnContext, choice: events.Choice) -> None:
    """The clicked card loses its buttons and shows the choice, so a second click has nothing to press."""
    text, _, label = choice.shown.rpartition("\n")
    update = Activity.model_validate({**translate.after_choice(text, label), "id": choice.card_id})
    try:
        await context.update_activity(update)
    except Exception as error:  # the card was deleted, say: the turn itself still counts
        log.warning("teams card update failed: error=%s", type(error).__name__)
