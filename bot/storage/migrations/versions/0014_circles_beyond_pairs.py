"""circles beyond pairs

A pair whose two officers met in a formed circle is closed as `met_in_circle` (neither side learns
anything new: each saw the other's yes in the circle). A later officer may ask to join a formed circle
(circle_request); its members each welcome them or not (circle_welcome).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.storage.types import UTCDateTime

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PROPOSAL_STATES = "state IN ('proposed', 'introduced', 'declined', 'expired', 'met_in_circle')"
PROPOSAL_STATES_BEFORE = "state IN ('proposed', 'introduced', 'declined', 'expired')"


def upgrade() -> None:
    with op.batch_alter_table("match_proposal", recreate="auto") as batch_op:
        batch_op.drop_constraint("ck_proposal_state", type_="check")
        batch_op.create_check_constraint("ck_proposal_state", PROPOSAL_STATES)
    op.create_table(
        "circle_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("circle_id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("answer", sa.String(length=16), nullable=False),
        sa.Column("answered_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("lapse_notified", sa.Boolean(), nullable=False),
        sa.CheckConstraint("answer IN ('pending', 'yes', 'not_now')", name="ck_circle_request_answer"),
        sa.ForeignKeyConstraint(["circle_id"], ["circle.id"]),
        sa.ForeignKeyConstraint(["officer_id"], ["officer.id"]),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"]),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("circle_id", "officer_id", name="uq_circle_request_officer"),
    )
    with op.batch_alter_table("circle_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_circle_request_circle_id"), ["circle_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_circle_request_officer_id"), ["officer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_circle_request_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_circle_request_expires_at"), ["expires_at"], unique=False)
    op.create_table(
        "circle_welcome",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("answer", sa.String(length=16), nullable=False),
        sa.Column("asked_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("answered_at", UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("answer IN ('pending', 'yes', 'not_now')", name="ck_circle_welcome_answer"),
        sa.ForeignKeyConstraint(["request_id"], ["circle_request.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["officer_id"], ["officer.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("request_id", "officer_id", name="uq_circle_welcome_member"),
    )
    with op.batch_alter_table("circle_welcome", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_circle_welcome_request_id"), ["request_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_circle_welcome_officer_id"), ["officer_id"], unique=False)


def downgrade() -> None:
    op.drop_table("circle_welcome")
    op.drop_table("circle_request")
    op.execute("UPDATE match_proposal SET state = 'expired' WHERE state = 'met_in_circle'")
    with op.batch_alter_table("match_proposal", recreate="auto") as batch_op:
        batch_op.drop_constraint("ck_proposal_state", type_="check")
        batch_op.create_check_constraint("ck_proposal_state", PROPOSAL_STATES_BEFORE)
