"""Retention: a plan untouched for the workspace's number of months is deleted, after a warning.

The warning goes first; the plan is deleted two weeks later only if it is still untouched. Each step
claims its plans with one conditional UPDATE (or DELETE) ... RETURNING, so several workers never warn
or delete twice.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, update
from sqlmodel import Session, col, select

from bot.domain.workspaces import DEFAULT_RETENTION_MONTHS
from bot.storage.models import Officer, Plan, Workspace

NOTICE = timedelta(days=14)


@dataclass(frozen=True)
class RetentionNotice:
    """Tell a plan's owner it will be deleted (or that it was)."""

    officer_id: int
    plan_id: int
    plan_number: int
    last_changed: datetime
    months: int


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time a number of calendar months earlier (the 31st becomes the month's last day)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _officers_keeping(session: Session, months: int) -> object:
    """The ids of officers whose workspace keeps plans for this many months."""
    configured = select(Workspace.platform, Workspace.workspace_id, Workspace.retention_months).subquery()
    statement = select(Officer.id).outerjoin(
        configured,
        and_(
            col(Officer.platform) == configured.c.platform,
            col(Officer.workspace_id) == configured.c.workspace_id,
        ),
    )
    if months == DEFAULT_RETENTION_MONTHS:
        return statement.where(
            or_(configured.c.retention_months.is_(None), configured.c.retention_months == months)
        )
    return statement.where(configured.c.retention_months == months)


def _periods(session: Session) -> set[int]:
    configured = set(session.exec(select(Workspace.retention_months).distinct()).all())
    return configured | {DEFAULT_RETENTION_MONTHS}


def warn_untouched(session: Session, *, now: datetime) -> list[RetentionNotice]:
    """Mark plans untouched for their workspace's period as warned; returns whom to warn."""
    notices = []
    for months in sorted(_periods(session)):
        statement = (
            update(Plan)
            .where(
                col(Plan.updated_at) < months_before(now, months),
                or_(
                    col(Plan.retention_warned_at).is_(None),
                    col(Plan.retention_warned_at) < col(Plan.updated_at),
                ),
                col(Plan.officer_id).in_(_officers_keeping(session, months)),  # type: ignore[arg-type]
            )
            .values(retention_warned_at=now)
            .returning(col(Plan.id), col(Plan.officer_id), col(Plan.number), col(Plan.updated_at))
            .execution_options(synchronize_session=False)
        )
        for plan_id, officer_id, number, changed in session.execute(statement).all():
            notices.append(RetentionNotice(officer_id, plan_id, number, changed, months))
    return sorted(notices, key=lambda n: n.plan_id)


def due_for_deletion(session: Session, *, now: datetime) -> list[Plan]:
    """Plans warned at least two weeks ago and untouched since, locked for this transaction."""
    statement = (
        select(Plan)
        .where(
            col(Plan.retention_warned_at).is_not(None),
            col(Plan.retention_warned_at) <= now - NOTICE,
            col(Plan.updated_at) < col(Plan.retention_warned_at),
        )
        .order_by(col(Plan.id))
        .with_for_update(skip_locked=True)
    )
    return list(session.exec(statement).all())


def months_kept(session: Session, officer: Officer) -> int:
    """How many months the officer's workspace keeps untouched plans."""
    months = session.exec(
        select(Workspace.retention_months).where(
            Workspace.platform == officer.platform, Workspace.workspace_id == officer.workspace_id
        )
    ).first()
    return months or DEFAULT_RETENTION_MONTHS
