"""The console knows its officers by their email address, yet nothing stores the address in the clear:
the officer's id at rest is a keyed hash, and the same officer is found again after a restart and after
`notalone keys rotate`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import Engine as Database
from sqlalchemy import text

from adapters.console.app import Console, ConsoleNotifier
from bot import wording
from bot.clock import OffsetClock
from bot.core import Core
from bot.messages import Identity, Message
from bot.settings import Settings
from bot.storage import keys
from bot.storage.database import make_engine, upgrade
from bot.storage.resealing import seal_everything
from tests.conftest import TEST_SECRET
from tests.copies import sqlite_files
from tests.support import outside_sealed, outside_sealed_bytes

JANE = "jane.smith@camden.gov.uk"
PLAN = "We're spinning our leisure centres out into a staff mutual, business case stage, live next April"


class Seat:
    """One run of the console on a database file, as `notalone chat` makes it."""

    def __init__(self, path: Path) -> None:
        self.database = make_engine(f"sqlite:///{path}")
        upgrade(self.database)
        self.sent: list[tuple[Identity, Message]] = []
        notifier = ConsoleNotifier(lambda _line: None)
        original = notifier.send

        def send(recipient: Identity, message: Message, **kwargs: object) -> None:
            self.sent.append((recipient, message))
            original(recipient, message)

        notifier.send = send  # type: ignore[method-assign]
        clock = OffsetClock()
        core = Core(self.database, notifier, settings=Settings(database_url="sqlite://"), clock=clock)
        self.console = Console(core, notifier, clock, io.StringIO())
        self.notifier = notifier

    def type(self, line: str) -> list[str]:
        before = len(self.sent)
        self.console.feed(line)
        return [message.text for _, message in self.sent[before:]]

    def close(self) -> None:
        self.database.dispose()


@pytest.mark.random_data
def test_no_console_email_is_stored_in_the_clear_anywhere_in_the_database_file(tmp_path: Path) -> None:
    path = tmp_path / "chat.db"
    seat = Seat(path)
    seat.type(f"/as {JANE} Head of Leisure")
    seat.type(PLAN)
    assert "Saved as plan 1. Only you can see it." in seat.type("1")
    assert seat.console.current_email == JANE  # the console still shows the address
    with seat.database.connect() as connection:
        user_ids = connection.execute(text("SELECT user_id FROM officer")).scalars().all()
        email = connection.execute(text("SELECT email FROM officer")).scalar_one()
    assert user_ids and not any("@" in user_id for user_id in user_ids)
    assert outside_sealed(email) == "<sealed>"  # the address is kept, sealed, for introductions
    assert keys.installed().decrypt(email).decode() == JANE
    seat.close()
    stored = outside_sealed_bytes(sqlite_files(path))
    assert b"jane.smith" not in stored and b"Jane Smith" not in stored


def test_the_same_officer_is_found_after_a_restart_and_after_keys_rotate(tmp_path: Path) -> None:
    path = tmp_path / "chat.db"
    first = Seat(path)
    first.type(f"/as {JANE} Head of Leisure")
    first.type(PLAN)
    first.type("1")
    first.close()

    again = Seat(path)
    again.type(f"/as {JANE}")
    assert any(reply.startswith(wording.MY_PLANS_HEADER) for reply in again.type("my plans"))
    again.close()

    new_key = keys.generate_key()
    rotated = keys.parse_keys(f"{new_key},{TEST_SECRET}")
    database = make_engine(f"sqlite:///{path}")
    with keys.using(rotated):
        assert seal_everything(database, rotated) > 0
    database.dispose()
    with keys.using(keys.parse_keys(new_key)):  # the old key is gone
        after = Seat(path)
        after.type(f"/as {JANE}")
        overview = [r for r in after.type("my plans") if r.startswith(wording.MY_PLANS_HEADER)]
        assert overview and "1. " in overview[0]
        with after.database.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM officer")).scalar_one() == 1
        after.close()


def test_a_recipient_not_played_in_this_run_is_printed_by_their_stored_address(tmp_path: Path) -> None:
    path = tmp_path / "chat.db"
    first = Seat(path)
    first.type(f"/as {JANE}")
    first.close()
    second = Seat(path)
    jane = first.sent[0][0]
    assert second.notifier.email_of(jane) == JANE
    second.close()


def at_0013(path: Path) -> Database:
    """A console database as it was before identities were hashed: Jane known by her address."""
    from alembic import command

    from bot.storage.database import alembic_config

    database = make_engine(f"sqlite:///{path}")
    command.upgrade(alembic_config(database), "0013")
    now = "2026-01-01 00:00:00"
    sealed = keys.installed().encrypt(JANE.encode())
    with database.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO officer (id, platform, workspace_id, user_id, email, verified, reachable, "
                "platform_admin, created_at, last_seen_at) VALUES "
                "(1, 'console', 'local', :jane, :sealed, false, true, false, :now, :now)"
            ),
            {"jane": JANE, "sealed": sealed, "now": now},
        )
        connection.execute(
            text(
                "INSERT INTO plan (id, officer_id, number, text, service_areas, status, created_at, "
                "updated_at, advise_others) VALUES (1, 1, 1, :text, '[]', 'active', :now, :now, false)"
            ),
            {"text": keys.installed().encrypt(PLAN.encode()), "now": now},
        )
        connection.execute(
            text(
                "INSERT INTO inbound_event (platform, workspace_id, user_id, event, attempts, not_before, "
                "received_at) VALUES ('console', 'local', :jane, :event, 0, :now, :now)"
            ),
            {"jane": JANE, "event": keys.installed().encrypt(b"{}"), "now": now},
        )
    return database


@pytest.mark.random_data
def test_upgrading_hashes_the_addresses_of_an_existing_console_database(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    at_0013(path).dispose()
    seat = Seat(path)  # brings it up to date, as `notalone chat` does
    with seat.database.connect() as connection:
        stored = [
            *connection.execute(text("SELECT user_id FROM officer")).scalars(),
            *connection.execute(text("SELECT user_id FROM inbound_event")).scalars(),
        ]
    assert len(stored) == 2 and not any("@" in value for value in stored)
    seat.type(f"/as {JANE}")
    assert any(reply.startswith(wording.MY_PLANS_HEADER) for reply in seat.type("my plans"))
    seat.close()
    assert b"jane.smith" not in outside_sealed_bytes(sqlite_files(path))
