"""A later officer joins a formed circle on its members' yes: the pair's consent rules, once per member.

The later officer is offered the formed circle (its four lines and size band, never who). Their yes asks
each member who said yes to the circle ("a council with a comparable plan would like to join"), showing
the later officer's four lines, never who. Each member's yes introduces the two of them at once, and
only them; a member's not now, or silence, tells nobody anything: the later officer hears only of those
who said yes, or, if nobody did by the expiry, that it lapsed, in a pair's words. Every answer is one
conditional UPDATE, so however many processes answer at once, each is recorded and acted on once.

A later officer whom at least one member said yes to is part of the circle from then on: a later
request asks them too, in the same words, and their yes introduces the two of them by the same rules.
Each two later officers are asked about once: the one who asked first is asked about the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import delete, exists, update
from sqlmodel import Session, col, select

from bot.domain.answer_moves import move_answer, request_open
from bot.domain.circles import close_pairs_met, member_of, reserve_numbers, yes_members
from bot.storage.models import (
    Circle,
    CircleAnswer,
    CircleRequest,
    CircleWelcome,
    Officer,
    Plan,
    PlanStatus,
)


class RequestOutcome(StrEnum):
    ASKED = "asked"  # the later officer said yes: the members are asked now
    NOT_NOW = "not_now"
    ALREADY_ANSWERED = "already_answered"
    LAPSED = "lapsed"
    NOT_A_CHOICE = "not_a_choice"
    FULL = "full"  # a change of mind found the circle's places all taken: nothing was asked
    PLAN_CLOSED = "plan_closed"  # a change of mind for a plan since withdrawn: nothing was asked


class WelcomeOutcome(StrEnum):
    WELCOMED = "welcomed"  # the member said yes: the two are introduced now
    NOT_NOW = "not_now"
    ALREADY_ANSWERED = "already_answered"
    LAPSED = "lapsed"
    NOT_A_CHOICE = "not_a_choice"


@dataclass(frozen=True)
class RequestLapse:
    """Tell this later officer that their request (their match `number`) lapsed."""

    request_id: int
    circle_id: int
    officer_id: int
    plan_id: int | None
    number: int


def offer_place(
    session: Session,
    *,
    circle_id: int,
    officer_id: int,
    organisation_id: int,
    plan_id: int,
    now: datetime,
    expires_at: datetime,
) -> CircleRequest:
    """Offer this later officer a place in a formed circle, under their next match number."""
    number = reserve_numbers(session, [officer_id])[officer_id]
    request = CircleRequest(
        circle_id=circle_id,
        officer_id=officer_id,
        organisation_id=organisation_id,
        plan_id=plan_id,
        number=number,
        created_at=now,
        expires_at=expires_at,
    )
    session.add(request)
    session.flush()
    return request


def request_of(session: Session, circle_id: int, officer_id: int) -> CircleRequest | None:
    """This officer's request to join this circle, if they were offered a place in it."""
    statement = select(CircleRequest).where(
        CircleRequest.circle_id == circle_id, CircleRequest.officer_id == officer_id
    )
    return session.exec(statement).first()


def answer_request(
    session: Session, *, request: CircleRequest, yes: bool, now: datetime
) -> tuple[RequestOutcome, list[CircleWelcome]]:
    """Record the later officer's answer, once; a yes asks every member who said yes to the circle."""
    answer = CircleAnswer.YES if yes else CircleAnswer.NOT_NOW
    recorded = move_answer(
        session, CircleRequest, request.id, was=CircleAnswer.PENDING, to=answer, now=now, answered_at=now
    )
    session.refresh(request)
    if not recorded:
        pending = request.answer == CircleAnswer.PENDING
        return (RequestOutcome.LAPSED if pending else RequestOutcome.ALREADY_ANSWERED), []
    if not yes:
        return RequestOutcome.NOT_NOW, []
    return RequestOutcome.ASKED, ask_members(session, request, now=now)


