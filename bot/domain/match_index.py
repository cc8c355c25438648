"""A per-process index of plans, kept in step with the database, so matching one plan reads a few rows.

Each use first reads only plans changed since the last use (with a margin for transactions that were still
committing), so a confirmation costs a small query and one ranking instead of reading, decrypting and
refitting every plan. The database stays the truth: every candidate is checked there again before anything
is proposed, so a plan another process paused, withdrew or erased, or an owner who is no longer verified or
reachable, is never proposed from a stale entry. The whole index is rebuilt from the database now and then
(when it has doubled, or every REBUILD_EVERY) to drop such entries and refit the vocabulary.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from bot.storage.models import Officer, Plan, PlanStatus
from matching import Candidate, PlanIndex, PlanProfile

MARGIN = timedelta(seconds=30)
REBUILD_EVERY = timedelta(minutes=30)
REBUILD_GROWTH = 2.0


def profile_of(plan: Plan, officer: Officer) -> PlanProfile:
    """What the matcher needs of a plan: no names, no ids beyond the plan's and organisation's."""
    assert plan.id is not None and officer.id is not None
    # An owner without an organisation gets one of their own, so they are never paired by organisation.
    organisation = officer.organisation_id if officer.organisation_id is not None else -officer.id
    return PlanProfile(
        plan_id=plan.id,
        organisation_id=organisation,
        text=plan.text,
        service_areas=tuple(plan.service_areas),
        delivery_model=plan.delivery_model,
        stage=plan.stage,
    )


class MatchIndex:
    """Active plans ready for ranking, shared by every turn of one process."""

    def __init__(self, *, rebuild_inline: bool = True) -> None:
        """`rebuild_inline=False` when something calls `rebuild_if_due` periodically (as `serve` does):
        then no officer's turn waits for a full rebuild, only for the first build of an empty index."""
        self._rebuild_inline = rebuild_inline
        self._lock = threading.Lock()
        self._index = PlanIndex()
        self._seen_until: datetime | None = None
        self._built_at: datetime | None = None
        self._built_size = 0
        self._versions: dict[int, datetime] = {}  # plan id -> the updated_at indexed

    def rank(
        self,
        session: Session,
        query: PlanProfile,
        *,
        now: datetime,
        limit: int,
        min_score: float,
        prefer_ahead: bool,
        written: tuple[Plan, Officer] | None = None,
    ) -> list[Candidate]:
        """Bring the index up to date with the database, then rank other organisations' plans.

        `written`: a plan (with its owner) this transaction has just stored, taken as it is in memory
        rather than read back.
        """
        with self._lock:
            self._catch_up(session, now=now, written=written)
            return self._index.rank(query, limit=limit, min_score=min_score, prefer_ahead=prefer_ahead)

    def warm(self, session: Session, *, now: datetime) -> int:
        """Build the index now (at start-up), so the first confirmation need not; returns its size."""
        with self._lock:
            self._catch_up(session, now=now)
            return len(self._index)

    @property
    def built_at(self) -> datetime | None:
        """When the index was last built from every active plan."""
        return self._built_at

    def _due(self, now: datetime) -> bool:
        stale = self._built_at is None or now - self._built_at > REBUILD_EVERY
        grown = len(self._index) > REBUILD_GROWTH * max(self._built_size, 100)
        return stale or grown

    def rebuild_if_due(self, session: Session, *, now: datetime) -> bool:
        """Rebuild from every active plan if the index is old or has grown a lot; True if it did.

        The rebuild reads and fits outside the lock, so turns keep ranking on the old index meanwhile;
        changes made during the rebuild are caught up by the next turn (their versions differ).
        """
        with self._lock:
            if not self._due(now):
                return False
        rows = _plans(session, ids=None)
        fresh = PlanIndex(profile_of(p, o) for p, o in rows)
        versions = {p.id: p.updated_at for p, _ in rows if p.id is not None}
        with self._lock:
            self._index, self._versions = fresh, versions
            self._built_at, self._built_size = now, len(fresh)
            self._seen_until = now
        return True

    def _catch_up(
        self, session: Session, *, now: datetime, written: tuple[Plan, Officer] | None = None
    ) -> None:
        if self._built_at is None or (self._rebuild_inline and self._due(now)):
            # Only active plans are read (and decrypted): paused and withdrawn ones are never ranked.
            rows = _plans(session, ids=None)
            self._index = PlanIndex(profile_of(p, o) for p, o in rows)
            self._versions = {p.id: p.updated_at for p, _ in rows if p.id is not None}
            self._built_at, self._built_size = now, len(self._index)
        else:
            assert self._seen_until is not None
            # A light look first: only plans whose version differs from the one indexed are read in full.
            since = {"since": self._seen_until - MARGIN}
            versions = {i: at for i, at in session.exec(_RECENT, params=since).all() if i is not None}
            changed = [i for i, at in versions.items() if self._versions.get(i) != at]
            # A plan this transaction just wrote is indexed as it is in memory, not read back.
            mine = _just_written(written, changed, versions)
            to_read = [i for i in changed if mine is None or i != mine[0].id]
            rows = [mine] if mine is not None else []
            for plan, officer in [*rows, *(_plans(session, ids=to_read) if to_read else ())]:
                assert plan.id is not None
                self._versions[plan.id] = plan.updated_at
                if plan.status == PlanStatus.ACTIVE:
                    self._index.add(profile_of(plan, officer))
                else:
                    self._index.remove(plan.id)
        self._seen_until = now


def _just_written(
    written: tuple[Plan, Officer] | None, changed: list[int], versions: dict[int, datetime]
) -> tuple[Plan, Officer] | None:
    """The plan this transaction wrote, if the index lacks it and the database holds it as in memory."""
    if written is None or written[0].id not in changed:
        return None
    return written if versions.get(written[0].id) == written[0].updated_at else None


def _plans(session: Session, *, ids: list[int] | None) -> Sequence[tuple[Plan, Officer]]:
    """Plans with their owners: the ones named, or every active plan when ids is None."""
    statement = select(Plan, Officer).join(Officer, col(Officer.id) == col(Plan.officer_id))
    if ids is None:
        statement = statement.where(Plan.status == PlanStatus.ACTIVE)
    else:
        statement = statement.where(col(Plan.id).in_(ids))
    return session.exec(statement).all()


# Built once: every plan confirmed looks for the plans changed since the index last did.
_RECENT = select(Plan.id, Plan.updated_at).where(col(Plan.updated_at) > bindparam("since"))
