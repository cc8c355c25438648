"""Rate limits on inbound messages, per officer and per workspace, counted in the database.

Counts live in the database (one row per scope and minute), so they hold across any number of web
processes. An officer is counted under a keyed hash of their platform ids, never their ids or address;
the count outlives the officer's erasure for its hour (DESIGN.md rule 9: erasing oneself must not lift
a limit that protects others), holding nothing but the hash and a number.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import Connection, Executable, String, bindparam, delete, literal, or_, union_all, update
from sqlalchemy import select as select_rows
from sqlmodel import Session, col

from bot.messages import Identity
from bot.storage.database import insert_with_conflicts, lazy_commit_columns
from bot.storage.keys import installed
from bot.storage.models import InboundCount
from bot.storage.types import UTCDateTime

KEEP_COUNTS = timedelta(hours=1)
KEEP_PLAN_COUNTS = timedelta(days=1)
KEEP_OFFER_COUNTS = timedelta(days=7)  # offers an officer's plans made, for the weekly cap (matchmaking)


class Verdict(StrEnum):
    ADMIT = "admit"
    OFFICER_LIMITED = "officer_limited"  # the first message over the officer's limit: tell them, once
    SILENT = "silent"  # further messages over the officer's limit: ignore without a reply
    WORKSPACE_LIMITED = "workspace_limited"


@dataclass(frozen=True)
class RateLimits:
    """How many messages a minute one officer, and one workspace, may send."""

    per_officer: int
    per_workspace: int


# Counters of one officer that outlive the messages, not the day: plans added (bot.domain.limits).
PLANS_SCOPE = "plans:"
OFFERS_SCOPE = "offers:"


def keyed_scope(prefix: str, identity: Identity) -> str:
    """A counter name for one officer: the prefix and a keyed hash of their platform ids, nothing else,
    so the count can outlive the officer's erasure (DESIGN.md rule 9)."""
    ids = f"{identity.platform}\0{identity.workspace_id}\0{identity.user_id}"
    return prefix + installed().fingerprint(ids)


def officer_scope(identity: Identity) -> str:
    """The counter name for one officer's messages."""
    return keyed_scope("officer:", identity)


def workspace_scope(identity: Identity) -> str:
    """The counter name for one workspace."""
    return f"workspace:{identity.platform}:{identity.workspace_id}"[:200]


def admit(session: Session | Connection, identity: Identity, limits: RateLimits, *, now: datetime) -> Verdict:
    """Count one inbound message and say whether to handle it (the count's commit need not reach disk);
    on a bare connection if given one, in its transaction: no ORM session is needed for it."""
    window = now.replace(second=0, microsecond=0)
    workspace = workspace_scope(identity)
    mine, theirs = _count_both(session, officer_scope(identity), workspace, window)
    if mine > limits.per_officer:
        # Refused by the officer's own limit: it must not use up their colleagues' share as well.
        _uncount(session, workspace, window)
        return Verdict.OFFICER_LIMITED if mine == limits.per_officer + 1 else Verdict.SILENT
    if theirs > limits.per_workspace:
        return Verdict.WORKSPACE_LIMITED
    return Verdict.ADMIT


@functools.cache
def _count_both_statement(dialect: str) -> Executable:
    """Add one to the counters `first` and `second` of `window`, starting either not there yet; built once
    per database kind (compiling it each time cost more than running it)."""
    insert = insert_with_conflicts(dialect)
    window = bindparam("window", type_=UTCDateTime())
    # INSERT ... SELECT rather than a two-row VALUES: SQLAlchemy caches no multi-row VALUES statement's
    # compiled form, so that compiled again on every message.
    rows = union_all(
        *(select_rows(bindparam(name, type_=String()), window, literal(1)) for name in ("first", "second"))
    )
    new = insert(InboundCount).from_select(["scope", "window_start", "count"], rows)
    return new.on_conflict_do_update(
        index_elements=[col(InboundCount.scope), col(InboundCount.window_start)],
        set_={"count": col(InboundCount.count) + 1},
    ).returning(col(InboundCount.scope), col(InboundCount.count), *lazy_commit_columns(dialect))


def _count_both(session: Session | Connection, first: str, second: str, window: datetime) -> tuple[int, int]:
    """Add one to two counters, starting either not there yet, and return their new values: one statement.

    Two processes starting the same counter at once both count: the second's insert becomes an update.
    """
    connection = session if isinstance(session, Connection) else session.connection()
    statement = _count_both_statement(connection.dialect.name)
    # On the session's connection: to the ORM, values given with an INSERT would be rows to insert.
    parameters = {"first": first, "second": second, "window": window}
    rows = connection.execute(statement, parameters).all()
    counted = {row[0]: int(row[1]) for row in rows}
    return counted[first], counted[second]


def _uncount(session: Session | Connection, scope: str, window: datetime) -> None:
    """Take back one count (only on the refused path: the admitted one stays a single statement)."""
    session.execute(
        update(InboundCount)
        .where(col(InboundCount.scope) == scope, col(InboundCount.window_start) == window)
        .values(count=col(InboundCount.count) - 1)
    )


def prune(session: Session, *, now: datetime) -> None:
    """Drop counters for minutes long gone."""
    session.execute(
        delete(InboundCount).where(
            col(InboundCount.window_start) < now - KEEP_COUNTS,
            # Plans added are counted for a day (bot.domain.limits), offers made for a week
            # (bot.domain.matchmaking), messages for an hour.
            or_(
                col(InboundCount.window_start) < now - KEEP_PLAN_COUNTS,
                ~col(InboundCount.scope).startswith(PLANS_SCOPE),
            ),
            or_(
                col(InboundCount.window_start) < now - KEEP_OFFER_COUNTS,
                ~col(InboundCount.scope).startswith(OFFERS_SCOPE),
            ),
        )
    )
