"""A later officer asks to join a formed circle, and its members say yes or not now, one by one.

The later officer sees the circle's four lines and size band; the members see the later officer's four
lines; nobody is named until both sides of a pair of them said yes, and then only to each other. A
member's not now reads to everyone else exactly like silence.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session

from bot import wording
from bot.conversation.actions import AnswerWelcome, encode
from bot.conversation.circling import circle_buttons, circle_ref
from bot.conversation.render import contact_card
from bot.conversation.turn import Turn
from bot.domain.circle_change_of_mind import may_reconsider_place
from bot.domain.newcomer_reminders import PlaceReminder, WelcomeReminder
from bot.domain.newcomers import (
    RequestOutcome,
    WelcomeOutcome,
    answer_request,
    answer_welcome,
    ask_newcomer_about_later,
    awaiting_welcomes,
    own_plan_in_circle,
    requests_of,
    welcomed_by,
    welcomed_by_member,
)
from bot.domain.officers import identity_of
from bot.domain.plans import fields_of
from bot.domain.summaries import long_date, summary
from bot.messages import Button, ButtonStyle, Message, Outbox
from bot.storage.models import CircleAnswer, CircleRequest, CircleWelcome, Officer, Plan

# What a place's answer that changed nothing says, by why; each says what the officer can do next.
REFUSALS = {
    RequestOutcome.ALREADY_ANSWERED: wording.ALREADY_ANSWERED,
    RequestOutcome.LAPSED: wording.PROPOSAL_LAPSED_CLICK,
    RequestOutcome.FULL: wording.CIRCLE_FULL_CLICK,
    RequestOutcome.PLAN_CLOSED: wording.CHANGE_OF_MIND_PLAN_WITHDRAWN,
}


def welcome_buttons(welcome_id: int) -> tuple[Button, ...]:
    """Say yes to meeting the later officer, or not now."""
    return (
        Button(wording.WELCOME_YES, encode(AnswerWelcome(welcome_id, yes=True)), ButtonStyle.PRIMARY),
        Button(wording.NOT_NOW, encode(AnswerWelcome(welcome_id, yes=False))),
    )


def respond_request(turn: Turn, request: CircleRequest, *, yes: bool) -> None:
    """The later officer's answer; a yes asks each member of the circle, showing only four lines."""
    outcome, welcomes = answer_request(turn.session, request=request, yes=yes, now=turn.now)
    tell_request_outcome(turn, request, outcome, welcomes, yes=yes)


def tell_request_outcome(
    turn: Turn, request: CircleRequest, outcome: RequestOutcome, welcomes: list[CircleWelcome], *, yes: bool
) -> None:
    """What the later officer hears of their answer (a first one or a change of mind); a yes asks each
    member who said yes to the circle."""
    ref = circle_ref(request.circle_id)
    if outcome == RequestOutcome.NOT_A_CHOICE:
        turn.reply(wording.NOT_A_CHOICE)
        return
    if outcome in REFUSALS:
        plan = turn.session.get(Plan, request.plan_id) if request.plan_id is not None else None
        number = plan.number if plan is not None else wording.NOT_GIVEN
        turn.reply(Message(REFUSALS[outcome].format(match=request.number, number=number), ref=ref))
        return
    turn.audit("circle_place_yes" if yes else "circle_place_not_now", "circle", request.circle_id)
    if outcome == RequestOutcome.NOT_NOW:
        turn.reply(Message(wording.CIRCLE_NOT_NOW.format(match=request.number), ref=ref))
        return
    _ask(turn, request, welcomes)
    expires = long_date(request.expires_at.date())
    turn.reply(Message(wording.CIRCLE_PLACE_ASKED.format(match=request.number, expires=expires), ref=ref))


def _ask(turn: Turn, request: CircleRequest, welcomes: list[CircleWelcome]) -> None:
    """Ask each of these people in the circle about this later officer, showing only four lines."""
    expires = long_date(request.expires_at.date())
    plan = turn.session.get(Plan, request.plan_id) if request.plan_id is not None else None
    lines = summary(fields_of(plan)) if plan is not None else wording.NOT_GIVEN
    for welcome in welcomes:
        member = turn.session.get(Officer, welcome.officer_id)
        if member is None or welcome.id is None:
            continue
        text = wording.CIRCLE_WELCOME_QUESTION.format(match=welcome.number, summary=lines, expires=expires)
        turn.notify(member, Message(text, welcome_buttons(welcome.id), ref=_welcome_ref(welcome.id)))


def respond_welcome(turn: Turn, welcome_id: int, *, yes: bool) -> None:
    """A member's answer about a later officer; a yes introduces the two of them, and nobody else."""
    outcome = answer_welcome(
        turn.session, welcome_id=welcome_id, officer_id=turn.officer_id, yes=yes, now=turn.now
    )
    tell_welcome_outcome(turn, welcome_id, outcome, yes=yes)


