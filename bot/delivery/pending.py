"""The outbox: every message a unit of work sends, written sealed in that unit's own transaction and
deleted once its platform took it, so no process death between a commit and the sends loses one.

Each row carries what its sending needs (the message, the platform's address for the officer, and on
the last of a batch their home page), so a notifier never asks the core anything. Each officer's rows
go out in the order they were written (see `bot.storage.queues`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    Connection,
    Insert,
    Integer,
    Table,
    and_,
    bindparam,
    case,
    delete,
    exists,
    insert,
    null,
    or_,
)
from sqlalchemy import inspect as sa_inspect
from sqlmodel import Session, col

from bot.messages import Attachment, Button, ButtonStyle, HomePage, Identity, Message
from bot.storage import queues
from bot.storage.models import PendingDelivery

# The first wait after a refusal, doubled after each, up to an hour (or longer when the platform says so).
FIRST_WAIT = timedelta(seconds=10)
LONGEST_WAIT = timedelta(hours=1)

Address = dict[str, Any]


@dataclass(frozen=True)
class Parcel:
    """One message for one officer, how their platform reaches them, and, on the last of a batch for
    them, their home page as it stands after it."""

    recipient: Identity
    message: Message
    address: Address | None = None
    home: HomePage | None = None


@dataclass(frozen=True)
class Claimed:
    """A parcel this process holds, to send until `claimed_until`."""

    id: int
    parcel: Parcel
    attempts: int
    claimed_until: datetime


def wait_after(attempts: int, retry_after: float | None) -> timedelta:
    """How long to wait after the given number of refused attempts: doubling, never less than asked."""
    doubled: timedelta = min(FIRST_WAIT * 2 ** min(max(attempts - 1, 0), 20), LONGEST_WAIT)
    return max(doubled, timedelta(seconds=retry_after or 0.0))


def to_record(parcel: Parcel) -> dict[str, Any]:
    """A parcel's message, address and home page as JSON-ready data, to be stored sealed."""
    home = asdict(parcel.home) if parcel.home is not None else None
    return {"message": asdict(parcel.message), "address": parcel.address, "home": home}


def from_record(recipient: Identity, data: dict[str, Any]) -> Parcel:
    """The parcel stored by `to_record` (or, kept before the outbox, a bare message)."""
    if "message" not in data:
        return Parcel(recipient, _message(data))
    home = data.get("home")
    return Parcel(
        recipient, _message(data["message"]), data.get("address"), HomePage(**home) if home else None
    )


def _message(data: dict[str, Any]) -> Message:
    attachment, peer = data.get("attachment"), data.get("peer")
    return Message(
        text=data["text"],
        buttons=_buttons(data.get("buttons")),
        searchable=_buttons(data.get("searchable")),
        ref=data.get("ref"),
        attachment=Attachment(**attachment) if attachment else None,
        peer=Identity(**peer) if peer else None,
        shared_text=data.get("shared_text"),
    )


def _buttons(data: list[dict[str, Any]] | None) -> tuple[Button, ...]:
    return tuple(
        Button(b["label"], b["action"], ButtonStyle(b.get("style", ButtonStyle.DEFAULT))) for b in data or []
    )


def put_all(
    session: Session | Connection,
    parcels: Sequence[Parcel],
    *,
    now: datetime,
    claimed_until: Sequence[datetime | None],
) -> list[int]:
    """Write these parcels, in this order, in one statement; each held by this process until its
    `claimed_until` (None: any process may send it, after the officer's earlier ones). Returns their ids."""
    rows = []
    for parcel, until in zip(parcels, claimed_until, strict=True):
        who = parcel.recipient
        peer = parcel.message.peer
        rows.append(
            {
                "platform": who.platform,
                "workspace_id": who.workspace_id,
                "user_id": who.user_id,
                "peer_platform": peer.platform if peer else None,
                "peer_workspace_id": peer.workspace_id if peer else None,
                "peer_user_id": peer.user_id if peer else None,
                "message": to_record(parcel),
                "attempts": 1 if until is not None else 0,
                "not_before": now,
                "claimed_until": until,
                "created_at": now,
            }
        )
    result = session.execute(_PUT, rows)
    return [row[0] for row in result.all()]


