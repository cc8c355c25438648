"""plan updated_at index

Each use of a process's matching index reads the plans changed since its last use; without an index on
`plan.updated_at` that is a scan of every plan (30-40 ms at 100,000 plans).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 03:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_plan_updated_at"), "plan", ["updated_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_plan_updated_at"), table_name="plan")
