"""The parts of an export about how an officer is reached and whom they met: theirs to see too.

Whom they were introduced to is their own data: those details were shared with them, with consent, at
the introduction. Nobody they were not introduced to appears here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, or_, select

from bot.domain.circles import yes_members
from bot.domain.officers import identity_of, organisation_name
from bot.domain.proposals import other_officer_id
from bot.domain.workspaces import WorkspaceRef, workspace_row
from bot.storage import queues
from bot.storage.models import (
    Circle,
    CircleAnswer,
    CircleMember,
    CircleRequest,
    CircleWelcome,
    ConversationReference,
    Introduction,
    Officer,
    PendingDelivery,
    Proposal,
    WorkspaceAdmin,
)


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def contact_of(session: Session, officer: Officer) -> dict[str, str | None]:
    """Name, title, organisation and email, as an introduction shares them."""
    return {
        "name": officer.name,
        "job_title": officer.job_title,
        "organisation": organisation_name(session, officer),
        "email": officer.email,
    }


def conversation_reference(session: Session, officer: Officer) -> dict[str, Any] | None:
    """How the platform lets the service reach the officer later, opened from its sealed form."""
    row = session.exec(
        select(ConversationReference).where(queues.of(ConversationReference, identity_of(officer)))
    ).first()
    if row is None:
        return None
    return {"reference": dict(row.reference), "updated_at": _when(row.updated_at)}


def messages_waiting(session: Session, officer: Officer) -> list[dict[str, Any]]:
    """Messages written for the officer that have not reached them yet: their text."""
    rows = session.exec(
        select(PendingDelivery)
        .where(queues.of(PendingDelivery, identity_of(officer)))
        .order_by(col(PendingDelivery.id))
    ).all()
    return [
        {
            "text": (row.message.get("message") or row.message).get("text"),
            "written_at": _when(row.created_at),
            "attempts": row.attempts,
        }
        for row in rows
    ]


def admin_roles(session: Session, officer: Officer) -> list[dict[str, Any]]:
    """The officer's roles administering their workspace (installer or appointed), if any."""
    row = workspace_row(session, WorkspaceRef.of_officer(officer))
    if row is None:
        return []
    roles = session.exec(
        select(WorkspaceAdmin)
        .where(WorkspaceAdmin.workspace_ref == row.id, WorkspaceAdmin.user_id == officer.user_id)
        .order_by(col(WorkspaceAdmin.id))
    ).all()
    return [{"role": role.role, "since": _when(role.created_at)} for role in roles]


def introduced_to(session: Session, officer: Officer) -> list[dict[str, Any]]:
    """Each officer this one was introduced to, in pairs and in circles, with the details shared."""
    assert officer.id is not None
    met: list[dict[str, Any]] = []
    pairs = session.exec(
        select(Introduction, Proposal)
        .join(Proposal, col(Proposal.id) == col(Introduction.proposal_id))
        .where(or_(Proposal.officer_a_id == officer.id, Proposal.officer_b_id == officer.id))
        .order_by(col(Introduction.id))
    ).all()
    for introduction, proposal in pairs:
        other = _officer(session, other_officer_id(proposal, officer.id))
        if other is not None:
            met.append({"how": "pair", "at": _when(introduction.created_at), **contact_of(session, other)})
    for circle in _circles_joined(session, officer.id):
        for _, other in yes_members(session, circle.id or 0):
            if other.id != officer.id:
                met.append({"how": "circle", "at": _when(circle.formed_at), **contact_of(session, other)})
    for welcome, request in _welcomes(session, officer.id):
        other_id = request.officer_id if welcome.officer_id == officer.id else welcome.officer_id
        other = _officer(session, other_id)
        if other is not None:
            met.append({"how": "circle", "at": _when(welcome.answered_at), **contact_of(session, other)})
    return met


def _officer(session: Session, officer_id: int | None) -> Officer | None:
    return session.get(Officer, officer_id) if officer_id is not None else None


def _circles_joined(session: Session, officer_id: int) -> list[Circle]:
    """Circles that formed and that the officer said yes to: its other yes-members were introduced."""
    statement = (
        select(Circle)
        .join(CircleMember, col(CircleMember.circle_id) == col(Circle.id))
        .where(
            CircleMember.officer_id == officer_id,
            CircleMember.answer == CircleAnswer.YES,
            col(Circle.formed_at).is_not(None),
        )
        .order_by(col(Circle.id))
    )
    return list(session.exec(statement).all())


def _welcomes(session: Session, officer_id: int) -> list[tuple[CircleWelcome, CircleRequest]]:
    """A later officer welcomed by a member: the two of them were introduced, nobody else."""
    statement = (
        select(CircleWelcome, CircleRequest)
        .join(CircleRequest, col(CircleRequest.id) == col(CircleWelcome.request_id))
        .where(
            CircleWelcome.answer == CircleAnswer.YES,
            or_(CircleWelcome.officer_id == officer_id, CircleRequest.officer_id == officer_id),
        )
        .order_by(col(CircleWelcome.id))
    )
    return [(welcome, request) for welcome, request in session.exec(statement).all()]
