"""Export: everything held about an officer, as JSON (an answer to a subject access request)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.domain.circles import circles_of
from bot.domain.export_links import admin_roles, conversation_reference, introduced_to, messages_waiting
from bot.domain.feedback import said_not_relevant
from bot.domain.follow_ups import answers_of
from bot.domain.newcomers import requests_of, welcomes_of
from bot.domain.numbering import numbered_proposals
from bot.domain.officers import organisation_name
from bot.domain.plans import plans_of
from bot.domain.proposals import own_plan_id, side_of, viewer_state
from bot.domain.welcome_follow_ups import asked_about
from bot.storage.models import AuditEvent, Conversation, FollowUp, Introduction, Officer


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _own_number(
    event: AuditEvent,
    plans: dict[int | None, int],
    matches: dict[int | None, int],
    circles: dict[int | None, int] | None = None,
) -> int | None:
    """The number the officer knows an audited plan or possible match by; ids would count everyone's."""
    if event.object_id is None:
        return None
    if event.object_type == "plan":
        return plans.get(event.object_id)
    if event.object_type == "proposal":
        return matches.get(event.object_id)
    if event.object_type == "circle" and circles is not None:  # circles
        return circles.get(event.object_id)
    return None


def export_officer(session: Session, officer: Officer, *, now: datetime) -> dict[str, Any]:
    """Everything about the officer; of proposals, only their own side (the other side is not theirs)."""
    assert officer.id is not None
    state = session.get(Conversation, officer.id)
    plans = plans_of(session, officer.id)
    plan_numbers = {plan.id: plan.number for plan in plans}
    numbered = numbered_proposals(session, officer.id)
    match_numbers = {proposal.id: number for number, proposal in numbered}
    proposals = []
    for number, proposal in numbered:
        side = side_of(proposal, officer.id)
        introduction = session.exec(
            select(Introduction).where(Introduction.proposal_id == proposal.id)
        ).first()
        proposals.append(
            {
                "number": number,  # the number the officer knows it by
                "your_plan_number": plan_numbers.get(own_plan_id(proposal, officer.id)),
                "status": viewer_state(proposal, officer.id).value,
                "your_answer": proposal.response_a if side == "a" else proposal.response_b,
                "you_said_not_relevant": proposal.id is not None
                and said_not_relevant(session, proposal.id, officer.id),
                "shared_service_areas": proposal.shared_service_areas,
                "shared_delivery_model": proposal.shared_delivery_model,
                "score": proposal.score,
                "proposed_at": _when(proposal.created_at),
                "expires_at": _when(proposal.expires_at),
                "introduced_at": _when(introduction.created_at) if introduction else None,
            }
        )
    circles = circles_of(session, officer.id)  # circles: only the officer's own place in each
    circle_numbers: dict[int | None, int] = {member.circle_id: member.number for member, _ in circles}
    circle_numbers.update({request.circle_id: request.number for request in requests_of(session, officer.id)})
    # Which possible match each introduction was, by the number the officer knows it by.
    introduced = {
        introduction.id: match_numbers.get(introduction.proposal_id)
        for introduction in session.exec(
            select(Introduction).where(col(Introduction.proposal_id).in_(list(match_numbers)))
        ).all()
    }
    audit = session.exec(
        select(AuditEvent).where(AuditEvent.officer_id == officer.id).order_by(col(AuditEvent.id))
    ).all()
    return {
        "exported_at": now.isoformat(),
        "officer": {
            "platform": officer.platform,
            "workspace_id": officer.workspace_id,
            "user_id": officer.user_id,
            "email": officer.email,
            "name": officer.name,
            "job_title": officer.job_title,
            "organisation": organisation_name(session, officer),
            "verified": officer.verified,
            "reachable": officer.reachable,
            "platform_admin": officer.platform_admin,
            "first_seen_at": _when(officer.created_at),
            "last_seen_at": _when(officer.last_seen_at),
        },
        "plans": [
            {
                "number": plan.number,
                "internal_id": plan.id,  # the service's own id: it counts everyone's plans
                "text": plan.text,
                "service_areas": plan.service_areas,
                "delivery_model": plan.delivery_model,
                "stage": plan.stage,
                "advise_others": plan.advise_others,
                "timeline": {"year": plan.timeline_year, "month": plan.timeline_month},
                "status": plan.status,
                "created_at": _when(plan.created_at),
                "updated_at": _when(plan.updated_at),
            }
            for plan in plans
        ],
        "proposals": proposals,
        # Whom they met: each introduced officer's details as shared with them, with consent.
        "introduced_to": introduced_to(session, officer),
        "circles": [
            {
                "number": member.number,
                "your_plan_number": plan_numbers.get(member.plan_id),
                "your_answer": member.answer,
                "status": circle.state,
                "shared_service_areas": circle.shared_service_areas,
                "shared_delivery_model": circle.shared_delivery_model,
                "offered_at": _when(member.joined_at),
                "expires_at": _when(circle.expires_at),
                "formed_at": _when(circle.formed_at) if member.answer == "yes" else None,
            }
            for member, circle in circles
        ],
        # A place offered in a circle that had formed: the officer's own answer, nobody else's.
        "circle_places": [
            {
                "number": request.number,
                "your_plan_number": plan_numbers.get(request.plan_id),
                "your_answer": request.answer,
                "offered_at": _when(request.created_at),
                "expires_at": _when(request.expires_at),
            }
            for request in requests_of(session, officer.id)
        ],
        # A member's own answers about later officers who asked to join their circle: never who asked.
        "circle_welcomes": [
            {
                "number": welcome.number,
                "your_answer": welcome.answer,
                "asked_at": _when(welcome.asked_at),
                "answered_at": _when(welcome.answered_at),
            }
            for welcome in welcomes_of(session, officer.id)
        ],
        "follow_ups": [
            {
                "possible_match_number": _asked_number(session, follow_up, circle_numbers, introduced),
                "asked_at": _when(follow_up.asked_at),
                "your_answer": follow_up.answer,
                "answered_at": _when(follow_up.answered_at),
            }
            for follow_up in answers_of(session, officer.id)
        ],
        "admin_roles": admin_roles(session, officer),
        "conversation_reference": conversation_reference(session, officer),
        "messages_waiting": messages_waiting(session, officer),
        "conversation_in_progress": {"step": state.step, "data": dict(state.data)} if state else None,
        "audit_events": [
            {
                "action": e.action,
                "object_type": e.object_type,
                "number": _own_number(e, plan_numbers, match_numbers, circle_numbers),
                "at": _when(e.at),
            }
            for e in audit
        ],
    }


def _asked_number(
    session: Session,
    follow_up: FollowUp,
    circle_numbers: dict[int | None, int],
    introduced: dict[int | None, int | None],
) -> int | None:
    """The number the officer knows the match a follow-up asked about by: a circle, a pair, or a circle
    in which they met a later officer (or were met as one)."""
    if follow_up.circle_id is not None:
        return circle_numbers.get(follow_up.circle_id)
    if follow_up.welcome_id is not None:
        about = asked_about(session, follow_up)
        return about.number if about is not None else None
    return introduced.get(follow_up.introduction_id)


def export_json(session: Session, officer: Officer, *, now: datetime) -> str:
    """The export as indented JSON text."""
    return json.dumps(export_officer(session, officer, now=now), indent=2, ensure_ascii=False)
