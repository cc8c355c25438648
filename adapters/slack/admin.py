"""Workspace admins in Slack: the settings modal opened and saved, and the installer recorded as admin.

The core decides who administers what; this module only asks it, in a worker thread (the core's
database work is blocking), and draws or reads the modal.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_bolt.oauth.async_callback_options import (
    AsyncCallbackOptions,
    AsyncFailureArgs,
    AsyncSuccessArgs,
)
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.runtime.inflight import InFlight
from adapters.slack import translate
from adapters.slack.notifier import SlackNotifier
from adapters.slack.profiles import ProfileCache
from adapters.slack.settings_modal import answers_from, errors_for, first_field, settings_view
from bot import wording
from bot.admin.authority import NotAnAdmin
from bot.admin.form import SettingsForm
from bot.conversation.commands import Command, clean, parse
from bot.core import Core
from bot.domain.workspaces import WorkspaceRef
from bot.messages import Identity, Incoming, IncomingKind, Message

log = logging.getLogger(__name__)
Handle = Callable[[Incoming, AsyncWebClient], Awaitable[None]]


def asks_for_settings(incoming: Incoming) -> bool:
    """`/notalone admin` (or `settings`): the admin wants the settings form."""
    parsed = parse(clean(incoming.text)) if incoming.kind == IncomingKind.MESSAGE else None
    return parsed is not None and parsed.command == Command.ADMIN


class SlackAdmin:
    """Opens the settings modal for admins and saves what they submit; anyone else gets the core's reply."""

    def __init__(
        self,
        engine: Core,
        notifier: SlackNotifier,
        *,
        profiles: ProfileCache,
        handle: Handle,
        inflight: InFlight,
    ) -> None:
        self._engine = engine
        self._notifier = notifier
        self._profiles = profiles
        self._handle = handle
        self._inflight = inflight

    async def open_settings(self, incoming: Incoming, trigger_id: str, *, client: AsyncWebClient) -> None:
        """Open the modal for an admin; anyone else's request goes to the core, which refuses politely."""
        who = incoming.identity
        async with self._inflight.track():
            try:
                # Asked afresh: someone Slack no longer treats as an admin is refused now, not later.
                profile = await self._profiles.get(client, who, fresh=True)
            except SlackApiError as error:
                log.warning("slack profile lookup failed: error=%s", error.response.get("error"))
                return
            record = self._engine.admin.record_platform_admin
            known = await asyncio.to_thread(record, who, bool(profile.platform_admin))
            form = await self._form(who) if known else None
            if form is None:
                # Not an admin (the core says so in the DM), or someone new (welcomed, then shown the form).
                await self._handle(incoming, client)
                form = None if known else await self._form(who)
            if form is None:
                return
            try:
                await client.views_open(trigger_id=trigger_id, view=settings_view(form))
            except SlackApiError as error:  # most often the trigger's three seconds ran out
                log.warning("slack settings not opened: error=%s", error.response.get("error"))
                sorry = Message(wording.SLACK_SETTINGS_NOT_OPENED)
                await asyncio.to_thread(self._notifier.send, who, sorry)

    async def _form(self, who: Identity) -> SettingsForm | None:
        try:
            return await asyncio.to_thread(self._engine.admin.form, who, WorkspaceRef.of(who))
        except NotAnAdmin:
            return None

    async def submitted(self, ack: AsyncAck, body: dict[str, Any], *, context: AsyncBoltContext) -> None:
        """Save the modal: mistakes shown under their fields (nothing saved), or the modal closes."""
        view = body.get("view")
        if not isinstance(view, dict):
            view = {}
        first = first_field(view)
        async with self._inflight.track():
            errors = await self._save(body, view, context=context)
        if errors and first is not None:
            await ack(response_action="errors", errors=errors_for(errors))
        else:
            await ack()  # saved: the modal closes, and the core's confirmation arrives in the DM

    async def _save(
        self, body: dict[str, Any], view: dict[str, Any], *, context: AsyncBoltContext
    ) -> dict[str, str]:
        first = first_field(view) or ""
        team = translate.slack_id(context.team_id)
        user = translate.slack_id((body.get("user") or {}).get("id"))
        claimed = translate.slack_id((body.get("team") or {}).get("id"))
        # The actor is the submitting user in the workspace bolt authorised the request for.
        if team is None or user is None or (claimed is not None and claimed != team):
            return {first: wording.NOT_AN_ADMIN}
        try:
            workspace = WorkspaceRef.parse(str(view.get("private_metadata") or ""))
            actor, answers = translate.identity(team, user), answers_from(view)
            saved = await asyncio.to_thread(self._engine.admin.save, actor, workspace, answers)
        except (NotAnAdmin, ValueError):
            return {first: wording.NOT_AN_ADMIN}
        except Exception as error:
            reference = uuid.uuid4().hex[:8]
            log.error("slack settings not saved: reference=%s error=%s", reference, type(error).__name__)
            return {first: wording.SOMETHING_WENT_WRONG.format(reference=reference)}
        return dict(saved.errors)


def recording_installer(engine: Core) -> AsyncCallbackOptions:
    """OAuth callbacks that record the installer as the workspace's admin once the install is stored.

    A success callback rather than a wrapped installation store: the store also saves on every token
    rotation, and that must not re-appoint an installer whom another admin has since removed.
    """

    async def success(args: AsyncSuccessArgs) -> BoltResponse:
        installation = args.installation
        team, user = translate.slack_id(installation.team_id), translate.slack_id(installation.user_id)
        if team is not None and user is not None:
            workspace = WorkspaceRef(translate.PLATFORM, team)
            try:
                await asyncio.to_thread(engine.admin.installed, workspace, user)
            except Exception as error:  # installing again records it: the installation is saved already
                log.error("slack installer not recorded: error=%s", type(error).__name__)
                return await args.default.failure(
                    AsyncFailureArgs(
                        request=args.request,
                        reason="storage_error",
                        suggested_status_code=500,
                        settings=args.settings,
                        default=args.default,
                    )
                )
        return await args.default.success(args)

    async def failure(args: AsyncFailureArgs) -> BoltResponse:
        return await args.default.failure(args)

    return AsyncCallbackOptions(success=success, failure=failure)
