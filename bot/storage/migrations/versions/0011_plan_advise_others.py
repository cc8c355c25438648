"""plan advise_others

"Been there" peers: the owner of a live plan may say they are happy to advise officers at earlier stages
of the same kind of change. Existing plans do not advise until their owner says so.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 15:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("plan") as batch_op:
        batch_op.add_column(
            sa.Column("advise_others", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("plan") as batch_op:
        batch_op.drop_column("advise_others")
