"""circle follow-ups

A member of a formed circle is asked once, some weeks after it formed, whether they talked: one
follow_up row per member and circle (side "c"), counted with the pairs' answers.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SIDES = "side IN ('a', 'b', 'c')"
SIDES_BEFORE = "side IN ('a', 'b')"


def upgrade() -> None:
    with op.batch_alter_table("follow_up", recreate="auto") as batch_op:
        batch_op.add_column(sa.Column("circle_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_follow_up_circle_id_circle", "circle", ["circle_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_index(batch_op.f("ix_follow_up_circle_id"), ["circle_id"], unique=False)
        batch_op.create_unique_constraint("uq_follow_up_circle_member", ["circle_id", "officer_id"])
        batch_op.drop_constraint("ck_follow_up_side", type_="check")
        batch_op.create_check_constraint("ck_follow_up_side", SIDES)


def downgrade() -> None:
    op.execute("DELETE FROM follow_up WHERE side = 'c'")
    with op.batch_alter_table("follow_up", recreate="auto") as batch_op:
        batch_op.drop_constraint("ck_follow_up_side", type_="check")
        batch_op.create_check_constraint("ck_follow_up_side", SIDES_BEFORE)
        batch_op.drop_constraint("uq_follow_up_circle_member", type_="unique")
        batch_op.drop_index(batch_op.f("ix_follow_up_circle_id"))
        batch_op.drop_constraint("fk_follow_up_circle_id_circle", type_="foreignkey")
        batch_op.drop_column("circle_id")
