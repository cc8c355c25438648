"""Some weeks after an introduction, each side is asked once: did you talk, and did it help?

Asking is claimed by inserting the question's row (one per introduction and side, unique), so any number
of workers running the job ask each side once. Answers are kept as counts for admins and for judging
matching; no one else ever sees an officer's answer, and the other side is never told it.

Each side is asked once and answers once. "Not yet" is an answer like the others, not a promise to ask
again: a second question about the same introduction would read as nagging.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Table, and_, delete, exists, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select as select_rows
from sqlmodel import Session, col, select

from bot.domain.feedback import remember
from bot.domain.proposals import side_of
from bot.storage.database import insert_with_conflicts
from bot.storage.models import (
    Circle,
    CircleAnswer,
    CircleMember,
    CircleState,
    FeedbackReason,
    FollowUp,
    FollowUpAnswer,
    Introduction,
    Proposal,
    ProposalState,
)

# Introductions made this long before they fell due are not asked about: when follow-ups first run, or
# after the jobs were stopped a while, a question about a months-old introduction would only puzzle.
LATEST = timedelta(days=14)


class Noted(StrEnum):
    NOTED = "noted"
    ALREADY_NOTED = "already_noted"
    NOT_A_CHOICE = "not_a_choice"  # no such question, or not this officer's


@dataclass(frozen=True)
class Question:
    """Ask this officer about this introduction (their side of proposal `proposal_id`)."""

    follow_up_id: int
    officer_id: int
    proposal_id: int


def due_follow_ups(session: Session, *, now: datetime, after: timedelta) -> list[Question]:
    """Claim a question for each side of every introduction made `after` ago, once, and say whom to ask."""
    due = now - after
    asked = exists().where(
        col(FollowUp.introduction_id) == col(Introduction.id),
    )
    rows = session.execute(
        select_rows(
            col(Introduction.id),
            col(Proposal.id),
            col(Proposal.officer_a_id),
            col(Proposal.officer_b_id),
        )
        .join(Proposal, col(Proposal.id) == col(Introduction.proposal_id))
        .where(
            col(Introduction.created_at) <= due,
            col(Introduction.created_at) > due - LATEST,
            col(Proposal.state) == ProposalState.INTRODUCED,
            ~asked,
        )
        .order_by(col(Introduction.id))
    ).all()
    wanted = [
        {"introduction_id": introduction, "officer_id": officer, "side": side, "asked_at": now}
        for introduction, _, officer_a, officer_b in rows
        for side, officer in (("a", officer_a), ("b", officer_b))
        if officer is not None
    ]
    if not wanted:
        return []
    proposals = {introduction: proposal for introduction, proposal, _, _ in rows}
    claimed = claim(session, wanted, about="introduction_id")
    questions = [Question(fid, officer, proposals[introduction]) for fid, introduction, officer in claimed]
    return sorted(questions, key=lambda q: q.follow_up_id)


def claim(session: Session, wanted: list[dict[str, Any]], *, about: str) -> list[tuple[int, int, int]]:
    """Insert the follow-ups wanted, skipping any already there (one per officer and side of what they
    are `about`), and return (id, what it is about, officer id) of those this call inserted: however many
    processes ask at once, each question is asked once."""
    table = sa_inspect(FollowUp).local_table
    assert isinstance(table, Table)
    insert = insert_with_conflicts(session.get_bind().dialect.name)
    statement = (
        insert(table).on_conflict_do_nothing().returning(table.c.id, table.c[about], table.c.officer_id)
    )
    return [(fid, key, officer) for fid, key, officer in session.connection().execute(statement, wanted)]


@dataclass(frozen=True)
class CircleQuestion:
    """Ask this member of a formed circle about it, once (their own number for it is `number`)."""

    follow_up_id: int
    officer_id: int
    circle_id: int


CIRCLE_SIDE = "c"


def due_circle_follow_ups(session: Session, *, now: datetime, after: timedelta) -> list[CircleQuestion]:
    """Claim one question for each member who said yes to a circle that formed `after` ago, once: a member
    is asked about the circle, never once for each other member."""
    due = now - after
    asked = exists().where(
        col(FollowUp.circle_id) == col(CircleMember.circle_id),
        col(FollowUp.officer_id) == col(CircleMember.officer_id),
    )
    rows = session.execute(
        select_rows(col(CircleMember.circle_id), col(CircleMember.officer_id))
        .join(Circle, col(Circle.id) == col(CircleMember.circle_id))
        .where(
            col(Circle.state) == CircleState.FORMED,
            col(Circle.formed_at) <= due,
            col(Circle.formed_at) > due - LATEST,
            col(CircleMember.answer) == CircleAnswer.YES,
            ~asked,
        )
        .order_by(col(CircleMember.circle_id), col(CircleMember.id))
    ).all()
    if not rows:
        return []
    wanted = [
        {"circle_id": circle, "officer_id": officer, "side": CIRCLE_SIDE, "asked_at": now}
        for circle, officer in rows
    ]
    claimed = claim(session, wanted, about="circle_id")
    return sorted(
        (CircleQuestion(fid, officer, circle) for fid, circle, officer in claimed),
        key=lambda q: q.follow_up_id,
    )


def pending_circles_for(session: Session, officer_id: int) -> list[tuple[FollowUp, CircleMember]]:
    """The officer's unanswered questions about circles, oldest first, with their place in each."""
    statement = (
        select(FollowUp, CircleMember)
        .join(
            CircleMember,
            and_(
                col(CircleMember.circle_id) == col(FollowUp.circle_id),
                col(CircleMember.officer_id) == col(FollowUp.officer_id),
            ),
        )
        .where(FollowUp.officer_id == officer_id, col(FollowUp.answer).is_(None))
        .order_by(col(FollowUp.id))
    )
    return [(follow_up, member) for follow_up, member in session.exec(statement).all()]


