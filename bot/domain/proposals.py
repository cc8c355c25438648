"""The consent state machine: proposed → each side answers → introduced, declined or expired.

Every transition is one conditional UPDATE, so two officers answering at the same instant from two
processes still produce exactly one introduction: the database serialises the two updates on the
row, and only the update that sees the other side's acceptance moves the proposal to `introduced`.
A decline is never revealed: the other side is told the proposal lapsed, at its expiry, exactly as
if nobody had answered.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import Executable, Integer, Table, and_, bindparam, case, delete, func, or_, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select as select_rows
from sqlmodel import Session, col, select

from bot.domain.numbering import number_sides, side_numbers
from bot.storage.database import among_bound, insert_with_conflicts
from bot.storage.models import Introduction, Plan, Proposal, ProposalState, Response
from bot.storage.types import UTCDateTime

OPEN_STATES = (ProposalState.PROPOSED, ProposalState.DECLINED)


class Answer(StrEnum):
    WAITING = "waiting"  # recorded; the other side has not (visibly) said yes
    DECLINED = "declined"
    INTRODUCED = "introduced"
    ALREADY_ANSWERED = "already_answered"
    LAPSED = "lapsed"
    NOT_A_CHOICE = "not_a_choice"  # no such proposal, or not this officer's


@dataclass(frozen=True)
class Lapse:
    """Tell this officer that this proposal (their match `number`) lapsed."""

    proposal_id: int
    officer_id: int
    plan_id: int
    number: int


@dataclass(frozen=True)
class Reminder:
    """Remind this officer that this proposal awaits their answer."""

    proposal_id: int
    officer_id: int


class ViewerState(StrEnum):
    AWAITING_YOU = "awaiting_you"
    AWAITING_THEM = "awaiting_them"
    YOU_DECLINED = "you_declined"
    INTRODUCED = "introduced"
    LAPSED = "lapsed"
    MET_IN_CIRCLE = "met_in_circle"  # both said yes in one formed circle, and were introduced there


def side_of(proposal: Proposal, officer_id: int) -> str | None:
    """'a' or 'b' for a party to the proposal, otherwise None."""
    if proposal.officer_a_id == officer_id:
        return "a"
    if proposal.officer_b_id == officer_id:
        return "b"
    return None


def own_plan_id(proposal: Proposal, officer_id: int) -> int | None:
    """The id of this officer's plan in the proposal."""
    side = side_of(proposal, officer_id)
    return proposal.plan_a_id if side == "a" else proposal.plan_b_id if side == "b" else None


def other_plan_id(proposal: Proposal, officer_id: int) -> int | None:
    """The id of the other officer's plan in the proposal."""
    side = side_of(proposal, officer_id)
    return proposal.plan_b_id if side == "a" else proposal.plan_a_id if side == "b" else None


def other_officer_id(proposal: Proposal, officer_id: int) -> int | None:
    """The id of the other officer in the proposal."""
    side = side_of(proposal, officer_id)
    return proposal.officer_b_id if side == "a" else proposal.officer_a_id if side == "b" else None


CLOSED_TO_EACH_OTHER = (ProposalState.PROPOSED, ProposalState.DECLINED, ProposalState.INTRODUCED)


@dataclass(frozen=True)
class History:
    """What matching needs of past proposals: weekly counts, and whom the officer may not meet again."""

    since: dict[int, int]  # proposals each officer was party to since the moment asked about
    closed: set[int]  # officers with an open, declined or introduced proposal with this one


@functools.cache
def _history_statement(dialect: str) -> Executable:
    """Proposals of `everyone` since `since`, and `officer`'s closed ones; built once per database kind."""
    a, b = col(Proposal.officer_a_id), col(Proposal.officer_b_id)
    recent = col(Proposal.created_at) > bindparam("since", type_=UTCDateTime())
    closed = col(Proposal.state).in_(CLOSED_TO_EACH_OTHER)
    officer = bindparam("officer", type_=Integer)
    return select_rows(a, b, recent, closed).where(
        or_(among_bound(dialect, a, "everyone"), among_bound(dialect, b, "everyone")),
        or_(recent, and_(or_(a == officer, b == officer), closed)),
    )


def proposal_history(session: Session, officer_id: int, others: set[int], since: datetime) -> History:
    """For one officer and their candidates: proposals since a moment, and the officer's closed partners.

    One statement for both, since matching asks both of every confirmation.
    """
    everyone = others | {officer_id}
    statement = _history_statement(session.get_bind().dialect.name)
    rows = session.execute(statement, {"everyone": list(everyone), "since": since, "officer": officer_id})
    counts = dict.fromkeys(everyone, 0)
    partners: set[int] = set()
    for first, second, is_recent, is_closed in rows.all():
        # A proposal whose other side erased themselves no longer counts against anyone's weekly cap: a
        # prober re-creating itself must not use up the offers of the officers it probed. It counts
        # against the prober instead, under a keyed hash (matchmaking.offers_made).
        if is_recent and first is not None and second is not None:
            for officer in (first, second):
                if officer in counts:
                    counts[officer] += 1
        if is_closed and officer_id in (first, second):
            partner = second if first == officer_id else first
            if partner is not None:
                partners.add(partner)
    return History(counts, partners)


