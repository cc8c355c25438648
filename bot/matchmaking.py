"""Comparing a confirmed plan with the active plans of other organisations, and proposing the best."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, text
from sqlalchemy import select as select_rows  # sqlmodel's takes at most four columns
from sqlalchemy.orm import load_only
from sqlmodel import Session, col, select

from bot.admin.policy import Policy, WorkspaceRef, policy_for, policy_of
from bot.consent import new_proposal, proposal_history, propose, propose_all
from bot.directory import Council, CouncilDirectory
from bot.match_index import MatchIndex, profile_of
from bot.storage.database import among
from bot.storage.models import Officer, Organisation, Plan, PlanStatus, Proposal, Workspace

WEEK = timedelta(days=7)
CANDIDATES = 50
# What matching and proposing read of a candidate plan and its owner.
PLAN_FOR_MATCHING: tuple[Any, ...] = (
    Plan.officer_id,
    Plan.number,
    Plan.service_areas,
    Plan.delivery_model,
    Plan.stage,
    Plan.timeline_year,
    Plan.timeline_month,
    Plan.status,
)
OWNER_FOR_MATCHING: tuple[Any, ...] = (
    Officer.platform,
    Officer.workspace_id,
    Officer.user_id,
    Officer.organisation_id,
    Officer.verified,
    Officer.reachable,
)


@dataclass(frozen=True)
class MatchRules:
    """How good a match must be, how many an officer gets a week, and how long an offer stays open."""

    threshold: float
    per_week: int
    expiry: timedelta
    prefer_ahead: bool = False  # among good matches, rank peers one or two stages ahead first


@dataclass(frozen=True)
class Match:
    """A proposal just made, with the plans and owners it was made from (already read, so reused)."""

    proposal: Proposal
    plan: Plan
    owner: Officer
    other_plan: Plan
    other_owner: Officer

    def sides(self) -> list[tuple[Officer, Plan, Plan]]:
        """Each party, with their own plan and the other's, in the proposal's order (side a first)."""
        mine = (self.owner, self.plan, self.other_plan)
        theirs = (self.other_owner, self.other_plan, self.plan)
        return [mine, theirs] if self.proposal.officer_a_id == self.owner.id else [theirs, mine]


@dataclass(frozen=True)
class Matchable:
    """Candidates that may be matched now, with the councils behind their organisations and the owner's,
    and their workspaces' settings."""

    plans: dict[int, tuple[Plan, Officer]]
    councils: dict[int, Council | None]  # by organisation id; None for one typed in by an officer
    policies: dict[WorkspaceRef, Policy]


def still_matchable(
    session: Session, plan_ids: list[int], owner: Officer, directory: CouncilDirectory
) -> Matchable:
    """Those of these plans that may be matched now: active, owner verified and reachable."""
    if not plan_ids:
        return Matchable({}, {}, {})
    own_code = (
        select(Organisation.directory_code)
        .where(col(Organisation.id) == owner.organisation_id)
        .scalar_subquery()
    )
    statement = (
        select_rows(Plan, Officer, col(Organisation.directory_code), own_code, Workspace)
        .join(Officer, col(Officer.id) == col(Plan.officer_id))
        .join(Organisation, col(Organisation.id) == col(Officer.organisation_id))
        .outerjoin(
            Workspace,
            and_(
                col(Workspace.platform) == col(Officer.platform),
                col(Workspace.workspace_id) == col(Officer.workspace_id),
            ),
        )
        # Only what matching and proposing need: the encrypted text and personal data stay unread, and
        # so do timestamps (converting them for fifty rows cost more than the query).
        .options(load_only(*PLAN_FOR_MATCHING), load_only(*OWNER_FOR_MATCHING))
        .where(
            among(session, col(Plan.id), plan_ids),
            col(Officer.verified).is_(True),
            col(Officer.reachable).is_(True),
        )
    )
    plans: dict[int, tuple[Plan, Officer]] = {}
    # The owner's council comes back on every row (the database looks it up once): without any
    # candidate it is not needed.
    codes: dict[int, str | None] = {}
    policies: dict[WorkspaceRef, Policy] = {}
    for plan, officer, code, owners_code, workspace in session.execute(statement).all():
        codes[officer.organisation_id or 0] = code
        if (ref := WorkspaceRef.of_officer(officer)) not in policies:
            policies[ref] = policy_of(workspace)  # the defaults for a workspace without a row
        if owner.organisation_id is not None:
            codes[owner.organisation_id] = owners_code
        # The status is checked here, not in SQL: given `status = 'active'` (true of nearly every
        # plan), a planner without fresh statistics ANDs all of ix_plan_status into these few
        # primary-key lookups.
        if plan.id is not None and plan.status == PlanStatus.ACTIVE:
            plans[plan.id] = (plan, officer)
    councils = {oid: directory.by_code(code) if code else None for oid, code in codes.items()}
    return Matchable(plans, councils, policies)


