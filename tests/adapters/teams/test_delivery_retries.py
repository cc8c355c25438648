"""Teams throttling a proactive send: the card is kept and sent again by the worker job, once."""

from __future__ import annotations

import time
from datetime import timedelta

from bot.clock import ManualClock
from tests.adapters.teams.harness import Teams
from tests.adapters.teams.test_teams_flow import JANE

NO_PLANS = "You have no plans yet"


def received(teams: Teams, words: str) -> int:
    return sum(words in text for text in teams.texts(JANE))


def test_a_throttled_card_is_sent_again_after_retry_after_exactly_once(
    teams: Teams, clock: ManualClock
) -> None:
    teams.join(JANE)
    teams.say(JANE, "help")
    teams.wait_for_text(JANE, "Here is what you can do")
    teams.connector.throttle[JANE.conversation] = [(429, 30)]
    assert teams.say(JANE, "my plans").status in (200, 202)
    teams.settle()  # the turn ran, and kept the card Teams refused
    assert teams.connector.throttled == [JANE.conversation]
    assert received(teams, NO_PLANS) == 0

    clock.advance(timedelta(seconds=29))
    teams.engine.retry_deliveries()
    assert received(teams, NO_PLANS) == 0
    clock.advance(timedelta(seconds=2))
    teams.engine.retry_deliveries()
    teams.wait_for_text(JANE, NO_PLANS)
    teams.engine.retry_deliveries()
    time.sleep(0.3)
    assert received(teams, NO_PLANS) == 1


def test_a_server_error_from_teams_is_retried_later(teams: Teams, clock: ManualClock) -> None:
    teams.join(JANE)
    teams.say(JANE, "help")
    teams.wait_for_text(JANE, "Here is what you can do")
    teams.connector.throttle[JANE.conversation] = [(503, None), (502, None)]
    teams.say(JANE, "my plans")
    teams.settle()
    clock.advance(timedelta(seconds=11))
    teams.engine.retry_deliveries()  # refused again: waits longer
    assert teams.connector.throttled == [JANE.conversation] * 2 and received(teams, NO_PLANS) == 0
    clock.advance(timedelta(seconds=21))
    teams.engine.retry_deliveries()
    teams.wait_for_text(JANE, NO_PLANS)
    assert received(teams, NO_PLANS) == 1
