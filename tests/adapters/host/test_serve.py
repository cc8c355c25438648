"""`notalone serve` as an operator runs it: readiness, where the periodic jobs run, and SIGTERM."""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from aiohttp import web
from sqlalchemy import text

from adapters.host.readiness import readiness
from adapters.host.server import build_application
from bot.settings import Settings
from bot.storage.database import make_engine
from tests.adapters.processes import environment, notalone, start
from tests.adapters.slack.conftest import CAMDEN
from tests.adapters.slack.fake_slack import FakeSlack, Loop
from tests.adapters.slack.harness import SECRET, Slack
from tests.conftest import DatabaseFactory


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode()


def test_ready_only_when_the_database_answers_and_is_migrated(databases: DatabaseFactory, loop: Loop) -> None:
    settings = Settings(database_url=databases.url())
    url = loop.serve(build_application(settings, say=lambda _line: None))
    assert get(url + "/readyz") == (200, "ready")
    database = make_engine(settings.database_url)
    databases.track(database)
    with database.begin() as connection:
        connection.execute(text("DELETE FROM alembic_version"))
    assert get(url + "/readyz") == (503, "migrations pending")
    assert get(url + "/healthz") == (200, "ok")  # alive, just not ready


def test_unreachable_database_is_not_ready_and_its_address_stays_private(loop: Loop) -> None:
    database = make_engine("postgresql+psycopg://secret_user:hunter2@127.0.0.1:1/private_db")
    application = web.Application()
    application.router.add_get("/readyz", readiness(database))
    status, body = get(loop.serve(application) + "/readyz")
    database.dispose()
    assert (status, body) == (503, "database unavailable")


def test_jobs_run_in_the_web_process_only_on_sqlite_unless_told() -> None:
    assert Settings(database_url="sqlite:///x.db").serve_runs_jobs
    assert not Settings(database_url="postgres://u@h/db").serve_runs_jobs
    assert Settings(database_url="postgres://u@h/db", in_process_jobs=True).serve_runs_jobs
    assert Settings.model_validate(
        {"DATABASE_URL": "postgres://u@h/db", "in_process_jobs": "1"}
    ).serve_runs_jobs


def test_sigterm_lets_acknowledged_work_finish_before_exit(databases: DatabaseFactory, loop: Loop) -> None:
    """`serve` running turns itself (the embedded default, or told to) answers what it acknowledged."""
    fake = FakeSlack(delay=0.4)  # a slow Slack: the reply is still being sent when SIGTERM arrives
    fake.workspaces = {"code-camden": CAMDEN}
    fake.add_user("U0JANE", CAMDEN.team_id, name="Jane Smith", email="jane.smith@camden.gov.uk")
    fake_url = loop.serve(fake.application())
    database_url = databases.url()
    env = environment(
        DATABASE_URL=database_url,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_BOT_TOKEN=CAMDEN.bot_token,
        SLACK_API_URL=fake_url + "/api/",
        NOTALONE_IN_PROCESS_JOBS="1",
    )
    assert notalone("db", "upgrade", env=env).returncode == 0
    server = start("serve", env)
    slack = Slack(server.url, fake_url, fake, None, None, None, iter(range(1, 100)))  # type: ignore[arg-type]
    try:
        reply = slack.dm(
            CAMDEN.team_id, "U0JANE", "We're spinning our leisure centres out into a staff mutual"
        )
        assert reply.status == 200
    finally:
        code, _out, err = server.stop()
    assert code == 0, err[-2000:]
    assert any("Here's what I understood" in t for t in slack.texts("U0JANE"))
    database = make_engine(database_url)
    databases.track(database)
    with database.connect() as connection:
        # The officer and their unconfirmed draft were both written: the turn was not cut short.
        assert connection.execute(text("SELECT count(*) FROM officer")).scalar_one() == 1
        assert connection.execute(text("SELECT count(*) FROM conversation")).scalar_one() == 1
        assert connection.execute(text("SELECT count(*) FROM inbound_event")).scalar_one() == 0
    for line in err.splitlines():
        json.loads(line)  # every log line is JSON


def test_serve_builds_the_matching_index_at_start_up(
    loop: Loop, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="adapters.host.server")
    loop.serve(
        build_application(Settings(database_url=f"sqlite:///{tmp_path / 'warm.db'}"), say=lambda _: None)
    )
    deadline = time.monotonic() + 30
    while "matching index ready: plans=0" not in caplog.text:
        assert time.monotonic() < deadline, "the index was not built at start-up"
        time.sleep(0.05)
