"""welcome follow-ups

A member's (or a welcomed later officer's) yes to a later officer introduces the two of them: some
weeks later each side is asked once whether they talked, one follow_up row per welcome and side ("a"
the one who said yes, "b" the later officer), counted with the pairs' and circles' answers.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-08 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("follow_up", recreate="auto") as batch_op:
        batch_op.add_column(sa.Column("welcome_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_follow_up_welcome_id_circle_welcome",
            "circle_welcome",
            ["welcome_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(batch_op.f("ix_follow_up_welcome_id"), ["welcome_id"], unique=False)
        batch_op.create_unique_constraint("uq_follow_up_welcome_side", ["welcome_id", "side"])


def downgrade() -> None:
    op.execute("DELETE FROM follow_up WHERE welcome_id IS NOT NULL")
    with op.batch_alter_table("follow_up", recreate="auto") as batch_op:
        batch_op.drop_constraint("uq_follow_up_welcome_side", type_="unique")
        batch_op.drop_index(batch_op.f("ix_follow_up_welcome_id"))
        batch_op.drop_constraint("fk_follow_up_welcome_id_circle_welcome", type_="foreignkey")
        batch_op.drop_column("welcome_id")
