"""Who a Slack user is, from `users.info`, remembered briefly so each message costs no extra call."""

from __future__ import annotations

import time

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.translate import profile_from_user
from bot.messages import Identity, Profile

TTL_SECONDS = 600


class ProfileCache:
    """Profiles by Slack identity, for a few minutes."""

    def __init__(self) -> None:
        self._cache: dict[Identity, tuple[float, Profile]] = {}

    async def get(self, client: AsyncWebClient, who: Identity, *, fresh: bool = False) -> Profile:
        """The officer's name, title, email and admin role as Slack knows them (`fresh`: ask Slack now)."""
        cached = self._cache.get(who)
        if not fresh and cached is not None and time.monotonic() - cached[0] < TTL_SECONDS:
            return cached[1]
        response = await client.users_info(user=who.user_id)
        user = response.get("user") or {}
        profile = profile_from_user(user if isinstance(user, dict) else {})
        self._cache[who] = (time.monotonic(), profile)
        return profile
