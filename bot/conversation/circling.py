"""Sending circle offers, answering them, introducing a formed circle, and telling of lapses.

What an officer sees of a circle before it forms is the same for every member: its shared summary and
its size as rule 8 allows ("fewer than 5 councils"). Once it forms, only members who said yes are
named, and only to each other; a not now reads to everyone else exactly like silence.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session

from bot import wording
from bot.conversation.actions import AnswerCircle, encode
from bot.conversation.render import contact_card
from bot.conversation.turn import Turn
from bot.domain.circle_change_of_mind import may_reconsider_circle
from bot.domain.circles import (
    CircleLapse,
    CircleOutcome,
    CircleReminder,
    answer_circle,
    circles_of,
    member_of,
    members_of,
    yes_members,
)
from bot.domain.gathering import CircleOffer
from bot.domain.newcomers import RequestLapse, most_yeses, welcomed_by_member
from bot.domain.officers import identity_of
from bot.domain.summaries import in_sentence, long_date, model_name, service_names, stage_name
from bot.messages import Button, ButtonStyle, Message, Outbox
from bot.storage.models import Circle, CircleAnswer, CircleState, Officer, Plan

SIZE_SHOWN_FROM = 5  # rule 8: a count of organisations is shown only at 5 or more
# What an answer that changed nothing says, by why; each says what the officer can do next.
REFUSALS = {
    CircleOutcome.ALREADY_ANSWERED: wording.ALREADY_ANSWERED,
    CircleOutcome.LAPSED: wording.PROPOSAL_LAPSED_CLICK,
    CircleOutcome.FULL: wording.CIRCLE_FULL_CLICK,
    CircleOutcome.PLAN_CLOSED: wording.CHANGE_OF_MIND_PLAN_WITHDRAWN,
}


def circle_ref(circle_id: int) -> str:
    """The reference adapters use to update a circle's message in place."""
    return f"circle:{circle_id}"


def circle_size(councils: int) -> str:
    """How many councils a circle has, as rule 8 lets it be told."""
    return (
        wording.CIRCLE_SIZE_SMALL
        if councils < SIZE_SHOWN_FROM
        else wording.CIRCLE_SIZE.format(count=councils)
    )


def circle_summary(circle: Circle) -> str:
    """The four lines every member sees: shared service and kind of change, the band of stages and years."""
    stage = stage_name(circle.stage_from)
    if circle.stage_to and circle.stage_to != circle.stage_from:
        stage = wording.CIRCLE_STAGE_BAND.format(first=stage, last=in_sentence(stage_name(circle.stage_to)))
    if circle.year_from is None:
        timeline = wording.NOT_KNOWN
    elif circle.year_to is not None and circle.year_to != circle.year_from:
        timeline = wording.CIRCLE_YEARS_BAND.format(first=circle.year_from, last=circle.year_to)
    else:
        timeline = str(circle.year_from)
    return wording.SUMMARY_LINES.format(
        service=service_names(circle.shared_service_areas),
        model=model_name(circle.shared_delivery_model),
        stage=stage,
        timeline=timeline,
    )


def circle_buttons(circle_id: int) -> tuple[Button, ...]:
    """Join the circle, or not now."""
    return (
        Button(wording.JOIN_CIRCLE, encode(AnswerCircle(circle_id, yes=True)), ButtonStyle.PRIMARY),
        Button(wording.NOT_NOW, encode(AnswerCircle(circle_id, yes=False))),
    )


def circle_offer_message(circle: Circle, *, match: int, plan_number: int, councils: int) -> Message:
    """A circle's offer as every member sees it, but for their own numbers."""
    assert circle.id is not None
    text = wording.CIRCLE_OFFER.format(
        match=match,
        number=plan_number,
        size=circle_size(councils),
        summary=circle_summary(circle),
        expires=long_date(circle.expires_at.date()),
    )
    return Message(text, circle_buttons(circle.id), ref=circle_ref(circle.id))


