"""The application served on 127.0.0.1 with a fake Slack Web API, on each kind of database."""

from __future__ import annotations

import itertools

import pytest

from adapters.host.server import build_application
from bot.clock import ManualClock
from bot.settings import Settings
from bot.storage.database import make_engine
from tests.adapters.slack.fake_slack import FakeSlack, Loop, Workspace
from tests.adapters.slack.harness import SECRET, Slack, engine_of
from tests.conftest import DatabaseFactory

CAMDEN = Workspace("T0CAMDEN", "Camden Council", "xoxb-camden", "UBOTCAMDEN")
HACKNEY = Workspace("T0HACKNEY", "Hackney Council", "xoxb-hackney", "UBOTHACKNEY")


def start(databases: DatabaseFactory, clock: ManualClock, loop: Loop, **slack_settings: str) -> Slack:
    """Serve the application configured for Slack, talking to a fresh fake Slack."""
    fake = FakeSlack()
    fake.workspaces = {"code-camden": CAMDEN, "code-hackney": HACKNEY}
    fake_url = loop.serve(fake.application())
    settings = Settings.model_validate(
        {
            "database_url": databases.url(),
            "slack_signing_secret": SECRET,
            "slack_api_url": fake_url + "/api/",
            **slack_settings,
        }
    )
    application = build_application(settings, clock=clock, say=lambda _line: None, turns=True)
    url = loop.serve(application)
    database = make_engine(settings.database_url)
    databases.track(database)
    engine, routing = engine_of(application)
    return Slack(url, fake_url, fake, engine, routing, database, itertools.count(1))


@pytest.fixture
def slack(databases: DatabaseFactory, clock: ManualClock, loop: Loop) -> Slack:
    """Many workspaces installing through OAuth."""
    return start(databases, clock, loop, slack_client_id="111.222", slack_client_secret="client-secret")


@pytest.fixture
def single(databases: DatabaseFactory, clock: ManualClock, loop: Loop) -> Slack:
    """One workspace on SLACK_BOT_TOKEN."""
    return start(databases, clock, loop, slack_bot_token=CAMDEN.bot_token)