def new_proposal(
    first: Plan,
    second: Plan,
    *,
    score: float,
    shared_service_areas: tuple[str, ...],
    shared_delivery_model: str | None,
    now: datetime,
    expiry: timedelta,
) -> Proposal:
    """A proposal for two plans, not yet stored."""
    a, b = (first, second) if (first.id or 0) < (second.id or 0) else (second, first)
    return Proposal(
        plan_a_id=a.id,
        plan_b_id=b.id,
        officer_a_id=a.officer_id,
        officer_b_id=b.officer_id,
        score=round(score, 4),
        shared_service_areas=list(shared_service_areas),
        shared_delivery_model=shared_delivery_model,
        created_at=now,
        expires_at=now + expiry,
    )


_PROPOSAL_VALUES = tuple(str(column.key) for column in sa_inspect(Proposal).columns if column.key != "id")


def propose(session: Session, proposal: Proposal) -> Proposal | None:
    """Store a proposal; None if the pair was already proposed (by anyone, ever)."""
    return proposal if propose_all(session, [proposal]) else None


@functools.cache
def _propose_statement(dialect: str) -> Executable:
    """Insert proposals (run with many rows: one statement) leaving out any pair already proposed, rather
    than failing, so there is no savepoint to roll back to; built once per database kind."""
    insert = insert_with_conflicts(dialect)
    table = cast(Table, sa_inspect(Proposal).local_table)
    return insert(table).on_conflict_do_nothing().returning(table.c.id, table.c.plan_a_id, table.c.plan_b_id)


def propose_all(session: Session, proposals: list[Proposal]) -> bool:
    """Store proposals together (one statement), or none of them if any pair was already proposed; each
    side gets its officer's next match number, in the order given."""
    statement = _propose_statement(session.get_bind().dialect.name)
    rows = [{key: getattr(proposal, key) for key in _PROPOSAL_VALUES} for proposal in proposals]
    stored = {(a, b): pid for pid, a, b in session.connection().execute(statement, rows).all()}
    if len(stored) < len(proposals):
        # All or none: this transaction's own rows, seen by nobody else yet.
        if stored:
            session.execute(delete(Proposal).where(col(Proposal.id).in_(list(stored.values()))))
        return False
    for proposal in proposals:
        proposal.id = stored[(proposal.plan_a_id, proposal.plan_b_id)]
    number_sides(session, proposals)
    return True


def answer(session: Session, *, proposal_id: int, officer_id: int, accept: bool, now: datetime) -> Answer:
    """Record an officer's yes or no, atomically; create the introduction when the second yes lands."""
    proposal = session.get(Proposal, proposal_id)
    side = side_of(proposal, officer_id) if proposal else None
    if proposal is None or side is None:
        return Answer.NOT_A_CHOICE
    mine = col(Proposal.response_a) if side == "a" else col(Proposal.response_b)
    theirs = col(Proposal.response_b) if side == "a" else col(Proposal.response_a)
    values: dict[Any, Any] = {mine: Response.ACCEPTED if accept else Response.DECLINED}
    if accept:
        both = and_(col(Proposal.state) == ProposalState.PROPOSED, theirs == Response.ACCEPTED)
        values[col(Proposal.state)] = case((both, ProposalState.INTRODUCED.value), else_=col(Proposal.state))
        values[col(Proposal.closed_at)] = case((both, now), else_=col(Proposal.closed_at))
    else:
        proposed = col(Proposal.state) == ProposalState.PROPOSED
        values[col(Proposal.state)] = case(
            (proposed, ProposalState.DECLINED.value), else_=col(Proposal.state)
        )
        values[col(Proposal.closed_at)] = case((proposed, now), else_=col(Proposal.closed_at))
    statement = (
        update(Proposal)
        .where(
            col(Proposal.id) == proposal_id,
            col(mine).is_(None),
            col(Proposal.state).in_(OPEN_STATES),
            col(Proposal.lapse_notified).is_(False),
            col(Proposal.expires_at) > now,
        )
        .values(values)
        .returning(col(Proposal.state))
        .execution_options(synchronize_session=False)
    )
    new_state = session.execute(statement).scalar_one_or_none()
    session.refresh(proposal)
    if new_state is None:
        return Answer.ALREADY_ANSWERED if getattr(proposal, f"response_{side}") else Answer.LAPSED
    if not accept:
        return Answer.DECLINED
    if new_state == ProposalState.INTRODUCED:
        session.add(Introduction(proposal_id=proposal_id, created_at=now))
        session.flush()
        return Answer.INTRODUCED
    return Answer.WAITING


def step_back(session: Session, proposal: Proposal, officer_id: int, *, now: datetime) -> None:
    """Withdraw an officer from an open proposal as a decline would (plan withdrawn, officer erased)."""
    side = side_of(proposal, officer_id)
    if side is None or proposal.state not in OPEN_STATES:
        return
    setattr(proposal, f"response_{side}", Response.DECLINED)
    if proposal.state == ProposalState.PROPOSED:
        proposal.state = ProposalState.DECLINED
        proposal.closed_at = now
    session.add(proposal)


