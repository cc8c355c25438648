"""The one reminder before expiry for a place in a formed circle: to the later officer yet to answer, and
to each member yet to answer the question about them.

Each is claimed once, by one conditional UPDATE of its own row, so however many processes remind at
once, nobody is reminded twice. Whether one is sent depends only on that officer's own answer (and on
the request still being open), never on what anyone else said, so it reads the same whatever they did.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, update
from sqlmodel import Session, col

from bot.storage.models import CircleAnswer, CircleRequest, CircleWelcome


@dataclass(frozen=True)
class PlaceReminder:
    """Remind this later officer that their place in a circle (their match `number`) awaits an answer."""

    request_id: int
    circle_id: int
    officer_id: int
    plan_id: int | None
    number: int
    expires_at: datetime


@dataclass(frozen=True)
class WelcomeReminder:
    """Remind this member that the question about a later officer (their match `number`) awaits them."""

    welcome_id: int
    officer_id: int
    number: int
    expires_at: datetime


def due_place_reminders(session: Session, *, now: datetime, lead: timedelta) -> list[PlaceReminder]:
    """Claim every place still awaiting the later officer's answer now within `lead` of its expiry, once."""
    if lead <= timedelta(0):
        return []
    claimed = session.execute(
        update(CircleRequest)
        .where(
            col(CircleRequest.reminded_at).is_(None),
            col(CircleRequest.answer) == CircleAnswer.PENDING,
            col(CircleRequest.lapse_notified).is_(False),
            col(CircleRequest.expires_at) > now,
            col(CircleRequest.expires_at) <= now + lead,
        )
        .values({col(CircleRequest.reminded_at): now})
        .returning(
            col(CircleRequest.id),
            col(CircleRequest.circle_id),
            col(CircleRequest.officer_id),
            col(CircleRequest.plan_id),
            col(CircleRequest.number),
            col(CircleRequest.created_at),
            col(CircleRequest.expires_at),
        )
        .execution_options(synchronize_session=False)
    ).all()
    reminders = [
        PlaceReminder(request_id, circle_id, officer_id, plan_id, number, expires)
        for request_id, circle_id, officer_id, plan_id, number, created, expires in claimed
        # offered with less time than that to run: the offer itself said when it lapses
        if expires - created > lead
    ]
    return sorted(reminders, key=lambda reminder: reminder.request_id)


def due_welcome_reminders(session: Session, *, now: datetime, lead: timedelta) -> list[WelcomeReminder]:
    """Claim every member's question about a later officer, still unanswered and open, now within `lead`
    of the request's expiry, once; members asked with less time than that to run are not reminded."""
    if lead <= timedelta(0):
        return []
    request_open = exists().where(
        col(CircleRequest.id) == col(CircleWelcome.request_id),
        col(CircleRequest.answer) == CircleAnswer.YES,
        col(CircleRequest.lapse_notified).is_(False),
        col(CircleRequest.expires_at) > now,
        col(CircleRequest.expires_at) <= now + lead,
    )
    claimed = session.execute(
        update(CircleWelcome)
        .where(
            col(CircleWelcome.reminded_at).is_(None),
            col(CircleWelcome.answer) == CircleAnswer.PENDING,
            request_open,
        )
        .values({col(CircleWelcome.reminded_at): now})
        .returning(
            col(CircleWelcome.id),
            col(CircleWelcome.request_id),
            col(CircleWelcome.officer_id),
            col(CircleWelcome.number),
            col(CircleWelcome.asked_at),
        )
        .execution_options(synchronize_session=False)
    ).all()
    reminders: list[WelcomeReminder] = []
    for welcome_id, request_id, officer_id, number, asked in claimed:
        request = session.get(CircleRequest, request_id)
        if request is None or request.expires_at - asked <= lead:
            continue
        reminders.append(WelcomeReminder(welcome_id, officer_id, number, request.expires_at))
    return sorted(reminders, key=lambda reminder: reminder.welcome_id)
