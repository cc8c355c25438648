"""The consent rules of a circle: offered → each member says yes or not now → formed (3 yes) | expired.

A pair's rules, generalised. Each yes is one conditional UPDATE of the member's row (only while the
circle is open) and then one of the circle's row, adding one to `yes_count`: the database serialises
the second on the row, so however many processes answer at once, exactly one yes finds the count at
three and forms the circle. Until then nobody learns anyone's identity. A "not now" changes nothing
anyone else can see: the others hear the circle formed without that officer, or that it lapsed, in
the same words as if that officer had never answered.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import and_, case, delete, exists, func, insert, or_, update
from sqlalchemy import select as select_rows
from sqlmodel import Session, col, select

from bot.domain.answer_moves import OPEN_STATES, move_answer
from bot.storage.models import (
    Circle,
    CircleAnswer,
    CircleMember,
    CircleState,
    MatchNumber,
    Officer,
    Proposal,
    ProposalState,
)

SMALLEST = 3  # a circle forms with this many yeses; fewer is a pair's business
LARGEST = 6


class CircleOutcome(StrEnum):
    WAITING = "waiting"  # recorded; fewer than three have said yes so far
    FORMED = "formed"  # this yes was the third: everyone who said yes is introduced now
    JOINED = "joined"  # the circle had formed already: this officer joins it
    NOT_NOW = "not_now"
    ALREADY_ANSWERED = "already_answered"
    LAPSED = "lapsed"
    NOT_A_CHOICE = "not_a_choice"  # no such circle, or not this officer's
    FULL = "full"  # the circle has formed and has no place left: the yes was not counted
    PLAN_CLOSED = "plan_closed"  # a change of mind for a plan since withdrawn: nothing was recorded


@dataclass(frozen=True)
class CircleLapse:
    """Tell this officer that this circle (their match `number`) lapsed."""

    circle_id: int
    officer_id: int
    plan_id: int | None
    number: int


def reserve_numbers(session: Session, officer_ids: Sequence[int]) -> dict[int, int]:
    """Give each officer their next match number for a circle: one sequence with their pairs' numbers."""
    if not officer_ids:
        return {}
    highest: dict[int, int] = {
        officer: number
        for officer, number in session.execute(
            select_rows(col(MatchNumber.officer_id), func.max(col(MatchNumber.number)))
            .where(col(MatchNumber.officer_id).in_(list(officer_ids)))
            .group_by(col(MatchNumber.officer_id))
        ).all()
    }
    numbers = {officer: highest.get(officer, 0) + 1 for officer in officer_ids}
    rows = [
        {"officer_id": officer, "number": number, "proposal_id": None} for officer, number in numbers.items()
    ]
    session.execute(insert(MatchNumber), rows)
    return numbers


def member_of(session: Session, circle_id: int, officer_id: int) -> CircleMember | None:
    """This officer's place in this circle, if they were offered it."""
    statement = select(CircleMember).where(
        CircleMember.circle_id == circle_id, CircleMember.officer_id == officer_id
    )
    return session.exec(statement).first()


def members_of(session: Session, circle_id: int) -> list[CircleMember]:
    """Everyone offered this circle, in the order they were offered it."""
    statement = select(CircleMember).where(CircleMember.circle_id == circle_id).order_by(col(CircleMember.id))
    return list(session.exec(statement).all())


def yes_members(session: Session, circle_id: int) -> list[tuple[CircleMember, Officer]]:
    """Those who said yes, with their officer rows, in the order they said it: nobody else is named."""
    statement = (
        select(CircleMember, Officer)
        .join(Officer, col(Officer.id) == col(CircleMember.officer_id))
        .where(CircleMember.circle_id == circle_id, CircleMember.answer == CircleAnswer.YES)
        .order_by(col(CircleMember.answered_at), col(CircleMember.id))
    )
    return [(member, officer) for member, officer in session.exec(statement).all()]


def answer_circle(
    session: Session, *, circle_id: int, officer_id: int, yes: bool, now: datetime, most: int | None = None
) -> CircleOutcome:
    """Record a member's yes or not now, atomically; the third yes forms the circle, later ones join it
    while a formed circle has fewer than `most` yeses (see count_yes): otherwise it is still to answer."""
    member = member_of(session, circle_id, officer_id)
    if member is None:
        return CircleOutcome.NOT_A_CHOICE
    answer = CircleAnswer.YES if yes else CircleAnswer.NOT_NOW
    recorded = move_answer(
        session, CircleMember, member.id, was=CircleAnswer.PENDING, to=answer, now=now, answered_at=now
    )
    if not recorded:
        session.refresh(member)
        return (
            CircleOutcome.LAPSED if member.answer == CircleAnswer.PENDING else CircleOutcome.ALREADY_ANSWERED
        )
    if not yes:
        return CircleOutcome.NOT_NOW
    outcome = count_yes(session, circle_id, now=now, most=most)
    if outcome == CircleOutcome.FULL:  # not counted: as if they had not answered yet
        was, to = CircleAnswer.YES, CircleAnswer.PENDING
        move_answer(session, CircleMember, member.id, was=was, to=to, now=None, answered_at=None)
    return outcome


