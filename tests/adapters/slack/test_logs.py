"""A whole Slack flow, logged at every level from every logger (ours, bolt, slack_sdk, aiohttp)."""

from __future__ import annotations

import logging

import pytest

from tests.adapters.slack.conftest import CAMDEN, HACKNEY
from tests.adapters.slack.harness import Slack
from tests.adapters.slack.test_slack_flow import JANE, TOM, two_councils
from tests.bot.test_logs import logged

SECRETS = ("Jane Smith", "jane.smith@camden.gov.uk", "Head of Leisure", "Fairbrook", "Oakridge", "Tom Jones",
           "tom.jones@hackney.gov.uk", "Contracts Lead")  # fmt: skip


def test_a_slack_flow_logs_nothing_personal(slack: Slack, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    two_councils(slack)
    slack.click(CAMDEN.team_id, JANE, "Introduce us")
    slack.wait_for_text(JANE, "I'll introduce you if the other officer says yes")
    slack.click(HACKNEY.team_id, TOM, "Introduce us")
    slack.wait_for_text(JANE, "You're introduced")
    slack.dm(CAMDEN.team_id, JANE, "export")
    slack.dm(CAMDEN.team_id, JANE, "forget me")
    slack.wait_for_text(JANE, "Erase everything")
    slack.click(CAMDEN.team_id, JANE, "Erase everything")
    slack.wait_for_text(JANE, "erased everything")
    slack.settle()
    assert caplog.records  # the capture sees the server's threads
    text = logged(caplog)
    for secret in SECRETS:
        assert secret not in text, f"the logs hold {secret!r}"