def due_lapses(session: Session, *, now: datetime) -> list[Lapse]:
    """Close every proposal past its expiry, once, and say whom to tell that it lapsed."""
    was_proposed = col(Proposal.state) == ProposalState.PROPOSED
    statement = (
        update(Proposal)
        .where(
            col(Proposal.expires_at) <= now,
            col(Proposal.state).in_(OPEN_STATES),
            col(Proposal.lapse_notified).is_(False),
        )
        .values(
            {
                col(Proposal.state): case(
                    (was_proposed, ProposalState.EXPIRED.value), else_=col(Proposal.state)
                ),
                col(Proposal.closed_at): func.coalesce(col(Proposal.closed_at), now),
                col(Proposal.lapse_notified): True,
            }
        )
        .returning(
            col(Proposal.id),
            col(Proposal.officer_a_id),
            col(Proposal.officer_b_id),
            col(Proposal.plan_a_id),
            col(Proposal.plan_b_id),
            col(Proposal.response_a),
            col(Proposal.response_b),
        )
        .execution_options(synchronize_session=False)
    )
    told: list[tuple[int, int, int]] = []
    for pid, officer_a, officer_b, plan_a, plan_b, response_a, response_b in session.execute(statement).all():
        # Whoever said no was told then; everyone else hears the same words now.
        if officer_a is not None and plan_a is not None and response_a != Response.DECLINED:
            told.append((pid, officer_a, plan_a))
        if officer_b is not None and plan_b is not None and response_b != Response.DECLINED:
            told.append((pid, officer_b, plan_b))
    # Read before the rows below go: a number outlives its proposal, but no longer says which it was.
    numbers = side_numbers(session, {pid for pid, _, _ in told})
    lapses = [Lapse(pid, officer, plan, numbers[(pid, officer)]) for pid, officer, plan in told]
    # Rows left by an erased officer have served their only purpose.
    session.execute(
        delete(Proposal).where(
            col(Proposal.lapse_notified).is_(True),
            or_(col(Proposal.officer_a_id).is_(None), col(Proposal.officer_b_id).is_(None)),
        )
    )
    return sorted(lapses, key=lambda lapse: (lapse.proposal_id, lapse.officer_id))


def due_reminders(session: Session, *, now: datetime, lead: timedelta) -> list[Reminder]:
    """Claim every open proposal now within `lead` of its expiry, once, and say who has yet to answer."""
    if lead <= timedelta(0):
        return []
    statement = (
        update(Proposal)
        .where(
            col(Proposal.reminded_at).is_(None),
            col(Proposal.state).in_(OPEN_STATES),
            col(Proposal.lapse_notified).is_(False),
            col(Proposal.expires_at) > now,
            col(Proposal.expires_at) <= now + lead,
        )
        .values({col(Proposal.reminded_at): now})
        .returning(
            col(Proposal.id),
            col(Proposal.officer_a_id),
            col(Proposal.officer_b_id),
            col(Proposal.response_a),
            col(Proposal.response_b),
            col(Proposal.created_at),
            col(Proposal.expires_at),
        )
        .execution_options(synchronize_session=False)
    )
    reminders: list[Reminder] = []
    for pid, officer_a, officer_b, response_a, response_b, created, expires in session.execute(statement):
        if expires - created <= lead:
            continue  # offered with less time than that to run: the proposal itself said when it lapses
        # Whoever has not answered, whatever the other side did: a reminder never hints at a decline.
        for officer, response in ((officer_a, response_a), (officer_b, response_b)):
            if officer is not None and response is None:
                reminders.append(Reminder(pid, officer))
    return sorted(reminders, key=lambda reminder: (reminder.proposal_id, reminder.officer_id))


def viewer_state(proposal: Proposal, officer_id: int) -> ViewerState:
    """How a proposal looks from one side; a decline by the other side looks like waiting, then lapsed."""
    side = side_of(proposal, officer_id)
    mine = proposal.response_a if side == "a" else proposal.response_b
    if proposal.state == ProposalState.INTRODUCED:
        return ViewerState.INTRODUCED
    if proposal.state == ProposalState.MET_IN_CIRCLE:
        return ViewerState.MET_IN_CIRCLE
    if mine == Response.DECLINED:
        return ViewerState.YOU_DECLINED
    if proposal.state == ProposalState.EXPIRED or proposal.lapse_notified:
        return ViewerState.LAPSED
    return ViewerState.AWAITING_THEM if mine == Response.ACCEPTED else ViewerState.AWAITING_YOU


def proposals_of(session: Session, officer_id: int) -> list[Proposal]:
    """Every proposal this officer is party to, oldest first."""
    statement = (
        select(Proposal)
        .where(or_(col(Proposal.officer_a_id) == officer_id, col(Proposal.officer_b_id) == officer_id))
        .order_by(col(Proposal.id))
    )
    return list(session.exec(statement).all())
