"""encrypted personal data, inbound counts

Names, job titles, emails, organisation names, plan text, intake drafts and platform conversation
references become TEXT holding values sealed with the installed key ring (bot/storage/keys.py), and rows
already there are sealed in place. Also adds the per-minute inbound counts behind the rate limits.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 14:25:34.427607
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.storage.types
from bot.storage.keys import installed
from bot.storage.resealing import SealedTable, reseal_batch, unseal_all

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out rather than read from the models, so this migration means the same thing for ever.
SEALED = (
    SealedTable("organisation", ("id",), ("name",)),
    SealedTable("officer", ("id",), ("email", "name", "job_title")),
    SealedTable("conversation", ("officer_id",), ("data",)),
    SealedTable("plan", ("id",), ("text",)),
    SealedTable("conversation_reference", ("id",), ("reference",)),
)
WIDENED = {
    "organisation": (("name", sa.VARCHAR(length=200), False),),
    "officer": (
        ("email", sa.VARCHAR(length=254), True),
        ("name", sa.VARCHAR(length=200), True),
        ("job_title", sa.VARCHAR(length=200), True),
    ),
    "conversation": (("data", sa.JSON(), False),),
    "conversation_reference": (("reference", sa.JSON(), False),),
}


def upgrade() -> None:
    op.create_table(
        "inbound_count",
        sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("window_start", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("scope", "window_start"),
    )
    with op.batch_alter_table("inbound_count", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inbound_count_window_start"), ["window_start"], unique=False)

    # Sealed values are longer than the old limits, and JSON becomes sealed text.
    for table_name, columns in WIDENED.items():
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            for name, old_type, nullable in columns:
                batch_op.alter_column(
                    name,
                    existing_type=old_type,
                    type_=sa.Text(),
                    existing_nullable=nullable,
                    postgresql_using=f"{name}::text",
                )

    connection = op.get_bind()
    for target in SEALED:
        if _has_rows(target):
            ring = installed()  # rows to seal: the keys must have been installed at start-up
            while reseal_batch(connection, target, ring, limit=500, from_plain=True):
                pass


def downgrade() -> None:
    connection = op.get_bind()
    for target in SEALED:
        if _has_rows(target):
            unseal_all(connection, target, installed())
    for table_name, columns in reversed(WIDENED.items()):
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            for name, old_type, nullable in columns:
                batch_op.alter_column(
                    name,
                    existing_type=sa.Text(),
                    type_=old_type,
                    existing_nullable=nullable,
                    postgresql_using=f"{name}::{'json' if isinstance(old_type, sa.JSON) else 'varchar'}",
                )
    with op.batch_alter_table("inbound_count", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inbound_count_window_start"))
    op.drop_table("inbound_count")


def _has_rows(target: SealedTable) -> bool:
    statement = sa.select(sa.func.count()).select_from(sa.table(target.name))
    return bool(op.get_bind().execute(statement).scalar_one())