def send_circle_offer(turn: Turn, offer: CircleOffer) -> None:
    """Each newly invited member gets the offer; nobody else is told anything."""
    circle = offer.circle
    if offer.request is not None:  # a place in a circle that has formed already
        for officer, plan, number in offer.invited:
            turn.notify(officer, _place_message(circle, offer, match=number, plan_number=plan.number))
        turn.audit("circle_place_offered", "circle", circle.id)
        return
    for officer, plan, number in offer.invited:
        message = circle_offer_message(
            circle, match=number, plan_number=plan.number, councils=len(offer.members)
        )
        turn.notify(officer, message)
    turn.audit("circle_offered", "circle", circle.id)


def _place_message(circle: Circle, offer: CircleOffer, *, match: int, plan_number: int) -> Message:
    assert circle.id is not None and offer.request is not None
    text = wording.CIRCLE_PLACE_OFFER.format(
        match=match,
        number=plan_number,
        size=circle_size(len(offer.members)),
        summary=circle_summary(circle),
        expires=long_date(offer.request.expires_at.date()),
    )
    return Message(text, circle_buttons(circle.id), ref=circle_ref(circle.id))


def respond_circle(turn: Turn, circle_id: int, *, yes: bool) -> None:
    """A member's answer; when the third yes lands, everyone who said yes gets everyone else's card."""
    circle = turn.session.get(Circle, circle_id)
    formed = yes and circle is not None and circle.state == CircleState.FORMED
    most = most_yeses(turn.session, circle, now=turn.now) if formed and circle is not None else None
    outcome = answer_circle(
        turn.session, circle_id=circle_id, officer_id=turn.officer_id, yes=yes, now=turn.now, most=most
    )
    tell_circle_outcome(turn, circle_id, outcome, yes=yes)


def tell_circle_outcome(turn: Turn, circle_id: int, outcome: CircleOutcome, *, yes: bool) -> None:
    """What the member hears of their answer (a first one or a change of mind), and whom else it reaches."""
    if outcome == CircleOutcome.NOT_A_CHOICE:
        turn.reply(wording.NOT_A_CHOICE)
        return
    me = member_of(turn.session, circle_id, turn.officer_id)
    circle = turn.session.get(Circle, circle_id)
    assert me is not None and circle is not None
    ref = circle_ref(circle_id)
    if outcome in REFUSALS:
        plan = turn.session.get(Plan, me.plan_id) if me.plan_id is not None else None
        number = plan.number if plan is not None else wording.NOT_GIVEN
        turn.reply(Message(REFUSALS[outcome].format(match=me.number, number=number), ref=ref))
        return
    turn.audit("circle_yes" if yes else "circle_not_now", "circle", circle_id)
    if outcome == CircleOutcome.NOT_NOW:
        turn.reply(Message(wording.CIRCLE_NOT_NOW.format(match=me.number), ref=ref))
    elif outcome == CircleOutcome.WAITING:
        expires = long_date(circle.expires_at.date())
        turn.reply(Message(wording.CIRCLE_YES_WAITING.format(match=me.number, expires=expires), ref=ref))
    elif outcome == CircleOutcome.FORMED:
        turn.audit("circle_formed", "circle", circle_id)
        _introduce_all(turn, circle)
    else:
        _introduce_newcomer(turn, circle)


def _introduce_all(turn: Turn, circle: Circle) -> None:
    """Every yes-member gets the cards of every other yes-member; the one who formed it hears last."""
    said_yes = yes_members(turn.session, circle.id or 0)
    for member, officer in said_yes:
        if officer.id != turn.officer_id:
            others = [other for m, other in said_yes if m.officer_id != member.officer_id]
            turn.notify(
                officer, _introduction(turn.session, circle, officer, member.number, member.plan_id, others)
            )
    me = next((m, o) for m, o in said_yes if o.id == turn.officer_id)
    others = [o for m, o in said_yes if o.id != turn.officer_id]
    turn.reply(_introduction(turn.session, circle, me[1], me[0].number, me[0].plan_id, others))


def _introduce_newcomer(turn: Turn, circle: Circle) -> None:
    """A yes after the circle formed: the earlier yes-members get the newcomer's card, and they theirs."""
    said_yes = yes_members(turn.session, circle.id or 0)
    card = contact_card(turn.session, turn.officer)
    for member, officer in said_yes:
        if officer.id != turn.officer_id:
            text = wording.CIRCLE_NEWCOMER.format(match=member.number, contact=card)
            turn.notify(officer, Message(text, ref=circle_ref(circle.id or 0)))
    me = next(m for m, o in said_yes if o.id == turn.officer_id)
    others = [o for m, o in said_yes if o.id != turn.officer_id]
    turn.reply(_introduction(turn.session, circle, turn.officer, me.number, me.plan_id, others, joined=True))


