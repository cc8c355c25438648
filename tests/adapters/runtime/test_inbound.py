"""Officers' events wait in the database for whichever process runs turns: each runs once, each officer's
in the order they arrived and never two at once, however many processes take them."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine as Database
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from adapters.runtime.inbound import EarlierEventWaiting, Inbound
from bot.delivery import inbox
from bot.delivery.inbox import Waiting
from bot.messages import Incoming
from bot.storage.database import INTAKE_APPLICATION_NAME, make_engine, transaction, upgrade
from tests.conftest import DatabaseFactory
from tests.support import Desk, count, identity

OFFICERS = [identity(f"officer{n}@camden.gov.uk") for n in range(3)]
SECRET_WORDS = "Brackenwhistle library trust"


class Recorder:
    """A turn handler noting what ran, and failing if one officer's turns ever overlap."""

    def __init__(self, *, seconds: float = 0.005) -> None:
        self.ran: list[tuple[str, str]] = []
        self.overlaps = 0
        self._busy: set[str] = set()
        self._seconds = seconds

    async def __call__(self, waiting: Waiting) -> None:
        who = waiting.incoming.identity.user_id
        if who in self._busy:
            self.overlaps += 1
        self._busy.add(who)
        await asyncio.sleep(self._seconds)  # long enough for another process to try the same officer
        self._busy.discard(who)
        self.ran.append((who, waiting.incoming.text))


MakeTurns = Callable[..., Inbound]


@pytest.fixture
def make_turns() -> Iterator[MakeTurns]:
    """Makes a process's `Inbound`; their connections for storing events are closed when the test ends."""
    made: list[Inbound] = []

    def make(database: Database, **options: Any) -> Inbound:
        made.append(Inbound(database, **options))
        return made[-1]

    yield make
    for turns in made:
        turns.close()


async def run_until(turns: list[Inbound], done: Callable[[], bool], *, timeout: float = 60) -> None:
    """Run the processes' turns until `done()` (or the timeout), then stop them as SIGTERM would."""
    stop = asyncio.Event()
    runners = [asyncio.create_task(t.run(stop)) for t in turns]
    deadline = asyncio.get_running_loop().time() + timeout
    while not done() and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.02)
    stop.set()
    await asyncio.gather(*runners)


def test_two_processes_run_every_event_once_each_officers_in_order(
    databases: DatabaseFactory, make_turns: MakeTurns
) -> None:
    url = databases.url()
    processes = [make_engine(url) for _ in range(2)]
    for database in processes:
        databases.track(database)
    upgrade(processes[0])
    recorder = Recorder()
    turns = [make_turns(database, poll_seconds=0.01) for database in processes]
    for each in turns:
        each.handle("test", recorder)

    async def scenario() -> None:
        for n in range(10):
            for officer in OFFICERS:
                await turns[n % 2].put(Incoming(officer, text=f"message {n}"))
        await run_until(turns, lambda: len(recorder.ran) >= 30)

    asyncio.run(scenario())

    assert recorder.overlaps == 0
    assert len(recorder.ran) == 30
    for officer in OFFICERS:
        said = [text for who, text in recorder.ran if who == officer.user_id]
        assert said == [f"message {n}" for n in range(10)]
    assert count(processes[0], "inbound_event") == 0


def test_an_event_held_by_a_process_that_died_is_taken_over_once_its_hold_ends(database: Database) -> None:
    officer = OFFICERS[0]
    start = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    hold = timedelta(minutes=2)
    with transaction(database) as session:
        inbox.put(session, Incoming(officer, text="first"), {}, now=start)
        inbox.put(session, Incoming(officer, text="second"), {}, now=start)
    with transaction(database) as session:
        taken = inbox.claim(session, now=start, hold=hold, limit=10)
    assert [w.incoming.text for w in taken] == ["first"]  # the second waits behind it
    with transaction(database) as session:
        assert inbox.claim(session, now=start + timedelta(minutes=1), hold=hold, limit=10) == []
    with transaction(database) as session:
        again = inbox.claim(session, now=start + timedelta(minutes=3), hold=hold, limit=10)
    assert [(w.incoming.text, w.attempts) for w in again] == [("first", 2)]
    with transaction(database) as session:
        inbox.finish(session, taken[0])  # the dead process's late finish no longer counts...
    assert count(database, "inbound_event") == 2
    with transaction(database) as session:
        inbox.finish(session, again[0])  # ...the process that took it over does
        assert [w.incoming.text for w in inbox.claim(session, now=start, hold=hold, limit=10)] == ["second"]


def test_a_failing_turn_is_tried_three_times_then_dropped_and_the_next_runs(
    database: Database, caplog: pytest.LogCaptureFixture, make_turns: MakeTurns
) -> None:
    officer = OFFICERS[0]
    tries: list[str] = []

    async def failing_once_written(waiting: Waiting) -> None:
        tries.append(waiting.incoming.text)
        if waiting.incoming.text == SECRET_WORDS:
            raise RuntimeError(SECRET_WORDS)

    turns = make_turns(database, poll_seconds=0.01, retry_wait=timedelta(milliseconds=10))
    turns.handle("test", failing_once_written)

    async def scenario() -> None:
        await turns.put(Incoming(officer, text=SECRET_WORDS))
        await turns.put(Incoming(officer, text="next"))
        await run_until([turns], lambda: "next" in tries)

    with caplog.at_level(logging.INFO):
        asyncio.run(scenario())
    assert tries == [SECRET_WORDS] * 3 + ["next"]
    assert count(database, "inbound_event") == 0
    assert "turn failed" in caplog.text and "RuntimeError" in caplog.text
    assert SECRET_WORDS not in caplog.text and officer.user_id not in caplog.text


