"""What an operator reads in the logs of a whole Slack flow: one JSON line per request, nothing private."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from adapters.host.logs import configure_logging
from tests.adapters.slack.conftest import CAMDEN
from tests.adapters.slack.harness import Slack
from tests.adapters.slack.test_slack_flow import ANN, JANE, JANE_PLAN, TOM_PLAN

PRIVATE = (
    "Jane",
    "Smith",
    "Ann",
    "Brown",
    "jane.smith",
    "ann.brown",
    "camden.gov.uk",
    "leeds.gov.uk",
    "Fairbrook",
    "Oakridge",
    "leisure",
    "staff mutual",
    "Head of Leisure",
)


@pytest.fixture
def logs() -> Iterator[io.StringIO]:
    """Everything logged while the test runs, configured as `notalone serve` configures it."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    levels = {name: logging.getLogger(name).level for name in ("adapters", "bot", "matching")}
    stream = io.StringIO()
    configure_logging("json", stream=stream)
    yield stream
    root.handlers[:], root.level = saved
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def test_a_slack_flow_logs_each_request_and_nothing_private(single: Slack, logs: io.StringIO) -> None:
    single.fake.add_user(
        JANE, CAMDEN.team_id, name="Jane Smith", email="jane.smith@camden.gov.uk", title="Head of Leisure"
    )
    single.fake.add_user(ANN, CAMDEN.team_id, name="Ann Brown", email="ann.brown@leeds.gov.uk")
    for user, words in ((JANE, JANE_PLAN), (ANN, TOM_PLAN)):
        single.dm(CAMDEN.team_id, user, words)
        single.wait_for_text(user, "Here's what I understood")
        single.click(CAMDEN.team_id, user, "Looks right")
    single.wait_for_text(ANN, "Possible match #1")
    single.click(CAMDEN.team_id, JANE, "Introduce us")
    single.click(CAMDEN.team_id, ANN, "Introduce us")
    single.wait_for_text("", "You're introduced", channel=f"G{ANN}{JANE}")
    single.request("/slack/install?code=secret-code&state=s", method="GET")  # a query string: left out
    single.settle()

    lines = [json.loads(line) for line in logs.getvalue().splitlines()]
    requests = [line for line in lines if line["logger"] == "adapters.http"]
    events = [r for r in requests if r["path"] == "/slack/events"]
    assert len(events) == 6
    assert all(r["method"] == "POST" and r["status"] == 200 and r["duration_ms"] >= 0 for r in events)
    assert len({r["request_id"] for r in requests}) == len(requests)
    assert any(r["path"] == "/slack/install" and r["status"] == 404 for r in requests)
    everything = logs.getvalue()
    assert "secret-code" not in everything
    for private in PRIVATE:
        assert private.lower() not in everything.lower(), private
