"""Where a platform can reach an officer later: stored in the database, never only in memory."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from bot.messages import Identity
from bot.storage.models import ConversationReference


def _row(session: Session, identity: Identity) -> ConversationReference | None:
    statement = select(ConversationReference).where(
        ConversationReference.platform == identity.platform,
        ConversationReference.workspace_id == identity.workspace_id,
        ConversationReference.user_id == identity.user_id,
    )
    return session.exec(statement).first()


def remember(session: Session, identity: Identity, reference: dict[str, Any], *, now: datetime) -> None:
    """Keep the latest way to reach this officer (replacing the one before)."""
    row = _row(session, identity)
    if row is None:
        row = ConversationReference(
            platform=identity.platform,
            workspace_id=identity.workspace_id,
            user_id=identity.user_id,
            reference=reference,
            updated_at=now,
        )
    else:
        row.reference = dict(reference)
        row.updated_at = now
    session.add(row)


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
