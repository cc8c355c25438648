"""Where a platform can reach an officer later: stored in the database, never only in memory."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_
from sqlmodel import Session, select

from bot.messages import Identity
from bot.storage import queues
from bot.storage.database import insert_with_conflicts
from bot.storage.models import ConversationReference


def _row(session: Session, identity: Identity) -> ConversationReference | None:
    return session.exec(
        select(ConversationReference).where(queues.of(ConversationReference, identity))
    ).first()


def remember(session: Session, identity: Identity, reference: dict[str, Any], *, now: datetime) -> None:
    """Keep the latest way to reach this officer (replacing the one before).

    One statement that inserts or replaces: two first messages of a new officer reaching two web
    processes at once both store their reference, rather than one failing on the other's row."""
    insert = insert_with_conflicts(session.get_bind().dialect.name)
    new = insert(ConversationReference).values(
        platform=identity.platform,
        workspace_id=identity.workspace_id,
        user_id=identity.user_id,
        reference=dict(reference),
        updated_at=now,
    )
    session.execute(
        new.on_conflict_do_update(
            index_elements=["platform", "workspace_id", "user_id"],
            set_={"reference": new.excluded.reference, "updated_at": new.excluded.updated_at},
        )
    )


def recall(session: Session, identity: Identity) -> dict[str, Any] | None:
    """The way to reach this officer, if the platform gave one."""
    row = _row(session, identity)
    return dict(row.reference) if row is not None else None


def recall_all(session: Session, identities: Sequence[Identity]) -> dict[Identity, dict[str, Any]]:
    """The ways to reach these officers that platforms gave, in one query."""
    if not identities:
        return {}
    table = ConversationReference
    statement = select(table.platform, table.workspace_id, table.user_id, table.reference).where(
        or_(*(queues.of(table, identity) for identity in identities))
    )
    return {Identity(p, w, u): dict(reference) for p, w, u, reference in session.execute(statement).all()}


def forget(session: Session, identity: Identity) -> None:
    """Drop every way to reach this officer (they asked to be forgotten)."""
    session.exec(delete(ConversationReference).where(queues.of(ConversationReference, identity)))
