"""Saying yes after all to a circle, from my plans or in words: its offer, a place in one that has formed,
or a later officer asking to join one's circle.

Until it lapses, a not now may become a yes, heard by everyone else exactly as a first yes would be
(domain/circle_change_of_mind.py). Once it has lapsed, the plan is withdrawn or a formed circle is full,
the officer is told so in a sentence that says what they can do next.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot import wording
from bot.conversation.actions import ReconsiderCircle, ReconsiderWelcome, encode
from bot.conversation.circling import circle_ref, tell_circle_outcome
from bot.conversation.turn import Turn
from bot.conversation.welcoming import tell_request_outcome, tell_welcome_outcome
from bot.domain.circle_change_of_mind import (
    may_reconsider_circle,
    may_reconsider_place,
    reconsider_circle,
    reconsider_place,
    reconsider_welcome,
    welcomes_to_reconsider,
)
from bot.domain.circles import CircleOutcome, circles_of, member_of
from bot.domain.newcomers import RequestOutcome, WelcomeOutcome, own_plan_in_circle, request_of, requests_of
from bot.domain.summaries import long_date
from bot.messages import Button, Message
from bot.storage.models import CircleWelcome, Plan


def circle_yes_after_all(turn: Turn, circle_id: int) -> None:
    """A not now to a circle's offer, or to a place in a formed circle, becomes a yes while still open."""
    request = request_of(turn.session, circle_id, turn.officer_id)
    if request is not None:  # a place offered in a circle that had formed already
        outcome, welcomes = reconsider_place(turn.session, request=request, now=turn.now)
        if outcome == RequestOutcome.LAPSED:
            _lapsed(turn, circle_id, match=request.number, plan_id=request.plan_id)
            return
        tell_request_outcome(turn, request, outcome, welcomes, yes=True)
        return
    answer = reconsider_circle(turn.session, circle_id=circle_id, officer_id=turn.officer_id, now=turn.now)
    me = member_of(turn.session, circle_id, turn.officer_id)
    if answer == CircleOutcome.LAPSED and me is not None:
        _lapsed(turn, circle_id, match=me.number, plan_id=me.plan_id)
        return
    tell_circle_outcome(turn, circle_id, answer, yes=True)


def welcome_yes_after_all(turn: Turn, welcome_id: int) -> None:
    """A member's not now about a later officer becomes a yes while the request is still open."""
    outcome = reconsider_welcome(
        turn.session, welcome_id=welcome_id, officer_id=turn.officer_id, now=turn.now
    )
    welcome = turn.session.get(CircleWelcome, welcome_id)
    if outcome == WelcomeOutcome.LAPSED and welcome is not None:
        text = wording.CHANGE_OF_MIND_WELCOME_CLOSED.format(match=welcome.number)
        turn.reply(Message(text, ref=f"circle-welcome:{welcome_id}"))
        return
    tell_welcome_outcome(turn, welcome_id, outcome, yes=True)


def _lapsed(turn: Turn, circle_id: int, *, match: int, plan_id: int | None) -> None:
    plan = turn.session.get(Plan, plan_id) if plan_id is not None else None
    number = plan.number if plan is not None else wording.NOT_GIVEN
    text = wording.CHANGE_OF_MIND_LAPSED.format(match=match, number=number)
    turn.reply(Message(text, ref=circle_ref(circle_id)))


def circle_change_buttons(session: Session, officer_id: int, *, now: datetime) -> list[tuple[int, Button]]:
    """(match number, button) to say yes after all to each circle, place and later officer this officer
    said not now to and may still say yes to, in the order of their numbers."""
    found: list[tuple[int, Button]] = []
    for member, circle in circles_of(session, officer_id):
        if circle.id is not None and may_reconsider_circle(session, member, circle, now=now):
            label = wording.SAY_YES_AFTER_ALL.format(match=member.number)
            found.append((member.number, Button(label, encode(ReconsiderCircle(circle.id)))))
    for request in requests_of(session, officer_id):
        if may_reconsider_place(session, request, now=now):
            label = wording.SAY_YES_AFTER_ALL.format(match=request.number)
            found.append((request.number, Button(label, encode(ReconsiderCircle(request.circle_id)))))
    for welcome, _ in welcomes_to_reconsider(session, officer_id, now=now):
        if welcome.id is not None:
            label = wording.CIRCLE_WELCOME_SAY_YES_AFTER_ALL.format(match=welcome.number)
            found.append((welcome.number, Button(label, encode(ReconsiderWelcome(welcome.id)))))
    return sorted(found, key=lambda numbered: numbered[0])


def welcome_change_lines(session: Session, officer_id: int, *, now: datetime) -> dict[int | None, list[str]]:
    """Later officers this member said not now to, and may still say yes to, under their circle's plan."""
    lines: dict[int | None, list[str]] = {}
    for welcome, request in welcomes_to_reconsider(session, officer_id, now=now):
        line = wording.CIRCLE_WELCOME_NOT_NOW_LINE.format(
            match=welcome.number, expires=long_date(request.expires_at.date())
        )
        lines.setdefault(own_plan_in_circle(session, request.circle_id, officer_id), []).append(line)
    return lines


def changed_mind_in_words(turn: Turn, number: int) -> bool:
    """'yes to #3' for a circle, place or later officer this officer said not now to: said yes after all.
    False when #3 is none of those (or two later officers share it: their buttons tell them apart)."""
    for member, circle in circles_of(turn.session, turn.officer_id):
        if member.number != number or circle.id is None:
            continue
        if may_reconsider_circle(turn.session, member, circle, now=turn.now):
            circle_yes_after_all(turn, circle.id)
            return True
    for request in requests_of(turn.session, turn.officer_id):
        if request.number == number and may_reconsider_place(turn.session, request, now=turn.now):
            circle_yes_after_all(turn, request.circle_id)
            return True
    welcomes = [w for w, _ in welcomes_to_reconsider(turn.session, turn.officer_id, now=turn.now)]
    chosen = [w.id for w in welcomes if w.number == number and w.id is not None]
    if len(chosen) == 1:
        welcome_yes_after_all(turn, chosen[0])
        return True
    return False