def ask_members(session: Session, request: CircleRequest, *, now: datetime) -> list[CircleWelcome]:
    """Ask everyone in the circle about this later officer, once each: every member who said yes to it
    and every later officer who asked before them and was welcomed by at least one of its people."""
    assert request.id is not None
    hold_circle(session, request.circle_id)
    people = [(member.number, officer) for member, officer in yes_members(session, request.circle_id)]
    people += [
        (earlier.number, officer)
        for earlier, officer in welcomed_newcomers(session, request.circle_id)
        if earlier.id is not None and earlier.id < request.id
    ]
    return _ask(session, request, people, now=now)


def ask_newcomer_about_later(
    session: Session, newcomer: CircleRequest, *, now: datetime
) -> list[CircleWelcome]:
    """A later officer just welcomed is part of the circle now: ask them, once each, about every later
    officer who asked after them and is still waiting for the circle's answers."""
    if newcomer.id is None or newcomer.answer != CircleAnswer.YES or not welcomed_by(session, newcomer.id):
        return []
    officer = session.get(Officer, newcomer.officer_id)
    if officer is None:
        return []
    hold_circle(session, newcomer.circle_id)
    statement = (
        select(CircleRequest)
        .where(
            CircleRequest.circle_id == newcomer.circle_id,
            col(CircleRequest.id) > newcomer.id,
            CircleRequest.answer == CircleAnswer.YES,
            request_open(now=now),
        )
        .order_by(col(CircleRequest.id))
    )
    return [
        welcome
        for later in session.exec(statement).all()
        for welcome in _ask(session, later, [(newcomer.number, officer)], now=now)
    ]


def hold_circle(session: Session, circle_id: int) -> None:
    """Lock the circle's row until the end of the transaction (PostgreSQL; SQLite has one writer), so
    that a later officer's yes and a yes to an earlier one, at the same instant, cannot both miss the
    other: whichever comes second sees the first and asks the one about the other."""
    session.exec(select(Circle.id).where(col(Circle.id) == circle_id).with_for_update()).first()


def _ask(
    session: Session, request: CircleRequest, people: list[tuple[int, Officer]], *, now: datetime
) -> list[CircleWelcome]:
    """Ask each of these people (each under their own number for the circle) about this later officer,
    unless they were asked already."""
    assert request.id is not None
    asked = set(
        session.exec(select(CircleWelcome.officer_id).where(CircleWelcome.request_id == request.id)).all()
    )
    welcomes = [
        CircleWelcome(request_id=request.id, officer_id=officer.id, number=number, asked_at=now)
        for number, officer in people
        if officer.id is not None and officer.id != request.officer_id and officer.id not in asked
    ]
    session.add_all(welcomes)
    session.flush()
    return welcomes


def welcomed_newcomers(session: Session, circle_id: int) -> list[tuple[CircleRequest, Officer]]:
    """The later officers part of this circle (someone in it said yes to them), in the order they asked."""
    welcomed = exists().where(
        col(CircleWelcome.request_id) == col(CircleRequest.id), col(CircleWelcome.answer) == CircleAnswer.YES
    )
    statement = (
        select(CircleRequest, Officer)
        .join(Officer, col(Officer.id) == col(CircleRequest.officer_id))
        .where(CircleRequest.circle_id == circle_id, CircleRequest.answer == CircleAnswer.YES, welcomed)
        .order_by(col(CircleRequest.id))
    )
    return [(request, officer) for request, officer in session.exec(statement).all()]


def may_join(session: Session, circle_id: int, *, now: datetime) -> list[CircleRequest]:
    """The later officers who are part of this circle or may yet be: welcomed by someone in it, or with
    their place still open (a not now may still become a yes). Those a later officer must be able to
    meet before being offered a place, as they may be asked about them."""
    requests = session.exec(
        select(CircleRequest).where(CircleRequest.circle_id == circle_id).order_by(col(CircleRequest.id))
    ).all()
    return [request for request in requests if _may_join(session, request, now=now)]


def _may_join(session: Session, request: CircleRequest, *, now: datetime) -> bool:
    if request.id is None:
        return False
    if welcomed_by(session, request.id):
        return True
    if request.lapse_notified or request.expires_at <= now:
        return False
    plan = session.get(Plan, request.plan_id) if request.plan_id is not None else None
    # A not now on a plan since withdrawn can no longer become a yes (circle_change_of_mind.py).
    return request.answer != CircleAnswer.NOT_NOW or (
        plan is not None and plan.status != PlanStatus.WITHDRAWN
    )


