"""Tables of work kept per officer (messages to send again, events waiting for a turn), taken in order.

Only the oldest row waiting for an officer may be taken, so a later one never overtakes an earlier one,
in this process or another. A process holds what it took until `claimed_until`; past that (it crashed,
say) any process may take it again.
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Delete,
    Integer,
    Table,
    Update,
    and_,
    bindparam,
    delete,
    exists,
    or_,
    select,
    update,
)
from sqlmodel import Session, col

from bot.messages import Identity


def of(table: type[Any], identity: Identity) -> ColumnElement[bool]:
    """The rows kept for this officer (`table` has platform, workspace_id and user_id columns)."""
    return and_(
        col(table.platform) == identity.platform,
        col(table.workspace_id) == identity.workspace_id,
        col(table.user_id) == identity.user_id,
    )


def claim_oldest_each(
    session: Session | Connection,
    table: type[Any],
    *,
    now: datetime,
    hold: timedelta,
    limit: int,
    returning: tuple[str, ...],
) -> list[tuple[Any, ...]]:
    """Take the oldest due row of each officer, unless another process holds it; counts an attempt.

    Returns the `returning` columns of each row taken, oldest first. On PostgreSQL, rows another
    transaction is claiming are skipped rather than waited for; the conditions are repeated on the
    UPDATE so that a row claimed meanwhile is never taken twice.
    """
    statement = _claim_statement(table.__table__, returning)
    rows = session.execute(statement, {"now": now, "until": now + hold, "limit": limit}).all()
    return sorted((tuple(row) for row in rows), key=lambda row: row[0])


@functools.cache
def _claim_statement(table: Table, returning: tuple[str, ...]) -> Update:
    """The claim, built once per table: an idle worker claims ten times a second, a busy one after every
    turn."""
    rows, earlier = table.c, table.alias("earlier").c
    now = bindparam("now", type_=rows.not_before.type)
    free = or_(rows.claimed_until.is_(None), rows.claimed_until <= now)
    has_earlier = exists().where(
        earlier.platform == rows.platform,
        earlier.workspace_id == rows.workspace_id,
        earlier.user_id == rows.user_id,
        earlier.id < rows.id,
    )
    due = (
        select(rows.id)
        .where(rows.not_before <= now, free, ~has_earlier)
        .order_by(rows.id)
        .limit(bindparam("limit", type_=Integer))
        .with_for_update(skip_locked=True)
    )
    return (
        update(table)
        .where(rows.id.in_(due.scalar_subquery()), free)
        .values(
            claimed_until=bindparam("until", type_=rows.claimed_until.type),
            attempts=rows.attempts + 1,
        )
        .returning(*(rows[name] for name in returning))
    )


def finish(session: Session | Connection, table: type[Any], row_id: int, claimed_until: datetime) -> None:
    """The row's work is done, or never will be: remove it, if this process still holds it."""
    session.execute(_finish_statement(table.__table__), {"row_id": row_id, "held": claimed_until})


def release(
    session: Session | Connection,
    table: type[Any],
    row_id: int,
    claimed_until: datetime,
    *,
    not_before: datetime,
) -> None:
    """Not done for now: let any process take the row from `not_before`."""
    parameters = {"row_id": row_id, "held": claimed_until, "release_at": not_before}
    session.execute(_release_statement(table.__table__), parameters)


# Built once per table, as the claim: every turn and every message sent settles a row.
@functools.cache
def _finish_statement(table: Table) -> Delete:
    return delete(table).where(_held(table))


@functools.cache
def _release_statement(table: Table) -> Update:
    not_before = bindparam("release_at", type_=table.c.not_before.type)
    return (
        update(table)
        .where(_held(table))
        .values({table.c.claimed_until: None, table.c.not_before: not_before})
        .execution_options(synchronize_session=False)
    )


def _held(table: Table) -> ColumnElement[bool]:
    rows = table.c
    return and_(
        rows.id == bindparam("row_id", type_=Integer),
        rows.claimed_until == bindparam("held", type_=rows.claimed_until.type),
    )
