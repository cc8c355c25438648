""" "Been there" peers: the owner of a live plan offers to advise officers at earlier stages of the same
kind of change, a few a month at most. The offer shows only as a reason on a proposal; nothing about the
adviser crosses until both say yes, as with any proposal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_
from sqlalchemy import select as select_rows
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from bot import wording
from bot.domain.summaries import in_sentence, stage_gap
from bot.storage.models import Plan, Proposal
from matching import taxonomy

MONTH = timedelta(days=30)


@dataclass(frozen=True)
class Side:
    """What deciding on an offer of advice reads of one plan: its stage, kind of change and flag."""

    stage: str | None
    model: str | None
    advises: bool = False

    @classmethod
    def of(cls, plan: Plan) -> Side:
        """The side of a stored plan."""
        return cls(plan.stage, plan.delivery_model, bool(plan.advise_others))


def advising_stages() -> tuple[str, ...]:
    """The stages at which a change is done enough to advise on: the taxonomy's last (live and running)."""
    return (taxonomy.stages()[-1].code,)


def can_advise(stage: str | None) -> bool:
    """Whether a plan at this stage may offer to advise others."""
    return stage is not None and stage in advising_stages()


def advises(adviser: Side, seeker: Side) -> bool:
    """Whether the adviser's plan is offered to the seeker's as advice: it advises, the kind of change is
    the same, and the seeker is at an earlier stage."""
    if not adviser.advises or not can_advise(adviser.stage) or adviser.model is None:
        return False
    gap = stage_gap(seeker.stage, adviser.stage)
    return adviser.model == seeker.model and gap is not None and gap > 0


def advice_offers_since(session: Session, officer_ids: set[int], since: datetime) -> dict[int, int]:
    """How many proposals since a moment offered each of these officers as an adviser."""
    counts = dict.fromkeys(officer_ids, 0)
    if not officer_ids:
        return counts
    a, b = aliased(Plan), aliased(Plan)
    officer_a, officer_b = col(Proposal.officer_a_id), col(Proposal.officer_b_id)
    fields = ("stage", "delivery_model", "advise_others")
    columns: tuple[Any, ...] = (officer_a, officer_b, *(getattr(p, f) for p in (a, b) for f in fields))
    statement = (
        select_rows(*columns)
        .select_from(Proposal)
        .join(a, col(a.id) == col(Proposal.plan_a_id))
        .join(b, col(b.id) == col(Proposal.plan_b_id))
        .where(
            col(Proposal.created_at) > since,
            or_(officer_a.in_(list(officer_ids)), officer_b.in_(list(officer_ids))),
        )
    )
    for first, second, *values in session.execute(statement).all():
        side_a, side_b = Side(*values[:3]), Side(*values[3:])
        if first in counts and advises(side_a, side_b):
            counts[first] += 1
        if second in counts and advises(side_b, side_a):
            counts[second] += 1
    return counts


def stage_reason(own: Plan, other: Plan) -> str:
    """The stage part of "why this match", as the owner of `own` reads it: who is ahead, by how much, and
    whether either offered to advise; never more than the summary already shows."""
    gap = stage_gap(own.stage, other.stage)
    if gap is None:
        return ""
    theirs = in_sentence(taxonomy.stage(other.stage or "").name)
    if advises(Side.of(other), Side.of(own)):
        return wording.WHY_THEY_ADVISE.format(stage=theirs)
    if advises(Side.of(own), Side.of(other)):
        return wording.WHY_YOU_ADVISE.format(stage=theirs)
    if gap in wording.WHY_AHEAD:
        return wording.WHY_AHEAD[gap].format(stage=theirs)
    return wording.WHY_STAGE.get(gap, "")


@dataclass(frozen=True)
class AdviceOffers:
    """For one matching: which candidates would be offers of advice, and how many each adviser had."""

    to_owner: frozenset[int]  # candidate plan ids offering to advise the plan being matched
    from_owner: frozenset[int]  # candidate plan ids the plan being matched offers to advise
    this_month: dict[int, int]  # by adviser officer id
    per_month: int

    def adviser(self, plan_id: int, *, peer: int, owner: int) -> int | None:
        """The officer offered as an adviser if this candidate is proposed; None for an ordinary match."""
        if plan_id in self.to_owner:
            return peer
        if plan_id in self.from_owner:
            return owner
        return None


def advice_offers(
    session: Session,
    own: Side,
    owner_id: int,
    candidates: dict[int, tuple[int, Side]],
    *,
    now: datetime,
    per_month: int,
) -> AdviceOffers:
    """Sort candidates (plan id: owner id and side) into offers of advice either way, with each adviser's
    count of such offers over the last month (read only when there is an adviser)."""
    to_owner = frozenset(pid for pid, (_, side) in candidates.items() if advises(side, own))
    from_owner = frozenset(pid for pid, (_, side) in candidates.items() if advises(own, side))
    advisers = {candidates[pid][0] for pid in to_owner} | ({owner_id} if from_owner else set())
    return AdviceOffers(to_owner, from_owner, advice_offers_since(session, advisers, now - MONTH), per_month)
