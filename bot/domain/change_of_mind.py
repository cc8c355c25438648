"""Saying yes after all: an officer who answered a proposal "Not now" may still accept it until it lapses.

A transition of the consent state machine (see proposals.py), so one conditional UPDATE, like the others:
if the other officer says yes at the same instant, the database serialises the two updates on the row and
exactly one of them makes the introduction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import case, exists, update
from sqlmodel import Session, col

from bot.domain.proposals import OPEN_STATES, Answer, side_of
from bot.storage.models import (
    FeedbackReason,
    Introduction,
    MatchFeedback,
    Proposal,
    ProposalState,
    Response,
)


def reconsider(session: Session, *, proposal_id: int, officer_id: int, now: datetime) -> Answer:
    """Turn this officer's "Not now" into a yes while the proposal is open; introduce if the other said yes.

    From then on it is as if the yes had been their first answer: the introduction is made if the other
    side said yes; otherwise it waits for them (reopened if they had not answered yet). A "Not relevant"
    is not taken back this way: it is the officer's own word about the match (feedback.py).
    """
    proposal = session.get(Proposal, proposal_id)
    side = side_of(proposal, officer_id) if proposal else None
    if proposal is None or side is None:
        return Answer.NOT_A_CHOICE
    mine = col(Proposal.response_a) if side == "a" else col(Proposal.response_b)
    theirs = col(Proposal.response_b) if side == "a" else col(Proposal.response_a)
    they_said_yes = theirs == Response.ACCEPTED
    not_answered = theirs.is_(None)
    values: dict[Any, Any] = {
        mine: Response.ACCEPTED,
        col(Proposal.state): case(
            (they_said_yes, ProposalState.INTRODUCED.value),
            (not_answered, ProposalState.PROPOSED.value),
            else_=col(Proposal.state),
        ),
        col(Proposal.closed_at): case(
            (they_said_yes, now), (not_answered, None), else_=col(Proposal.closed_at)
        ),
    }
    statement = (
        update(Proposal)
        .where(
            col(Proposal.id) == proposal_id,
            mine == Response.DECLINED,
            col(Proposal.state).in_(OPEN_STATES),
            col(Proposal.lapse_notified).is_(False),
            col(Proposal.expires_at) > now,
            ~exists().where(
                col(MatchFeedback.proposal_id) == proposal_id,
                col(MatchFeedback.officer_id) == officer_id,
                col(MatchFeedback.reason) == FeedbackReason.NOT_RELEVANT.value,
            ),
        )
        .values(values)
        .returning(col(Proposal.state))
        .execution_options(synchronize_session=False)
    )
    new_state = session.execute(statement).scalar_one_or_none()
    session.refresh(proposal)
    if new_state is None:
        lapsed = proposal.state not in OPEN_STATES or proposal.lapse_notified or proposal.expires_at <= now
        said = getattr(proposal, f"response_{side}")
        if said == Response.ACCEPTED:
            return Answer.ALREADY_ANSWERED
        if lapsed:
            return Answer.LAPSED
        # Never said no (a button not meant for them), or said "Not relevant": nothing to take back.
        return Answer.NOT_A_CHOICE if said is None else Answer.ALREADY_ANSWERED
    if new_state == ProposalState.INTRODUCED:
        session.add(Introduction(proposal_id=proposal_id, created_at=now))
        session.flush()
        return Answer.INTRODUCED
    return Answer.WAITING


def may_reconsider(proposal: Proposal, officer_id: int, *, now: datetime) -> bool:
    """Whether the officer said no to this proposal and it is still open (a "Not relevant" aside)."""
    side = side_of(proposal, officer_id)
    mine = proposal.response_a if side == "a" else proposal.response_b if side == "b" else None
    return (
        mine == Response.DECLINED
        and proposal.state in OPEN_STATES
        and not proposal.lapse_notified
        and proposal.expires_at > now
    )
