"""`notalone worker`: an offer lapses and each officer hears of it once, however many workers run."""

from __future__ import annotations

import itertools
import os
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine as Database
from sqlalchemy import text

from bot.clock import ManualClock
from bot.core import Core
from bot.delivery.notifier import RecordingNotifier, RoutingNotifier
from bot.messages import Identity, Incoming, IncomingKind, Profile
from bot.settings import Settings
from tests.adapters.processes import Process, environment, start
from tests.adapters.slack.conftest import CAMDEN
from tests.adapters.slack.fake_slack import FakeSlack, Loop
from tests.adapters.slack.harness import SECRET, Slack
from tests.conftest import DatabaseFactory, postgres_url
from tests.support import count

OFFICERS = {
    "U0JANE": ("jane.smith@camden.gov.uk", "We're spinning our leisure centres out into a staff mutual"),
    "U0ANN": ("ann.brown@leeds.gov.uk", "Exploring moving our sports centres and pools into a staff mutual"),
}


def offer_made_three_weeks_ago(database: Database) -> None:
    """Two officers of one Slack workspace were offered an introduction 21 days ago, and said nothing."""
    notifier = RecordingNotifier()
    clock = ManualClock(datetime.now(UTC) - timedelta(days=21))
    engine = Core(database, notifier, settings=Settings(database_url="sqlite://"), clock=clock)
    for user, (email, plan) in OFFICERS.items():
        who = Identity("slack", CAMDEN.team_id, user)
        engine.handle(Incoming(who, IncomingKind.OPENED, profile=Profile(email=email, name=user)))
        engine.handle(Incoming(who, IncomingKind.MESSAGE, text=plan))
        looks_right = next(b for m in notifier.to(who) for b in m.buttons if b.label == "Looks right")
        engine.handle(Incoming(who, IncomingKind.ACTION, action=looks_right.action))
    assert any("Possible match #1" in m.text for m in notifier.to(Identity("slack", CAMDEN.team_id, "U0ANN")))


def has_started(worker: Process) -> bool:
    """The worker is running its jobs, with its SIGTERM handler in place."""
    worker.stderr.seek(0)
    return "worker started" in worker.stderr.read()


def test_two_workers_lapse_an_old_offer_once_and_stop_on_sigterm(
    databases: DatabaseFactory, loop: Loop
) -> None:
    fake = FakeSlack()
    fake.workspaces = {"code-camden": CAMDEN}
    fake_url = loop.serve(fake.application())
    database = databases.new()
    url = database.url.render_as_string(hide_password=False)
    offer_made_three_weeks_ago(database)
    env = environment(
        DATABASE_URL=url,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_BOT_TOKEN=CAMDEN.bot_token,
        SLACK_API_URL=fake_url + "/api/",
        NOTALONE_JOB_INTERVAL_SECONDS="0.1",
    )
    workers = [start("worker", env), start("worker", env)]
    try:
        # Generous: two processes starting at once on a busy machine can take well over 15 s.
        fake.wait_for(lambda: all(has_started(worker) for worker in workers), timeout=90)
        # Each yields the CPU to web processes on the same machine (NOTALONE_WORKER_NICE, default 10).
        mine = os.getpriority(os.PRIO_PROCESS, 0)
        assert [os.getpriority(os.PRIO_PROCESS, w.popen.pid) for w in workers] == [min(mine + 10, 19)] * 2
        for user in OFFICERS:
            # Generous: two workers start at once (each imports the SDKs and scikit-learn) on a busy machine.
            fake.wait_for(
                lambda u=user: any("has lapsed" in str(c.params) for c in fake.posted(f"D{u}")), timeout=90
            )
        time.sleep(0.5)  # several more rounds of both workers
    finally:
        stopped = [worker.stop() for worker in workers]
    for code, _out, err in stopped:
        assert code == 0, err[-2000:]
        assert "Traceback" not in err
    for user in OFFICERS:
        lapses = [c for c in fake.posted(f"D{user}") if "has lapsed" in str(c.params)]
        assert len(lapses) == 1
    with database.connect() as connection:
        states = connection.execute(text("SELECT state FROM match_proposal")).scalars().all()
    assert states == ["expired"]


