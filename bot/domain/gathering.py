"""Offering a circle: when a confirmed plan is comparable with plans of two or more other councils that
are comparable with each other, offer them one circle rather than separate pairs; or let the plan join
a circle still being offered.

Comparable with each other means, structurally: every member's plan shares a service area with all
the others and considers the same kind of change, and each is among the confirmed plan's good matches
(the model's score above the threshold). Everyone's settings must let every two of them meet, and no
two of them may have been introduced as a pair, or offered to each other as a pair that has lapsed
(declined or not: a no is never told apart from silence), or been offered a circle together before.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import combinations

from sqlalchemy import CompoundSelect, func, literal, or_, union_all
from sqlalchemy import select as select_rows
from sqlmodel import Session, col, select

from bot.domain.answer_moves import OPEN_STATES
from bot.domain.circles import LARGEST, SMALLEST, members_of, reserve_numbers, yes_members
from bot.domain.directory import CouncilDirectory
from bot.domain.matchmaking import (
    WEEK,
    MatchRules,
    Peer,
    may_meet,
    still_matchable,
)
from bot.domain.newcomers import may_join, offer_place, request_of, taken_places, welcomed_newcomers
from bot.domain.proposals import proposal_history
from bot.domain.workspaces import Policy, WorkspaceRef, policy_for
from bot.storage.database import among_bound
from bot.storage.models import (
    Circle,
    CircleAnswer,
    CircleMember,
    CircleRequest,
    CircleState,
    CircleWelcome,
    Officer,
    Plan,
    PlanStatus,
    Proposal,
    ProposalState,
)
from matching import taxonomy
from matching.ahead import prefer_ahead
from matching.profile import Candidate


@dataclass(frozen=True)
class CircleOffer:
    """A circle just offered (or joined while still offered), and the officers to send it to now."""

    circle: Circle
    invited: list[tuple[Officer, Plan, int]]  # each new member, their plan and their number for it
    members: frozenset[int] = field(default_factory=frozenset)  # every member's officer id
    request: CircleRequest | None = None  # a place offered in a circle that has formed already


class _Member:
    """An officer a circle may take, with their plan: the plan and officer are made from the values read
    only when needed (most candidates are passed over, and making them costs more than the rest)."""

    def __init__(
        self,
        officer_id: int,
        organisation_id: int,
        workspace: WorkspaceRef,
        *,
        plan: Plan | None = None,
        owner: Officer | None = None,
        peer: Peer | None = None,
    ) -> None:
        self.officer_id = officer_id
        self.organisation_id = organisation_id
        self.workspace = workspace
        self._plan, self._owner, self._peer = plan, owner, peer
        self.plan_id: int | None = plan.id if plan is not None else peer.plan_id if peer else None
        areas = plan.service_areas if plan is not None else peer.values["plan_service_areas"] if peer else []
        self.service_areas: list[str] = list(areas)

    @property
    def plan(self) -> Plan:
        if self._plan is None:
            assert self._peer is not None
            self._plan = self._peer.plan()
        return self._plan

    @property
    def owner(self) -> Officer:
        if self._owner is None:
            assert self._peer is not None
            self._owner = self._peer.owner()
        return self._owner


def offer_circle(
    session: Session,
    plan: Plan,
    owner: Officer,
    candidates: list[Candidate],
    *,
    rules: MatchRules,
    directory: CouncilDirectory,
    now: datetime,
    own_policy: Policy | None = None,
) -> CircleOffer | None:
    """Offer a circle for this newly confirmed plan, or add it to one being offered; None if neither.

    `candidates`: the plan's good matches as `matchmaking.rank_for` ranked them (shared with pairs)."""
    if not rules.circles or plan.status != PlanStatus.ACTIVE or not owner.verified:
        return None
    if (
        owner.organisation_id is None
        or plan.delivery_model is None
        or not plan.service_areas
        or owner.id is None
    ):
        return None
    own_workspace = WorkspaceRef.of_officer(owner)
    mine = own_policy or policy_for(session, own_workspace)
    if mine.matching_paused:
        return None
    if rules.prefer_ahead:  # peers one or two stages ahead first, as for pairs
        candidates = prefer_ahead(candidates)
    matchable = still_matchable(
        session, [c.plan_id for c in candidates if c.plan_id != plan.id], owner, directory
    )
    policies = {**matchable.policies, own_workspace: mine}
    me = _Member(owner.id, owner.organisation_id, own_workspace, plan=plan, owner=owner)
    found = [matchable.peers.get(c.plan_id) for c in candidates]
    others = [p for p in found if p is not None and p.organisation_id not in (None, owner.organisation_id)]
    # Compared on the values read before a plan is made of them: making one costs more than comparing.
    peers = [_member_of(p) for p in others if _comparable_values(plan, p)]
    if len(peers) < SMALLEST - 1:
        return None

    def meet(first: _Member, second: _Member) -> bool:
        councils = matchable.councils
        return may_meet(
            policies[first.workspace], policies[second.workspace],
            councils.get(first.organisation_id), councils.get(second.organisation_id), same=False,
        )  # fmt: skip

    apart = _kept_apart(session, [me.officer_id, *(p.officer_id for p in peers)])
    joined = _join_offered(session, me, peers, meet=meet, apart=apart, now=now)
    if joined is not None:
        return joined
    own_days = mine.proposal_expiry_days
    expiry = timedelta(days=own_days) if own_days else rules.expiry
    place = _join_formed(session, me, peers, meet=meet, apart=apart, now=now, expiry=expiry)
    if place is not None:
        return place
    counts = _offers_this_week(session, me.officer_id, {p.officer_id for p in peers}, now=now)
    if counts[me.officer_id] >= (mine.proposals_per_week or rules.per_week):
        return None
    in_circles = _in_open_circles(session, [p.plan_id for p in peers if p.plan_id is not None])
    chosen: list[_Member] = [me]
    areas = set(plan.service_areas)
    for peer in peers:
        if len(chosen) == LARGEST:
            break
        cap = policies[peer.workspace].proposals_per_week or rules.per_week
        if peer.plan_id in in_circles or counts[peer.officer_id] >= cap:
            continue
        if any(peer.organisation_id == m.organisation_id for m in chosen):
            continue
        if not areas & set(peer.service_areas):
            continue
        if any(not meet(peer, m) or frozenset((peer.officer_id, m.officer_id)) in apart for m in chosen):
            continue
        chosen.append(peer)
        areas &= set(peer.service_areas)
    if len(chosen) < SMALLEST:
        return None
    days = [d for m in chosen if (d := policies[m.workspace].proposal_expiry_days)]
    plans = [m.plan for m in chosen]
    stages = _stage_band(plans)
    years = sorted(p.timeline_year for p in plans if p.timeline_year is not None)
    circle = Circle(
        state=CircleState.OFFERED,
        size_cap=LARGEST,
        shared_service_areas=sorted(areas),
        shared_delivery_model=plan.delivery_model,
        stage_from=stages[0] if stages else None,
        stage_to=stages[-1] if stages else None,
        year_from=years[0] if years else None,
        year_to=years[-1] if years else None,
        created_at=now,
        expires_at=now + (timedelta(days=min(days)) if days else rules.expiry),
    )
    session.add(circle)
    session.flush()
    return _invite(session, circle, chosen, now=now, members=frozenset(m.officer_id for m in chosen))


