"""Comparing a confirmed plan with the active plans of other organisations, and proposing the best."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Executable, and_, bindparam, func, text
from sqlalchemy import select as select_rows  # sqlmodel's takes at most four columns
from sqlmodel import Session, col

from bot.delivery.throttle import OFFERS_SCOPE, keyed_scope
from bot.domain.advising import AdviceOffers, Side, advice_offers
from bot.domain.directory import Council, CouncilDirectory
from bot.domain.feedback import avoided_profiles
from bot.domain.match_index import MatchIndex, profile_of
from bot.domain.officers import identity_of
from bot.domain.proposals import new_proposal, proposal_history, propose, propose_all
from bot.domain.workspaces import MATCHING_SETTINGS, Policy, WorkspaceRef, matching_policy, policy_for
from bot.messages import Identity
from bot.storage.database import add_one, among_bound
from bot.storage.models import InboundCount, Officer, Organisation, Plan, PlanStatus, Proposal, Workspace
from matching.ahead import prefer_ahead
from matching.feedback import reweigh
from matching.profile import Candidate

WEEK = timedelta(days=7)
CANDIDATES = 50
# What matching and proposing read of a candidate plan and its owner: never the plan's text or the
# owner's personal data, and not timestamps (converting them for fifty rows cost more than the query).
PLAN_FOR_MATCHING: tuple[Any, ...] = (
    Plan.id,
    Plan.officer_id,
    Plan.number,
    Plan.service_areas,
    Plan.delivery_model,
    Plan.stage,
    Plan.timeline_year,
    Plan.timeline_month,
    Plan.status,
    Plan.advise_others,
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
    prefer_ahead: bool = True  # among good matches, rank peers one or two stages ahead first
    adviser_per_month: int = 4  # offers of advice an adviser gets in any 30 days, on top of the weekly cap
    circles: bool = True  # circles: offer a circle when three or more councils are comparable


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
class Peer:
    """A candidate plan and its owner as matching read them: plain values, made into a Plan and an Officer
    only once proposed (making fifty of each cost more than reading them)."""

    plan_id: int
    officer_id: int
    organisation_id: int | None
    workspace: WorkspaceRef
    values: Mapping[Any, Any]

    def plan(self) -> Plan:
        """The candidate plan, with what proposing and its message need."""
        return Plan(**{str(column.key): self.values[f"plan_{column.key}"] for column in PLAN_FOR_MATCHING})

    def owner(self) -> Officer:
        """The candidate plan's owner, with what proposing and its message need."""
        values = {str(column.key): self.values[f"owner_{column.key}"] for column in OWNER_FOR_MATCHING}
        return Officer(id=self.officer_id, **values)


@dataclass(frozen=True)
class Matchable:
    """Candidates that may be matched now, with the councils behind their organisations and the owner's,
    and their workspaces' settings."""

    peers: dict[int, Peer]  # by plan id
    councils: dict[int, Council | None]  # by organisation id; None for one typed in by an officer
    policies: dict[WorkspaceRef, Policy]


@functools.cache
def _matchable_statement(dialect: str) -> Executable:
    """Candidates (`ids`) still matchable, with their councils and settings and the owner's council
    (`own_organisation`); built once per database kind, as building it cost more than running it."""
    own_code = (
        select_rows(col(Organisation.directory_code))
        .where(col(Organisation.id) == bindparam("own_organisation"))
        .scalar_subquery()
    )
    return (
        select_rows(
            *(col(column).label(f"plan_{column.key}") for column in PLAN_FOR_MATCHING),
            *(col(column).label(f"owner_{column.key}") for column in OWNER_FOR_MATCHING),
            col(Organisation.directory_code).label("code"),
            own_code.label("own_code"),
            col(Workspace.id).label("settings_id"),
            *(col(column).label(column.key) for column in MATCHING_SETTINGS),
        )
        .select_from(Plan)
        .join(Officer, col(Officer.id) == col(Plan.officer_id))
        .join(Organisation, col(Organisation.id) == col(Officer.organisation_id))
        .outerjoin(
            Workspace,
            and_(
                col(Workspace.platform) == col(Officer.platform),
                col(Workspace.workspace_id) == col(Officer.workspace_id),
            ),
        )
        .where(
            among_bound(dialect, col(Plan.id), "ids"),
            col(Officer.verified).is_(True),
            col(Officer.reachable).is_(True),
        )
    )


def still_matchable(
    session: Session, plan_ids: list[int], owner: Officer, directory: CouncilDirectory
) -> Matchable:
    """Those of these plans that may be matched now: active, owner verified and reachable."""
    if not plan_ids:
        return Matchable({}, {}, {})
    read: dict[int | None, tuple[frozenset[int], Matchable]] | None = session.info.get(_MATCHABLE_READ)
    if read is not None and owner.id in read and read[owner.id][0].issuperset(plan_ids):
        before = read[owner.id][1]
        peers = {pid: before.peers[pid] for pid in plan_ids if pid in before.peers}
        return Matchable(peers, dict(before.councils), dict(before.policies))
    found = _still_matchable(session, plan_ids, owner, directory)
    if read is not None:
        read[owner.id] = (frozenset(plan_ids), Matchable(dict(found.peers), found.councils, found.policies))
    return Matchable(found.peers, dict(found.councils), dict(found.policies))