def answer_welcome(
    session: Session, *, welcome_id: int, officer_id: int, yes: bool, now: datetime
) -> WelcomeOutcome:
    """Record a member's answer about a later officer, once; a yes closes any pair of theirs too."""
    welcome = session.get(CircleWelcome, welcome_id)
    if welcome is None or welcome.officer_id != officer_id:
        return WelcomeOutcome.NOT_A_CHOICE
    answer = CircleAnswer.YES if yes else CircleAnswer.NOT_NOW
    recorded = move_answer(
        session, CircleWelcome, welcome_id, was=CircleAnswer.PENDING, to=answer, now=now, answered_at=now
    )
    session.refresh(welcome)
    if not recorded:
        pending = welcome.answer == CircleAnswer.PENDING
        return WelcomeOutcome.LAPSED if pending else WelcomeOutcome.ALREADY_ANSWERED
    if not yes:
        return WelcomeOutcome.NOT_NOW
    request = session.get(CircleRequest, welcome.request_id)
    if request is not None:
        close_pairs_met(session, [request.officer_id, officer_id], now=now)
    return WelcomeOutcome.WELCOMED


def welcomed_by(session: Session, request_id: int) -> list[Officer]:
    """The members who said yes to this later officer, in the order they said it: nobody else."""
    statement = (
        select(Officer)
        .join(CircleWelcome, col(CircleWelcome.officer_id) == col(Officer.id))
        .where(CircleWelcome.request_id == request_id, CircleWelcome.answer == CircleAnswer.YES)
        .order_by(col(CircleWelcome.answered_at), col(CircleWelcome.id))
    )
    return list(session.exec(statement).all())


def own_plan_in_circle(session: Session, circle_id: int, officer_id: int) -> int | None:
    """The plan this officer is in the circle with: as a member, or as a later officer who joined it."""
    member = member_of(session, circle_id, officer_id)
    if member is not None:
        return member.plan_id
    request = request_of(session, circle_id, officer_id)
    return request.plan_id if request is not None else None


def requests_of(session: Session, officer_id: int) -> list[CircleRequest]:
    """Every place in a formed circle this officer was offered, in the order of their numbers."""
    statement = (
        select(CircleRequest)
        .where(CircleRequest.officer_id == officer_id)
        .order_by(col(CircleRequest.number))
    )
    return list(session.exec(statement).all())


def welcomes_of(session: Session, officer_id: int) -> list[CircleWelcome]:
    """Every question about a later officer this officer was asked, oldest first: their own answers."""
    statement = (
        select(CircleWelcome).where(CircleWelcome.officer_id == officer_id).order_by(col(CircleWelcome.id))
    )
    return list(session.exec(statement).all())


def due_request_lapses(session: Session, *, now: datetime) -> list[RequestLapse]:
    """Close every request past its expiry, once; the later officer hears it lapsed unless they said
    not now or a member said yes. Members are told nothing: their question simply closes."""
    closed = session.execute(
        update(CircleRequest)
        .where(col(CircleRequest.expires_at) <= now, col(CircleRequest.lapse_notified).is_(False))
        .values({col(CircleRequest.lapse_notified): True})
        .returning(col(CircleRequest.id))
        .execution_options(synchronize_session=False)
    ).scalars()
    lapses: list[RequestLapse] = []
    for request_id in sorted(closed):
        request = session.get(CircleRequest, request_id)
        if request is None or request.answer == CircleAnswer.NOT_NOW or welcomed_by(session, request_id):
            continue
        lapses.append(
            RequestLapse(request_id, request.circle_id, request.officer_id, request.plan_id, request.number)
        )
    return lapses


def step_back_from_requests(
    session: Session, *, officer_id: int | None = None, plan_id: int | None = None
) -> None:
    """An officer (erased, unreachable) or a plan (withdrawn) steps back from requests still open, as a
    not now would: members answering later find it closed."""
    mine = (
        col(CircleRequest.officer_id) == officer_id
        if officer_id is not None
        else col(CircleRequest.plan_id) == plan_id
    )
    session.execute(
        update(CircleRequest)
        .where(mine, col(CircleRequest.lapse_notified).is_(False), col(CircleRequest.answer) != "not_now")
        .values({col(CircleRequest.answer): CircleAnswer.NOT_NOW})
        .execution_options(synchronize_session=False)
    )


