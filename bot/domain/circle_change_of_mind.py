"""Saying yes after all to a circle: a not now to a circle's offer, to a place in a formed circle, or to a
later officer asking to join, may still become a yes until it lapses.

As for a pair (change_of_mind.py), the yes then counts as if it had been the first answer: the circle
forms on the third yes, a yes to a formed circle joins it, a later officer's yes asks the members, a
member's yes introduces the two. The others hear exactly what a first yes would have told them, so they
cannot tell a change of mind from a late answer, nor a not now from silence. A formed circle still keeps
its cap: the circle's row is locked while its places are counted, so two changes of mind at once cannot
both take the last place.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot.domain.answer_moves import OPEN_STATES, move_answer
from bot.domain.circles import CircleOutcome, close_pairs_met, count_yes, member_of, yes_members
from bot.domain.newcomers import RequestOutcome, WelcomeOutcome, ask_members, most_yeses, taken_places
from bot.storage.models import (
    Circle,
    CircleAnswer,
    CircleMember,
    CircleRequest,
    CircleState,
    CircleWelcome,
    Plan,
    PlanStatus,
)


def _locked(session: Session, circle_id: int) -> Circle | None:
    """The circle's row, locked until the end of the transaction (PostgreSQL; SQLite has one writer)."""
    circle = session.exec(select(Circle).where(col(Circle.id) == circle_id).with_for_update()).first()
    if circle is not None:
        session.refresh(circle)
    return circle


def _plan_open(session: Session, plan_id: int | None) -> bool:
    plan = session.get(Plan, plan_id) if plan_id is not None else None
    return plan is not None and plan.status != PlanStatus.WITHDRAWN


def _circle_open(circle: Circle, *, now: datetime) -> bool:
    return circle.state in OPEN_STATES and not circle.lapse_notified and circle.expires_at > now


def may_reconsider_circle(session: Session, member: CircleMember, circle: Circle, *, now: datetime) -> bool:
    """Whether this member said not now to this circle, its offer is open and their plan not withdrawn."""
    return (
        member.answer == CircleAnswer.NOT_NOW
        and _circle_open(circle, now=now)
        and _plan_open(session, member.plan_id)
    )


def reconsider_circle(session: Session, *, circle_id: int, officer_id: int, now: datetime) -> CircleOutcome:
    """Turn this member's not now into a yes while the circle is open: the third yes forms it, and a yes
    to a formed circle joins it while it has a place left."""
    circle = _locked(session, circle_id)
    member = member_of(session, circle_id, officer_id)
    if circle is None or member is None:
        return CircleOutcome.NOT_A_CHOICE
    session.refresh(member)
    if member.answer != CircleAnswer.NOT_NOW:  # a yes stands; a pending offer is answered by its buttons
        return (
            CircleOutcome.ALREADY_ANSWERED
            if member.answer == CircleAnswer.YES
            else CircleOutcome.NOT_A_CHOICE
        )
    if not _circle_open(circle, now=now):
        return CircleOutcome.LAPSED
    if not _plan_open(session, member.plan_id):
        return CircleOutcome.PLAN_CLOSED
    said_before = member.answered_at
    recorded = _set_answer(session, member, CircleAnswer.NOT_NOW, CircleAnswer.YES, at=now)
    if not recorded:
        return CircleOutcome.ALREADY_ANSWERED
    most = most_yeses(session, circle, now=now) if circle.state == CircleState.FORMED else None
    outcome = count_yes(session, circle_id, now=now, most=most)
    if outcome in (CircleOutcome.FULL, CircleOutcome.LAPSED):  # not counted: the not now stands
        _set_answer(session, member, CircleAnswer.YES, CircleAnswer.NOT_NOW, at=said_before)
    return outcome


def _set_answer(
    session: Session, member: CircleMember, was: CircleAnswer, to: CircleAnswer, *, at: datetime | None
) -> bool:
    # Not conditioned on the circle: undoing a yes the count refused must hold even once it lapsed.
    moved = move_answer(session, CircleMember, member.id, was=was, to=to, now=None, answered_at=at)
    session.refresh(member)
    return moved


