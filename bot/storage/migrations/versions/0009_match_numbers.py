"""match numbers

Each officer numbers their own possible matches from 1 (match_number), instead of seeing the proposal's
id, which counts everyone's. Existing proposals are numbered per officer in the order they were made;
the side of an erased officer (its ids cleared) gets none.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    match_number = op.create_table(
        "match_number",
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("number >= 1", name="ck_match_number_positive"),
        sa.ForeignKeyConstraint(["officer_id"], ["officer.id"]),
        sa.ForeignKeyConstraint(["proposal_id"], ["match_proposal.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("officer_id", "number"),
        sa.UniqueConstraint("proposal_id", "officer_id", name="uq_match_number_side"),
    )
    assert match_number is not None
    proposals = op.get_bind().execute(
        sa.text("SELECT id, officer_a_id, officer_b_id FROM match_proposal ORDER BY created_at, id")
    )
    highest: dict[int, int] = {}
    rows: list[dict[str, int]] = []
    for proposal_id, officer_a, officer_b in proposals.all():
        for officer in (officer_a, officer_b):
            if officer is not None:
                highest[officer] = highest.get(officer, 0) + 1
                rows.append({"officer_id": officer, "number": highest[officer], "proposal_id": proposal_id})
    if rows:
        op.bulk_insert(match_number, rows)


def downgrade() -> None:
    op.drop_table("match_number")
