"""workspace admin

Workspaces as their admins configured them, appointed admins, workspace-scoped audit events, officers
who administer their workspace on their platform, and when a plan's owner was warned about retention.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 16:08:58.944104
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.storage.encrypted
import bot.storage.types

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "workspace",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("workspace_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("organisation_code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("allowed_domains", sa.JSON(), nullable=False),
        sa.Column("match_scope", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("match_regions", sa.JSON(), nullable=False),
        sa.Column("match_councils", sa.JSON(), nullable=False),
        sa.Column("never_councils", sa.JSON(), nullable=False),
        sa.Column("same_organisation", sa.Boolean(), nullable=False),
        sa.Column("matching_paused", sa.Boolean(), nullable=False),
        sa.Column("retention_months", sa.Integer(), nullable=False),
        sa.Column("proposal_expiry_days", sa.Integer(), nullable=True),
        sa.Column("proposals_per_week", sa.Integer(), nullable=True),
        sa.Column("welcome_message", bot.storage.encrypted.EncryptedText(), nullable=True),
        sa.Column("created_at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "match_scope IN ('everyone', 'regions', 'listed')", name="ck_workspace_match_scope"
        ),
        sa.CheckConstraint("retention_months BETWEEN 1 AND 120", name="ck_workspace_retention"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform", "workspace_id", name="uq_workspace_identity"),
    )
    op.create_table(
        "workspace_admin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_ref", sa.Integer(), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("created_at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_ref"],
            ["workspace.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_ref", "user_id", name="uq_workspace_admin"),
    )
    with op.batch_alter_table("workspace_admin", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workspace_admin_workspace_ref"), ["workspace_ref"], unique=False)

    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        batch_op.add_column(
            sa.Column("workspace_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
        batch_op.add_column(sa.Column("detail", sqlmodel.sql.sqltypes.AutoString(length=48), nullable=True))
        batch_op.add_column(sa.Column("by_operator", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index("ix_audit_event_workspace", ["platform", "workspace_id", "at"], unique=False)

    with op.batch_alter_table("officer", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("platform_admin", sa.Boolean(), server_default=sa.false(), nullable=False)
        )

    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("retention_warned_at", bot.storage.types.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_column("retention_warned_at")

    with op.batch_alter_table("officer", schema=None) as batch_op:
        batch_op.drop_column("platform_admin")

    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_event_workspace")
        batch_op.drop_column("by_operator")
        batch_op.drop_column("detail")
        batch_op.drop_column("workspace_id")
        batch_op.drop_column("platform")

    with op.batch_alter_table("workspace_admin", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workspace_admin_workspace_ref"))

    op.drop_table("workspace_admin")
    op.drop_table("workspace")