def production_shape(
    tmp_path: Path, loop: Loop
) -> tuple[DatabaseFactory, Database, FakeSlack, str, dict[str, str]]:
    """PostgreSQL (skipped without it) and a fake Slack (its address too), with the environment `serve`
    and `worker` get there: on the embedded default `serve` runs turns itself."""
    postgres_url()
    databases = DatabaseFactory("postgresql", tmp_path)
    fake = FakeSlack()
    fake.workspaces = {"code-camden": CAMDEN}
    fake_url = loop.serve(fake.application())
    database = databases.new()
    env = environment(
        DATABASE_URL=database.url.render_as_string(hide_password=False),
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_BOT_TOKEN=CAMDEN.bot_token,
        SLACK_API_URL=fake_url + "/api/",
    )
    return databases, database, fake, fake_url, env


def test_a_message_acknowledged_while_no_worker_runs_is_answered_once_one_starts(
    tmp_path: Path, loop: Loop
) -> None:
    """With a worker configured (PostgreSQL), `serve` only stores what it acknowledges: the event waits
    in the database, past a restart of the web process, for a worker to run its turn."""
    databases, database, fake, fake_url, env = production_shape(tmp_path, loop)
    fake.add_user("U0JANE", CAMDEN.team_id, name="Jane Smith", email="jane.smith@camden.gov.uk")
    server = start("serve", env)
    try:
        engine = Core(database, RecordingNotifier(), settings=Settings(database_url="sqlite://"))
        slack = Slack(server.url, fake_url, fake, engine, RoutingNotifier({}), database, itertools.count(1))
        assert slack.dm(CAMDEN.team_id, "U0JANE", OFFICERS["U0JANE"][1]).status == 200
        time.sleep(1.0)
    finally:
        code, _out, err = server.stop()
    assert code == 0, err[-2000:]
    assert fake.posted("DU0JANE") == []  # acknowledged, not yet answered
    assert count(database, "inbound_event") == 1

    worker = start("worker", env)
    try:
        slack.wait_for_text("U0JANE", "Here's what I understood")
    finally:
        code, _out, err = worker.stop()
    assert code == 0, err[-2000:]
    assert sum("Here's what I understood" in t for t in slack.texts("U0JANE")) == 1
    assert count(database, "inbound_event") == 0
    databases.close()


def test_sigterm_writes_every_acknowledged_event_still_waiting_to_be_written(
    tmp_path: Path, loop: Loop
) -> None:
    """`serve` acknowledges events before writing them: a SIGTERM while the writes wait (here, behind a
    lock the test holds, which lets reads through) still ends with every acknowledged event written."""
    databases, database, fake, fake_url, env = production_shape(tmp_path, loop)
    server = start("serve", env)
    stopped: list[tuple[int, str, str]] = []
    stopping = threading.Thread(target=lambda: stopped.append(server.stop()))
    try:
        slack = Slack(server.url, fake_url, fake, None, None, None, itertools.count(1))  # type: ignore[arg-type]
        with database.connect() as holder:
            holder.execute(text("LOCK TABLE inbound_event IN EXCLUSIVE MODE"))  # writes wait behind it
            replies = [slack.dm(CAMDEN.team_id, f"U0OFFICER{n}", f"plan {n}").status for n in range(20)]
            stopping.start()  # SIGTERM while all twenty wait to be written
            time.sleep(1.0)
            assert count(database, "inbound_event") == 0  # the writes still wait: nothing written yet
            holder.rollback()  # the lock goes; the shutdown writes what it acknowledged
    finally:
        if stopping.is_alive():
            stopping.join(timeout=60)
        server.stop()  # if the test failed before its SIGTERM
    code, _out, err = stopped[0]  # what the process wrote, read by the stop that sent SIGTERM
    assert replies == [200] * 20
    assert code == 0, err[-2000:]
    assert count(database, "inbound_event") == 20
    assert "events not stored at shutdown" not in err
    databases.close()
