"""Sending proposals, answers, introductions and lapses to the right officers."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session

from bot import wording
from bot.conversation.render import (
    introduction_message,
    lapse_message,
    proposal_message,
    proposal_ref,
    reminder_message,
)
from bot.conversation.turn import Turn
from bot.domain.change_of_mind import reconsider
from bot.domain.feedback import remember, said_not_relevant
from bot.domain.matchmaking import Match
from bot.domain.numbering import number_of
from bot.domain.officers import identity_of
from bot.domain.proposals import Answer, Lapse, Reminder, answer, other_officer_id, own_plan_id
from bot.messages import Message, Outbox
from bot.storage.models import FeedbackReason, Officer, Plan, PlanStatus, Proposal, ProposalState


def send_proposals(turn: Turn, matches: Iterable[Match]) -> None:
    """Each side of each new proposal gets the other side's summary and two choices."""
    for match in matches:
        for officer, own, other in match.sides():
            turn.notify(officer, proposal_message(turn.session, match.proposal, own=own, other=other))
            turn.audit("proposal_sent", "proposal", match.proposal.id)


def respond(turn: Turn, proposal_id: int, *, accept: bool, not_relevant: bool = False) -> None:
    """An officer's answer to a proposal; the introduction goes to both when the second yes lands.

    "Not relevant" is a decline (the other side sees only a lapse) that is also remembered for matching.
    """
    outcome = answer(
        turn.session, proposal_id=proposal_id, officer_id=turn.officer_id, accept=accept, now=turn.now
    )
    if outcome == Answer.DECLINED and not_relevant:
        proposal = turn.session.get(Proposal, proposal_id)
        assert proposal is not None
        remember(turn.session, proposal, turn.officer_id, FeedbackReason.NOT_RELEVANT, now=turn.now)
        own = turn.session.get(Plan, own_plan_id(proposal, turn.officer_id))
        turn.audit("proposal_declined", "proposal", proposal_id)
        match = number_of(turn.session, proposal_id, turn.officer_id)
        text = wording.NOT_RELEVANT_NOTED.format(match=match, number=own.number if own else "")
        turn.reply(Message(text, ref=proposal_ref(proposal_id)))
        return
    _tell_outcome(turn, proposal_id, outcome, accept=accept)


def say_yes_after_all(turn: Turn, proposal_id: int) -> None:
    """An officer who said "Not now" says yes while the proposal is open: as if it were their first yes."""
    if said_not_relevant(turn.session, proposal_id, turn.officer_id):
        match = number_of(turn.session, proposal_id, turn.officer_id)
        turn.reply(Message(wording.NOT_RELEVANT_IS_FINAL.format(match=match), ref=proposal_ref(proposal_id)))
        return
    proposal = turn.session.get(Proposal, proposal_id)
    plan_id = own_plan_id(proposal, turn.officer_id) if proposal is not None else None
    own = turn.session.get(Plan, plan_id) if plan_id is not None else None
    if own is not None and own.status == PlanStatus.WITHDRAWN:  # withdrawing said no to all it had open
        match = number_of(turn.session, proposal_id, turn.officer_id)
        text = wording.CHANGE_OF_MIND_PLAN_WITHDRAWN.format(match=match, number=own.number)
        turn.reply(Message(text, ref=proposal_ref(proposal_id)))
        return
    outcome = reconsider(turn.session, proposal_id=proposal_id, officer_id=turn.officer_id, now=turn.now)
    _tell_outcome(turn, proposal_id, outcome, accept=True)


def _tell_outcome(turn: Turn, proposal_id: int, outcome: Answer, *, accept: bool) -> None:
    ref = proposal_ref(proposal_id)
    if outcome == Answer.NOT_A_CHOICE:
        turn.reply(wording.NOT_A_CHOICE)
        return
    if outcome == Answer.ALREADY_ANSWERED:
        match = number_of(turn.session, proposal_id, turn.officer_id)
        turn.reply(Message(wording.ALREADY_ANSWERED.format(match=match), ref=ref))
        return
    if outcome == Answer.LAPSED:
        match = number_of(turn.session, proposal_id, turn.officer_id)
        proposal = turn.session.get(Proposal, proposal_id)
        met = proposal is not None and proposal.state == ProposalState.MET_IN_CIRCLE
        lapsed = wording.PAIR_MET_IN_CIRCLE_CLICK if met else wording.PROPOSAL_LAPSED_CLICK
        turn.reply(Message(lapsed.format(match=match), ref=ref))
        return
    turn.audit("proposal_accepted" if accept else "proposal_declined", "proposal", proposal_id)
    if outcome == Answer.DECLINED:
        match = number_of(turn.session, proposal_id, turn.officer_id)
        turn.reply(Message(wording.DECLINED.format(match=match), ref=ref))
    elif outcome == Answer.WAITING:
        match = number_of(turn.session, proposal_id, turn.officer_id)
        turn.reply(Message(wording.ACCEPTED_WAITING.format(match=match), ref=ref))
    else:
        proposal = turn.session.get(Proposal, proposal_id)
        assert proposal is not None
        other = turn.session.get(Officer, other_officer_id(proposal, turn.officer_id))
        assert other is not None
        turn.audit("introduced", "proposal", proposal_id)
        # The officer who said yes first hears first: they have waited longest.
        turn.notify(other, introduction_message(turn.session, proposal, other))
        turn.reply(introduction_message(turn.session, proposal, turn.officer))


def send_lapses(session: Session, outbox: Outbox, lapses: Iterable[Lapse]) -> None:
    """Tell each officer that a proposal lapsed, in the same words whatever the reason."""
    for lapse in lapses:
        officer = session.get(Officer, lapse.officer_id)
        plan = session.get(Plan, lapse.plan_id)
        if officer is None or plan is None or not officer.reachable:
            continue
        message = lapse_message(lapse.proposal_id, match=lapse.number, plan_number=plan.number)
        outbox.add(identity_of(officer), message)


def send_reminders(session: Session, outbox: Outbox, reminders: Iterable[Reminder]) -> None:
    """Remind each officer who has yet to answer a proposal, before it lapses."""
    for reminder in reminders:
        officer = session.get(Officer, reminder.officer_id)
        proposal = session.get(Proposal, reminder.proposal_id)
        if officer is None or proposal is None or not officer.reachable:
            continue
        outbox.add(identity_of(officer), reminder_message(session, proposal, officer))
