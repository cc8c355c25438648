"""What officers told us about matches that were not for them, kept against their own plan.

"Not relevant" on a proposal and "not much use" after an introduction are remembered with what the
officer was shown of the match: its shared service areas and kind of change, never anything of the other
officer. Matching then lowers the score of candidates for that plan sharing exactly that, so the plan is
offered fewer matches like it (see `matching.feedback`). The other side is never told: to them a "Not
relevant" is a decline, which lapses like any other.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session, col, delete, select

from bot.domain.proposals import own_plan_id
from bot.storage.models import FeedbackReason, MatchFeedback, Proposal
from matching.feedback import Profile, profile


def remember(
    session: Session, proposal: Proposal, officer_id: int, reason: FeedbackReason, *, now: datetime
) -> None:
    """Keep the officer's word about this match, against their own plan (once per match and reason)."""
    plan_id = own_plan_id(proposal, officer_id)
    if plan_id is None or proposal.id is None:
        return
    known = session.exec(
        select(MatchFeedback.id).where(
            MatchFeedback.officer_id == officer_id,
            MatchFeedback.proposal_id == proposal.id,
            MatchFeedback.reason == reason.value,
        )
    ).first()
    if known is not None:
        return
    session.add(
        MatchFeedback(
            officer_id=officer_id,
            plan_id=plan_id,
            proposal_id=proposal.id,
            service_areas=list(proposal.shared_service_areas),
            delivery_model=proposal.shared_delivery_model,
            reason=reason.value,
            created_at=now,
        )
    )
    session.flush()


def said_not_relevant(session: Session, proposal_id: int, officer_id: int) -> bool:
    """Whether the officer answered this proposal "Not relevant" (not "Not now", so no change of mind)."""
    found = session.exec(
        select(MatchFeedback.id).where(
            MatchFeedback.officer_id == officer_id,
            MatchFeedback.proposal_id == proposal_id,
            MatchFeedback.reason == FeedbackReason.NOT_RELEVANT.value,
        )
    ).first()
    return found is not None


def avoided_profiles(session: Session, plan_ids: Iterable[int]) -> dict[int, set[Profile]]:
    """For each of these plans that has any, the kinds of match its owner said were not for them."""
    ids = list(set(plan_ids))
    if not ids:
        return {}
    rows = session.exec(
        select(MatchFeedback.plan_id, MatchFeedback.service_areas, MatchFeedback.delivery_model).where(
            col(MatchFeedback.plan_id).in_(ids)
        )
    ).all()
    avoided: dict[int, set[Profile]] = {}
    for plan_id, areas, model in rows:
        if plan_id is not None:
            avoided.setdefault(plan_id, set()).add(profile(areas, model))
    return avoided


def forget_feedback(session: Session, officer_id: int) -> None:
    """Erasure: the officer's word about their matches goes with them."""
    session.exec(delete(MatchFeedback).where(col(MatchFeedback.officer_id) == officer_id))
