"""Once-only handling and rate limits for the Teams turns that do not pass through the core's chat (the
settings form), kept as the core keeps them for every other event: a retried activity (same id) changes
nothing, and a flood of submits is refused politely once, then silently."""

from __future__ import annotations

from sqlalchemy import Engine as Database

from bot import wording
from bot.clock import Clock
from bot.delivery.throttle import RateLimits, Verdict, admit
from bot.domain.reachability import first_time_seen
from bot.messages import Incoming
from bot.settings import Settings
from bot.storage.database import transaction

POLITE = {Verdict.OFFICER_LIMITED: wording.RATE_LIMITED, Verdict.WORKSPACE_LIMITED: wording.WORKSPACE_BUSY}


class Admission:
    """Counts the adapter's own turns in the database every process shares."""

    def __init__(self, database: Database, settings: Settings, clock: Clock) -> None:
        self._database = database
        self._limits = RateLimits(
            per_officer=settings.messages_per_minute, per_workspace=settings.workspace_messages_per_minute
        )
        self._clock = clock

    def admit(self, incoming: Incoming) -> Verdict | None:
        """None for an event already handled (a retry); otherwise whether the rate limits let it in."""
        with transaction(self._database) as session:
            now = self._clock.now()
            if incoming.event_id and not first_time_seen(session, incoming, now=now):
                return None
            return admit(session, incoming.identity, self._limits, now=now)


def refusal(verdict: Verdict) -> str | None:
    """What to tell an officer refused by the rate limits; None to say nothing (or when let in)."""
    return POLITE.get(verdict)
