"""Workspace settings in Teams: the form card for an admin, their answers saved, the installer recorded.

Runs in the worker's turn, with a turn context continued from the officer's conversation reference: what
it sends and replaces reaches Teams proactively. Every call to the core names the acting officer and the
workspace; the core refuses, changing nothing, unless that officer administers that very workspace, so a
crafted submit can do no more than a click.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Mapping
from typing import Any

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import TurnContext

from adapters.teams import translate
from adapters.teams.settings_card import WORKSPACE_KEY, answers_from, saved_activity, settings_activity
from bot import wording
from bot.admin.administration import Administration
from bot.admin.authority import NotAnAdmin
from bot.conversation.actions import ChangeSettings, decode
from bot.domain.workspaces import WorkspaceRef
from bot.messages import Identity, Message

log = logging.getLogger(__name__)


class TeamsSettings:
    """Shows the settings form and saves what an admin submits from it."""

    def __init__(self, administration: Administration) -> None:
        self._admin = administration

    async def on_action(
        self,
        context: TurnContext,
        actor: Identity,
        action: str,
        value: Mapping[str, Any],
        *,
        card_id: str | None,
    ) -> None:
        """Answer Change settings (the form) or Save (the answers on card `card_id`); anyone else is
        politely refused."""
        try:
            if isinstance(decode(action), ChangeSettings):
                form = await asyncio.to_thread(self._admin.form, actor, WorkspaceRef.of(actor))
                await _send(context, settings_activity(form))
            else:
                await self._save(context, actor, value, card_id=card_id)
        except NotAnAdmin:
            log.info("teams settings refused: not an admin of the workspace named")
            await _say(context, Message(wording.NOT_AN_ADMIN))
        except Exception as error:
            reference = uuid.uuid4().hex[:8]
            # The error's type only: its text could quote what the admin typed.
            log.error("teams settings failed: reference=%s error=%s", reference, type(error).__name__)
            sorry = Message(wording.SOMETHING_WENT_WRONG.format(reference=reference))
            await _say(context, sorry)

    async def _save(
        self, context: TurnContext, actor: Identity, value: Mapping[str, Any], *, card_id: str | None
    ) -> None:
        try:
            workspace = WorkspaceRef.parse(str(value.get(WORKSPACE_KEY) or ""))
        except ValueError:
            raise NotAnAdmin() from None
        # The form first: it is refused unless the actor administers the workspace, and it says which
        # kind each field is, to read the answers by.
        form = await asyncio.to_thread(self._admin.form, actor, workspace)
        answers = answers_from(value, form)
        saved = await asyncio.to_thread(self._admin.save, actor, workspace, answers)
        log.info("teams settings saved: changed=%d errors=%d", len(saved.changed), len(saved.errors))
        if saved.errors:
            await _send(context, settings_activity(form, answers=answers, errors=saved.errors))
            return
        # Saved, and the core has told the admin what changed. The form goes, so that pressing Save on it
        # later can't put back settings that someone has changed since.
        if card_id:
            try:
                await context.update_activity(Activity.model_validate({**saved_activity(), "id": card_id}))
            except Exception as error:
                log.warning("teams card update failed: error=%s", type(error).__name__)

    async def installed(self, installer: Identity) -> None:
        """Whoever first installs Notalone in a team or group chat of a tenant administers it (Microsoft
        lets only a team's owners or a tenant's admins do that); later installs and personal ones don't."""
        workspace = WorkspaceRef.of(installer)
        form = await asyncio.to_thread(self._admin.operator_form, workspace)
        if form.field("admins").value:
            return
        await asyncio.to_thread(self._admin.installed, workspace, installer.user_id)
        log.info("teams installer recorded as the tenant's first admin")


async def _send(context: TurnContext, activity: dict[str, Any]) -> None:
    await context.send_activity(Activity.model_validate(activity))


async def _say(context: TurnContext, message: Message) -> None:
    for activity in translate.to_activities(message):
        await _send(context, activity)
