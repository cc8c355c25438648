"""Slack hears "received" as soon as an event is in the web process's buffer, written to the database
within milliseconds. While the database cannot take events, those already acknowledged are kept and
written once it can, and new ones are refused, so Slack sends them again: nothing an officer did is lost,
and nothing is answered twice."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import text

from tests.adapters.slack.conftest import CAMDEN
from tests.adapters.slack.harness import Reply, Slack

JANE, TOM = "U0JANE", "U0TOM"
PLAN = "We're spinning our leisure centres out into a staff mutual, business case stage, live next April"
DRAFT = "Here's what I understood"
RETRY = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"}


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


def refused_once_writing_failed(slack: Slack, user: str, event_id: str) -> Reply:
    """Send the officer's message, as Slack retries it, until the process has seen that it cannot store
    events and refuses it (each acknowledged copy is the same event, so it is answered once at most)."""
    deadline = time.monotonic() + 10
    while True:
        reply = slack.dm(CAMDEN.team_id, user, PLAN, event_id=event_id, headers=RETRY)
        if reply.status != 200 or time.monotonic() > deadline:
            return reply
        time.sleep(0.05)


def test_while_events_cannot_be_stored_the_acknowledged_are_kept_and_the_rest_refused(
    single: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    single.fake.add_user(JANE, CAMDEN.team_id, name="Jane Smith", email="jane.smith@camden.gov.uk")
    single.fake.add_user(TOM, CAMDEN.team_id, name="Tom Reed", email="tom.reed@camden.gov.uk")
    with events_cannot_be_stored(single):
        taken = single.dm(CAMDEN.team_id, JANE, PLAN, event_id="Ev0KEPT")
        refused = refused_once_writing_failed(single, TOM, "Ev0LATER")
        single.settle()
        assert single.texts(JANE) == [] and single.texts(TOM) == []  # nothing answered meanwhile
    assert taken.status == 200  # received before the process knew: it keeps Jane's message
    assert refused.status == 500  # Slack sends Tom's message again later
    assert "events not stored yet" in caplog.text and "slack request not handled: error=" in caplog.text
    assert "inbound_event" not in caplog.text  # the error's own text never reaches the logs
    assert PLAN not in caplog.text

    single.wait_for_text(JANE, DRAFT)  # kept, and written once the database takes it
    assert single.dm(CAMDEN.team_id, TOM, PLAN, event_id="Ev0LATER", headers=RETRY).status == 200
    single.wait_for_text(TOM, DRAFT)
    single.settle()
    assert sum(DRAFT in said for said in single.texts(JANE)) == 1
    assert sum(DRAFT in said for said in single.texts(TOM)) == 1


def test_a_click_refused_while_events_cannot_be_stored_keeps_its_buttons(single: Slack) -> None:
    single.fake.add_user(JANE, CAMDEN.team_id, name="Jane Smith", email="jane.smith@camden.gov.uk")
    single.fake.add_user(TOM, CAMDEN.team_id, name="Tom Reed", email="tom.reed@camden.gov.uk")
    single.dm(CAMDEN.team_id, JANE, PLAN)
    single.wait_for_text(JANE, DRAFT)
    single.settle()
    with events_cannot_be_stored(single):
        assert refused_once_writing_failed(single, TOM, "Ev0TOM").status == 500
        refused = single.click(CAMDEN.team_id, JANE, "Looks right")
        single.settle()
    assert refused.status == 500  # Slack tells the officer the click did not go through
    assert not [call for call in single.fake.calls if call.method == "chat.update"]  # buttons still there
    assert not any("Saved as plan" in said for said in single.texts(JANE))

    # The officer clicks again, and it counts once.
    assert single.click(CAMDEN.team_id, JANE, "Looks right").status == 200
    single.wait_for_text(JANE, "Saved as plan 1")
    single.settle()
    assert sum("Saved as plan" in said for said in single.texts(JANE)) == 1
