"""Forget me: erase every row about an officer; open proposals lapse for the other side at expiry."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, or_
from sqlmodel import Session, col, select

from bot import addresses, deliveries
from bot.consent import OPEN_STATES, side_of, step_back
from bot.officers import identity_of
from bot.storage.database import request_scrub
from bot.storage.models import AuditEvent, Conversation, Introduction, Officer, Organisation, Plan, Proposal
from bot.throttle import forget_counts


def erase_officer(session: Session, officer: Officer, *, now: datetime) -> None:
    """Delete the officer, their plans, their side of every proposal, their audit trail and intake."""
    officer_id = officer.id
    assert officer_id is not None
    proposals = session.exec(
        select(Proposal).where(
            or_(col(Proposal.officer_a_id) == officer_id, col(Proposal.officer_b_id) == officer_id)
        )
    ).all()
    for proposal in proposals:
        side = side_of(proposal, officer_id)
        other_still_waits = proposal.state in OPEN_STATES and not proposal.lapse_notified
        other_side_present = (proposal.officer_b_id if side == "a" else proposal.officer_a_id) is not None
        if other_still_waits and other_side_present:
            # Keep an anonymous husk so the other officer hears "lapsed" at the usual time, not now.
            step_back(session, proposal, officer_id, now=now)
            setattr(proposal, f"officer_{side}_id", None)
            setattr(proposal, f"plan_{side}_id", None)
            session.add(proposal)
        else:
            session.exec(delete(Introduction).where(col(Introduction.proposal_id) == proposal.id))
            session.delete(proposal)
    session.flush()
    session.exec(delete(Plan).where(col(Plan.officer_id) == officer_id))
    session.exec(delete(Conversation).where(col(Conversation.officer_id) == officer_id))
    session.exec(delete(AuditEvent).where(col(AuditEvent.officer_id) == officer_id))
    organisation_id = officer.organisation_id
    addresses.forget(session, identity_of(officer))
    deliveries.forget(session, identity_of(officer))
    forget_counts(session, identity_of(officer))
    session.delete(officer)
    session.flush()
    _drop_orphan_unverified_organisation(session, organisation_id)
    request_scrub(session)


def _drop_orphan_unverified_organisation(session: Session, organisation_id: int | None) -> None:
    # An organisation typed in by an officer is about them; a directory council is public.
    if organisation_id is None:
        return
    organisation = session.get(Organisation, organisation_id)
    if organisation is None or organisation.directory_code is not None:
        return
    members = session.exec(select(func.count()).where(Officer.organisation_id == organisation_id)).one()
    if members == 0:
        session.delete(organisation)
