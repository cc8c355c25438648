"""Running a Slack officer's turn, in whichever process runs turns: replace the buttons they chose from,
look them up in Slack, then hand the event to the core."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import translate
from adapters.slack.notifier import TokenFinder
from adapters.slack.profiles import ProfileCache
from bot.core import Core
from bot.delivery.inbox import Waiting
from bot.messages import Incoming

log = logging.getLogger(__name__)

CHOICE = "choice"  # in an event's extra data: the message whose buttons the officer chose from


def chosen(channel: str, ts: str, label: str, blocks: list[dict[str, Any]]) -> dict[str, Any]:
    """Extra data for a click on a message's button: that message shows the choice instead."""
    return {CHOICE: {"channel": channel, "ts": ts, "label": label, "blocks": blocks}}


class SlackRunner:
    """Runs one stored Slack event through the core."""

    def __init__(
        self, engine: Core, *, base: AsyncWebClient, find_token: TokenFinder, profiles: ProfileCache
    ) -> None:
        self._engine = engine
        self._base = base  # its connection pool and address are shared; its token may be none
        self._find_token = find_token
        self._profiles = profiles

    async def __call__(self, waiting: Waiting) -> None:
        incoming = waiting.incoming
        token = await asyncio.to_thread(self._find_token, incoming.identity.workspace_id)
        if not token:
            log.warning("slack turn dropped: reason=no installation")
            return
        client = AsyncWebClient(
            token=token, base_url=self._base.base_url, session=self._base.session, timeout=self._base.timeout
        )
        choice = waiting.extra.get(CHOICE)
        await self.run(incoming, client, choice=choice if isinstance(choice, dict) else None)

    async def run(
        self, incoming: Incoming, client: AsyncWebClient, *, choice: dict[str, Any] | None = None
    ) -> None:
        """The turn itself, with a client for the officer's workspace."""
        if choice is not None:
            await self._show_choice(client, choice)
        try:
            profile = await self._profiles.get(client, incoming.identity)
        except SlackApiError as error:
            # Slack does not know this user (deleted, or not in this workspace): nothing to do.
            log.warning("slack profile lookup failed: error=%s", error.response.get("error"))
            return
        await asyncio.to_thread(self._engine.handle, replace(incoming, profile=profile))

    async def _show_choice(self, client: AsyncWebClient, choice: dict[str, Any]) -> None:
        """The choice replaces the buttons before the turn answers, so the officer sees it was taken."""
        try:
            await client.chat_update(
                channel=choice["channel"],
                ts=choice["ts"],
                text=translate.escape(choice["label"]),
                blocks=translate.after_choice(choice["blocks"], choice["label"]),
            )
        except SlackApiError as error:  # the message was deleted, say: the turn itself still counts
            log.warning("slack choice not shown: error=%s", error.response.get("error"))
