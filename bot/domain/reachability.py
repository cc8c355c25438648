"""Events handled once, and officers we can no longer reach."""

from __future__ import annotations

import functools
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Executable, Table, delete
from sqlalchemy import inspect as sa_inspect
from sqlmodel import Session, col

from bot.domain.circles import step_back_from_circles
from bot.domain.newcomers import step_back_from_requests
from bot.domain.proposals import OPEN_STATES, proposals_of, step_back
from bot.messages import Incoming
from bot.storage.database import insert_with_conflicts
from bot.storage.models import AuditEvent, Officer, ProcessedEvent


def first_time_seen(session: Session, incoming: Incoming, *, now: datetime) -> bool:
    """Record the event's id; False if it was already handled (by this process or another).

    One `INSERT ... ON CONFLICT DO NOTHING RETURNING`, not a savepoint around an insert that may fail:
    every turn starts with it. On PostgreSQL a transaction recording the same id at the same moment waits
    for the first to commit (then sees it) or to roll back (then records it)."""
    assert incoming.event_id is not None
    statement = _record_statement(session.get_bind().dialect.name)
    values = {"platform": incoming.identity.platform, "event_id": incoming.event_id, "at": now}
    return session.execute(statement, values).first() is not None


# How long an event's id is remembered: far longer than any platform retries an event (Slack for about an
# hour) or accepts a signed request again (Slack five minutes, Teams tokens an hour or so).
EVENT_IDS_KEPT = timedelta(days=7)


def forget_old_event_ids(session: Session, *, now: datetime) -> int:
    """Delete the ids of events handled longer ago than any platform could send them again; how many."""
    gone = session.execute(delete(ProcessedEvent).where(col(ProcessedEvent.at) < now - EVENT_IDS_KEPT))
    return int(getattr(gone, "rowcount", 0) or 0)


@functools.cache
def _record_statement(dialect: str) -> Executable:
    table = cast(Table, sa_inspect(ProcessedEvent).local_table)
    insert = insert_with_conflicts(dialect)
    return insert(table).on_conflict_do_nothing().returning(table.c.id)


def set_unreachable(session: Session, officer: Officer, *, now: datetime) -> None:
    """Send the officer nothing more; their open proposals lapse for the other side, as a decline would."""
    assert officer.id is not None
    officer.reachable = False
    session.add(officer)
    for proposal in proposals_of(session, officer.id):
        if proposal.state in OPEN_STATES:
            step_back(session, proposal, officer.id, now=now)
    step_back_from_circles(session, officer_id=officer.id)  # circles
    step_back_from_requests(session, officer_id=officer.id)
    session.add(AuditEvent(officer_id=officer.id, action="became_unreachable", object_type="officer", at=now))