# In a session's `info` while `candidates_read_once` holds: what `still_matchable` read, by owner.
_MATCHABLE_READ = "matchable read"


@contextlib.contextmanager
def candidates_read_once(session: Session) -> Iterator[None]:
    """While matching one plan (a circle, then pairs), read its candidates' standing once: nothing either
    writes changes whether a plan may be matched."""
    session.info[_MATCHABLE_READ] = {}
    try:
        yield
    finally:
        session.info.pop(_MATCHABLE_READ, None)


def _still_matchable(
    session: Session, plan_ids: list[int], owner: Officer, directory: CouncilDirectory
) -> Matchable:
    statement = _matchable_statement(session.get_bind().dialect.name)
    rows = session.execute(statement, {"ids": plan_ids, "own_organisation": owner.organisation_id})
    peers: dict[int, Peer] = {}
    # The owner's council comes back on every row (the database looks it up once): without any
    # candidate it is not needed.
    codes: dict[int, str | None] = {}
    policies: dict[WorkspaceRef, Policy] = {}
    for row in rows.mappings():
        codes[row["owner_organisation_id"] or 0] = row["code"]
        workspace = WorkspaceRef(row["owner_platform"], row["owner_workspace_id"])
        if workspace not in policies:
            policies[workspace] = matching_policy(row if row["settings_id"] is not None else None)
        if owner.organisation_id is not None:
            codes[owner.organisation_id] = row["own_code"]
        # The status is checked here, not in SQL: given `status = 'active'` (true of nearly every
        # plan), a planner without fresh statistics ANDs all of ix_plan_status into these few
        # primary-key lookups.
        if row["plan_status"] == PlanStatus.ACTIVE:
            peers[row["plan_id"]] = Peer(
                plan_id=row["plan_id"],
                officer_id=row["plan_officer_id"],
                organisation_id=row["owner_organisation_id"],
                workspace=workspace,
                values=row,
            )
    councils = {oid: directory.by_code(code) if code else None for oid, code in codes.items()}
    return Matchable(peers, councils, policies)


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


def rank_for(
    session: Session,
    plan: Plan,
    owner: Officer,
    *,
    rules: MatchRules,
    index: MatchIndex,
    now: datetime,
    own_policy: Policy | None = None,
) -> list[Candidate]:
    """Rank a newly confirmed plan's good matches once, for a circle and for pairs alike; [] if it is
    not to be matched now. Colleagues' plans come too only where the owner's workspace allows it."""
    if plan.status != PlanStatus.ACTIVE or not owner.verified or owner.organisation_id is None:
        return []
    own_policy = own_policy or policy_for(session, WorkspaceRef.of_officer(owner))
    if own_policy.matching_paused:
        return []
    one_matching_at_a_time(session)
    query = profile_of(plan, owner)
    if own_policy.same_organisation:
        # Let colleagues' plans through the index (which leaves out the own organisation); the
        # colleagues' workspace must allow it too, checked when proposing. Circles never take them.
        query = replace(query, organisation_id=-owner.id if owner.id else query.organisation_id)
    return index.rank(
        session,
        query,
        written=(plan, owner),
        now=now,
        limit=CANDIDATES,
        min_score=rules.threshold,
        prefer_ahead=False,  # the score stays as calibrated; the preference is a rerank, by each user
    )


