"""Messages a platform refused for now, kept sealed in the database until they can be sent again.

Each officer's messages go out in the order they were written (see `bot.storage.queues`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, or_
from sqlmodel import Session, col, select

from bot.messages import Attachment, Button, ButtonStyle, Delivery, Identity, Message
from bot.storage import queues
from bot.storage.models import PendingDelivery

# The first wait after a refusal, doubled after each, up to an hour (or longer when the platform says so).
FIRST_WAIT = timedelta(seconds=10)
LONGEST_WAIT = timedelta(hours=1)


@dataclass(frozen=True)
class Claimed:
    """A waiting message this process has taken to send, until `claimed_until`."""

    id: int
    delivery: Delivery
    attempts: int
    claimed_until: datetime


def wait_after(attempts: int, retry_after: float | None) -> timedelta:
    """How long to wait after the given number of refused attempts: doubling, never less than asked."""
    doubled: timedelta = min(FIRST_WAIT * 2 ** min(max(attempts - 1, 0), 20), LONGEST_WAIT)
    return max(doubled, timedelta(seconds=retry_after or 0.0))


def to_record(message: Message) -> dict[str, Any]:
    """A message as JSON-ready data, to be stored sealed."""
    return asdict(message)


def from_record(data: dict[str, Any]) -> Message:
    """The message stored by `to_record`."""
    attachment, peer = data.get("attachment"), data.get("peer")
    return Message(
        text=data["text"],
        buttons=tuple(
            Button(b["label"], b["action"], ButtonStyle(b.get("style", ButtonStyle.DEFAULT)))
            for b in data.get("buttons") or []
        ),
        ref=data.get("ref"),
        attachment=Attachment(**attachment) if attachment else None,
        peer=Identity(**peer) if peer else None,
        shared_text=data.get("shared_text"),
    )


def keep(session: Session, delivery: Delivery, *, attempts: int, not_before: datetime, now: datetime) -> None:
    """Keep a message to send again from `not_before`, after `attempts` refused tries."""
    peer = delivery.message.peer
    session.add(
        PendingDelivery(
            platform=delivery.recipient.platform,
            workspace_id=delivery.recipient.workspace_id,
            user_id=delivery.recipient.user_id,
            peer_platform=peer.platform if peer else None,
            peer_workspace_id=peer.workspace_id if peer else None,
            peer_user_id=peer.user_id if peer else None,
            message=to_record(delivery.message),
            attempts=attempts,
            not_before=not_before,
            created_at=now,
        )
    )


def _is(identity: Identity, *, peer: bool = False) -> Any:
    columns = (
        (PendingDelivery.peer_platform, PendingDelivery.peer_workspace_id, PendingDelivery.peer_user_id)
        if peer
        else (PendingDelivery.platform, PendingDelivery.workspace_id, PendingDelivery.user_id)
    )
    platform, workspace, user = (col(column) for column in columns)
    return and_(platform == identity.platform, workspace == identity.workspace_id, user == identity.user_id)


def waiting_for(session: Session, recipients: Iterable[Identity]) -> set[Identity]:
    """Which of these officers have messages waiting: anything new for them must queue behind."""
    wanted = set(recipients)
    if not wanted:
        return set()
    statement = (
        select(PendingDelivery.platform, PendingDelivery.workspace_id, PendingDelivery.user_id)
        .where(or_(*(_is(identity) for identity in wanted)))
        .distinct()
    )
    return {Identity(*row) for row in session.exec(statement).all()}


def claim_due(session: Session, *, now: datetime, hold: timedelta, limit: int) -> list[Claimed]:
    """Take the oldest due message of each officer, unless another process holds it; counts an attempt."""
    rows = queues.claim_oldest_each(
        session,
        PendingDelivery,
        now=now,
        hold=hold,
        limit=limit,
        returning=("id", "platform", "workspace_id", "user_id", "message", "attempts"),
    )
    return [
        Claimed(
            row_id, Delivery(Identity(platform, workspace, user), from_record(message)), attempts, now + hold
        )
        for row_id, platform, workspace, user, message, attempts in rows
    ]


def finish(session: Session, claimed: Claimed) -> None:
    """The message was sent, or will never be: it waits no more."""
    queues.finish(session, PendingDelivery, claimed.id, claimed.claimed_until)


def release(session: Session, claimed: Claimed, *, not_before: datetime) -> None:
    """Refused again for now: let any process try it from `not_before`."""
    queues.release(session, PendingDelivery, claimed.id, claimed.claimed_until, not_before=not_before)


def forget(session: Session, identity: Identity) -> None:
    """Drop every waiting message to this officer, and every introduction carrying their details."""
    session.execute(delete(PendingDelivery).where(or_(_is(identity), _is(identity, peer=True))))
