"""The schema comes from the migrations, and the migrations match the models."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine as Database
from sqlalchemy import text
from sqlmodel import SQLModel

from bot.storage.database import alembic_config, is_current, make_engine, upgrade
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


def test_upgrading_numbers_existing_proposals_per_officer_in_order_of_creation(
    databases: DatabaseFactory,
) -> None:
    """Officer 2's proposals were made in the opposite order to their ids; officer 1 kept one whose other
    side was erased (its ids cleared), which numbers nobody else."""
    database = make_engine(databases.url())
    databases.track(database)
    command.upgrade(alembic_config(database), "0008")
    with database.begin() as connection:
        for officer in (1, 2, 3):
            connection.execute(
                text(
                    "INSERT INTO officer (id, platform, workspace_id, user_id, verified, reachable, "
                    "platform_admin, created_at, last_seen_at) VALUES (:id, 'test', 'local', :user, true, "
                    "true, false, :now, :now)"
                ),
                {"id": officer, "user": f"u{officer}", "now": "2026-01-01 00:00:00"},
            )
            connection.execute(
                text(
                    "INSERT INTO plan (id, officer_id, number, text, service_areas, status, created_at, "
                    "updated_at) VALUES (:id, :id, 1, 'sealed', '[]', 'active', :now, :now)"
                ),
                {"id": officer, "now": "2026-01-01 00:00:00"},
            )
        # Officer n holds plan n; side a holds the lower plan id, as ever.
        for pid, a, b, made in (
            (1, 1, 2, "2026-03-02 00:00:00"),
            (2, 2, 3, "2026-03-01 00:00:00"),
            (3, None, 1, "2026-03-03 00:00:00"),
        ):
            connection.execute(
                text(
                    "INSERT INTO match_proposal (id, plan_a_id, plan_b_id, officer_a_id, officer_b_id, "
                    "score, shared_service_areas, state, lapse_notified, created_at, expires_at) VALUES "
                    "(:id, :a, :b, :a, :b, 0.9, '[]', 'proposed', false, :made, '2026-04-01 00:00:00')"
                ),
                {"id": pid, "a": a, "b": b, "made": made},
            )
    upgrade(database)
    with database.connect() as connection:
        rows = connection.execute(
            text("SELECT officer_id, proposal_id, number FROM match_number ORDER BY officer_id, number")
        ).all()
    assert [tuple(row) for row in rows] == [(1, 1, 1), (1, 3, 2), (2, 2, 1), (2, 1, 2), (3, 2, 1)]