def _member_of(peer: Peer) -> _Member:
    assert peer.organisation_id is not None
    return _Member(peer.officer_id, peer.organisation_id, peer.workspace, peer=peer)


def _comparable_values(plan: Plan, peer: Peer) -> bool:
    """Same kind of change and a service area in common (what every member of a circle shares), for a
    candidate's plan, on the values read for it."""
    return peer.values["plan_delivery_model"] == plan.delivery_model and bool(
        set(plan.service_areas) & set(peer.values["plan_service_areas"])
    )


def _stage_band(plans: Iterable[Plan]) -> list[str]:
    order = [option.code for option in taxonomy.stages()]
    return sorted({p.stage for p in plans if p.stage in order}, key=order.index)


def _invite(
    session: Session, circle: Circle, invited: list[_Member], *, now: datetime, members: frozenset[int]
) -> CircleOffer:
    assert circle.id is not None
    numbers = reserve_numbers(session, [m.officer_id for m in invited])
    for m in invited:
        session.add(
            CircleMember(
                circle_id=circle.id,
                officer_id=m.officer_id,
                organisation_id=m.organisation_id,
                plan_id=m.plan.id,
                number=numbers[m.officer_id],
                joined_at=now,
            )
        )
    session.flush()
    return CircleOffer(circle, [(m.owner, m.plan, numbers[m.officer_id]) for m in invited], members)


