"""A button action the bot never made (unknown, malformed, tampered with, huge, random bytes) gets the
officer one clear sentence, through the real core, and changes nothing; the real buttons still work."""

from __future__ import annotations

import logging

import pytest
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import Engine as Database

from bot import wording
from bot.conversation.actions import MAX_NUMBER, decode
from tests.bot.conversation.test_actions import near_misses
from tests.bot.domain.test_double_opt_in import JANE, two_plans
from tests.conftest import DeskFactory
from tests.support import Desk, count

TABLES = ("plan", "match_proposal", "conversation", "audit_event", "introduction")

TAMPERED = [
    "proposal:abc:accept",
    "proposal:1:maybe",
    "proposal:01:accept",
    f"proposal:{MAX_NUMBER + 1}:accept",  # beyond a stored id: the database would refuse the lookup
    "proposal:99999999999999999999:accept",
    "proposal:²:accept",  # str.isdigit() says yes, int() says no
    "plan:²:keep",
    "plan:99999999999999999999:keep",
    "draft:set:areas:not-an-area",
    "draft:field:colour",
    "withdraw:perhaps",
    "admin:delete_everything",
    "x" * 5000,
    "proposal:1:accept" + "!" * 5000,
    "\x00\xff\ud800",
    "",
]


def stored(database: Database) -> dict[str, int]:
    return {table: count(database, table) for table in TABLES}


@pytest.mark.parametrize("action", TAMPERED, ids=range(len(TAMPERED)))
def test_a_tampered_action_is_answered_clearly_and_changes_nothing(
    desk: Desk, database: Database, action: str, caplog: pytest.LogCaptureFixture
) -> None:
    two_plans(desk)
    before = stored(database)
    with caplog.at_level(logging.ERROR):
        replies = desk.act(JANE, action)
    assert [m.text for m in replies] == [wording.NOT_A_CHOICE]
    assert stored(database) == before and not caplog.records
    assert desk.choose(JANE, "Introduce us")[0].text == wording.ACCEPTED_WAITING.format(match=1)


@pytest.fixture
def busy_desk(make_desk: DeskFactory, database: Database) -> Desk:
    """A desk without the per-minute limit: every example below is one more click in the same minute."""
    desk = make_desk(database, messages_per_minute=100_000)
    two_plans(desk)
    return desk


@pytest.mark.random_data
@hypothesis_settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text() | near_misses | st.binary().map(lambda raw: raw.decode("latin-1")))
def test_any_string_that_is_no_action_gets_the_same_clear_reply(
    busy_desk: Desk, database: Database, text: str
) -> None:
    assume(decode(text) is None)
    before = stored(database)
    assert [m.text for m in busy_desk.act(JANE, text)] == [wording.NOT_A_CHOICE]
    assert stored(database) == before
