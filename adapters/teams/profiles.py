"""Who a Teams officer is, from the connector's member look-up, remembered briefly so each message costs
no extra call."""

from __future__ import annotations

import logging
import time
from typing import Any

from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.core.connector import ConnectorClientBase

from adapters.teams.translate import profile_fields
from bot.messages import Identity, Profile

log = logging.getLogger(__name__)

TTL_SECONDS = 600


class MemberProfiles:
    """Profiles by Teams identity, for a few minutes."""

    def __init__(self) -> None:
        self._cache: dict[Identity, tuple[float, Profile]] = {}

    async def get(self, context: TurnContext, who: Identity) -> Profile | None:
        """Name, email and job title as Teams knows them; None if Teams would not say."""
        cached = self._cache.get(who)
        if cached is not None and time.monotonic() - cached[0] < TTL_SECONDS:
            return cached[1]
        connector = context.services.get(ConnectorClientBase)  # type: ignore[type-abstract]
        member_id = context.activity.from_property.id if context.activity.from_property else None
        conversation = context.activity.conversation
        if connector is None or conversation is None or not member_id:
            return None
        try:
            member = await connector.conversations.get_conversation_member(conversation.id, member_id)
        except Exception as error:
            log.warning("teams member lookup failed: error=%s", type(error).__name__)
            return None
        fields: dict[str, Any] = member.model_dump(by_alias=True, exclude_none=True, mode="json")
        name, email, title = profile_fields(fields)
        profile = Profile(email=email, name=name, job_title=title)
        self._cache[who] = (time.monotonic(), profile)
        return profile