def count_yes(session: Session, circle_id: int, *, now: datetime, most: int | None = None) -> CircleOutcome:
    """Count a yes already recorded on the member's row: the third forms the circle, later ones join it.

    `most`: a formed circle takes the yes only while fewer than this many have said yes (its free places),
    in the same conditional UPDATE, so two last yeses at once cannot both take the last place."""
    # SET sees the row as it was: `yes_count + 1` is this yes's place in the order of yeses.
    forms = and_(col(Circle.state) == CircleState.OFFERED, col(Circle.yes_count) + 1 >= SMALLEST)
    room = (
        [] if most is None else [or_(col(Circle.state) == CircleState.OFFERED, col(Circle.yes_count) < most)]
    )
    counted = session.execute(
        update(Circle)
        .where(
            col(Circle.id) == circle_id,
            col(Circle.state).in_(OPEN_STATES),
            col(Circle.lapse_notified).is_(False),
            *room,
        )
        .values(
            {
                col(Circle.yes_count): col(Circle.yes_count) + 1,
                col(Circle.state): case((forms, CircleState.FORMED.value), else_=col(Circle.state)),
                col(Circle.formed_at): case((forms, now), else_=col(Circle.formed_at)),
            }
        )
        .returning(col(Circle.state), col(Circle.yes_count))
        .execution_options(synchronize_session=False)
    ).one_or_none()
    circle = session.get(Circle, circle_id)
    if circle is not None:
        session.refresh(circle)
    if counted is None:
        # Closed by the expiry job between the two updates, or a formed circle with no place left.
        still_open = circle is not None and circle.state in OPEN_STATES and not circle.lapse_notified
        return CircleOutcome.FULL if still_open else CircleOutcome.LAPSED
    state, yes_count = counted
    if state != CircleState.FORMED:
        return CircleOutcome.WAITING
    close_pairs_met(session, [m.officer_id for m, _ in yes_members(session, circle_id)], now=now)
    return CircleOutcome.FORMED if yes_count == SMALLEST else CircleOutcome.JOINED


def due_circle_lapses(session: Session, *, now: datetime) -> list[CircleLapse]:
    """Close every circle past its expiry, once, and say whom to tell that it lapsed.

    A circle that never formed lapses for everyone who did not say not now (they were told then); one
    that formed lapses only for those who never answered. Either way in the pair's words.
    """
    closed = session.execute(
        update(Circle)
        .where(
            col(Circle.expires_at) <= now,
            col(Circle.state).in_(OPEN_STATES),
            col(Circle.lapse_notified).is_(False),
        )
        .values(
            {
                col(Circle.state): case(
                    (col(Circle.state) == CircleState.OFFERED, CircleState.EXPIRED.value),
                    else_=col(Circle.state),
                ),
                col(Circle.lapse_notified): True,
            }
        )
        .returning(col(Circle.id), col(Circle.state))
        .execution_options(synchronize_session=False)
    ).all()
    lapses: list[CircleLapse] = []
    for circle_id, state in closed:
        told = (
            (CircleAnswer.PENDING,)
            if state == CircleState.FORMED
            else (CircleAnswer.PENDING, CircleAnswer.YES)
        )
        for member in members_of(session, circle_id):
            if member.answer in told:
                lapses.append(CircleLapse(circle_id, member.officer_id, member.plan_id, member.number))
    return sorted(lapses, key=lambda lapse: (lapse.circle_id, lapse.officer_id))


@dataclass(frozen=True)
class CircleReminder:
    """Remind this officer that this circle (their match `number`) awaits their answer."""

    circle_id: int
    officer_id: int
    plan_id: int | None
    number: int


def due_circle_reminders(session: Session, *, now: datetime, lead: timedelta) -> list[CircleReminder]:
    """Claim every open circle now within `lead` of its expiry, once, and say who has yet to answer.

    Formed or not, the reminder reads the same: it never hints at what the others said."""
    if lead <= timedelta(0):
        return []
    claimed = session.execute(
        update(Circle)
        .where(
            col(Circle.reminded_at).is_(None),
            col(Circle.state).in_(OPEN_STATES),
            col(Circle.lapse_notified).is_(False),
            col(Circle.expires_at) > now,
            col(Circle.expires_at) <= now + lead,
        )
        .values({col(Circle.reminded_at): now})
        .returning(col(Circle.id), col(Circle.created_at), col(Circle.expires_at))
        .execution_options(synchronize_session=False)
    ).all()
    reminders: list[CircleReminder] = []
    for circle_id, created, expires in claimed:
        if expires - created <= lead:
            continue  # offered with less time than that to run: the offer itself said when it lapses
        for member in members_of(session, circle_id):
            if member.answer == CircleAnswer.PENDING:
                reminders.append(CircleReminder(circle_id, member.officer_id, member.plan_id, member.number))
    return sorted(reminders, key=lambda reminder: (reminder.circle_id, reminder.officer_id))


