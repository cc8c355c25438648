"""The schema comes from the migrations, and the migrations match the models."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine as Database
from sqlmodel import SQLModel

from bot.storage.database import is_current, make_engine, upgrade
from tests.conftest import DatabaseFactory


def test_migrations_match_the_models(database: Database) -> None:
    with database.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []


def test_upgrade_is_safe_to_repeat(database: Database) -> None:
    assert is_current(database)
    upgrade(database)
    assert is_current(database)


def test_a_new_database_is_not_current_until_upgraded(databases: DatabaseFactory) -> None:
    database = make_engine(databases.url())
    try:
        assert not is_current(database)
        upgrade(database)
        assert is_current(database)
    finally:
        database.dispose()


def test_db_commands(tmp_path: Path, key_file: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "PATH": "", "NOTALONE_KEY_FILE": str(key_file)}
    status = subprocess.run(
        [sys.executable, "-m", "adapters.host.cli", "db", "status"], env=env, capture_output=True, text=True
    )
    assert status.returncode == 1 and "needs `notalone db upgrade`" in status.stdout
    upgraded = subprocess.run(
        [sys.executable, "-m", "adapters.host.cli", "db", "upgrade"], env=env, capture_output=True, text=True
    )
    assert upgraded.returncode == 0 and upgraded.stdout.strip() == "Database is up to date."
    status = subprocess.run(
        [sys.executable, "-m", "adapters.host.cli", "db", "status"], env=env, capture_output=True, text=True
    )
    assert status.returncode == 0


def test_bad_database_url_is_a_clear_error(tmp_path: Path, key_file: Path) -> None:
    env = {"DATABASE_URL": "not a url", "PATH": "", "NOTALONE_KEY_FILE": str(key_file)}
    result = subprocess.run(
        [sys.executable, "-m", "adapters.host.cli", "db", "upgrade"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "DATABASE_URL is not a valid database URL" in result.stderr and "Traceback" not in result.stderr


def test_processes_starting_at_once_on_an_empty_database_migrate_it_once(databases: DatabaseFactory) -> None:
    if databases.kind != "postgresql":
        pytest.skip("SQLite serialises writers itself; the race this guards against is PostgreSQL's")
    url = databases.url()
    engines = [make_engine(url) for _ in range(3)]
    for engine in engines:
        databases.track(engine)
    pool = ThreadPoolExecutor(len(engines))
    # Without taking turns they deadlock or fail, creating the same tables at once.
    done, stuck = wait([pool.submit(upgrade, engine) for engine in engines], timeout=120)
    pool.shutdown(wait=False)
    assert not stuck and all(future.exception() is None for future in done)
    assert all(is_current(engine) for engine in engines)
