"""Where a platform can reach an officer later: stored in the database, never only in memory."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from bot.messages import Identity
from bot.storage.database import insert_with_conflicts
from bot.storage.models import ConversationReference


def _row(session: Session, identity: Identity) -> ConversationReference | None:
    statement = select(ConversationReference).where(
        ConversationReference.platform == identity.platform,
        ConversationReference.workspace_id == identity.workspace_id,
        ConversationReference.user_id == identity.user_id,
    )
    return session.exec(statement).first()


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


def forget(session: Session, identity: Identity) -> None:
    """Drop every way to reach this officer (they asked to be forgotten)."""
    session.exec(
        delete(ConversationReference).where(
            col(ConversationReference.platform) == identity.platform,
            col(ConversationReference.workspace_id) == identity.workspace_id,
            col(ConversationReference.user_id) == identity.user_id,
        )
    )