def _join_offered(
    session: Session,
    me: _Member,
    peers: list[_Member],
    *,
    meet: Callable[[_Member, _Member], bool],
    apart: set[frozenset[int]],
    now: datetime,
) -> CircleOffer | None:
    """Add the plan to a circle still being offered whose members are all among its good matches."""
    by_plan = {p.plan_id: p for p in peers}
    # Ids first: PostgreSQL cannot compare the JSON column that DISTINCT on whole rows would need to.
    circle_ids = (
        select_rows(col(CircleMember.circle_id))
        .join(Circle, col(Circle.id) == col(CircleMember.circle_id))
        .where(
            col(CircleMember.plan_id).in_([pid for pid in by_plan if pid is not None]),
            col(Circle.state) == CircleState.OFFERED,
            col(Circle.lapse_notified).is_(False),
            col(Circle.expires_at) > now,
        )
        .distinct()
    )
    statement = select(Circle).where(col(Circle.id).in_(circle_ids)).order_by(col(Circle.id))
    for circle in session.exec(statement).all():
        members = members_of(session, circle.id or 0)
        if len(members) >= circle.size_cap or circle.shared_delivery_model != me.plan.delivery_model:
            continue
        if not set(circle.shared_service_areas) & set(me.plan.service_areas):
            continue
        if any(m.organisation_id == me.organisation_id or m.officer_id == me.officer_id for m in members):
            continue
        known = [by_plan.get(m.plan_id) for m in members]
        if any(k is None for k in known):
            continue  # a member's plan is not among this plan's good matches (or was withdrawn)
        if any(not meet(me, k) or frozenset((me.officer_id, k.officer_id)) in apart for k in known if k):
            continue
        return _invite(
            session, circle, [me], now=now, members=frozenset(m.officer_id for m in members) | {me.officer_id}
        )
    return None


def _join_formed(
    session: Session,
    me: _Member,
    peers: list[_Member],
    *,
    meet: Callable[[_Member, _Member], bool],
    apart: set[frozenset[int]],
    now: datetime,
    expiry: timedelta,
) -> CircleOffer | None:
    """Offer the plan a place in a formed circle below its size cap whose members (those who said yes)
    are all among its good matches, may meet it and were never kept apart from it."""
    by_plan = {p.plan_id: p for p in peers}
    circle_ids = (
        select_rows(col(CircleMember.circle_id))
        .join(Circle, col(Circle.id) == col(CircleMember.circle_id))
        .where(
            col(CircleMember.plan_id).in_([pid for pid in by_plan if pid is not None]),
            col(CircleMember.answer) == CircleAnswer.YES,
            col(Circle.state) == CircleState.FORMED,
        )
        .distinct()
    )
    statement = select(Circle).where(col(Circle.id).in_(circle_ids)).order_by(col(Circle.id))
    for circle in session.exec(statement).all():
        assert circle.id is not None
        if circle.shared_delivery_model != me.plan.delivery_model:
            continue
        if not set(circle.shared_service_areas) & set(me.plan.service_areas):
            continue
        members = [m for m, _ in yes_members(session, circle.id)]
        if len(members) + taken_places(session, circle.id, now=now) >= circle.size_cap:
            continue
        if request_of(session, circle.id, me.officer_id) is not None:
            continue
        # Later officers who are in the circle, or may be by the time this one says yes, would be asked
        # about them too: the same rules hold for them as for the members.
        people = [(m.organisation_id, m.plan_id) for m in members]
        people += [(r.organisation_id, r.plan_id) for r in may_join(session, circle.id, now=now)]
        if any(organisation == me.organisation_id for organisation, _ in people):
            continue
        known = [by_plan.get(plan_id) for _, plan_id in people]
        if any(k is None for k in known):
            continue  # a plan of someone in it is not among this plan's good matches (or was withdrawn)
        if any(not meet(me, k) or frozenset((me.officer_id, k.officer_id)) in apart for k in known if k):
            continue
        assert me.plan.id is not None
        request = offer_place(
            session,
            circle_id=circle.id,
            officer_id=me.officer_id,
            organisation_id=me.organisation_id,
            plan_id=me.plan.id,
            now=now,
            expires_at=now + expiry,
        )
        invited = [(me.owner, me.plan, request.number)]
        joined = {r.officer_id for r, _ in welcomed_newcomers(session, circle.id)}
        everyone = frozenset(m.officer_id for m in members) | joined | {me.officer_id}
        return CircleOffer(circle, invited, everyone, request=request)
    return None


