"""peer circles

Three to six officers of different organisations offered an introduction together (circle), and each
one's place in it (circle_member): their plan, their answer and their own match number for it.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 15:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.storage.types import UTCDateTime

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "circle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("size_cap", sa.Integer(), nullable=False),
        sa.Column("yes_count", sa.Integer(), nullable=False),
        sa.Column("shared_service_areas", sa.JSON(), nullable=False),
        sa.Column("shared_delivery_model", sa.String(length=64), nullable=True),
        sa.Column("stage_from", sa.String(length=64), nullable=True),
        sa.Column("stage_to", sa.String(length=64), nullable=True),
        sa.Column("year_from", sa.Integer(), nullable=True),
        sa.Column("year_to", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("formed_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("lapse_notified", sa.Boolean(), nullable=False),
        sa.Column("reminded_at", UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("state IN ('offered', 'formed', 'expired')", name="ck_circle_state"),
        sa.CheckConstraint("state != 'formed' OR yes_count >= 3", name="ck_circle_formed_needs_three"),
        sa.CheckConstraint("yes_count >= 0 AND yes_count <= size_cap", name="ck_circle_yes_count"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_circle_state", "circle", ["state"])
    op.create_index("ix_circle_created_at", "circle", ["created_at"])
    op.create_index("ix_circle_expires_at", "circle", ["expires_at"])
    op.create_table(
        "circle_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("circle_id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("answer", sa.String(length=16), nullable=False),
        sa.Column("answered_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("joined_at", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("answer IN ('pending', 'yes', 'not_now')", name="ck_circle_member_answer"),
        sa.ForeignKeyConstraint(["circle_id"], ["circle.id"]),
        sa.ForeignKeyConstraint(["officer_id"], ["officer.id"]),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"]),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("circle_id", "officer_id", name="uq_circle_member_officer"),
        sa.UniqueConstraint("circle_id", "organisation_id", name="uq_circle_member_organisation"),
    )
    op.create_index("ix_circle_member_circle_id", "circle_member", ["circle_id"])
    op.create_index("ix_circle_member_officer_id", "circle_member", ["officer_id"])
    op.create_index("ix_circle_member_plan_id", "circle_member", ["plan_id"])


def downgrade() -> None:
    op.drop_table("circle_member")
    op.drop_table("circle")
