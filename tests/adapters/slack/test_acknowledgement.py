"""Slack hears "received" only once the event is stored: an event the database could not take is
answered with an error, so Slack sends it again, and nothing the officer did is lost."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import text

from tests.adapters.slack.conftest import CAMDEN
from tests.adapters.slack.harness import Slack

JANE = "U0JANE"
PLAN = "We're spinning our leisure centres out into a staff mutual, business case stage, live next April"
DRAFT = "Here's what I understood"


@contextmanager
def events_cannot_be_stored(slack: Slack) -> Iterator[None]:
    """The table waiting events go into is away (as if the database refused writes) for the block."""
    with slack.database.begin() as connection:
        connection.execute(text("ALTER TABLE inbound_event RENAME TO inbound_event_away"))
    try:
        yield
    finally:
        with slack.database.begin() as connection:
            connection.execute(text("ALTER TABLE inbound_event_away RENAME TO inbound_event"))


def test_a_message_that_cannot_be_stored_is_refused_so_slack_sends_it_again(
    single: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    single.fake.add_user(JANE, CAMDEN.team_id, name="Jane Smith", email="jane.smith@camden.gov.uk")
    with events_cannot_be_stored(single):
        refused = single.dm(CAMDEN.team_id, JANE, PLAN, event_id="Ev0LOST")
    assert refused.status == 500
    assert "slack request not handled: error=" in caplog.text
    assert "inbound_event" not in caplog.text  # the error's own text never reaches the logs
    single.settle()
    assert single.texts(JANE) == []  # nothing was answered, and nothing says it was

    # Slack sends the same event again, as it does for any event not acknowledged with a 200.
    retried = single.dm(
        CAMDEN.team_id,
        JANE,
        PLAN,
        event_id="Ev0LOST",
        headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"},
    )
    assert retried.status == 200
    single.wait_for_text(JANE, DRAFT)
    single.settle()
    assert sum(DRAFT in said for said in single.texts(JANE)) == 1


def test_a_click_that_cannot_be_stored_is_refused_and_the_buttons_stay(single: Slack) -> None:
    single.fake.add_user(JANE, CAMDEN.team_id, name="Jane Smith", email="jane.smith@camden.gov.uk")
    single.dm(CAMDEN.team_id, JANE, PLAN)
    single.wait_for_text(JANE, DRAFT)
    single.settle()
    with events_cannot_be_stored(single):
        refused = single.click(CAMDEN.team_id, JANE, "Looks right")
    assert refused.status == 500  # Slack tells the officer the click did not go through
    single.settle()
    assert not [call for call in single.fake.calls if call.method == "chat.update"]  # buttons still there
    assert not any("Saved as plan" in said for said in single.texts(JANE))

    # The officer clicks again, and it counts once.
    assert single.click(CAMDEN.team_id, JANE, "Looks right").status == 200
    single.wait_for_text(JANE, "Saved as plan 1")
    single.settle()
    assert sum("Saved as plan" in said for said in single.texts(JANE)) == 1
