"""inbound events

Officers' events wait, sealed, in inbound_event between a web process acknowledging them and the
process that runs turns taking them, each officer's in the order they arrived.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 03:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.storage.encrypted
import bot.storage.types

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inbound_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("workspace_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("event", bot.storage.encrypted.EncryptedJSON(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("not_before", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", bot.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("received_at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("inbound_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_inbound_event_sender", ["platform", "workspace_id", "user_id", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("inbound_event", schema=None) as batch_op:
        batch_op.drop_index("ix_inbound_event_sender")
    op.drop_table("inbound_event")
