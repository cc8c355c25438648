"""Delivering the core's messages to Teams officers: proactive sends from stored conversation references.

Runs in the core's worker thread, so each send is handed to the server's event loop and awaited there.
A send Teams refuses for good (403, 404) marks the officer unreachable instead of failing the turn; one it
refuses for now (429, 5xx) becomes the core's TemporaryFailure, so the core sends it again later."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from aiohttp import ClientResponseError
from microsoft_agents.activity import Activity, ConversationReference
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import ClaimsIdentity, TurnContext

from adapters.teams import translate
from bot.delivery.notifier import Address, TemporaryFailure, Unreachable, is_temporary, retry_after_seconds
from bot.messages import HomePage, Identity, Message

log = logging.getLogger(__name__)

SEND_TIMEOUT_SECONDS = 30.0
GONE = (403, 404)


class TeamsNotifier:
    """Posts Adaptive Cards into officers' personal chats with the bot, at any time."""

    def __init__(
        self,
        adapter: CloudAdapter,
        *,
        app_id: str | None,
        loop: Callable[[], asyncio.AbstractEventLoop],
    ) -> None:
        self._adapter = adapter
        self._app_id = app_id
        self._loop = loop

    def send(self, recipient: Identity, message: Message, *, address: Address | None = None) -> None:
        """Send one message to the conversation the officer was last seen in; Unreachable if Teams no
        longer lets us reach them."""
        reference = address
        if reference is None:
            raise LookupError("no Teams conversation reference for this officer")
        future = asyncio.run_coroutine_threadsafe(self._send(reference, message), self._loop())
        try:
            future.result(timeout=SEND_TIMEOUT_SECONDS)
        except ClientResponseError as error:
            if is_temporary(error.status):
                wait = retry_after_seconds(error.headers.get("Retry-After") if error.headers else None)
                raise TemporaryFailure(status=error.status, retry_after=wait) from error
            if error.status not in GONE:
                raise
            log.warning("teams refused delivery: status=%d", error.status)
            raise Unreachable() from error

    def publish_home(self, recipient: Identity, home: HomePage) -> None:
        """Nothing to show: Teams has no page of ours to refresh."""

    def shows_home(self, platform: str) -> bool:
        """No page of the officer's own in Teams."""
        return False

    def needs_address(self, platform: str) -> bool:
        """Proactive sends need the stored conversation reference."""
        return True

    async def _send(self, reference: dict[str, Any], message: Message) -> None:
        continuation = ConversationReference.model_validate(reference).get_continuation_activity()
        # Usually one card; a message too long for Teams' 28 KB goes as several, in order.
        activities = [Activity.model_validate(a) for a in translate.to_activities(message)]

        refused: list[ClientResponseError] = []

        async def deliver(context: TurnContext) -> None:
            try:
                for activity in activities:
                    await context.send_activity(activity)
            except ClientResponseError as error:
                # Kept for `send` to act on: the adapter's on_turn_error would log it and carry on.
                refused.append(error)

        if self._app_id:
            await self._adapter.continue_conversation(self._app_id, continuation, deliver)
        else:
            # Anonymous (development only): an empty identity, so no token is fetched.
            await self._adapter.continue_conversation_with_claims(
                ClaimsIdentity({}, "anonymous"), continuation, deliver
            )
        if refused:
            raise refused[0]
