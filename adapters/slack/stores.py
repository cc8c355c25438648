"""slack_sdk's SQLAlchemy stores on the project's own database (tables made by our migrations).

The installation stores are slack_sdk's own, but for their token columns: those are sealed as they are
written and opened as they are read (bot.storage.encrypted.SealedSecret), so every query, save and
lookup stays slack_sdk's, and a token written in the clear before sealing is still read.
"""

from __future__ import annotations

from slack_sdk.oauth.installation_store.sqlalchemy import (
    AsyncSQLAlchemyInstallationStore,
    SQLAlchemyInstallationStore,
)
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy import Engine, MetaData, Table
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.storage.database import normalise_url
from bot.storage.encrypted import SealedSecret
from bot.storage.platform_tables import SEALED_TOKENS

STATE_EXPIRATION_SECONDS = 600


def async_engine_for(url: str) -> AsyncEngine:
    """The same database through an asyncio driver (aiosqlite, or psycopg's async mode)."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    return create_async_engine(parsed, hide_parameters=True, pool_pre_ping=True)


def _sealing_tokens(table: Table) -> Table:
    for name in SEALED_TOKENS:
        if name in table.c:
            table.c[name].type = SealedSecret()
    return table


class SealedInstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's blocking installation store, its tokens sealed at rest."""

    @classmethod
    def build_installations_table(cls, metadata: MetaData, table_name: str) -> Table:
        return _sealing_tokens(super().build_installations_table(metadata, table_name))

    @classmethod
    def build_bots_table(cls, metadata: MetaData, table_name: str) -> Table:
        return _sealing_tokens(super().build_bots_table(metadata, table_name))


class AsyncSealedInstallationStore(AsyncSQLAlchemyInstallationStore):
    """slack_sdk's asyncio installation store, its tokens sealed at rest."""

    @classmethod
    def build_installations_table(cls, metadata: MetaData, table_name: str) -> Table:
        return _sealing_tokens(super().build_installations_table(metadata, table_name))

    @classmethod
    def build_bots_table(cls, metadata: MetaData, table_name: str) -> Table:
        return _sealing_tokens(super().build_bots_table(metadata, table_name))


def installation_stores(
    client_id: str, database: Engine, async_database: AsyncEngine
) -> tuple[AsyncSQLAlchemyInstallationStore, SQLAlchemyInstallationStore]:
    """The store bolt uses (async) and the one the notifier uses from its worker thread (blocking)."""
    return (
        AsyncSealedInstallationStore(client_id=client_id, engine=async_database),
        SealedInstallationStore(client_id=client_id, engine=database),
    )


def state_store(async_database: AsyncEngine) -> AsyncSQLAlchemyOAuthStateStore:
    """Where OAuth `state` values wait between /slack/install and /slack/oauth_redirect."""
    return AsyncSQLAlchemyOAuthStateStore(expiration_seconds=STATE_EXPIRATION_SECONDS, engine=async_database)
