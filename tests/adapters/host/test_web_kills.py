"""`kill -9` of a web process right after it acknowledged events: with NOTALONE_STORE_BEFORE_ACK it
loses none of them, because each was in the database before Slack heard "received".

A real `serve` process on PostgreSQL with no worker, so every stored event stays in the database to be
counted. Events are sent from several threads at once, so that without the setting some would still be in
the process's write buffer when it dies; with it, none can be.
"""

from __future__ import annotations

import itertools
import signal
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.adapters.host.test_worker import production_shape
from tests.adapters.processes import start
from tests.adapters.slack.conftest import CAMDEN
from tests.adapters.slack.fake_slack import Loop
from tests.adapters.slack.harness import Slack
from tests.support import count

EVENTS = 200
SENDERS = 16


def test_a_web_process_killed_outright_loses_no_event_it_acknowledged_when_it_stores_first(
    tmp_path: Path, loop: Loop
) -> None:
    databases, database, fake, fake_url, env = production_shape(tmp_path, loop)
    server = start("serve", {**env, "NOTALONE_STORE_BEFORE_ACK": "true"})
    try:
        slack = Slack(server.url, fake_url, fake, None, None, None, itertools.count(1))  # type: ignore[arg-type]
        users = [f"U0WEB{n:03d}" for n in range(EVENTS)]

        def send(user: str) -> int:
            return slack.dm(CAMDEN.team_id, user, "We are outsourcing our parks next year").status

        with ThreadPoolExecutor(SENDERS) as senders:
            statuses = list(senders.map(send, users))
        server.popen.send_signal(signal.SIGKILL)  # at once: no SIGTERM, no flush
        server.popen.wait(timeout=30)
    finally:
        server.stop()
    assert statuses == [200] * EVENTS  # every event acknowledged...
    assert count(database, "inbound_event") == EVENTS  # ...was in the database when the process died
    databases.close()