def circles_of(session: Session, officer_id: int) -> list[tuple[CircleMember, Circle]]:
    """Every circle this officer was offered, with their place in it, in the order of their numbers."""
    statement = (
        select(CircleMember, Circle)
        .join(Circle, col(Circle.id) == col(CircleMember.circle_id))
        .where(CircleMember.officer_id == officer_id)
        .order_by(col(CircleMember.number))
    )
    return [(member, circle) for member, circle in session.exec(statement).all()]


def awaiting(session: Session, officer_id: int, *, now: datetime) -> list[tuple[int, int]]:
    """(match number, circle id) of every open circle waiting for this officer's answer."""
    statement = (
        select(CircleMember.number, CircleMember.circle_id)
        .join(Circle, col(Circle.id) == col(CircleMember.circle_id))
        .where(
            CircleMember.officer_id == officer_id,
            CircleMember.answer == CircleAnswer.PENDING,
            col(Circle.state).in_(OPEN_STATES),
            col(Circle.lapse_notified).is_(False),
            col(Circle.expires_at) > now,
        )
        .order_by(col(CircleMember.number))
    )
    return [(number, circle_id) for number, circle_id in session.exec(statement).all()]


def step_back_from_circles(
    session: Session, *, officer_id: int | None = None, plan_id: int | None = None
) -> None:
    """Take an officer (erased) or a plan (withdrawn, erased) out of every circle still offered, as a
    not now would: a yes they gave no longer counts towards forming it. Formed circles keep their count."""
    mine = (
        col(CircleMember.officer_id) == officer_id
        if officer_id is not None
        else col(CircleMember.plan_id) == plan_id
    )
    offered = exists().where(
        col(Circle.id) == col(CircleMember.circle_id), col(Circle.state) == CircleState.OFFERED
    )
    said_yes = (
        session.execute(
            update(CircleMember)
            .where(mine, col(CircleMember.answer) == CircleAnswer.YES, offered)
            .values({col(CircleMember.answer): CircleAnswer.NOT_NOW})
            .returning(col(CircleMember.circle_id))
            .execution_options(synchronize_session=False)
        )
        .scalars()
        .all()
    )
    for circle_id in said_yes:
        session.execute(
            update(Circle)
            .where(col(Circle.id) == circle_id)
            .values({col(Circle.yes_count): col(Circle.yes_count) - 1})
        )
    session.execute(
        update(CircleMember)
        .where(mine, col(CircleMember.answer) == CircleAnswer.PENDING)
        .values({col(CircleMember.answer): CircleAnswer.NOT_NOW})
        .execution_options(synchronize_session=False)
    )


def forget_circles(session: Session, officer_id: int) -> None:
    """Erase an officer's places in circles (after stepping back from those still offered)."""
    step_back_from_circles(session, officer_id=officer_id)
    session.execute(delete(CircleMember).where(col(CircleMember.officer_id) == officer_id))


def forget_plan_in_circles(session: Session, plan_id: int) -> None:
    """A plan is erased: step back from circles still offered, and keep no reference to it."""
    step_back_from_circles(session, plan_id=plan_id)
    session.execute(
        update(CircleMember)
        .where(col(CircleMember.plan_id) == plan_id)
        .values({col(CircleMember.plan_id): None})
    )


def close_pairs_met(session: Session, officer_ids: Collection[int], *, now: datetime) -> int:
    """Close every open pair between two of these officers, who have just met in a formed circle: each
    saw the other's yes there, so the pair's reminder, lapse or "waiting" would only confuse them, and
    closing it tells neither anything new. One conditional UPDATE: a pair introduced meanwhile stays so.
    A pair one of them had said not now to closes alike, so the other cannot tell that from silence."""
    ids = list(officer_ids)
    if len(ids) < 2:
        return 0
    closed = session.execute(
        update(Proposal)
        .where(
            col(Proposal.officer_a_id).in_(ids),
            col(Proposal.officer_b_id).in_(ids),
            col(Proposal.state).in_((ProposalState.PROPOSED, ProposalState.DECLINED)),
            col(Proposal.lapse_notified).is_(False),
        )
        .values(
            {
                col(Proposal.state): ProposalState.MET_IN_CIRCLE.value,
                col(Proposal.lapse_notified): True,
                col(Proposal.closed_at): now,
            }
        )
        .returning(col(Proposal.id))
        .execution_options(synchronize_session=False)
    ).all()
    return len(closed)
