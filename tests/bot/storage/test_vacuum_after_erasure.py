"""After forget me on PostgreSQL, the worker's periodic work vacuums the tables the erasure touched, so
the erased rows' sealed values leave the table files rather than waiting for autovacuum."""

from __future__ import annotations

import time
from collections.abc import Iterator
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


def table_stats(database: Database) -> dict[str, tuple[object, int]]:
    """When each erased table was last vacuumed by hand, and its dead row versions, as PostgreSQL says."""
    with database.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT relname, last_vacuum, n_dead_tup FROM pg_stat_user_tables "
                "WHERE schemaname = current_schema() AND relname IN ('officer', 'plan')"
            )
        ).all()
    return {name: (last, int(dead)) for name, last, dead in rows}


def vacuumed_stats(database: Database) -> dict[str, tuple[object, int]]:
    # The statistics reach pg_stat_user_tables within a second or so of the vacuum.
    deadline = time.monotonic() + 10
    while True:
        stats = table_stats(database)
        if all(stats.get(name, (None, 1))[0] is not None for name in ERASED) or time.monotonic() > deadline:
            return stats
        time.sleep(0.2)


def test_forget_me_is_followed_by_a_vacuum_of_the_erased_tables(
    postgres: Database, make_desk: DeskFactory
) -> None:
    desk = make_desk(postgres)
    desk.open(JANE, title="Head of Leisure")
    desk.describe_and_confirm(JANE, JANE_PLAN)
    assert run_the_vacuum_job(desk.engine) is False  # nothing erased yet: nothing to do
    assert all(last is None for last, _ in table_stats(postgres).values())

    desk.say(JANE, "forget me")
    desk.choose(JANE, "Erase everything")
    with postgres.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM erasure_mark")).scalar_one() == 1
    assert run_the_vacuum_job(desk.engine) is True
    stats = vacuumed_stats(postgres)
    for name in ERASED:
        last_vacuum, dead = stats[name]
        assert last_vacuum is not None and dead == 0, (name, stats[name])
    with postgres.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM erasure_mark")).scalar_one() == 0
    assert run_the_vacuum_job(desk.engine) is False  # once per erasure, not on every run
