"""nothing personal in the clear at rest

The console knew its officers by their email address, stored in the clear as their user id (in the
officer row and in every row keyed by platform ids). Adds the sealed random root of the keyed hashes
that now stand for them (identity_secret, bot/storage/identities.py), and puts the hash in place of
every console address already stored.

Slack's bot and user tokens in slack_sdk's installation tables become text long enough to hold them
sealed, and the tokens already there are sealed in place (adapters/slack/stores.py).

Adds erasure_mark: one empty row saying an erasure happened since the last vacuum (bot/storage/vacuum.py).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import bot.storage.encrypted
import bot.storage.types
from bot.storage.encrypted import looks_sealed
from bot.storage.identities import ROOT_ROW, IdentityHasher, new_root
from bot.storage.keys import installed
from bot.storage.resealing import SealedTable, reseal_batch

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONSOLE = "console"
# Written out rather than read from the models, so this migration means the same thing for ever:
# the tables keyed by (platform, workspace_id, user_id), and pending_delivery's other officer.
KEYED_BY_PLATFORM_IDS = (
    ("officer", "platform", "user_id"),
    ("conversation_reference", "platform", "user_id"),
    ("pending_delivery", "platform", "user_id"),
    ("pending_delivery", "peer_platform", "peer_user_id"),
    ("inbound_event", "platform", "user_id"),
)


TOKENS = {
    "slack_installations": ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token"),
    "slack_bots": ("bot_token", "bot_refresh_token"),
}


def upgrade() -> None:
    _seal_slack_tokens()
    op.create_table(
        "erasure_mark", sa.Column("id", sa.Integer(), nullable=False), sa.PrimaryKeyConstraint("id")
    )
    op.create_table(
        "identity_secret",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("secret", bot.storage.encrypted.EncryptedText(), nullable=False),
        sa.Column("created_at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    connection = op.get_bind()
    addresses = _console_addresses(connection)
    if not addresses:
        return
    root = new_root()
    connection.execute(
        sa.text("INSERT INTO identity_secret (id, secret, created_at) VALUES (:id, :secret, :now)"),
        {"id": ROOT_ROW, "secret": installed().encrypt(root.encode("ascii")), "now": _now(connection)},
    )
    hasher = IdentityHasher(root)
    _replace(connection, {address: hasher.hash(address) for address in addresses})


def downgrade() -> None:
    # Only officers' own rows can be turned back, from their sealed email; the other rows keyed by a
    # hash stay so (the console then meets those officers afresh).
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT user_id, email FROM officer WHERE platform = :p AND email IS NOT NULL"),
        {"p": CONSOLE},
    ).all()
    back = {user_id: installed().decrypt(email).decode("utf-8").lower() for user_id, email in rows}
    _replace(connection, {hashed: email for hashed, email in back.items() if hashed != email})
    op.drop_table("identity_secret")
    _open_slack_tokens()
    op.drop_table("erasure_mark")


def _seal_slack_tokens() -> None:
    for table, columns in TOKENS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in columns:
                batch_op.alter_column(name, existing_type=sa.String(length=200), type_=sa.Text())
    connection = op.get_bind()
    for table, columns in TOKENS.items():
        target = SealedTable(table, ("id",), columns, may_be_clear=columns)
        if connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one() == 0:
            continue  # an empty table needs no keys
        while reseal_batch(connection, target, installed(), limit=500):
            pass


def _open_slack_tokens() -> None:
    connection = op.get_bind()
    for table, columns in TOKENS.items():
        for row in connection.execute(sa.text(f"SELECT id, {', '.join(columns)} FROM {table}")).all():
            values = {
                name: installed().decrypt(stored).decode("utf-8")
                for name, stored in zip(columns, row[1:], strict=True)
                if stored is not None and looks_sealed(stored)
            }
            if values:
                assignments = ", ".join(f"{name} = :{name}" for name in values)
                connection.execute(
                    sa.text(f"UPDATE {table} SET {assignments} WHERE id = :id"), {**values, "id": row[0]}
                )
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in columns:
                batch_op.alter_column(name, existing_type=sa.Text(), type_=sa.String(length=200))


def _console_addresses(connection: sa.Connection) -> set[str]:
    found: set[str] = set()
    for table, platform, user_id in KEYED_BY_PLATFORM_IDS:
        found |= set(
            connection.execute(
                sa.text(
                    f"SELECT DISTINCT {user_id} FROM {table} WHERE {platform} = :p AND {user_id} LIKE :at"
                ),
                {"p": CONSOLE, "at": "%@%"},
            ).scalars()
        )
    found |= set(
        connection.execute(
            sa.text(
                "SELECT DISTINCT a.user_id FROM workspace_admin a JOIN workspace w ON w.id = a.workspace_ref "
                "WHERE w.platform = :p AND a.user_id LIKE :at"
            ),
            {"p": CONSOLE, "at": "%@%"},
        ).scalars()
    )
    return found


def _replace(connection: sa.Connection, replacements: dict[str, str]) -> None:
    for old, new in replacements.items():
        for table, platform, user_id in KEYED_BY_PLATFORM_IDS:
            connection.execute(
                sa.text(f"UPDATE {table} SET {user_id} = :new WHERE {platform} = :p AND {user_id} = :old"),
                {"new": new, "old": old, "p": CONSOLE},
            )
        connection.execute(
            sa.text(
                "UPDATE workspace_admin SET user_id = :new WHERE user_id = :old AND workspace_ref IN "
                "(SELECT id FROM workspace WHERE platform = :p)"
            ),
            {"new": new, "old": old, "p": CONSOLE},
        )


def _now(connection: sa.Connection) -> datetime | str:
    now = datetime.now(UTC)
    # SQLite keeps no zone: the UTC wall time, as bot.storage.types.UTCDateTime stores it.
    return now.replace(tzinfo=None).isoformat(sep=" ") if connection.dialect.name == "sqlite" else now
