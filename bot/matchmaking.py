"""Comparing a confirmed plan with the active plans of other organisations, and proposing the best."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from bot.consent import pair_is_closed, proposals_since, propose
from bot.storage.models import Officer, Plan, PlanStatus, Proposal
from matching import Matcher, PlanProfile

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class MatchRules:
    """How good a match must be, how many an officer gets a week, and how long an offer stays open."""

    threshold: float
    per_week: int
    expiry: timedelta
    prefer_ahead: bool = False  # among good matches, rank peers one or two stages ahead first


def matchable_plans(session: Session) -> list[tuple[Plan, Officer]]:
    """Active plans whose owners are verified and belong to an organisation."""
    statement = (
        select(Plan, Officer)
        .join(Officer, col(Officer.id) == col(Plan.officer_id))
        .where(
            Plan.status == PlanStatus.ACTIVE,
            col(Officer.verified).is_(True),
            col(Officer.reachable).is_(True),
            col(Officer.organisation_id).is_not(None),
        )
    )
    return [(plan, officer) for plan, officer in session.exec(statement).all()]


def profile_of(plan: Plan, officer: Officer) -> PlanProfile:
    """What the matcher needs of a plan: no names, no ids beyond the plan's and organisation's."""
    assert plan.id is not None and officer.organisation_id is not None
    return PlanProfile(
        plan_id=plan.id,
        organisation_id=officer.organisation_id,
        text=plan.text,
        service_areas=tuple(plan.service_areas),
        delivery_model=plan.delivery_model,
        stage=plan.stage,
    )


def find_matches(
    session: Session, plan: Plan, owner: Officer, *, rules: MatchRules, now: datetime
) -> list[Proposal]:
    """Propose the plan to the owners of comparable plans elsewhere, within everyone's weekly cap."""
    if plan.status != PlanStatus.ACTIVE or not owner.verified or owner.organisation_id is None:
        return []
    others = [(p, o) for p, o in matchable_plans(session) if p.id != plan.id]
    by_plan = {p.id: (p, o) for p, o in others}
    matcher = Matcher([profile_of(p, o) for p, o in others])
    made: list[Proposal] = []
    week_ago = now - WEEK
    for candidate in matcher.rank(
        profile_of(plan, owner), limit=50, min_score=rules.threshold, prefer_ahead=rules.prefer_ahead
    ):
        other_plan, other_owner = by_plan[candidate.plan_id]
        assert owner.id is not None and other_owner.id is not None
        if other_owner.id == owner.id or other_owner.organisation_id == owner.organisation_id:
            continue
        if proposals_since(session, owner.id, week_ago) >= rules.per_week:
            break
        if proposals_since(session, other_owner.id, week_ago) >= rules.per_week:
            continue
        if pair_is_closed(session, owner.id, other_owner.id):
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
    return made
