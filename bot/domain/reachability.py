"""Events handled once, and officers we can no longer reach."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.domain.proposals import OPEN_STATES, proposals_of, step_back
from bot.messages import Incoming
from bot.storage.models import AuditEvent, Officer, ProcessedEvent


def first_time_seen(session: Session, incoming: Incoming, *, now: datetime) -> bool:
    """Record the event's id; False if it was already handled (by this process or another)."""
    assert incoming.event_id is not None
    try:
        with session.begin_nested():
            session.add(
                ProcessedEvent(platform=incoming.identity.platform, event_id=incoming.event_id, at=now)
            )
    except IntegrityError:
        return False
    return True


def set_unreachable(session: Session, officer: Officer, *, now: datetime) -> None:
    """Send the officer nothing more; their open proposals lapse for the other side, as a decline would."""
    assert officer.id is not None
    officer.reachable = False
    session.add(officer)
    for proposal in proposals_of(session, officer.id):
        if proposal.state in OPEN_STATES:
            step_back(session, proposal, officer.id, now=now)
    session.add(AuditEvent(officer_id=officer.id, action="became_unreachable", object_type="officer", at=now))