def _kept_apart(session: Session, officers: list[int]) -> set[frozenset[int]]:
    """Pairs of these officers never to be offered together again: a pair declined, introduced or
    lapsed, or a circle they were both offered."""
    apart: set[frozenset[int]] = set()
    together: dict[int, list[int]] = {}
    statement = _kept_apart_statement(session.get_bind().dialect.name)
    for kind, first, second in session.execute(statement, {"officers": list(officers)}).all():
        if kind == _IN_CIRCLE:
            together.setdefault(first, []).append(second)
        else:
            apart.add(frozenset((first, second)))
    for group in together.values():
        apart.update(frozenset(pair) for pair in combinations(group, 2))
    return {pair for pair in apart if len(pair) == 2}


# What `_kept_apart` reads, each row a kind and two ids: a pair of officers kept apart, or a circle and
# one of its members.
_PAIR, _IN_CIRCLE = 0, 1


@functools.cache
def _kept_apart_statement(dialect: str) -> CompoundSelect[int, int, int]:
    """One statement, built once per kind of database, for what were four reads and one more for each
    circle an officer was offered a place in: this runs whenever a plan has candidates."""
    a, b = col(Proposal.officer_a_id), col(Proposal.officer_b_id)
    # A pair still open counts the same whether one side has said no or not: until it lapses, a no must
    # look exactly like silence, here too (tests/bot/test_leak_properties.py).
    closed = or_(col(Proposal.state) == ProposalState.INTRODUCED, col(Proposal.lapse_notified).is_(True))
    pairs = select_rows(literal(_PAIR), a, b).where(
        among_bound(dialect, a, "officers"), among_bound(dialect, b, "officers"), closed
    )
    circles = select_rows(
        literal(_IN_CIRCLE), col(CircleMember.circle_id), col(CircleMember.officer_id)
    ).where(among_bound(dialect, col(CircleMember.officer_id), "officers"))
    # A later officer offered a place in a circle is never offered its members again, whatever came of it.
    offered = (
        select_rows(literal(_PAIR), col(CircleRequest.officer_id), col(CircleMember.officer_id))
        .join(CircleMember, col(CircleMember.circle_id) == col(CircleRequest.circle_id))
        .where(among_bound(dialect, col(CircleRequest.officer_id), "officers"))
    )
    # Nor anyone asked about them there (a later officer already in it, asked about a later one).
    asked = (
        select_rows(literal(_PAIR), col(CircleRequest.officer_id), col(CircleWelcome.officer_id))
        .join(CircleWelcome, col(CircleWelcome.request_id) == col(CircleRequest.id))
        .where(
            or_(
                among_bound(dialect, col(CircleRequest.officer_id), "officers"),
                among_bound(dialect, col(CircleWelcome.officer_id), "officers"),
            )
        )
    )
    return union_all(pairs, circles, offered, asked)


def _in_open_circles(session: Session, plan_ids: list[int]) -> set[int]:
    """Those of these plans in a circle still offered or formed and not yet expired."""
    if not plan_ids:
        return set()
    statement = _in_open_circles_statement(session.get_bind().dialect.name)
    found = session.execute(statement, {"plans": list(plan_ids)}).scalars().all()
    return {pid for pid in found if pid is not None}


@functools.cache
def _in_open_circles_statement(dialect: str) -> CompoundSelect[int | None]:
    """Members' plans and later officers' asking plans in one read, built once per kind of database."""
    members = (
        select_rows(col(CircleMember.plan_id))
        .join(Circle, col(Circle.id) == col(CircleMember.circle_id))
        .where(
            among_bound(dialect, col(CircleMember.plan_id), "plans"),
            col(Circle.state).in_(OPEN_STATES),
            col(Circle.lapse_notified).is_(False),
        )
    )
    asking = select_rows(col(CircleRequest.plan_id)).where(
        among_bound(dialect, col(CircleRequest.plan_id), "plans"),
        col(CircleRequest.lapse_notified).is_(False),
    )
    return union_all(members, asking)


def _offers_this_week(
    session: Session, officer_id: int, others: set[int], *, now: datetime
) -> dict[int, int]:
    """Pairs and circles offered to each of these officers in the last week: a circle counts as one."""
    counts = proposal_history(session, officer_id, others, now - WEEK).since
    statement = (
        select_rows(col(CircleMember.officer_id), func.count())
        .where(
            col(CircleMember.officer_id).in_(list(others | {officer_id})),
            col(CircleMember.joined_at) > now - WEEK,
        )
        .group_by(col(CircleMember.officer_id))
    )
    for officer, number in session.execute(statement).all():
        counts[officer] = counts.get(officer, 0) + number
    return counts