# Built once; ids come back in the order the rows were given.
_TABLE = cast(Table, sa_inspect(PendingDelivery).local_table)
_PUT = insert(_TABLE).returning(_TABLE.c.id, sort_by_parameter_order=True)


def put_behind(
    session: Session | Connection,
    parcels: Sequence[Parcel],
    *,
    now: datetime,
    hold_until: datetime | None,
) -> list[tuple[int, datetime | None]]:
    """Write these parcels, in this order, each held by this process until `hold_until` unless its
    recipient has parcels waiting (refused for now, or left by a process that died): then it queues
    behind them, for any process to send after them. Parcels another process is sending right now do not
    count: two turns at once send at once, as they always did. One statement (the look for waiting
    parcels is part of it); returns each parcel's id and how long this process holds it (None: not)."""
    rows = []
    for parcel in parcels:
        who, peer = parcel.recipient, parcel.message.peer
        rows.append(
            {
                "to_platform": who.platform,
                "to_workspace": who.workspace_id,
                "to_user": who.user_id,
                "peer_platform": peer.platform if peer else None,
                "peer_workspace_id": peer.workspace_id if peer else None,
                "peer_user_id": peer.user_id if peer else None,
                "message": to_record(parcel),
                "attempt": 1 if hold_until is not None else 0,
                "now": now,
                "until": hold_until,
            }
        )
    result = session.execute(_PUT_BEHIND, rows)
    return [(row_id, until) for row_id, until in result.all()]


def _put_behind() -> Insert:
    """Built once; ids come back in the order the rows were given."""
    rows, earlier = _TABLE.c, _TABLE.alias("earlier").c
    platform = bindparam("to_platform", type_=rows.platform.type)
    workspace = bindparam("to_workspace", type_=rows.workspace_id.type)
    user = bindparam("to_user", type_=rows.user_id.type)
    now = bindparam("now", type_=rows.not_before.type)
    waiting = exists().where(
        earlier.platform == platform,
        earlier.workspace_id == workspace,
        earlier.user_id == user,
        or_(earlier.claimed_until.is_(None), earlier.claimed_until <= now),
    )
    return (
        insert(_TABLE)
        .values(
            platform=platform,
            workspace_id=workspace,
            user_id=user,
            claimed_until=case((waiting, null()), else_=bindparam("until", type_=rows.claimed_until.type)),
            attempts=case((waiting, 0), else_=bindparam("attempt", type_=Integer)),
            not_before=now,
            created_at=now,
        )
        .returning(rows.id, rows.claimed_until, sort_by_parameter_order=True)
    )


_PUT_BEHIND = _put_behind()


def _is(identity: Identity, *, peer: bool = False) -> Any:
    columns = (
        (PendingDelivery.peer_platform, PendingDelivery.peer_workspace_id, PendingDelivery.peer_user_id)
        if peer
        else (PendingDelivery.platform, PendingDelivery.workspace_id, PendingDelivery.user_id)
    )
    platform, workspace, user = (col(column) for column in columns)
    return and_(platform == identity.platform, workspace == identity.workspace_id, user == identity.user_id)


def claim_due(session: Session | Connection, *, now: datetime, hold: timedelta, limit: int) -> list[Claimed]:
    """Take the oldest due parcel of each officer, unless another process holds it; counts an attempt."""
    rows = queues.claim_oldest_each(
        session,
        PendingDelivery,
        now=now,
        hold=hold,
        limit=limit,
        returning=("id", "platform", "workspace_id", "user_id", "message", "attempts"),
    )
    return [
        Claimed(row_id, from_record(Identity(platform, workspace, user), message), attempts, now + hold)
        for row_id, platform, workspace, user, message, attempts in rows
    ]


def finish(session: Session | Connection, claimed: Claimed) -> None:
    """The parcel was sent, or never will be: it waits no more."""
    queues.finish(session, PendingDelivery, claimed.id, claimed.claimed_until)


def release(session: Session | Connection, claimed: Claimed, *, not_before: datetime) -> None:
    """Refused for now, or waiting behind one that was: let any process send it from `not_before`."""
    queues.release(session, PendingDelivery, claimed.id, claimed.claimed_until, not_before=not_before)


def forget(session: Session, identity: Identity) -> None:
    """Drop every parcel to this officer, and every introduction carrying their details."""
    session.execute(delete(PendingDelivery).where(or_(_is(identity), _is(identity, peer=True))))
