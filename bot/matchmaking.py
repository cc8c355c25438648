"""Comparing a confirmed plan with the active plans of other organisations, and proposing the best."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from bot.consent import closed_partners, proposals_since, propose
from bot.match_index import MatchIndex, profile_of
from bot.storage.models import Officer, Plan, PlanStatus, Proposal

WEEK = timedelta(days=7)
CANDIDATES = 50


@dataclass(frozen=True)
class MatchRules:
    """How good a match must be, how many an officer gets a week, and how long an offer stays open."""

    threshold: float
    per_week: int
    expiry: timedelta
    prefer_ahead: bool = False  # among good matches, rank peers one or two stages ahead first


def still_matchable(session: Session, plan_ids: list[int]) -> dict[int, tuple[Plan, Officer]]:
    """Those of these plans that may be matched now: active, owner verified and reachable."""
    if not plan_ids:
        return {}
    statement = (
        select(Plan, Officer)
        .join(Officer, col(Officer.id) == col(Plan.officer_id))
        # Only the structure is needed here: leave the encrypted text and personal data unread.
        .options(defer(Plan.text), defer(Officer.name), defer(Officer.email), defer(Officer.job_title))  # type: ignore[arg-type]
        .where(
            col(Plan.id).in_(plan_ids),
            Plan.status == PlanStatus.ACTIVE,
            col(Officer.verified).is_(True),
            col(Officer.reachable).is_(True),
            col(Officer.organisation_id).is_not(None),
        )
    )
    return {
        plan.id: (plan, officer) for plan, officer in session.exec(statement).all() if plan.id is not None
    }


def find_matches(
    session: Session, plan: Plan, owner: Officer, *, rules: MatchRules, index: MatchIndex, now: datetime
) -> list[Proposal]:
    """Propose the plan to the owners of comparable plans elsewhere, within everyone's weekly cap."""
    if plan.status != PlanStatus.ACTIVE or not owner.verified or owner.organisation_id is None:
        return []
    candidates = index.rank(
        session,
        profile_of(plan, owner),
        now=now,
        limit=CANDIDATES,
        min_score=rules.threshold,
        prefer_ahead=rules.prefer_ahead,
    )
    # The index may lag behind other processes: the database decides who may still be proposed.
    by_plan = still_matchable(session, [c.plan_id for c in candidates if c.plan_id != plan.id])
    assert owner.id is not None
    # Weekly caps and pairs already met, read once for every candidate rather than per candidate.
    counts = proposals_since(session, {owner.id} | {o.id for _, o in by_plan.values() if o.id}, now - WEEK)
    closed = closed_partners(session, owner.id)
    made: list[Proposal] = []
    for candidate in candidates:
        if candidate.plan_id not in by_plan:
            continue
        other_plan, other_owner = by_plan[candidate.plan_id]
        assert other_owner.id is not None
        if other_owner.id == owner.id or other_owner.organisation_id == owner.organisation_id:
            continue
        if counts[owner.id] >= rules.per_week:
            break
        if counts[other_owner.id] >= rules.per_week or other_owner.id in closed:
            continue
        proposal = propose(
            session,
            plan,
            other_plan,
            score=candidate.score,
            shared_service_areas=candidate.shared_service_areas,
            shared_delivery_model=candidate.shared_delivery_model,
            now=now,
            expiry=rules.expiry,
        )
        if proposal is not None:
            made.append(proposal)
            counts[owner.id] += 1
            counts[other_owner.id] += 1
            closed.add(other_owner.id)
    return made
