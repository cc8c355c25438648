"""Rate limits on inbound messages, per officer and per workspace, counted in the database.

Counts live in the database (one row per scope and minute), so they hold across any number of web
processes. An officer is counted under a keyed hash of their platform ids, never their ids or address.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from bot.messages import Identity
from bot.storage.keys import installed
from bot.storage.models import InboundCount

KEEP_COUNTS = timedelta(hours=1)


class Verdict(StrEnum):
    ADMIT = "admit"
    OFFICER_LIMITED = "officer_limited"  # the first message over the officer's limit: tell them, once
    SILENT = "silent"  # further messages over the officer's limit: ignore without a reply
    WORKSPACE_LIMITED = "workspace_limited"


@dataclass(frozen=True)
class RateLimits:
    """How many messages a minute one officer, and one workspace, may send."""

    per_officer: int
    per_workspace: int


def officer_scope(identity: Identity) -> str:
    """The counter name for one officer: a keyed hash of their platform ids."""
    ids = f"{identity.platform}\0{identity.workspace_id}\0{identity.user_id}"
    return "officer:" + installed().fingerprint(ids)


def workspace_scope(identity: Identity) -> str:
    """The counter name for one workspace."""
    return f"workspace:{identity.platform}:{identity.workspace_id}"[:200]


def admit(session: Session, identity: Identity, limits: RateLimits, *, now: datetime) -> Verdict:
    """Count one inbound message and say whether to handle it."""
    window = now.replace(second=0, microsecond=0)
    mine, theirs = _count_both(session, officer_scope(identity), workspace_scope(identity), window)
    if mine > limits.per_officer:
        return Verdict.OFFICER_LIMITED if mine == limits.per_officer + 1 else Verdict.SILENT
    if theirs > limits.per_workspace:
        return Verdict.WORKSPACE_LIMITED
    return Verdict.ADMIT


def _count_both(session: Session, first: str, second: str, window: datetime) -> tuple[int, int]:
    """Add one to two counters and return their new values; both in one statement once they exist."""
    increment = (
        update(InboundCount)
        .where(col(InboundCount.scope).in_([first, second]), col(InboundCount.window_start) == window)
        .values(count=col(InboundCount.count) + 1)
        .returning(col(InboundCount.scope), col(InboundCount.count))
        .execution_options(synchronize_session=False)
    )
    counted = {scope: int(count) for scope, count in session.execute(increment).all()}
    # A counter not there yet is started (or, if another process just started it, counted) on its own.
    return (
        counted[first] if first in counted else _count(session, first, window),
        counted[second] if second in counted else _count(session, second, window),
    )


def _count(session: Session, scope: str, window: datetime) -> int:
    """Add one to a counter atomically and return its new value."""
    increment = (
        update(InboundCount)
        .where(col(InboundCount.scope) == scope, col(InboundCount.window_start) == window)
        .values(count=col(InboundCount.count) + 1)
        .returning(col(InboundCount.count))
        .execution_options(synchronize_session=False)
    )
    counted = session.execute(increment).scalar_one_or_none()
    if counted is not None:
        return int(counted)
    try:
        with session.begin_nested():
            session.add(InboundCount(scope=scope, window_start=window, count=1))
    except IntegrityError:
        return int(session.execute(increment).scalar_one())  # another process started this minute
    return 1


def forget_counts(session: Session, identity: Identity) -> None:
    """Drop an officer's counters (on erasure)."""
    session.execute(delete(InboundCount).where(col(InboundCount.scope) == officer_scope(identity)))


def prune(session: Session, *, now: datetime) -> None:
    """Drop counters for minutes long gone."""
    session.execute(delete(InboundCount).where(col(InboundCount.window_start) < now - KEEP_COUNTS))
