"""`kill -9` of a worker at random moments under load loses no reply, and no turn runs twice.

Real processes on PostgreSQL, as deployed: `serve` acknowledges and stores Slack events, workers run the
turns and send through the outbox; a killer thread sends SIGKILL to the running worker at random moments
and starts another at once. Every officer must get their draft. A turn that ran twice would answer twice;
a message sent but not yet deleted from the outbox when the worker died is sent again (the platform took
it, we could not record that), so at most a few such resends are allowed per kill (one per pass a worker
sends at once: its turns and its delivery loop), and the test reports how many there were.
"""

from __future__ import annotations

import itertools
import random
import signal
import threading
import time
from pathlib import Path

from adapters.runtime.inbound import CONCURRENCY
from tests.adapters.host.test_worker import production_shape
from tests.adapters.processes import Process, start
from tests.adapters.slack.conftest import CAMDEN
from tests.adapters.slack.fake_slack import Loop
from tests.adapters.slack.harness import Slack
from tests.support import count

OFFICERS = 60
KILLS = 4
PLANS = (
    "We're spinning our leisure centres out into a staff mutual, business case stage",
    "Exploring outsourcing our parks and grounds maintenance to a contractor next year",
    "Looking at a shared service with a neighbouring council for revenues and benefits",
)


def test_killing_workers_at_random_loses_no_reply(tmp_path: Path, loop: Loop) -> None:
    databases, database, fake, fake_url, env = production_shape(tmp_path, loop)
    env = {**env, "NOTALONE_TURN_LEASE_SECONDS": "3", "NOTALONE_DELIVERY_LEASE_SECONDS": "10"}
    users = [f"U0KILL{n:03d}" for n in range(OFFICERS)]
    for n, user in enumerate(users):
        fake.add_user(user, CAMDEN.team_id, name=f"Officer {n}", email=f"officer{n}@camden.gov.uk")
    chance = random.Random()  # really random moments: the assertions hold whenever the kills land
    server = start("serve", env)
    workers: list[Process] = [start("worker", env)]
    kills: list[float] = []
    sending = threading.Event()

    def killer() -> None:
        started = time.monotonic()
        while len(kills) < KILLS and sending.is_set():
            time.sleep(chance.uniform(0.3, 1.2))
            victim = workers[-1]
            victim.popen.send_signal(signal.SIGKILL)
            victim.popen.wait(timeout=30)
            kills.append(time.monotonic() - started)
            workers.append(start("worker", env))

    try:
        slack = Slack(server.url, fake_url, fake, None, None, None, itertools.count(1))  # type: ignore[arg-type]
        sending.set()
        killing = threading.Thread(target=killer)
        killing.start()
        for n, user in enumerate(users):
            assert slack.dm(CAMDEN.team_id, user, PLANS[n % len(PLANS)]).status == 200
            time.sleep(0.05)  # about 20 events a second
        killing.join(timeout=120)
        sending.clear()
        for user in users:
            slack.wait_for_text(user, "Here's what I understood")
        slack.settle(1.0)
    finally:
        for process in workers:
            if process.popen.poll() is None:
                process.stop()
        code, _out, err = server.stop()
    assert code == 0, err[-2000:]
    drafts = [sum("Here's what I understood" in t for t in slack.texts(user)) for user in users]
    assert all(n >= 1 for n in drafts)  # nothing lost
    resent = sum(n - 1 for n in drafts)
    print(f"kills={len(kills)} at {[round(k, 2) for k in kills]} s; drafts resent={resent}")
    at_once = CONCURRENCY + 1  # a worker's turns, and its delivery loop
    assert resent <= at_once * len(kills)
    welcomes = [sum("I'm Notalone" in t for t in slack.texts(user)) for user in users]
    assert sum(welcomes) - OFFICERS <= at_once * len(kills)
    assert count(database, "inbound_event") == 0 and count(database, "pending_delivery") == 0
    databases.close()
