"""Officers' events waiting for their turn: stored sealed when a platform's request is acknowledged,
taken by whichever process runs turns, each officer's in the order they arrived (`bot.storage.queues`).

An event is the platform-neutral `Incoming` plus what its adapter needs to run the turn (say, which
message's buttons to replace), kept as opaque data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Connection, Table, delete, insert
from sqlalchemy import inspect as sa_inspect
from sqlmodel import Session

from bot.messages import Identity, Incoming, IncomingKind
from bot.storage import queues
from bot.storage.models import InboundEvent


@dataclass(frozen=True)
class Waiting:
    """An event this process has taken, to run its turn until `claimed_until`."""

    id: int
    incoming: Incoming
    extra: dict[str, Any]
    attempts: int
    received_at: datetime
    claimed_until: datetime


def put(session: Session | Connection, incoming: Incoming, extra: dict[str, Any], *, now: datetime) -> None:
    """Keep an event for its turn (the profile is looked up when the turn runs, so is not kept)."""
    session.execute(_PUT, _row(Arrival(incoming, extra, now)))


@dataclass(frozen=True)
class Arrival:
    """An event as it reached a web process, with what its adapter needs to run the turn, and when."""

    incoming: Incoming
    extra: dict[str, Any]
    received_at: datetime


def put_all(connection: Session | Connection, arrivals: Sequence[Arrival]) -> None:
    """Keep these events for their turns (the profile is looked up when the turn runs, so is not kept),
    in this order, in one statement: on a bare connection if given one, as web processes store them."""
    connection.execute(_PUT, [_row(arrival) for arrival in arrivals])


def _row(arrival: Arrival) -> dict[str, Any]:
    incoming = arrival.incoming
    who = incoming.identity
    event = {
        "kind": incoming.kind.value,
        "text": incoming.text,
        "action": incoming.action,
        "event_id": incoming.event_id,
        "extra": arrival.extra,
    }
    return {
        "platform": who.platform,
        "workspace_id": who.workspace_id,
        "user_id": who.user_id,
        "event": event,
        "attempts": 0,
        "not_before": arrival.received_at,
        "received_at": arrival.received_at,
    }


# Built once: a statement given its values compiles anew for each request.
_PUT = insert(cast(Table, sa_inspect(InboundEvent).local_table))


def claim(session: Session | Connection, *, now: datetime, hold: timedelta, limit: int) -> list[Waiting]:
    """Take the oldest waiting event of each officer whose earlier events are all done."""
    rows = queues.claim_oldest_each(
        session,
        InboundEvent,
        now=now,
        hold=hold,
        limit=limit,
        returning=("id", "platform", "workspace_id", "user_id", "event", "attempts", "received_at"),
    )
    return [
        Waiting(
            row_id,
            _incoming(Identity(platform, workspace, user), event),
            event.get("extra") or {},
            attempts,
            received_at,
            now + hold,
        )
        for row_id, platform, workspace, user, event, attempts, received_at in rows
    ]


def _incoming(identity: Identity, event: dict[str, Any]) -> Incoming:
    return Incoming(
        identity,
        kind=IncomingKind(event["kind"]),
        text=event.get("text") or "",
        action=event.get("action"),
        event_id=event.get("event_id"),
    )


def finish(session: Session | Connection, waiting: Waiting) -> None:
    """The turn ran (or never will): the event waits no more, and the officer's next may go."""
    queues.finish(session, InboundEvent, waiting.id, waiting.claimed_until)


def release(session: Session | Connection, waiting: Waiting, *, not_before: datetime) -> None:
    """The turn could not run for now: any process may try it again from `not_before`."""
    queues.release(session, InboundEvent, waiting.id, waiting.claimed_until, not_before=not_before)


def forget(session: Session, identity: Identity) -> None:
    """Drop every event of this officer still waiting (their erasure: nothing they sent is kept)."""
    session.execute(delete(InboundEvent).where(queues.of(InboundEvent, identity)))
