"""Teams hears "received" as soon as an activity is kept for its turn; the turn runs afterwards, where
turns run, and answers proactively through the conversation reference kept with the activity."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from aiohttp import web
from microsoft_agents.hosting.core import ClaimsIdentity
from sqlalchemy import text

from adapters.runtime.inbound import Inbound
from adapters.runtime.inflight import InFlight
from adapters.teams.inbound import Handler, receive
from bot.clock import ManualClock
from tests.adapters.slack.fake_slack import Loop
from tests.adapters.teams.conftest import start_teams
from tests.adapters.teams.fake_connector import FakeConnector
from tests.adapters.teams.harness import Teams
from tests.adapters.teams.test_teams_flow import JANE, JANE_PLAN, TOM, TOM_PLAN
from tests.conftest import DatabaseFactory
from tests.support import count

DRAFT = "Here's what I understood"


def test_a_message_is_answered_at_once_and_its_reply_comes_afterwards_with_typing_meanwhile(
    teams: Teams,
) -> None:
    teams.join(JANE)
    teams.connector.member_delay = 1.5  # Teams is slow to say who Jane is: the turn takes that long
    started = time.monotonic()
    reply = teams.say(JANE, JANE_PLAN)
    waited = time.monotonic() - started
    assert reply.status == 202 and reply.body == ""
    assert waited < 1.0  # the acknowledgement did not wait for the turn
    assert teams.sent_to(JANE) == []  # nor did anything reach Jane within the request
    teams.wait_for_text(JANE, DRAFT)
    teams.settle()
    posted = [s.activity.get("type") for s in teams.posted_to(JANE)]
    assert posted[0] == "typing" and "message" in posted  # the indicator came first, then the answer
    assert count(teams.database, "conversation_reference") == 1  # kept by the turn, for later messages


def test_a_quick_turn_shows_no_typing_indicator(teams: Teams) -> None:
    teams.join(JANE)
    teams.say(JANE, "help")
    teams.wait_for_text(JANE, "Here is what you can do")
    teams.settle()
    assert teams.typing_to(JANE) == []


def test_a_web_process_that_runs_no_turns_only_keeps_the_activity_for_one_that_does(
    databases: DatabaseFactory, clock: ManualClock, loop: Loop, connector: tuple[FakeConnector, str]
) -> None:
    """As on PostgreSQL, where web processes leave turns to workers: the web request reads and writes
    nothing but the event (the conversation reference travels in it), and the worker answers."""
    url = databases.url()
    web_only = start_teams(loop, clock, url, *connector, turns=False)
    databases.track(web_only.database)
    web_only.join(JANE)
    assert web_only.say(JANE, JANE_PLAN).status == 202
    deadline = time.monotonic() + 10
    while count(web_only.database, "inbound_event") == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.3)
    assert count(web_only.database, "inbound_event") == 1
    assert count(web_only.database, "conversation_reference") == 0
    assert web_only.connector.requests == 0  # not even the member look-up

    worker = start_teams(loop, clock, url, *connector, turns=True)
    databases.track(worker.database)
    worker.wait_for_text(JANE, DRAFT)
    worker.settle()
    assert sum(DRAFT in said for said in worker.texts(JANE)) == 1
    assert count(worker.database, "conversation_reference") == 1


def test_a_clicked_card_sent_again_by_teams_is_replaced_and_answered_once(teams: Teams) -> None:
    teams.join(JANE)
    teams.say(JANE, JANE_PLAN)
    teams.wait_for_text(JANE, DRAFT)
    teams.settle()
    card = teams.sent_to(JANE)[-1]
    looks_right = next(a for a in card.activity["attachments"][0]["content"]["actions"])
    assert looks_right["title"] == "Looks right"
    click = teams.activity(JANE, value=looks_right["data"], replyToId=card.id, text=None)
    assert teams.post(click).status == 202
    assert teams.post(click).status == 202  # the same activity id: a retry
    teams.wait_for_text(JANE, "Saved as plan")
    teams.settle()
    assert sum("Saved as plan" in said for said in teams.texts(JANE)) == 1
    updates = [s.activity for s in teams.connector.sent if s.method == "PUT"]
    assert updates and all(card.id in update["id"] for update in updates)
    assert "You chose: Looks right" in str(updates[-1]) and "actions" not in str(updates[-1])


def test_invokes_are_answered_in_the_request_and_nothing_is_kept(teams: Teams) -> None:
    teams.join(JANE)
    action = teams.activity(JANE, type="invoke", name="adaptiveCard/action", value={"action": {}})
    reply = teams.post(action)
    assert reply.status == 200
    assert '"statusCode": 200' in reply.body
    teams.settle()
    assert teams.connector.requests == 0
    assert count(teams.database, "conversation_reference") == 0


def test_a_token_vouches_only_for_the_service_it_names(
    databases: DatabaseFactory, loop: Loop, connector: tuple[FakeConnector, str]
) -> None:
    """The worker sends, with the bot's own token, wherever an activity's serviceUrl says: an activity
    whose token was issued for another service is refused and nothing is kept."""
    fake, connector_url = connector
    database = databases.new()
    teams = Teams("", connector_url, fake, None, database, itertools.count(1))  # type: ignore[arg-type]

    @web.middleware
    async def verified(request: web.Request, handler: Handler) -> web.StreamResponse:
        # Stands in for the SDK's token check: the token named this service.
        request["claims_identity"] = ClaimsIdentity({"serviceurl": connector_url}, "Bearer")
        return await handler(request)

    async def application() -> web.Application:
        turns, inflight = Inbound(database), InFlight()
        served = web.Application(middlewares=[verified])
        served.router.add_post("/api/messages", receive(turns, inflight))

        async def flush(_application: web.Application) -> None:
            await turns.flush(10)
            turns.close()

        served.on_cleanup.append(flush)
        return served

    teams.url = loop.serve(asyncio.run_coroutine_threadsafe(application(), loop.loop).result())
    elsewhere = teams.activity(JANE, text=JANE_PLAN, serviceUrl="https://attacker.example/")
    assert teams.post(elsewhere).status == 401
    assert teams.post(teams.activity(JANE, text=JANE_PLAN)).status == 202
    deadline = time.monotonic() + 10
    while count(database, "inbound_event") == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert count(database, "inbound_event") == 1  # only the activity from the service its token named


@contextmanager
def events_cannot_be_stored(teams: Teams) -> Iterator[None]:
    """The table waiting events go into is away (as if the database refused writes) for the block."""
    with teams.database.begin() as connection:
        connection.execute(text("ALTER TABLE inbound_event RENAME TO inbound_event_away"))
    try:
        yield
    finally:
        with teams.database.begin() as connection:
            connection.execute(text("ALTER TABLE inbound_event_away RENAME TO inbound_event"))


def test_while_activities_cannot_be_kept_the_acknowledged_wait_and_the_rest_are_refused(
    teams: Teams, caplog: pytest.LogCaptureFixture
) -> None:
    teams.join(JANE)
    teams.join(TOM)
    toms = teams.activity(TOM, text=TOM_PLAN)
    with events_cannot_be_stored(teams):
        taken = teams.say(JANE, JANE_PLAN)
        deadline = time.monotonic() + 10
        while (refused := teams.post(toms)).status == 202 and time.monotonic() < deadline:
            time.sleep(0.05)  # Teams sending Tom's message again, until the process knows it can't keep it
        time.sleep(0.3)
        assert teams.connector.requests == 0  # nothing answered meanwhile
    assert taken.status == 202  # acknowledged before the process knew: Jane's message is kept
    assert refused.status == 503 and refused.body == ""  # Tom's is refused, not silently dropped
    assert "teams activity not kept: error=" in caplog.text
    assert JANE_PLAN not in caplog.text and TOM_PLAN not in caplog.text

    teams.wait_for_text(JANE, DRAFT)  # written, and answered, once the database takes it
    assert teams.post(toms).status == 202
    teams.wait_for_text(TOM, DRAFT)
    teams.settle()
    assert sum(DRAFT in said for said in teams.texts(JANE)) == 1
    assert sum(DRAFT in said for said in teams.texts(TOM)) == 1
