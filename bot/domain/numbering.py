"""Each officer's own numbers for their possible matches: their first is #1, their next #2, across plans.

An officer never sees a proposal's id: it counts everyone's proposals, so a first match read "#37".
Numbers are given as plan numbers are, the officer's highest so far plus one, while matching holds its
lock (see `matchmaking.one_matching_at_a_time`). The table's primary key (officer, number) is what makes
them unique: were two transactions ever to give one officer the same number, the second would fail and
its turn be tried again, rather than two matches sharing it.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import BindParameter, Integer, Select, bindparam, exists, func, insert
from sqlalchemy import select as select_rows
from sqlmodel import Session, col, delete, select

from bot.storage.models import CircleMember, CircleRequest, CircleWelcome, MatchNumber, Proposal


def number_sides(session: Session, proposals: Sequence[Proposal]) -> None:
    """Give each side of these newly stored proposals its officer's next number, in the given order."""
    officers = {o for p in proposals for o in (p.officer_a_id, p.officer_b_id) if o is not None}
    if not officers:
        return
    highest: dict[int, int] = {
        officer: number
        for officer, number in session.execute(
            select_rows(col(MatchNumber.officer_id), func.max(col(MatchNumber.number)))
            .where(col(MatchNumber.officer_id).in_(officers))
            .group_by(col(MatchNumber.officer_id))
        ).all()
    }
    rows: list[dict[str, int | None]] = []
    for proposal in proposals:
        for officer in (proposal.officer_a_id, proposal.officer_b_id):
            if officer is not None:
                highest[officer] = highest.get(officer, 0) + 1
                rows.append({"officer_id": officer, "number": highest[officer], "proposal_id": proposal.id})
    session.execute(insert(MatchNumber), rows)
    given = session.info.setdefault(_GIVEN, {})
    for row in rows:
        given[(row["proposal_id"], row["officer_id"])] = row["number"]


# In a session's `info`: the numbers this transaction gave, by (proposal id, officer id), so the
# messages about the new proposals need not read them back (a number never changes once given).
_GIVEN = "match numbers given"


def number_of(session: Session, proposal_id: int, officer_id: int) -> int:
    """The number this officer knows this proposal by (every side of every proposal has one)."""
    given = session.info.get(_GIVEN, {}).get((proposal_id, officer_id))
    if given is not None:
        return int(given)
    statement = select(MatchNumber.number).where(
        MatchNumber.proposal_id == proposal_id, MatchNumber.officer_id == officer_id
    )
    return session.exec(statement).one()


def numbered_proposals(session: Session, officer_id: int) -> list[tuple[int, Proposal]]:
    """Every proposal this officer is party to, with their number for it, in the order of the numbers."""
    rows = session.exec(_NUMBERED_PROPOSALS, params={"officer": officer_id}).all()
    return [(number, proposal) for number, proposal in rows]


# Built once: every home page of an officer with proposals reads them.
_NUMBERED_PROPOSALS = (
    select(MatchNumber.number, Proposal)
    .join(Proposal, col(Proposal.id) == col(MatchNumber.proposal_id))
    .where(col(MatchNumber.officer_id) == bindparam("officer", type_=Integer))
    .order_by(col(MatchNumber.number))
)


def side_numbers(session: Session, proposal_ids: set[int]) -> dict[tuple[int, int], int]:
    """The numbers of every side of these proposals, by (proposal id, officer id)."""
    if not proposal_ids:
        return {}
    rows = session.execute(
        select_rows(col(MatchNumber.proposal_id), col(MatchNumber.officer_id), col(MatchNumber.number)).where(
            col(MatchNumber.proposal_id).in_(proposal_ids)
        )
    ).all()
    return {(pid, officer): number for pid, officer, number in rows if pid is not None}


def forget_numbers(session: Session, officer_id: int) -> None:
    """Drop an officer's numbers, on their erasure."""
    session.info.pop(_GIVEN, None)
    session.execute(delete(MatchNumber).where(col(MatchNumber.officer_id) == officer_id))


@dataclass(frozen=True)
class Numbered:
    """Which kinds of numbered things an officer has: proposals, circles, places offered in formed
    circles, questions about later officers. Most officers have none of some, and need not be asked."""

    proposals: bool
    circles: bool
    places: bool
    welcomes: bool


def numbered_kinds(session: Session, officer_id: int) -> Numbered:
    """Which kinds of numbered things this officer has, in one query."""
    row = session.execute(_numbered_kinds(), {"officer": officer_id}).one()
    return Numbered(*(bool(flag) for flag in row))


@functools.cache
def _numbered_kinds() -> Select[bool, bool, bool, bool]:
    # Built once: building the statement would cost more than running it.
    officer: BindParameter[int] = bindparam("officer")
    return select_rows(
        exists().where(col(MatchNumber.officer_id) == officer),
        exists().where(col(CircleMember.officer_id) == officer),
        exists().where(col(CircleRequest.officer_id) == officer),
        exists().where(col(CircleWelcome.officer_id) == officer),
    )