def pending_for(session: Session, officer_id: int) -> list[tuple[FollowUp, Proposal]]:
    """The questions this officer has yet to answer, oldest first, with their introductions' proposals."""
    statement = (
        select(FollowUp, Proposal)
        .join(Introduction, col(Introduction.id) == col(FollowUp.introduction_id))
        .join(Proposal, col(Proposal.id) == col(Introduction.proposal_id))
        .where(FollowUp.officer_id == officer_id, col(FollowUp.answer).is_(None))
        .order_by(col(FollowUp.id))
    )
    return [(follow_up, proposal) for follow_up, proposal in session.exec(statement).all()]


def proposal_asked_about(session: Session, follow_up_id: int) -> Proposal | None:
    """The proposal whose introduction this question is about, if it is still there."""
    statement = (
        select(Proposal)
        .join(Introduction, col(Introduction.proposal_id) == col(Proposal.id))
        .join(FollowUp, col(FollowUp.introduction_id) == col(Introduction.id))
        .where(FollowUp.id == follow_up_id)
    )
    return session.exec(statement).first()


def note_answer(
    session: Session, *, follow_up_id: int, officer_id: int, answer: FollowUpAnswer, now: datetime
) -> Noted:
    """Record the officer's answer, once (one conditional UPDATE); "not much use" also feeds matching."""
    statement = (
        update(FollowUp)
        .where(
            and_(
                col(FollowUp.id) == follow_up_id,
                col(FollowUp.officer_id) == officer_id,
                col(FollowUp.answer).is_(None),
            )
        )
        .values({col(FollowUp.answer): answer.value, col(FollowUp.answered_at): now})
        .returning(col(FollowUp.id))
        .execution_options(synchronize_session=False)
    )
    if session.execute(statement).scalar_one_or_none() is None:
        row = session.get(FollowUp, follow_up_id)
        mine = row is not None and row.officer_id == officer_id
        return Noted.ALREADY_NOTED if mine else Noted.NOT_A_CHOICE
    if answer == FollowUpAnswer.NOT_MUCH_USE:
        proposal = proposal_asked_about(session, follow_up_id)
        if proposal is not None and side_of(proposal, officer_id) is not None:
            remember(session, proposal, officer_id, FeedbackReason.NOT_MUCH_USE, now=now)
    return Noted.NOTED


def answers_by_month(session: Session, officer_ids: object) -> dict[str, Counter[str]]:
    """For these officers (ids, or a subquery of them): questions asked and each answer, by month.

    A question counts in the month it was asked, its answer in the month it was given."""
    asked = session.exec(
        select(FollowUp.asked_at, FollowUp.answer, FollowUp.answered_at).where(
            col(FollowUp.officer_id).in_(officer_ids)  # type: ignore[arg-type]
        )
    ).all()
    months: dict[str, Counter[str]] = {}
    for asked_at, answer, answered_at in asked:
        months.setdefault(_month(asked_at), Counter())["asked"] += 1
        if answer is not None and answered_at is not None:
            months.setdefault(_month(answered_at), Counter())[answer] += 1
    return months


def _month(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"


def answers_of(session: Session, officer_id: int) -> list[FollowUp]:
    """The officer's own questions and answers, for their export."""
    statement = select(FollowUp).where(FollowUp.officer_id == officer_id).order_by(col(FollowUp.id))
    return list(session.exec(statement).all())


def forget_follow_ups(session: Session, officer_id: int) -> None:
    """Erasure: the officer's questions and answers go with them."""
    session.exec(delete(FollowUp).where(col(FollowUp.officer_id) == officer_id))
