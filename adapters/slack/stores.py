"""slack_sdk's SQLAlchemy stores on the project's own database (tables made by our migrations)."""

from __future__ import annotations

from slack_sdk.oauth.installation_store.sqlalchemy import (
    AsyncSQLAlchemyInstallationStore,
    SQLAlchemyInstallationStore,
)
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.storage.database import normalise_url

STATE_EXPIRATION_SECONDS = 600


def async_engine_for(url: str) -> AsyncEngine:
    """The same database through an asyncio driver (aiosqlite, or psycopg's async mode)."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    return create_async_engine(parsed, hide_parameters=True, pool_pre_ping=True)


def installation_stores(
    client_id: str, database: Engine, async_database: AsyncEngine
) -> tuple[AsyncSQLAlchemyInstallationStore, SQLAlchemyInstallationStore]:
    """The store bolt uses (async) and the one the notifier uses from its worker thread (blocking)."""
    return (
        AsyncSQLAlchemyInstallationStore(client_id=client_id, engine=async_database),
        SQLAlchemyInstallationStore(client_id=client_id, engine=database),
    )


def state_store(async_database: AsyncEngine) -> AsyncSQLAlchemyOAuthStateStore:
    """Where OAuth `state` values wait between /slack/install and /slack/oauth_redirect."""
    return AsyncSQLAlchemyOAuthStateStore(expiration_seconds=STATE_EXPIRATION_SECONDS, engine=async_database)
