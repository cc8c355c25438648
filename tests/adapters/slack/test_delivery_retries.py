"""Slack refusing a message for now: a short wait is made in the request, a longer one by the worker job."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import ManualClock
from tests.adapters.slack.conftest import CAMDEN
from tests.adapters.slack.harness import Slack
from tests.adapters.slack.test_slack_flow import JANE, rows

NO_PLANS = "You have no plans yet"


def jane_is_here(single: Slack) -> None:
    single.fake.add_user(JANE, CAMDEN.team_id, name="Jane Smith", email="jane.smith@camden.gov.uk")
    single.dm(CAMDEN.team_id, JANE, "help")
    single.wait_for_text(JANE, "Here is what you can do")
    single.settle()


def received(single: Slack, words: str) -> int:
    return sum(words in text for text in single.texts(JANE))


def test_a_rate_limited_message_is_delivered_by_the_job_after_retry_after_exactly_once(
    single: Slack, clock: ManualClock
) -> None:
    jane_is_here(single)
    single.fake.refusals["chat.postMessage"] = [(429, 30)]
    single.dm(CAMDEN.team_id, JANE, "my plans")
    single.fake.wait_for(lambda: len(single.fake.refused) == 1)
    single.settle()
    assert received(single, NO_PLANS) == 0 and rows(single, "pending_delivery") == 1

    clock.advance(timedelta(seconds=29))
    single.engine.retry_deliveries()
    assert received(single, NO_PLANS) == 0
    clock.advance(timedelta(seconds=2))
    single.engine.retry_deliveries()
    single.wait_for_text(JANE, NO_PLANS)
    single.engine.retry_deliveries()
    single.settle()
    assert received(single, NO_PLANS) == 1 and rows(single, "pending_delivery") == 0
    assert len(single.fake.refused) == 1  # a long wait is not made in the request


def test_a_short_retry_after_is_waited_out_in_the_request(single: Slack) -> None:
    jane_is_here(single)
    single.fake.refusals["chat.postMessage"] = [(429, 1)]
    single.dm(CAMDEN.team_id, JANE, "my plans")
    single.wait_for_text(JANE, NO_PLANS)
    single.settle()
    assert len(single.fake.refused) == 1 and received(single, NO_PLANS) == 1
    assert rows(single, "pending_delivery") == 0


def test_a_server_error_is_retried_later_with_backoff(single: Slack, clock: ManualClock) -> None:
    jane_is_here(single)
    single.fake.refusals["chat.postMessage"] = [(503, None)]
    single.dm(CAMDEN.team_id, JANE, "my plans")
    single.fake.wait_for(lambda: len(single.fake.refused) == 1)
    single.settle()
    assert rows(single, "pending_delivery") == 1
    clock.advance(timedelta(seconds=11))
    single.engine.retry_deliveries()
    single.wait_for_text(JANE, NO_PLANS)
    single.settle()
    assert received(single, NO_PLANS) == 1 and rows(single, "pending_delivery") == 0


def test_a_refused_app_home_refresh_does_not_send_the_message_again(
    single: Slack, clock: ManualClock
) -> None:
    jane_is_here(single)
    single.fake.refusals["views.publish"] = [(429, 30)]
    single.dm(CAMDEN.team_id, JANE, "my plans")
    single.wait_for_text(JANE, NO_PLANS)
    single.fake.wait_for(lambda: len(single.fake.refused) == 1)
    clock.advance(timedelta(minutes=5))
    single.engine.retry_deliveries()
    single.settle()
    assert received(single, NO_PLANS) == 1 and rows(single, "pending_delivery") == 0
