"""circle place reminders

A later officer offered a place in a formed circle, and each member asked about them, get the one
reminder before expiry that pairs and circles get: when it went is set once, by one process.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.storage.types import UTCDateTime

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("circle_request", "circle_welcome"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("reminded_at", UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    for table in ("circle_request", "circle_welcome"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("reminded_at")
