"""Tables of work kept per officer (messages to send again, events waiting for a turn), taken in order.

Only the oldest row waiting for an officer may be taken, so a later one never overtakes an earlier one,
in this process or another. A process holds what it took until `claimed_until`; past that (it crashed,
say) any process may take it again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, exists, or_, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from bot.messages import Identity


def of(table: type[Any], identity: Identity) -> ColumnElement[bool]:
    """The rows kept for this officer (`table` has platform, workspace_id and user_id columns)."""
    return and_(
        col(table.platform) == identity.platform,
        col(table.workspace_id) == identity.workspace_id,
        col(table.user_id) == identity.user_id,
    )


def claim_oldest_each(
    session: Session,
    table: type[Any],
    *,
    now: datetime,
    hold: timedelta,
    limit: int,
    returning: Sequence[Any],
) -> list[tuple[Any, ...]]:
    """Take the oldest due row of each officer, unless another process holds it; counts an attempt.

    Returns `returning` for each row taken, oldest first. On PostgreSQL, rows another transaction is
    claiming are skipped rather than waited for; the conditions are repeated on the UPDATE so that a
    row claimed meanwhile is never taken twice.
    """
    free = or_(col(table.claimed_until).is_(None), col(table.claimed_until) <= now)
    earlier = aliased(table)
    has_earlier = exists().where(
        col(earlier.platform) == col(table.platform),
        col(earlier.workspace_id) == col(table.workspace_id),
        col(earlier.user_id) == col(table.user_id),
        col(earlier.id) < col(table.id),
    )
    due = (
        select(table.id)
        .where(col(table.not_before) <= now, free, ~has_earlier)
        .order_by(col(table.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    statement = (
        update(table)
        .where(col(table.id).in_(due.scalar_subquery()), free)
        .values({col(table.claimed_until): now + hold, col(table.attempts): col(table.attempts) + 1})
        .returning(*returning)
        .execution_options(synchronize_session=False)
    )
    return sorted((tuple(row) for row in session.execute(statement).all()), key=lambda row: row[0])


def _held(table: type[Any], row_id: int, claimed_until: datetime) -> ColumnElement[bool]:
    return and_(col(table.id) == row_id, col(table.claimed_until) == claimed_until)


def finish(session: Session, table: type[Any], row_id: int, claimed_until: datetime) -> None:
    """The row's work is done, or never will be: remove it, if this process still holds it."""
    session.execute(delete(table).where(_held(table, row_id, claimed_until)))


def release(
    session: Session, table: type[Any], row_id: int, claimed_until: datetime, *, not_before: datetime
) -> None:
    """Not done for now: let any process take the row from `not_before`."""
    session.execute(
        update(table)
        .where(_held(table, row_id, claimed_until))
        .values({col(table.claimed_until): None, col(table.not_before): not_before})
        .execution_options(synchronize_session=False)
    )