def _introduction(
    session: Session,
    circle: Circle,
    viewer: Officer,
    match: int,
    plan_id: int | None,
    others: list[Officer],
    *,
    joined: bool = False,
) -> Message:
    plan = session.get(Plan, plan_id) if plan_id is not None else None
    template = wording.CIRCLE_JOINED if joined else wording.CIRCLE_FORMED
    text = template.format(
        match=match,
        number=plan.number if plan else wording.NOT_GIVEN,
        cards="\n\n".join(contact_card(session, other) for other in others),
        expires=long_date(circle.expires_at.date()),
        opening=wording.CIRCLE_OPENING.format(
            services=service_names(circle.shared_service_areas, mid_sentence=True)
        ),
    )
    return Message(text, ref=circle_ref(circle.id or 0))


def send_circle_lapses(
    session: Session, outbox: Outbox, lapses: Iterable[CircleLapse | RequestLapse]
) -> None:
    """Tell each officer that a circle, or their request to join one, lapsed: in the pair's words, whatever
    the others did."""
    for lapse in lapses:
        officer = session.get(Officer, lapse.officer_id)
        plan = session.get(Plan, lapse.plan_id) if lapse.plan_id is not None else None
        if officer is None or plan is None or not officer.reachable:
            continue
        text = wording.LAPSED.format(match=lapse.number, number=plan.number)
        outbox.add(identity_of(officer), Message(text, ref=circle_ref(lapse.circle_id)))


def send_circle_reminders(session: Session, outbox: Outbox, reminders: Iterable[CircleReminder]) -> None:
    """Remind each member who has yet to answer a circle, before it lapses, with the same two choices."""
    for reminder in reminders:
        officer = session.get(Officer, reminder.officer_id)
        plan = session.get(Plan, reminder.plan_id) if reminder.plan_id is not None else None
        circle = session.get(Circle, reminder.circle_id)
        if officer is None or plan is None or circle is None or not officer.reachable:
            continue
        text = wording.CIRCLE_REMINDER.format(
            match=reminder.number, number=plan.number, expires=long_date(circle.expires_at.date())
        )
        outbox.add(
            identity_of(officer),
            Message(text, circle_buttons(reminder.circle_id), ref=circle_ref(reminder.circle_id)),
        )


def member_count(session: Session, circle_id: int) -> int:
    """How many officers (so councils) were offered the circle."""
    return len(members_of(session, circle_id))


def circle_lines(
    session: Session, officer_id: int, *, now: datetime | None = None
) -> dict[int | None, list[str]]:
    """The officer's circles for their plans overview, by plan: only yes-members are ever named; a not
    now still open says until when they may say yes after all (whether or not the circle formed)."""
    lines: dict[int | None, list[str]] = {}
    for member, circle in circles_of(session, officer_id):
        closed = circle.lapse_notified or circle.state == CircleState.EXPIRED
        if member.answer == CircleAnswer.NOT_NOW:
            state = wording.CIRCLE_STATES["you_declined"]
            if now is not None and may_reconsider_circle(session, member, circle, now=now):
                state = wording.YOU_SAID_NOT_NOW_OPEN.format(expires=long_date(circle.expires_at.date()))
        elif member.answer == CircleAnswer.YES and circle.state == CircleState.FORMED:
            others = [o for m, o in yes_members(session, circle.id or 0) if o.id != officer_id]
            others += welcomed_by_member(session, circle.id or 0, officer_id)
            names = ", ".join(o.name or o.email or wording.NOT_GIVEN for o in others)
            state = wording.CIRCLE_STATES["formed"].format(names=names)
        elif closed:
            state = wording.CIRCLE_STATES["lapsed"]
        elif member.answer == CircleAnswer.YES:
            state = wording.CIRCLE_STATES["awaiting_others"]
        else:
            state = wording.CIRCLE_STATES["awaiting_you"]
        lines.setdefault(member.plan_id, []).append(
            wording.CIRCLE_LINE.format(match=member.number, state=state)
        )
    return lines