def find_matches(
    session: Session,
    plan: Plan,
    owner: Officer,
    candidates: list[Candidate],
    *,
    rules: MatchRules,
    directory: CouncilDirectory,
    now: datetime,
    own_policy: Policy | None = None,
    exclude: frozenset[int] = frozenset(),  # circles: officers just offered a circle with this plan
) -> list[Match]:
    """Propose the plan to the owners of these ranked comparable plans (`rank_for`), within everyone's
    settings and caps."""
    if plan.status != PlanStatus.ACTIVE or not owner.verified or owner.organisation_id is None:
        return []
    own_workspace = WorkspaceRef.of_officer(owner)
    own_policy = own_policy or policy_for(session, own_workspace)  # the turn has usually read it already
    if own_policy.matching_paused or not candidates:
        return []
    # Matches like ones either officer said were not relevant, or not much use, come lower (feedback.py).
    avoided = avoided_profiles(session, [plan.id or 0, *(c.plan_id for c in candidates)])
    if avoided:
        own_avoided = avoided.pop(plan.id or 0, set())
        candidates = reweigh(candidates, own_avoided, avoided, min_score=rules.threshold)
    # The index may lag behind other processes: the database decides who may still be proposed.
    matchable = still_matchable(
        session, [c.plan_id for c in candidates if c.plan_id != plan.id], owner, directory
    )
    peers, councils, policies = matchable.peers, matchable.councils, matchable.policies
    assert owner.id is not None
    policies[own_workspace] = mine = own_policy
    my_cap = mine.proposals_per_week or rules.per_week
    # Weekly caps and pairs already met, read once for every candidate rather than per candidate.
    history = proposal_history(session, owner.id, {p.officer_id for p in peers.values()}, now - WEEK)
    counts, closed = history.since, history.closed
    # Offers each officer's plans made count under a keyed hash too, so erasing oneself and coming back
    # does not start a new week's allowance, to make offers or to receive them (a prober must not use up
    # other officers' offers; theirs with it stop counting once it erased itself, in proposal_history).
    identities = {owner.id: identity_of(owner)} | {p.officer_id: _identity(p) for p in peers.values()}
    for officer_id, made_before in offers_made(session, identities, now=now).items():
        counts[officer_id] = max(counts.get(officer_id, 0), made_before)
    my_council = councils.get(owner.organisation_id)
    advice = _advice(session, plan, owner.id, peers, rules=rules, now=now)
    candidates = _stage_aware(candidates, advice, rules=rules)
    made_of: dict[int, tuple[Plan, Officer]] = {}  # candidates made into objects, once each

    def choose(store: Callable[[Proposal], Proposal | None]) -> list[Match]:
        """Go down the candidates, proposing each that everyone's settings and caps allow."""
        assert owner.id is not None
        made: list[Match] = []
        counted, met, offered = (
            dict(counts),
            set(closed) | exclude,
            dict(advice.this_month),
        )  # circles: not also as pairs
        for candidate in candidates:
            peer = peers.get(candidate.plan_id)
            if peer is None or peer.officer_id == owner.id or peer.officer_id in met:
                continue
            theirs = policies[peer.workspace]
            same = peer.organisation_id == owner.organisation_id
            their_council = councils.get(peer.organisation_id or 0)
            if not may_meet(mine, theirs, my_council, their_council, same=same):
                continue
            if counted[owner.id] >= my_cap:
                break
            if counted[peer.officer_id] >= (theirs.proposals_per_week or rules.per_week):
                continue
            adviser = advice.adviser(peer.plan_id, peer=peer.officer_id, owner=owner.id)
            if adviser is not None and offered[adviser] >= advice.per_month:
                continue
            if peer.plan_id not in made_of:
                made_of[peer.plan_id] = (peer.plan(), peer.owner())
            other_plan, other_owner = made_of[peer.plan_id]
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
                counted[peer.officer_id] += 1
                met.add(peer.officer_id)
                if adviser is not None:
                    offered[adviser] += 1
        return made

    # Usually every chosen pair is new, and all are stored in one statement. If one of them was proposed
    # before (an edited plan whose earlier proposal lapsed), choose again storing one at a time, so the
    # next candidate takes its place.
    made = choose(lambda proposal: proposal)
    if made and not propose_all(session, [m.proposal for m in made]):
        made = choose(lambda proposal: propose(session, proposal))
    if made:
        count_offers_made(session, owner, len(made), now=now)
    return made


def offers_made(session: Session, identities: Mapping[int, Identity], *, now: datetime) -> dict[int, int]:
    """How many offers each of these officers' plans made in the last week, erasures in between included
    (by officer id; one statement)."""
    by_scope = {keyed_scope(OFFERS_SCOPE, identity): officer for officer, identity in identities.items()}
    rows = session.execute(
        select_rows(col(InboundCount.scope), func.sum(InboundCount.count))
        .where(col(InboundCount.scope).in_(list(by_scope)), col(InboundCount.window_start) > now - WEEK)
        .group_by(col(InboundCount.scope))
    ).all()
    return {by_scope[scope]: int(total) for scope, total in rows}


def _identity(peer: Peer) -> Identity:
    values = peer.values
    return Identity(values["owner_platform"], values["owner_workspace_id"], values["owner_user_id"])


def count_offers_made(session: Session, owner: Officer, how_many: int, *, now: datetime) -> None:
    """Count offers this officer's plan just made (kept a week, outliving the officer: DESIGN.md rule 9)."""
    window = now.replace(second=0, microsecond=0)
    scope = keyed_scope(OFFERS_SCOPE, identity_of(owner))
    add_one(session, InboundCount, {"scope": scope, "window_start": window}, how_many=how_many)


def _advice(
    session: Session, plan: Plan, owner_id: int, peers: dict[int, Peer], *, rules: MatchRules, now: datetime
) -> AdviceOffers:
    """Which candidates would be offers of advice ("been there" peers), and each adviser's month so far."""
    sides = {
        pid: (
            peer.officer_id,
            Side(
                peer.values["plan_stage"],
                peer.values["plan_delivery_model"],
                peer.values["plan_advise_others"],
            ),
        )
        for pid, peer in peers.items()
    }
    return advice_offers(session, Side.of(plan), owner_id, sides, now=now, per_month=rules.adviser_per_month)


def _stage_aware(candidates: list[Candidate], advice: AdviceOffers, *, rules: MatchRules) -> list[Candidate]:
    """Among the good matches, peers one or two stages ahead, and advisers ahead, first (when preferred)."""
    if not rules.prefer_ahead:
        return candidates
    return prefer_ahead(candidates, advisers=advice.to_owner)
