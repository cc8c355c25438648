"""Personal data is stored sealed; the first sealing, rotation and a wrong key behave as an operator needs."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine as Database
from sqlalchemy import text

from bot.errors import ConfigurationError
from bot.storage import keys
from bot.storage.database import alembic_config, make_engine, upgrade
from bot.storage.resealing import pending_everywhere, seal_everything
from tests.bot.domain.test_double_opt_in import JANE, two_plans
from tests.conftest import DatabaseFactory
from tests.support import Desk, outside_sealed

SEALED_COLUMNS = {
    "officer": ("email", "name", "job_title"),
    "organisation": ("name",),
    "plan": ("text",),
    "conversation": ("data",),
}


def raw_values(database: Database) -> list[str]:
    """Every stored value of every encrypted column, as the database file holds it."""
    found: list[str] = []
    with database.connect() as connection:
        for table, columns in SEALED_COLUMNS.items():
            for column in columns:
                found += connection.execute(
                    text(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL")
                ).scalars()
    return found


@pytest.mark.random_data
def test_plan_text_names_and_drafts_are_stored_sealed(desk: Desk, database: Database) -> None:
    two_plans(desk)
    desk.say(JANE, "We are also thinking about our libraries becoming a trust, Quillmoor branch first.")
    stored = raw_values(database)
    assert len(stored) >= 9
    everything = outside_sealed("\n".join(stored))
    for plain in ("Fairbrook", "Jane", "jane.smith", "Head of Leisure", "Camden", "Quillmoor"):
        assert plain not in everything
    newest = keys.installed().newest_id
    assert all(value.startswith(newest + ":gAAAAA") for value in stored)
    # ...and the officer still sees their own words.
    assert "Fairbrook pool" in desk.say(JANE, "export")[0].attachment.content  # type: ignore[union-attr]


@pytest.fixture
def at_0003(databases: DatabaseFactory) -> Iterator[Database]:
    """A database as it was before encryption, holding one officer's data in plain text."""
    database = make_engine(databases.url())
    databases.track(database)
    command.upgrade(alembic_config(database), "0003")
    with database.begin() as connection:
        connection.execute(
            text("INSERT INTO organisation (id, name, created_at) VALUES (1, 'Riverside Trust', :now)"),
            {"now": "2026-01-01 00:00:00"},
        )
        connection.execute(
            text(
                "INSERT INTO officer (id, platform, workspace_id, user_id, email, name, job_title, "
                "organisation_id, verified, reachable, created_at, last_seen_at) VALUES (1, 'test', 'local', "
                "'u1', 'pat@riverside.example', 'Pat Lee', 'Director', 1, false, true, :now, :now)"
            ),
            {"now": "2026-01-01 00:00:00"},
        )
        connection.execute(
            text(
                "INSERT INTO plan (id, officer_id, number, text, service_areas, status, created_at, "
                "updated_at) VALUES (1, 1, 1, 'Moving the Larkspur libraries into a trust', '[]', "
                "'active', :now, :now)"
            ),
            {"now": "2026-01-01 00:00:00"},
        )
        connection.execute(
            text(
                "INSERT INTO conversation (officer_id, step, data, updated_at) "
                "VALUES (1, 'confirm_plan', :d, :now)"
            ),
            {"d": '{"text": "Larkspur draft"}', "now": "2026-01-01 00:00:00"},
        )
    yield database


@pytest.mark.random_data
def test_the_migration_seals_existing_rows_and_undoing_it_opens_them(at_0003: Database) -> None:
    upgrade(at_0003)
    stored = outside_sealed("\n".join(raw_values(at_0003)))
    assert "Larkspur" not in stored and "Pat Lee" not in stored and "riverside" not in stored
    with at_0003.connect() as connection:
        from sqlmodel import Session

        from bot.storage.models import Conversation, Officer, Plan

        with Session(bind=connection) as session:
            officer = session.get(Officer, 1)
            plan = session.get(Plan, 1)
            draft = session.get(Conversation, 1)
            assert officer is not None and plan is not None and draft is not None
            assert (officer.email, officer.name, officer.job_title) == (
                "pat@riverside.example",
                "Pat Lee",
                "Director",
            )
            assert plan.text == "Moving the Larkspur libraries into a trust"
            assert draft.data == {"text": "Larkspur draft"}
    command.downgrade(alembic_config(at_0003), "0003")
    with at_0003.connect() as connection:
        assert connection.execute(text("SELECT name FROM officer")).scalar_one() == "Pat Lee"
        assert (
            connection.execute(text("SELECT text FROM plan")).scalar_one().startswith("Moving the Larkspur")
        )


