"""Some weeks after someone in a circle said yes to a later officer (so the two were introduced), each of
the two is asked once: did you talk, and did it help?

As for a pair (follow_ups.py): asking is claimed by inserting the question's row, unique per welcome and
side ("a" the one who said yes, "b" the later officer), so any number of workers ask each side once. The
answer is only counted, never shown to the other side. When either officer is erased the welcome goes
and the other's row stays, as an anonymous count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists
from sqlalchemy import select as select_rows
from sqlmodel import Session, col, select

from bot.domain.follow_ups import LATEST, claim
from bot.domain.newcomers import own_plan_in_circle
from bot.storage.models import CircleAnswer, CircleRequest, CircleWelcome, FollowUp

WELCOMER, NEWCOMER = "a", "b"


@dataclass(frozen=True)
class WelcomeQuestion:
    """Ask this officer about the introduction a yes to a later officer made (welcome `welcome_id`)."""

    follow_up_id: int
    officer_id: int
    welcome_id: int


@dataclass(frozen=True)
class AskedAbout:
    """What a question about a welcome says to the officer asked: their own number for the circle, the
    plan they are in it with, and when the two were introduced."""

    number: int
    plan_id: int | None
    introduced_at: datetime


def due_welcome_follow_ups(session: Session, *, now: datetime, after: timedelta) -> list[WelcomeQuestion]:
    """Claim a question for each side of every yes to a later officer given `after` ago, once."""
    due = now - after
    asked = exists().where(col(FollowUp.welcome_id) == col(CircleWelcome.id))
    rows = session.execute(
        select_rows(col(CircleWelcome.id), col(CircleWelcome.officer_id), col(CircleRequest.officer_id))
        .join(CircleRequest, col(CircleRequest.id) == col(CircleWelcome.request_id))
        .where(
            col(CircleWelcome.answer) == CircleAnswer.YES,
            col(CircleWelcome.answered_at) <= due,
            col(CircleWelcome.answered_at) > due - LATEST,
            ~asked,
        )
        .order_by(col(CircleWelcome.id))
    ).all()
    if not rows:
        return []
    wanted = [
        {"welcome_id": welcome, "officer_id": officer, "side": side, "asked_at": now}
        for welcome, welcomer, newcomer in rows
        for side, officer in ((WELCOMER, welcomer), (NEWCOMER, newcomer))
    ]
    claimed = claim(session, wanted, about="welcome_id")
    return sorted(
        (WelcomeQuestion(fid, officer, welcome) for fid, welcome, officer in claimed),
        key=lambda q: q.follow_up_id,
    )


def asked_about(session: Session, follow_up: FollowUp) -> AskedAbout | None:
    """What this question about a welcome says to its officer; None if it is not about one (any more)."""
    welcome = session.get(CircleWelcome, follow_up.welcome_id) if follow_up.welcome_id is not None else None
    request = session.get(CircleRequest, welcome.request_id) if welcome is not None else None
    if welcome is None or request is None or welcome.answered_at is None:
        return None
    if follow_up.side == NEWCOMER:
        return AskedAbout(request.number, request.plan_id, welcome.answered_at)
    # A member, or a later officer already in the circle who said yes to this one.
    own = own_plan_in_circle(session, request.circle_id, welcome.officer_id)
    return AskedAbout(welcome.number, own, welcome.answered_at)


def pending_welcomes_for(session: Session, officer_id: int) -> list[tuple[FollowUp, AskedAbout]]:
    """The officer's unanswered questions about welcomes, oldest first, with what each says."""
    statement = (
        select(FollowUp)
        .where(
            FollowUp.officer_id == officer_id,
            col(FollowUp.welcome_id).is_not(None),
            col(FollowUp.answer).is_(None),
        )
        .order_by(col(FollowUp.id))
    )
    found = [(follow_up, asked_about(session, follow_up)) for follow_up in session.exec(statement).all()]
    return [(follow_up, about) for follow_up, about in found if about is not None]
