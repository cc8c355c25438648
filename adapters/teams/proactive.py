"""Acting in an officer's Teams chat outside any request: a turn context continued from the stored
conversation reference, under the bot's own identity (an empty one for anonymous development runs)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from microsoft_agents.activity import ConversationReference
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import ClaimsIdentity, TurnContext

Result = TypeVar("Result")


class Proactive:
    """Runs work with a turn context for a stored conversation, as the worker's turns need."""

    def __init__(self, adapter: CloudAdapter, *, app_id: str | None) -> None:
        self._adapter = adapter
        self._app_id = app_id

    async def run(
        self, reference: dict[str, Any], work: Callable[[TurnContext], Awaitable[Result]]
    ) -> Result:
        """Run `work` with a context whose sends go to the referenced conversation; what it raises is
        raised here (the adapter's turn-error handler would only log it), so a failed turn can be retried."""
        continuation = ConversationReference.model_validate(reference).get_continuation_activity()
        results: list[Result] = []
        failures: list[Exception] = []

        async def callback(context: TurnContext) -> None:
            try:
                results.append(await work(context))
            except Exception as error:
                failures.append(error)

        if self._app_id:
            await self._adapter.continue_conversation(self._app_id, continuation, callback)
        else:
            # Anonymous (development only): an empty identity, so no token is fetched.
            await self._adapter.continue_conversation_with_claims(
                ClaimsIdentity({}, "anonymous"), continuation, callback
            )
        if failures:
            raise failures[0]
        if not results:
            raise RuntimeError("the Teams turn context was never handed over")
        return results[0]