@pytest.mark.random_data
def test_events_wait_sealed_and_erasure_drops_the_officers_waiting_events(
    desk: Desk, database: Database
) -> None:
    desk.open("zara@camden.gov.uk", name="Zara Ahmed")
    zara, tom = desk.who("zara@camden.gov.uk"), identity("tom@leeds.gov.uk")
    with transaction(database) as session:
        inbox.put(session, Incoming(zara, text=SECRET_WORDS), {"choice": SECRET_WORDS}, now=datetime.now(UTC))
        inbox.put(session, Incoming(tom, text="hello"), {}, now=datetime.now(UTC))
    with database.connect() as connection:
        stored = str(connection.exec_driver_sql("SELECT * FROM inbound_event").all())
    assert SECRET_WORDS not in stored  # sealed while it waits

    desk.say("zara@camden.gov.uk", "forget me")
    desk.choose("zara@camden.gov.uk", "Erase everything")

    with transaction(database) as session:
        left = inbox.claim(session, now=datetime.now(UTC), hold=timedelta(minutes=2), limit=10)
    assert [w.incoming.identity for w in left] == [tom]


def drop_event_connections(database: Database) -> int:
    """End the connections events are stored on, as a database restart or a proxy's timeout would."""
    with database.begin() as connection:
        return int(
            connection.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE application_name = :name AND pid <> pg_backend_pid()"
                ),
                {"name": INTAKE_APPLICATION_NAME},
            ).scalar_one()
        )


def test_an_event_is_stored_even_when_the_database_dropped_the_connection(
    database: Database, make_turns: MakeTurns
) -> None:
    if database.dialect.name != "postgresql":
        pytest.skip("a connection the server dropped is a PostgreSQL matter: SQLite is a file")
    turns = make_turns(database)
    asyncio.run(turns.put(Incoming(OFFICERS[0], text="first")))
    assert drop_event_connections(database) >= 1
    asyncio.run(turns.put(Incoming(OFFICERS[0], text="second")))
    assert count(database, "inbound_event") == 2

    async def accepted_after_another_drop() -> bool:
        drop_event_connections(database)
        await turns.accept(Incoming(OFFICERS[0], text="third"))
        return await turns.flush(10)

    assert asyncio.run(accepted_after_another_drop())
    assert count(database, "inbound_event") == 3


def test_events_accepted_faster_than_they_are_written_run_in_order_once_each(
    database: Database, make_turns: MakeTurns
) -> None:
    recorder = Recorder(seconds=0)
    turns = make_turns(database, poll_seconds=0.01)
    turns.handle("test", recorder)

    async def scenario() -> None:
        for n in range(40):  # no await between them: all wait in the buffer together
            for officer in OFFICERS:
                await turns.accept(Incoming(officer, text=f"message {n}"))
        assert await turns.flush(10)
        await run_until([turns], lambda: len(recorder.ran) >= 120)

    asyncio.run(scenario())
    for officer in OFFICERS:
        said = [text for who, text in recorder.ran if who == officer.user_id]
        assert said == [f"message {n}" for n in range(40)]
    assert count(database, "inbound_event") == 0


def test_accepted_events_are_kept_while_the_database_refuses_them_and_written_once_it_takes_them(
    database: Database, make_turns: MakeTurns, caplog: pytest.LogCaptureFixture
) -> None:
    turns = make_turns(database)

    def table(old: str, new: str) -> None:
        with database.begin() as connection:
            connection.execute(text(f"ALTER TABLE {old} RENAME TO {new}"))

    async def scenario() -> None:
        table("inbound_event", "inbound_event_away")
        await turns.accept(Incoming(OFFICERS[0], text=SECRET_WORDS))  # answered: kept in the buffer
        assert not await turns.flush(0.5)  # the database refuses it for now
        with pytest.raises(DBAPIError):  # refused now: the platform sends it again
            await turns.accept(Incoming(OFFICERS[1], text="refused, so sent again"))
        with pytest.raises(EarlierEventWaiting):  # not even tried: it must not run before the first
            await turns.accept(Incoming(OFFICERS[0], text="after the first"))
        table("inbound_event_away", "inbound_event")
        assert await turns.flush(10)

    asyncio.run(scenario())
    with database.connect() as connection:
        stored = connection.execute(text("SELECT user_id FROM inbound_event")).scalars().all()
    assert stored == [OFFICERS[0].user_id]
    assert "events not stored yet: waiting=1" in caplog.text
    assert SECRET_WORDS not in caplog.text


def test_an_event_that_can_never_be_written_is_dropped_without_holding_back_the_others(
    database: Database, make_turns: MakeTurns, caplog: pytest.LogCaptureFixture
) -> None:
    turns = make_turns(database)

    async def scenario() -> None:
        await turns.accept(Incoming(OFFICERS[0], text="before"))
        await turns.accept(Incoming(OFFICERS[1], text=SECRET_WORDS), {"not data": object()})  # our bug
        await turns.accept(Incoming(OFFICERS[2], text="after"))
        assert await turns.flush(10)
        await turns.accept(Incoming(OFFICERS[0], text="later"))  # still answered at once, and written
        assert await turns.flush(10)

    asyncio.run(scenario())
    with transaction(database) as session:
        stored = inbox.claim(session, now=datetime.now(UTC), hold=timedelta(minutes=2), limit=10)
    assert sorted(w.incoming.text for w in stored) == ["after", "before"]  # "later" waits behind "before"
    assert "event not stored, dropped" in caplog.text
    assert SECRET_WORDS not in caplog.text
