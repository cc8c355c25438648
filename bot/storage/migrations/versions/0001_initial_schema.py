"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25 13:41:30.134835
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.storage.types

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("directory_code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("created_at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("directory_code"),
    )
    op.create_table(
        "officer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("workspace_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("job_title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("created_at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform", "workspace_id", "user_id", name="uq_officer_identity"),
    )
    with op.batch_alter_table("officer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_officer_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
        sa.Column("object_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=True),
        sa.Column("at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["officer.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_event_officer_id"), ["officer_id"], unique=False)

    op.create_table(
        "conversation",
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("step", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["officer.id"],
        ),
        sa.PrimaryKeyConstraint("officer_id"),
    )
    op.create_table(
        "plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("service_areas", sa.JSON(), nullable=False),
        sa.Column("delivery_model", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("stage", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("timeline_year", sa.Integer(), nullable=True),
        sa.Column("timeline_month", sa.Integer(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("created_at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('active', 'paused', 'withdrawn')", name="ck_plan_status"),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["officer.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("officer_id", "number", name="uq_plan_officer_number"),
    )
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_officer_id"), ["officer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_status"), ["status"], unique=False)

    op.create_table(
        "match_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_a_id", sa.Integer(), nullable=True),
        sa.Column("plan_b_id", sa.Integer(), nullable=True),
        sa.Column("officer_a_id", sa.Integer(), nullable=True),
        sa.Column("officer_b_id", sa.Integer(), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("shared_service_areas", sa.JSON(), nullable=False),
        sa.Column("shared_delivery_model", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("response_a", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("response_b", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("lapse_notified", sa.Boolean(), nullable=False),
        sa.Column("created_at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", bot.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state != 'introduced' OR (response_a = 'accepted' AND response_b = 'accepted')",
            name="ck_proposal_introduced_needs_both",
        ),
        sa.CheckConstraint(
            "state IN ('proposed', 'introduced', 'declined', 'expired')", name="ck_proposal_state"
        ),
        sa.CheckConstraint("plan_a_id < plan_b_id", name="ck_proposal_plan_order"),
        sa.ForeignKeyConstraint(
            ["officer_a_id"],
            ["officer.id"],
        ),
        sa.ForeignKeyConstraint(
            ["officer_b_id"],
            ["officer.id"],
        ),
        sa.ForeignKeyConstraint(
            ["plan_a_id"],
            ["plan.id"],
        ),
        sa.ForeignKeyConstraint(
            ["plan_b_id"],
            ["plan.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("plan_a_id", "plan_b_id", name="uq_proposal_plans"),
    )
    with op.batch_alter_table("match_proposal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_proposal_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_match_proposal_expires_at"), ["expires_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_match_proposal_officer_a_id"), ["officer_a_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_match_proposal_officer_b_id"), ["officer_b_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_match_proposal_plan_a_id"), ["plan_a_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_match_proposal_plan_b_id"), ["plan_b_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_match_proposal_state"), ["state"], unique=False)

    op.create_table(
        "introduction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("created_at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["match_proposal.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("proposal_id"),
    )


def downgrade() -> None:

    op.drop_table("introduction")
    with op.batch_alter_table("match_proposal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_proposal_state"))
        batch_op.drop_index(batch_op.f("ix_match_proposal_plan_b_id"))
        batch_op.drop_index(batch_op.f("ix_match_proposal_plan_a_id"))
        batch_op.drop_index(batch_op.f("ix_match_proposal_officer_b_id"))
        batch_op.drop_index(batch_op.f("ix_match_proposal_officer_a_id"))
        batch_op.drop_index(batch_op.f("ix_match_proposal_expires_at"))
        batch_op.drop_index(batch_op.f("ix_match_proposal_created_at"))

    op.drop_table("match_proposal")
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_status"))
        batch_op.drop_index(batch_op.f("ix_plan_officer_id"))

    op.drop_table("plan")
    op.drop_table("conversation")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_event_officer_id"))

    op.drop_table("audit_event")
    with op.batch_alter_table("officer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_officer_organisation_id"))

    op.drop_table("officer")
    op.drop_table("organisation")