def forget_requests(session: Session, officer_id: int) -> None:
    """Erasure: the officer's requests (with the members' answers about them) and their own answers go."""
    session.execute(delete(CircleWelcome).where(col(CircleWelcome.officer_id) == officer_id))
    mine = select(CircleRequest.id).where(CircleRequest.officer_id == officer_id)
    session.execute(delete(CircleWelcome).where(col(CircleWelcome.request_id).in_(mine)))
    session.execute(delete(CircleRequest).where(col(CircleRequest.officer_id) == officer_id))


def forget_plan_in_requests(session: Session, plan_id: int) -> None:
    """A plan is erased: step back from its requests, and keep no reference to it."""
    step_back_from_requests(session, plan_id=plan_id)
    session.execute(
        update(CircleRequest)
        .where(col(CircleRequest.plan_id) == plan_id)
        .values({col(CircleRequest.plan_id): None})
    )


def taken_places(session: Session, circle_id: int, *, now: datetime) -> int:
    """Places in this circle offered to later officers and not given up: still open, or welcomed."""
    requests = session.exec(select(CircleRequest).where(CircleRequest.circle_id == circle_id)).all()
    taken = 0
    for request in requests:
        if request.answer == CircleAnswer.NOT_NOW or request.id is None:
            continue
        still_open = not request.lapse_notified and request.expires_at > now
        taken += still_open or bool(welcomed_by(session, request.id))
    return taken


def most_yeses(session: Session, circle: Circle, *, now: datetime) -> int:
    """How many yeses a formed circle holds at most: its cap less the places held by later officers."""
    assert circle.id is not None
    return circle.size_cap - taken_places(session, circle.id, now=now)


def welcomed_by_member(session: Session, circle_id: int, member_id: int) -> list[Officer]:
    """The later officers this member said yes to in this circle (each said yes first): nobody else."""
    statement = (
        select(Officer)
        .join(CircleRequest, col(CircleRequest.officer_id) == col(Officer.id))
        .join(CircleWelcome, col(CircleWelcome.request_id) == col(CircleRequest.id))
        .where(
            CircleRequest.circle_id == circle_id,
            CircleWelcome.officer_id == member_id,
            CircleWelcome.answer == CircleAnswer.YES,
        )
        .order_by(col(CircleWelcome.answered_at))
    )
    return list(session.exec(statement).all())


def awaiting_requests(session: Session, officer_id: int, *, now: datetime) -> list[tuple[int, CircleRequest]]:
    """(match number, request) of every place in a formed circle still waiting for this officer's answer."""
    statement = (
        select(CircleRequest)
        .where(
            CircleRequest.officer_id == officer_id,
            CircleRequest.answer == CircleAnswer.PENDING,
            col(CircleRequest.lapse_notified).is_(False),
            col(CircleRequest.expires_at) > now,
        )
        .order_by(col(CircleRequest.number))
    )
    return [(request.number, request) for request in session.exec(statement).all()]


def awaiting_welcomes(session: Session, officer_id: int, *, now: datetime) -> list[tuple[int, int]]:
    """(match number, welcome id) of every question about a later officer still waiting for this
    member's answer, oldest first; two later officers asking about one circle share its number."""
    statement = (
        select(CircleWelcome.number, CircleWelcome.id)
        .join(CircleRequest, col(CircleRequest.id) == col(CircleWelcome.request_id))
        .where(
            CircleWelcome.officer_id == officer_id,
            CircleWelcome.answer == CircleAnswer.PENDING,
            CircleRequest.answer == CircleAnswer.YES,
            col(CircleRequest.lapse_notified).is_(False),
            col(CircleRequest.expires_at) > now,
        )
        .order_by(col(CircleWelcome.number), col(CircleWelcome.id))
    )
    return [(number, welcome_id) for number, welcome_id in session.exec(statement).all() if welcome_id]
