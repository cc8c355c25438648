"""The application served on 127.0.0.1 with a fake Teams connector, on each kind of database."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from adapters.host.server import build_application
from bot.clock import ManualClock
from bot.settings import Settings
from bot.storage.database import make_engine
from tests.adapters.slack.fake_slack import Loop
from tests.adapters.teams.fake_connector import FakeConnector
from tests.adapters.teams.harness import Teams
from tests.conftest import DatabaseFactory


def start_teams(
    loop: Loop,
    clock: ManualClock,
    url: str,
    connector: FakeConnector,
    connector_url: str,
    *,
    turns: bool = True,
    **settings: Any,
) -> Teams:
    """Serve the application with Teams on, against an existing database and connector; `turns`: it runs
    the turns of the events it stores too, as `serve` does on the embedded default (otherwise a worker
    would)."""
    configured = Settings.model_validate({"database_url": url, "env": "development", **settings})
    application = build_application(configured, clock=clock, say=lambda _line: None, turns=turns)
    served = loop.serve(application)
    from adapters.host.server import ENGINE

    return Teams(served, connector_url, connector, application[ENGINE], make_engine(url), itertools.count(1))


@pytest.fixture
def connector(loop: Loop) -> tuple[FakeConnector, str]:
    fake = FakeConnector()
    return fake, loop.serve(fake.application())


@pytest.fixture
def teams(
    databases: DatabaseFactory, clock: ManualClock, loop: Loop, connector: tuple[FakeConnector, str]
) -> Teams:
    """Teams in development mode (no token checks), as for a local trial."""
    started = start_teams(loop, clock, databases.url(), connector[0], connector[1])
    databases.track(started.database)
    return started
