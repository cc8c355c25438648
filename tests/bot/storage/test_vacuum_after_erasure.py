"""After forget me on PostgreSQL, the worker's periodic work vacuums the tables the erasure touched, so
the erased rows' sealed values leave the table files rather than waiting for autovacuum.

The test checks what the job controls: that PostgreSQL records a vacuum of each erased table after the
erasure. It does not count dead row versions: a vacuum must keep any a still-open snapshot elsewhere might
see, and the statistics arrive asynchronously, so such a count can differ by chance."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine as Database
from sqlalchemy import text

from bot.core import Core
from tests.bot.domain.test_double_opt_in import JANE, JANE_PLAN
from tests.conftest import DatabaseFactory, DeskFactory, postgres_url

ERASED = ("officer", "plan")


@pytest.fixture
def postgres(tmp_path: Path) -> Iterator[Database]:
    """A fresh PostgreSQL database (the test is about PostgreSQL's dead row versions)."""
    postgres_url()
    factory = DatabaseFactory("postgresql", tmp_path)
    yield factory.new()
    factory.close()


def run_the_vacuum_job(core: Core) -> object:
    [job] = [work for work in core.periodic_work() if work.name == "vacuum_after_erasure"]
    return job.run()


def last_vacuums(database: Database) -> dict[str, datetime | None]:
    """When each erased table was last vacuumed by hand, as PostgreSQL says."""
    with database.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT relname, last_vacuum FROM pg_stat_user_tables "
                "WHERE schemaname = current_schema() AND relname IN ('officer', 'plan')"
            )
        ).all()
    return {name: last for name, last in rows}


def database_now(database: Database) -> datetime:
    with database.connect() as connection:
        now: datetime = connection.execute(text("SELECT clock_timestamp()")).scalar_one()
    return now


def vacuumed_since(database: Database, since: datetime) -> dict[str, datetime | None]:
    """The last vacuums, once every erased table shows one after `since` (or after ten seconds): the
    statistics reach pg_stat_user_tables within a second or so of the vacuum."""
    deadline = time.monotonic() + 10
    while True:
        lasts = last_vacuums(database)
        done = all((last := lasts.get(name)) is not None and last >= since for name in ERASED)
        if done or time.monotonic() > deadline:
            return lasts
        time.sleep(0.2)


def test_forget_me_is_followed_by_a_vacuum_of_the_erased_tables(
    postgres: Database, make_desk: DeskFactory
) -> None:
    desk = make_desk(postgres)
    desk.open(JANE, title="Head of Leisure")
    desk.describe_and_confirm(JANE, JANE_PLAN)
    assert run_the_vacuum_job(desk.engine) is False  # nothing erased yet: nothing to do
    assert all(last is None for last in last_vacuums(postgres).values())

    desk.say(JANE, "forget me")
    desk.choose(JANE, "Erase everything")
    with postgres.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM erasure_mark")).scalar_one() == 1
    erased_at = database_now(postgres)
    assert run_the_vacuum_job(desk.engine) is True
    lasts = vacuumed_since(postgres, erased_at)
    for name in ERASED:
        last_vacuum = lasts.get(name)
        assert last_vacuum is not None and last_vacuum >= erased_at, (name, last_vacuum, erased_at)
    with postgres.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM erasure_mark")).scalar_one() == 0
    assert run_the_vacuum_job(desk.engine) is False  # once per erasure, not on every run
