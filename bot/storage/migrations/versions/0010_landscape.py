"""landscape snapshot

A daily snapshot of the organisations with confirmed, active plans per service and kind of change
(landscape_snapshot, landscape_cell), and each officer's questions about it per day (landscape_ask).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 15:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage.types

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "landscape_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("taken_at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("taken_on"),
    )
    op.create_table(
        "landscape_cell",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("service_area", sa.String(length=64), nullable=False),
        sa.Column("delivery_model", sa.String(length=64), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("stage_rank", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["snapshot_id"], ["landscape_snapshot.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("snapshot_id", "service_area", "delivery_model", "organisation_id"),
    )
    op.create_table(
        "landscape_ask",
        sa.Column("scope", sa.String(length=200), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "day"),
    )


def downgrade() -> None:
    op.drop_table("landscape_ask")
    op.drop_table("landscape_cell")
    op.drop_table("landscape_snapshot")
