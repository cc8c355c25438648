"""Caps on plans: how many one officer may hold open, and how many they may add in a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot import wording
from bot.errors import UserFacingError
from bot.storage.models import Plan, PlanStatus

DAY = timedelta(days=1)


@dataclass(frozen=True)
class PlanLimits:
    """Most plans open (active or paused) at once, and most added in any 24 hours."""

    max_open: int
    per_day: int


def check_new_plan(session: Session, officer_id: int, limits: PlanLimits, *, now: datetime) -> int:
    """Refuse politely, before anything is saved, when one more plan would go over a cap.

    Returns the number the new plan would get (the officer's highest so far, plus one).
    """
    # Both counts and the highest number in one statement: this runs on every new plan, twice (on
    # describing and on saving).
    open_plans, today, highest = session.exec(
        select(
            func.count().filter(col(Plan.status).in_([PlanStatus.ACTIVE, PlanStatus.PAUSED])),
            func.count().filter(col(Plan.created_at) > now - DAY),
            func.max(Plan.number),
        ).where(Plan.officer_id == officer_id)
    ).one()
    if open_plans >= limits.max_open:
        raise UserFacingError(wording.TOO_MANY_PLANS.format(count=open_plans))
    if today >= limits.per_day:
        raise UserFacingError(wording.TOO_MANY_TODAY.format(count=today))
    return (highest or 0) + 1