def may_meet(
    mine: Policy, theirs: Policy, my_council: Council | None, their_council: Council | None, *, same: bool
) -> bool:
    """Whether both workspaces' settings let these two officers be proposed to each other."""
    if mine.matching_paused or theirs.matching_paused:
        return False
    if same:
        return mine.same_organisation and theirs.same_organisation
    return mine.matches_with(their_council) and theirs.matches_with(my_council)


# Any fixed number: the advisory lock's name ("Notalone" in ASCII, as a signed 64-bit integer).
MATCHING_LOCK = 0x4E6F74616C6F6E65


def one_matching_at_a_time(session: Session) -> None:
    """Wait for any other process's matching to commit before this one reads the candidates.

    Two comparable plans confirmed at the same instant in two processes would otherwise each be matched
    before the other was committed, and their officers would never hear of each other. On PostgreSQL a
    transaction-level advisory lock makes the second wait and then see the first's plan; SQLite lets one
    writer in at a time already (this transaction wrote the plan, so it holds the database's lock).
    Matching takes tens of milliseconds, so waiting for one another costs little.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MATCHING_LOCK})


def find_matches(
    session: Session,
    plan: Plan,
    owner: Officer,
    *,
    rules: MatchRules,
    index: MatchIndex,
    directory: CouncilDirectory,
    now: datetime,
    own_policy: Policy | None = None,
) -> list[Match]:
    """Propose the plan to the owners of comparable plans elsewhere, within everyone's settings and caps."""
    if plan.status != PlanStatus.ACTIVE or not owner.verified or owner.organisation_id is None:
        return []
    own_workspace = WorkspaceRef.of_officer(owner)
    own_policy = own_policy or policy_for(session, own_workspace)  # the turn has usually read it already
    if own_policy.matching_paused:
        return []
    one_matching_at_a_time(session)
    query = profile_of(plan, owner)
    if own_policy.same_organisation:
        # Let colleagues' plans through the index (which leaves out the own organisation); the
        # colleagues' workspace must allow it too, checked below.
        query = replace(query, organisation_id=-owner.id if owner.id else query.organisation_id)
    candidates = index.rank(
        session,
        query,
        written=(plan, owner),
        now=now,
        limit=CANDIDATES,
        min_score=rules.threshold,
        prefer_ahead=rules.prefer_ahead,
    )
    # The index may lag behind other processes: the database decides who may still be proposed.
    matchable = still_matchable(
        session, [c.plan_id for c in candidates if c.plan_id != plan.id], owner, directory
    )
    by_plan, councils, policies = matchable.plans, matchable.councils, matchable.policies
    assert owner.id is not None
    policies[own_workspace] = mine = own_policy
    my_cap = mine.proposals_per_week or rules.per_week
    # Weekly caps and pairs already met, read once for every candidate rather than per candidate.
    history = proposal_history(session, owner.id, {o.id for _, o in by_plan.values() if o.id}, now - WEEK)
    counts, closed = history.since, history.closed
    my_council = councils.get(owner.organisation_id)

    def choose(store: Callable[[Proposal], Proposal | None]) -> list[Match]:
        """Go down the candidates, proposing each that everyone's settings and caps allow."""
        assert owner.id is not None
        made: list[Match] = []
        counted, met = dict(counts), set(closed)
        for candidate in candidates:
            if candidate.plan_id not in by_plan:
                continue
            other_plan, other_owner = by_plan[candidate.plan_id]
            assert other_owner.id is not None
            if other_owner.id == owner.id or other_owner.id in met:
                continue
            theirs = policies[WorkspaceRef.of_officer(other_owner)]
            same = other_owner.organisation_id == owner.organisation_id
            their_council = councils.get(other_owner.organisation_id or 0)
            if not may_meet(mine, theirs, my_council, their_council, same=same):
                continue
            if counted[owner.id] >= my_cap:
                break
            if counted[other_owner.id] >= (theirs.proposals_per_week or rules.per_week):
                continue
            days = [p.proposal_expiry_days for p in (mine, theirs) if p.proposal_expiry_days]
            proposal = store(
                new_proposal(
                    plan,
                    other_plan,
                    score=candidate.score,
                    shared_service_areas=candidate.shared_service_areas,
                    shared_delivery_model=candidate.shared_delivery_model,
                    now=now,
                    expiry=timedelta(days=min(days)) if days else rules.expiry,
                )
            )
            if proposal is not None:
                made.append(Match(proposal, plan, owner, other_plan, other_owner))
                counted[owner.id] += 1
                counted[other_owner.id] += 1
                met.add(other_owner.id)
        return made

    # Usually every chosen pair is new, and all are stored in one statement. If another process proposed
    # one of them meanwhile, choose again storing one at a time, so the next candidate takes its place.
    made = choose(lambda proposal: proposal)
    if made and not propose_all(session, [m.proposal for m in made]):
        made = choose(lambda proposal: propose(session, proposal))
    return made