@pytest.mark.random_data
def test_rotation_moves_everything_to_the_newest_key_and_can_resume(desk: Desk, database: Database) -> None:
    two_plans(desk)
    old = keys.installed()
    new_key = keys.generate_key()
    rotated = keys.parse_keys(f"{new_key},{old_secret(old)}")
    with keys.using(rotated):
        before = pending_everywhere(database, rotated)
        assert before >= 6  # two officers, their organisations and plans

        class Interrupted(Exception):
            pass

        def stop_after_first_batch(_count: int) -> None:
            raise Interrupted

        with pytest.raises(Interrupted):
            seal_everything(database, rotated, batch=1, progress=stop_after_first_batch)
        assert pending_everywhere(database, rotated) == before - 1  # the first batch was committed
        assert seal_everything(database, rotated, batch=2) == before - 1  # resumed: the rest only
        assert seal_everything(database, rotated) == 0
    only_new = keys.parse_keys(new_key)
    assert all(value.startswith(only_new.newest_id + ":") for value in raw_values(database))
    with keys.using(only_new):
        assert "Fairbrook pool" in desk.say(JANE, "export")[0].attachment.content  # type: ignore[union-attr]


def old_secret(ring: keys.KeyRing) -> str:
    from tests.conftest import TEST_SECRET

    assert keys.parse_keys(TEST_SECRET).newest_id == ring.newest_id
    return TEST_SECRET


def test_the_key_file_is_made_once_for_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "data" / "notalone.key"
    first = keys.key_file_ring(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert keys.key_file_ring(path).newest_id == first.newest_id
    os.chmod(path, 0o644)
    with pytest.raises(ConfigurationError, match="chmod 600"):
        keys.key_file_ring(path)


def test_a_malformed_key_is_a_clear_error() -> None:
    with pytest.raises(ConfigurationError, match="Fernet keys"):
        keys.parse_keys("not-a-key")


def cli(*arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "adapters.host.cli", *arguments], env=env, capture_output=True, text=True
    )


def test_the_keys_commands_and_a_wrong_key_at_start_up(tmp_path: Path) -> None:
    first = cli("keys", "generate", env={"PATH": ""})
    old_key = first.stdout.strip()
    assert first.returncode == 0 and keys.parse_keys(old_key).ids
    new_key = cli("keys", "generate", env={"PATH": ""}).stdout.strip()
    assert new_key != old_key
    base = {"DATABASE_URL": f"sqlite:///{tmp_path / 'keys.db'}", "PATH": ""}
    assert cli("db", "upgrade", env={**base, "NOTALONE_SECRET_KEY": old_key}).returncode == 0
    database = make_engine(base["DATABASE_URL"])
    try:
        with keys.using(keys.parse_keys(old_key)):
            notifier_desk(database).open(JANE, title="Head of Leisure")
    finally:
        database.dispose()

    wrong = cli("db", "upgrade", env={**base, "NOTALONE_SECRET_KEY": new_key})
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
    assert f"encrypted with key {keys.key_id(old_key.encode())}" in wrong.stderr
    assert "NOTALONE_SECRET_KEY" in wrong.stderr

    rotated = cli("keys", "rotate", env={**base, "NOTALONE_SECRET_KEY": f"{new_key},{old_key}"})
    assert rotated.returncode == 0, rotated.stderr
    assert "Re-encrypted 2 rows" in rotated.stdout and "2/2 rows" in rotated.stderr
    again = cli("keys", "rotate", env={**base, "NOTALONE_SECRET_KEY": new_key})
    assert again.returncode == 0 and "Re-encrypted 0 rows" in again.stdout
    assert cli("db", "status", env={**base, "NOTALONE_SECRET_KEY": new_key}).returncode == 0


def notifier_desk(database: Database) -> Desk:
    from bot.clock import ManualClock
    from bot.core import Core
    from bot.delivery.notifier import RecordingNotifier
    from bot.settings import Settings
    from tests.conftest import START

    notifier = RecordingNotifier()
    engine = Core(database, notifier, settings=Settings(database_url="sqlite://"), clock=ManualClock(START))
    return Desk(engine, notifier)


@pytest.mark.random_data
def test_the_search_for_clear_text_skips_only_sealed_values() -> None:
    ring = keys.KeyRing([keys.generate_key().encode()])
    sealed = ring.encrypt(b"Jane Smith")
    # A token that happens to spell a name is cut out; the same name in the clear is still found.
    spelled = sealed[:20] + "Jane" + sealed[20:]
    assert "Jane" not in outside_sealed(f"{spelled} {sealed}")
    assert "Jane" in outside_sealed(f"{sealed} Jane {spelled}")
    assert "Jane" in outside_sealed(f"Jane:{sealed}")
