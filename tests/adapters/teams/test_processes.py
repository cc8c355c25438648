"""Teams on real processes, as a Procfile platform runs them on PostgreSQL: `serve` only keeps what it
acknowledges, so a web process that stops (gracefully or killed outright) after its acknowledgement
loses nothing, and a `worker` answers each activity once, whichever web process Teams reached."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine as Database

from tests.adapters.processes import Process, environment, start
from tests.adapters.slack.fake_slack import Loop
from tests.adapters.teams.fake_connector import FakeConnector
from tests.adapters.teams.harness import Teams, TeamsUser
from tests.adapters.teams.test_teams_flow import JANE, JANE_PLAN, TOM, TOM_PLAN
from tests.conftest import DatabaseFactory, postgres_url
from tests.support import count

DRAFT = "Here's what I understood"


@dataclass
class Production:
    database: Database
    connector: FakeConnector
    connector_url: str
    env: dict[str, str]

    def teams(self, process: Process) -> Teams:
        """Talk to this process as Teams would (the core is read through the database only)."""
        return Teams(
            process.url,
            self.connector_url,
            self.connector,
            None,  # type: ignore[arg-type]
            self.database,
            itertools.count(1),
        )

    def stored(self, events: int, timeout: float = 10.0) -> None:
        """Wait until this many events wait in the database (written within milliseconds of their
        acknowledgement)."""
        deadline = time.monotonic() + timeout
        while count(self.database, "inbound_event") < events and time.monotonic() < deadline:
            time.sleep(0.02)
        assert count(self.database, "inbound_event") == events


@pytest.fixture
def production(tmp_path: Path, loop: Loop) -> Iterator[Production]:
    """PostgreSQL (skipped without it), a fake Bot Framework connector, and the environment `serve` and
    `worker` get there: Teams without authentication (development), turns left to workers."""
    postgres_url()
    databases = DatabaseFactory("postgresql", tmp_path)
    connector = FakeConnector()
    connector_url = loop.serve(connector.application())
    for user in (JANE, TOM):
        connector.members[user.teams_id] = user.member()
    database = databases.new()
    env = environment(
        DATABASE_URL=database.url.render_as_string(hide_password=False), NOTALONE_ENV="development"
    )
    yield Production(database, connector, connector_url, env)
    databases.close()


def answered_once(teams: Teams, user: TeamsUser) -> None:
    teams.wait_for_text(user, DRAFT, timeout=60)  # the worker may still be starting
    teams.settle()
    assert sum(DRAFT in text for text in teams.texts(user)) == 1


def test_an_activity_acknowledged_by_web_processes_that_stop_is_answered_once_by_a_worker(
    production: Production,
) -> None:
    """Teams sends Jane's message again to a second web process (it missed the first answer); both stop
    on SIGTERM at once. The worker started afterwards answers her once, through the reference it kept."""
    first, second = start("serve", production.env), start("serve", production.env)
    try:
        teams = production.teams(first)
        activity = teams.activity(JANE, text=JANE_PLAN)
        assert teams.post(activity).status == 202
        assert production.teams(second).post(activity).status == 202
    finally:
        stopped = [first.stop(), second.stop()]
    for code, _out, err in stopped:
        assert code == 0, err[-2000:]
        assert "Traceback" not in err and JANE_PLAN not in err
    assert count(production.database, "inbound_event") == 2  # both kept before the processes exited
    assert count(production.database, "conversation_reference") == 0  # left to the worker's turn
    assert production.connector.requests == 0  # nothing answered, nobody looked up, in the web process

    worker = start("worker", production.env)
    try:
        answered_once(teams, JANE)
    finally:
        code, _out, err = worker.stop()
    assert code == 0, err[-2000:]
    assert "Traceback" not in err and JANE_PLAN not in err
    assert count(production.database, "inbound_event") == 0
    assert count(production.database, "conversation_reference") == 1


def test_killing_the_web_process_after_its_acknowledgement_loses_nothing(production: Production) -> None:
    """Killed outright (no SIGTERM, no clean-up): what it acknowledged was already in the database with
    everything its turn needs, so a worker answers both officers."""
    server = start("serve", production.env)
    try:
        teams = production.teams(server)
        assert teams.say(JANE, JANE_PLAN).status == 202
        assert teams.say(TOM, TOM_PLAN).status == 202
        production.stored(2)
        server.popen.kill()
    finally:
        server.stop()
    assert server.popen.returncode != 0  # it never got to shut down

    worker = start("worker", production.env)
    try:
        answered_once(teams, JANE)
        answered_once(teams, TOM)
    finally:
        code, _out, err = worker.stop()
    assert code == 0, err[-2000:]
    assert count(production.database, "inbound_event") == 0