def tell_welcome_outcome(turn: Turn, welcome_id: int, outcome: WelcomeOutcome, *, yes: bool) -> None:
    """What the member hears of their answer about a later officer (a first one or a change of mind)."""
    if outcome == WelcomeOutcome.NOT_A_CHOICE:
        turn.reply(wording.NOT_A_CHOICE)
        return
    welcome = turn.session.get(CircleWelcome, welcome_id)
    assert welcome is not None
    ref = _welcome_ref(welcome_id)
    if outcome == WelcomeOutcome.ALREADY_ANSWERED:
        turn.reply(Message(wording.ALREADY_ANSWERED.format(match=welcome.number), ref=ref))
        return
    if outcome == WelcomeOutcome.LAPSED:
        turn.reply(Message(wording.CIRCLE_WELCOME_CLOSED.format(match=welcome.number), ref=ref))
        return
    turn.audit("circle_welcome_yes" if yes else "circle_welcome_not_now", "circle", None)
    if outcome == WelcomeOutcome.NOT_NOW:
        turn.reply(Message(wording.CIRCLE_WELCOME_NOT_NOW.format(match=welcome.number), ref=ref))
        return
    request = turn.session.get(CircleRequest, welcome.request_id)
    newcomer = turn.session.get(Officer, request.officer_id) if request is not None else None
    assert request is not None and newcomer is not None
    mine = wording.CIRCLE_PLACE_WELCOMED.format(
        match=request.number, contact=contact_card(turn.session, turn.officer)
    )
    turn.notify(newcomer, Message(mine, ref=circle_ref(request.circle_id)))
    # Now in the circle, the newcomer is asked about any later officer still waiting for its answers.
    for later_id, asked in _by_request(ask_newcomer_about_later(turn.session, request, now=turn.now)).items():
        later = turn.session.get(CircleRequest, later_id)
        if later is not None:
            _ask(turn, later, asked)
    theirs = contact_card(turn.session, newcomer)
    turn.reply(Message(wording.CIRCLE_WELCOMED.format(match=welcome.number, contact=theirs), ref=ref))


def _by_request(welcomes: list[CircleWelcome]) -> dict[int, list[CircleWelcome]]:
    grouped: dict[int, list[CircleWelcome]] = {}
    for welcome in welcomes:
        grouped.setdefault(welcome.request_id, []).append(welcome)
    return grouped


def _welcome_ref(welcome_id: int) -> str:
    return f"circle-welcome:{welcome_id}"


def send_place_reminders(session: Session, outbox: Outbox, reminders: Iterable[PlaceReminder]) -> None:
    """Remind each later officer yet to answer their place, before it lapses, with the same two choices."""
    for reminder in reminders:
        officer = session.get(Officer, reminder.officer_id)
        plan = session.get(Plan, reminder.plan_id) if reminder.plan_id is not None else None
        if officer is None or plan is None or not officer.reachable:
            continue
        text = wording.CIRCLE_PLACE_REMINDER.format(
            match=reminder.number, number=plan.number, expires=long_date(reminder.expires_at.date())
        )
        message = Message(text, circle_buttons(reminder.circle_id), ref=circle_ref(reminder.circle_id))
        outbox.add(identity_of(officer), message)


def send_welcome_reminders(session: Session, outbox: Outbox, reminders: Iterable[WelcomeReminder]) -> None:
    """Remind each member yet to answer about a later officer, in the same words whatever others said."""
    for reminder in reminders:
        officer = session.get(Officer, reminder.officer_id)
        if officer is None or not officer.reachable:
            continue
        text = wording.CIRCLE_WELCOME_REMINDER.format(
            match=reminder.number, expires=long_date(reminder.expires_at.date())
        )
        message = Message(text, welcome_buttons(reminder.welcome_id), ref=_welcome_ref(reminder.welcome_id))
        outbox.add(identity_of(officer), message)


def request_lines(
    session: Session, officer_id: int, *, now: datetime | None = None
) -> dict[int | None, list[str]]:
    """The officer's places offered in formed circles, for their plans overview: only those who said
    yes to them are ever named; a not now still open says until when they may say yes after all."""
    lines: dict[int | None, list[str]] = {}
    for request in requests_of(session, officer_id):
        welcomed = welcomed_by(session, request.id) if request.id is not None else []
        states = wording.CIRCLE_PLACE_STATES
        if request.answer == CircleAnswer.NOT_NOW:
            state = states["you_declined"]
            if now is not None and may_reconsider_place(session, request, now=now):
                state = wording.YOU_SAID_NOT_NOW_OPEN.format(expires=long_date(request.expires_at.date()))
        elif welcomed:
            # and the later officers they said yes to once in the circle themselves
            welcomed += welcomed_by_member(session, request.circle_id, officer_id)
            names = ", ".join(o.name or o.email or wording.NOT_GIVEN for o in welcomed)
            state = states["welcomed"].format(names=names)
        elif request.lapse_notified:
            state = states["lapsed"]
        elif request.answer == CircleAnswer.YES:
            state = states["awaiting_them"]
        else:
            state = states["awaiting_you"]
        line = wording.CIRCLE_LINE.format(match=request.number, state=state)
        lines.setdefault(request.plan_id, []).append(line)
    return lines


def pending_welcome_lines(session: Session, officer_id: int, *, now: datetime) -> dict[int | None, list[str]]:
    """Questions about later officers still waiting for this member, under the plan of each circle."""
    lines: dict[int | None, list[str]] = {}
    for number, welcome_id in awaiting_welcomes(session, officer_id, now=now):
        welcome = session.get(CircleWelcome, welcome_id)
        request = session.get(CircleRequest, welcome.request_id) if welcome is not None else None
        plan_id = own_plan_in_circle(session, request.circle_id, officer_id) if request else None
        lines.setdefault(plan_id, []).append(wording.CIRCLE_WELCOME_LINE.format(match=number))
    return lines


def pending_welcome_buttons(
    session: Session, officer_id: int, *, now: datetime, most: int
) -> tuple[Button, ...]:
    """A "Say yes" for at most `most` of the questions about later officers waiting for this member."""
    return tuple(
        Button(
            wording.CIRCLE_WELCOME_SAY_YES.format(match=number), encode(AnswerWelcome(welcome_id, yes=True))
        )
        for number, welcome_id in awaiting_welcomes(session, officer_id, now=now)[:most]
    )
