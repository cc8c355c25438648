"""Caps on plans: how many one officer may hold open, and how many they may add in a day.

Plans added are also counted under a keyed hash of the officer's platform ids (in `inbound_count`, kept a
day): withdrawing a plan or erasing oneself deletes the plans, but must not lift the daily cap
(DESIGN.md rule 9). The counter holds the hash, a minute and a number; nothing else."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import BindParameter, Select, bindparam, func
from sqlalchemy import select as select_rows
from sqlmodel import Session, col, select

from bot import wording
from bot.delivery.throttle import PLANS_SCOPE, keyed_scope
from bot.errors import UserFacingError
from bot.messages import Identity
from bot.storage.database import add_one
from bot.storage.models import InboundCount, Plan, PlanStatus

DAY = timedelta(days=1)


@dataclass(frozen=True)
class PlanLimits:
    """Most plans open (active or paused) at once, and most added in any 24 hours."""

    max_open: int
    per_day: int


def plans_scope(identity: Identity) -> str:
    """The counter of plans added by one officer: a keyed hash of their platform ids."""
    return keyed_scope(PLANS_SCOPE, identity)


def count_new_plan(session: Session, identity: Identity, *, now: datetime) -> None:
    """Count one plan added, under the officer's keyed hash: the count outlives the plan and the officer."""
    window = now.replace(second=0, microsecond=0)
    add_one(session, InboundCount, {"scope": plans_scope(identity), "window_start": window})


def check_new_plan(
    session: Session, officer_id: int, identity: Identity, limits: PlanLimits, *, now: datetime
) -> int:
    """Refuse politely, before anything is saved, when one more plan would go over a cap.

    Returns the number the new plan would get (the officer's highest so far, plus one).
    """
    # Both counts, the highest number and the day's count under the hash in one statement: this runs on
    # every new plan, twice (on describing and on saving).
    values = {"officer": officer_id, "since": now - DAY, "scope": plans_scope(identity)}
    open_plans, today, highest, counted = session.execute(_counts(), values).one()
    if open_plans >= limits.max_open:
        raise UserFacingError(wording.TOO_MANY_PLANS.format(count=open_plans))
    today = max(today, int(counted))  # plans withdrawn, or of an officer who erased themselves, count too
    if today >= limits.per_day:
        raise UserFacingError(wording.TOO_MANY_TODAY.format(count=today))
    return (highest or 0) + 1


@functools.cache
def _counts() -> Select[Any]:
    # Built once: building the statement would cost more than running it.
    officer: BindParameter[int] = bindparam("officer")
    since: BindParameter[datetime] = bindparam("since")
    counted = (
        select(func.coalesce(func.sum(InboundCount.count), 0))
        .where(col(InboundCount.scope) == bindparam("scope"), col(InboundCount.window_start) > since)
        .scalar_subquery()
    )
    return select_rows(
        func.count().filter(col(Plan.status).in_([PlanStatus.ACTIVE, PlanStatus.PAUSED])),
        func.count().filter(col(Plan.created_at) > since),
        func.max(Plan.number),
        counted,
    ).where(col(Plan.officer_id) == officer)
