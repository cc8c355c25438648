"""follow-ups and match feedback

After an introduction each side is asked once whether they talked and whether it helped (follow_up);
an officer's "Not relevant" to a proposal, or "not much use" after talking, is kept against their own
plan (match_feedback) so matching offers it fewer matches like that one.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 15:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage.types

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("introduction_id", sa.Integer(), nullable=True),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("side", sa.String(length=1), nullable=False),
        sa.Column("asked_at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answer", sa.String(length=16), nullable=True),
        sa.Column("answered_at", bot.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("side IN ('a', 'b')", name="ck_follow_up_side"),
        sa.CheckConstraint(
            "answer IS NULL OR answer IN ('helped', 'not_much_use', 'not_yet', 'no')",
            name="ck_follow_up_answer",
        ),
        sa.ForeignKeyConstraint(["introduction_id"], ["introduction.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["officer_id"], ["officer.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("introduction_id", "side", name="uq_follow_up_side"),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_up_introduction_id"), ["introduction_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_follow_up_officer_id"), ["officer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_follow_up_asked_at"), ["asked_at"], unique=False)
    op.create_table(
        "match_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("service_areas", sa.JSON(), nullable=False),
        sa.Column("delivery_model", sa.String(length=64), nullable=True),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("created_at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("reason IN ('not_relevant', 'not_much_use')", name="ck_match_feedback_reason"),
        sa.ForeignKeyConstraint(["officer_id"], ["officer.id"]),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["proposal_id"], ["match_proposal.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("match_feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_feedback_officer_id"), ["officer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_match_feedback_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_match_feedback_proposal_id"), ["proposal_id"], unique=False)


def downgrade() -> None:
    op.drop_table("match_feedback")
    op.drop_table("follow_up")
