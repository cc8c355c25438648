"""Two `notalone serve` processes and two workers on one PostgreSQL database, as deployed behind a
router: an event or a pair of acceptances reaching both web processes is still handled once."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.core import Core
from bot.delivery.notifier import RecordingNotifier, RoutingNotifier
from bot.settings import Settings
from bot.storage.database import make_engine
from tests.adapters.processes import Process, environment, notalone, start
from tests.adapters.slack.conftest import CAMDEN
from tests.adapters.slack.fake_slack import FakeSlack, Loop
from tests.adapters.slack.harness import SECRET, Slack
from tests.adapters.slack.test_slack_flow import ANN, JANE, JANE_PLAN, TOM_PLAN
from tests.conftest import DatabaseFactory, postgres_url
from tests.support import at_once


@pytest.fixture
def two_servers(tmp_path: Path, loop: Loop) -> Iterator[tuple[Slack, Slack]]:
    """The same application twice, with two workers running the turns, on one fresh PostgreSQL schema,
    in front of one fake Slack."""
    postgres_url()
    databases = DatabaseFactory("postgresql", tmp_path)
    url = databases.url()
    fake = FakeSlack()
    fake.workspaces = {"code-camden": CAMDEN}
    fake.add_user(JANE, CAMDEN.team_id, name="Jane Smith", email="jane.smith@camden.gov.uk")
    fake.add_user(ANN, CAMDEN.team_id, name="Ann Brown", email="ann.brown@leeds.gov.uk")
    fake_url = loop.serve(fake.application())
    env = environment(
        DATABASE_URL=url,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_BOT_TOKEN=CAMDEN.bot_token,
        SLACK_API_URL=fake_url + "/api/",
    )
    assert notalone("db", "upgrade", env=env).returncode == 0  # the release phase
    database = make_engine(url)
    databases.track(database)
    engine = Core(database, RecordingNotifier(), settings=Settings(database_url=url))
    processes: list[Process] = []
    try:
        servers = [start("serve", env), start("serve", env)]
        processes = [*servers, start("worker", env), start("worker", env)]
        ids = itertools.count(1)
        yield tuple(  # type: ignore[misc]
            Slack(p.url, fake_url, fake, engine, RoutingNotifier({}), database, ids) for p in servers
        )
    finally:
        for process in processes:
            code, _out, err = process.stop()
            assert code == 0, err[-2000:]
        databases.close()


def rows(slack: Slack, table: str) -> int:
    with slack.database.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_one_event_delivered_to_both_processes_is_answered_once(two_servers: tuple[Slack, Slack]) -> None:
    first, second = two_servers
    event = {
        "type": "message",
        "channel": f"D{JANE}",
        "channel_type": "im",
        "user": JANE,
        "text": JANE_PLAN,
        "ts": "1700000000.000100",
    }
    replies = at_once(
        lambda: first.event(CAMDEN.team_id, event, event_id="Ev0SAME"),
        lambda: second.event(
            CAMDEN.team_id,
            event,
            event_id="Ev0SAME",
            headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
        ),
    )
    assert [r.status for r in replies] == [200, 200]
    first.wait_for_text(JANE, "Here's what I understood")
    first.settle()
    assert sum("Here's what I understood" in t for t in first.texts(JANE)) == 1
    assert rows(first, "processed_event") == 1


def test_both_acceptances_at_once_on_two_processes_make_one_introduction(
    two_servers: tuple[Slack, Slack],
) -> None:
    first, second = two_servers
    for user, words in ((JANE, JANE_PLAN), (ANN, TOM_PLAN)):
        first.dm(CAMDEN.team_id, user, words)
        first.wait_for_text(user, "Here's what I understood")
        second.click(CAMDEN.team_id, user, "Looks right")  # the two confirmations may run at once
    first.wait_for_text(JANE, "Possible match #1")
    first.wait_for_text(ANN, "Possible match #1")
    replies = at_once(
        lambda: first.click(CAMDEN.team_id, JANE, "Introduce us"),
        lambda: second.click(CAMDEN.team_id, ANN, "Introduce us"),
    )
    assert [r.status for r in replies] == [200, 200]
    group = f"G{ANN}{JANE}"
    first.wait_for_text("", "You're introduced", channel=group)
    first.settle()
    assert rows(first, "introduction") == 1
    assert len(first.fake.posted(group)) == 1
    assert not any("You're introduced" in t for t in first.texts(JANE) + first.texts(ANN))
