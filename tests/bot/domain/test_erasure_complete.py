"""Forget me leaves nothing: no row, no plain text and no sealed copy in the tables or in the files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine as Database
from sqlalchemy import inspect, text

from tests.bot.domain.test_double_opt_in import TOM, TOM_PLAN
from tests.support import Desk, outside_sealed, outside_sealed_bytes, proposals_to

ZARA = "zara.quennell-okonkwo@camden.gov.uk"
ZARA_NAME = "Zara Quennell-Okonkwo"
ZARA_TITLE = "Head of Vexillology Services"
ZARA_PLAN = (
    "We are spinning our leisure centres out into a staff mutual, business case stage, live next April; "
    "the Brackenwhistle lido and the Thornaby-Quist pavilion go first."
)
PLAINTEXTS = ("Brackenwhistle", "Thornaby-Quist", "Quennell", "Vexillology", "zara.quennell")


def zara_writes_and_meets_tom(desk: Desk) -> None:
    desk.open(ZARA, name=ZARA_NAME, title=ZARA_TITLE)
    desk.describe_and_confirm(ZARA, ZARA_PLAN)
    desk.open(TOM, title="Leisure Contracts Manager")
    desk.describe_and_confirm(TOM, TOM_PLAN)
    desk.choose(ZARA, "Introduce us")
    desk.choose(TOM, "Introduce us")
    desk.say(ZARA, "We may also move the Brackenwhistle library into a trust")  # an unfinished draft


def zaras_sealed_values(database: Database) -> set[str]:
    """Her name, title, email, plans and draft as stored: sealed tokens."""
    with database.connect() as connection:
        officer = connection.execute(
            text("SELECT id, email, name, job_title FROM officer WHERE user_id = :u"), {"u": ZARA}
        ).one()
        plans = connection.execute(text("SELECT text FROM plan WHERE officer_id = :i"), {"i": officer.id})
        drafts = connection.execute(
            text("SELECT data FROM conversation WHERE officer_id = :i"), {"i": officer.id}
        )
        return {officer.email, officer.name, officer.job_title, *plans.scalars(), *drafts.scalars()}


def everything_stored(database: Database) -> str:
    with database.connect() as connection:
        return "\n".join(
            " ".join(str(value) for value in row.values())
            for table in inspect(connection).get_table_names()
            for row in connection.execute(text(f"SELECT * FROM {table}")).mappings()
        )


@pytest.mark.random_data
def test_erasure_leaves_no_trace_in_any_table_or_in_the_sqlite_files(desk: Desk, database: Database) -> None:
    zara_writes_and_meets_tom(desk)
    zaras = zaras_sealed_values(database)
    assert len(zaras) == 5 and all(":gAAAAA" in value for value in zaras)

    desk.say(ZARA, "how many others")  # the day's snapshot and her question count: no trace of her
    desk.say(ZARA, "cancel")  # her draft goes first; its sealed copy must not linger either
    desk.say(ZARA, "forget me")
    desk.choose(ZARA, "Erase everything")

    stored = everything_stored(database)
    for secret in PLAINTEXTS:
        assert secret not in outside_sealed(stored)
    for token in zaras:
        assert token not in stored
    if database.dialect.name == "sqlite":
        main = Path(str(database.url.database))
        wal = Path(f"{main}-wal")
        assert wal.exists()  # the application still has the database open
        scan_files([main, wal], zaras)
        database.dispose()  # closing the last connection folds the log back into the file
        scan_files([main], zaras)


def scan_files(files: list[Path], sealed: set[str]) -> None:
    for file in files:
        raw = file.read_bytes()
        for secret in PLAINTEXTS:
            assert secret.encode() not in outside_sealed_bytes(raw), f"{file.name} still holds {secret}"
        for token in sealed:
            # Any 40 characters of a sealed token would betray that a copy is left.
            assert token[20:60].encode() not in raw, f"{file.name} still holds a sealed value"


def test_export_is_decrypted_and_includes_the_audit_trail(desk: Desk) -> None:
    zara_writes_and_meets_tom(desk)
    exported = next(m for m in desk.say(ZARA, "export") if m.attachment)
    assert exported.attachment is not None
    data = json.loads(exported.attachment.content)
    assert data["officer"]["name"] == ZARA_NAME and data["officer"]["job_title"] == ZARA_TITLE
    assert data["officer"]["email"] == ZARA
    assert data["plans"][0]["text"] == ZARA_PLAN
    assert "Brackenwhistle library" in data["conversation_in_progress"]["data"]["text"]
    actions = [event["action"] for event in data["audit_events"]]
    assert actions == ["plan_created", "proposal_accepted", "exported"]
    assert all(event["at"] for event in data["audit_events"])
    assert ":gAAAAA" not in exported.attachment.content
    assert proposals_to(desk.inbox(ZARA))  # she was proposed Tom's plan...
    assert "Oakridge" not in exported.attachment.content  # ...but his words are not hers to export
