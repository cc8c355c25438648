"""reminders, delivery retries

A proposal remembers when its reminder before expiry went out, and messages a platform refused for now
wait in pending_delivery (sealed) to be sent again.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 16:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.storage.encrypted
import bot.storage.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("match_proposal", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("reminded_at", bot.storage.types.UTCDateTime(timezone=True), nullable=True)
        )

    op.create_table(
        "pending_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("workspace_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("peer_platform", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("peer_workspace_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("peer_user_id", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
        sa.Column("message", bot.storage.encrypted.EncryptedJSON(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("not_before", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", bot.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("pending_delivery", schema=None) as batch_op:
        batch_op.create_index(
            "ix_pending_delivery_recipient", ["platform", "workspace_id", "user_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_pending_delivery_not_before"), ["not_before"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("pending_delivery", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pending_delivery_not_before"))
        batch_op.drop_index("ix_pending_delivery_recipient")
    op.drop_table("pending_delivery")

    with op.batch_alter_table("match_proposal", schema=None) as batch_op:
        batch_op.drop_column("reminded_at")