def may_reconsider_place(session: Session, request: CircleRequest, *, now: datetime) -> bool:
    """Whether this later officer said not now to their place, it is open and their plan not withdrawn."""
    return (
        request.answer == CircleAnswer.NOT_NOW
        and not request.lapse_notified
        and request.expires_at > now
        and _plan_open(session, request.plan_id)
    )


def reconsider_place(
    session: Session, *, request: CircleRequest, now: datetime
) -> tuple[RequestOutcome, list[CircleWelcome]]:
    """Turn a later officer's not now into a yes while their place is open and the circle has room: the
    members who said yes to the circle are asked, as after a first yes."""
    circle = _locked(session, request.circle_id)
    session.refresh(request)
    if circle is None or circle.id is None:
        return RequestOutcome.NOT_A_CHOICE, []
    if request.answer != CircleAnswer.NOT_NOW:
        pending = request.answer == CircleAnswer.PENDING
        return (RequestOutcome.NOT_A_CHOICE if pending else RequestOutcome.ALREADY_ANSWERED), []
    if request.lapse_notified or request.expires_at <= now:
        return RequestOutcome.LAPSED, []
    if not _plan_open(session, request.plan_id):
        return RequestOutcome.PLAN_CLOSED, []
    # Their own place is not counted while they said not now: it may have gone to someone else since.
    if len(yes_members(session, circle.id)) + taken_places(session, circle.id, now=now) >= circle.size_cap:
        return RequestOutcome.FULL, []
    was, to = CircleAnswer.NOT_NOW, CircleAnswer.YES
    recorded = move_answer(session, CircleRequest, request.id, was=was, to=to, now=now, answered_at=now)
    session.refresh(request)
    if not recorded:
        return RequestOutcome.ALREADY_ANSWERED, []
    return RequestOutcome.ASKED, ask_members(session, request, now=now)


def may_reconsider_welcome(welcome: CircleWelcome, request: CircleRequest, *, now: datetime) -> bool:
    """Whether this member said not now to this later officer and the request is still open."""
    return (
        welcome.answer == CircleAnswer.NOT_NOW
        and request.answer == CircleAnswer.YES
        and not request.lapse_notified
        and request.expires_at > now
    )


def reconsider_welcome(
    session: Session, *, welcome_id: int, officer_id: int, now: datetime
) -> WelcomeOutcome:
    """Turn a member's not now about a later officer into a yes while the request is open: the two are
    introduced, as after a first yes."""
    welcome = session.get(CircleWelcome, welcome_id)
    if welcome is None or welcome.officer_id != officer_id:
        return WelcomeOutcome.NOT_A_CHOICE
    was, to = CircleAnswer.NOT_NOW, CircleAnswer.YES
    recorded = move_answer(session, CircleWelcome, welcome_id, was=was, to=to, now=now, answered_at=now)
    session.refresh(welcome)
    if not recorded:
        if welcome.answer == CircleAnswer.NOT_NOW:
            return WelcomeOutcome.LAPSED
        return (
            WelcomeOutcome.ALREADY_ANSWERED
            if welcome.answer == CircleAnswer.YES
            else WelcomeOutcome.NOT_A_CHOICE
        )
    request = session.get(CircleRequest, welcome.request_id)
    if request is not None:
        close_pairs_met(session, [request.officer_id, officer_id], now=now)
    return WelcomeOutcome.WELCOMED


def welcomes_to_reconsider(
    session: Session, officer_id: int, *, now: datetime
) -> list[tuple[CircleWelcome, CircleRequest]]:
    """Every later officer this member said not now to whose request is still open, oldest first."""
    statement = (
        select(CircleWelcome, CircleRequest)
        .join(CircleRequest, col(CircleRequest.id) == col(CircleWelcome.request_id))
        .where(CircleWelcome.officer_id == officer_id, CircleWelcome.answer == CircleAnswer.NOT_NOW)
        .order_by(col(CircleWelcome.number), col(CircleWelcome.id))
    )
    return [(w, r) for w, r in session.exec(statement).all() if may_reconsider_welcome(w, r, now=now)]
