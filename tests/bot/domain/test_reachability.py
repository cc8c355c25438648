"""Retried events are handled once; officers of an uninstalled workspace are reached no more."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine as Database

from bot.clock import ManualClock
from bot.messages import Incoming, IncomingKind
from tests.bot.domain.test_double_opt_in import JANE, JANE_PLAN, TOM, TOM_PLAN, two_plans
from tests.support import Desk, count, identity, proposals_to


def test_a_retried_event_is_handled_once(desk: Desk, database: Database) -> None:
    desk.open(JANE)
    event = Incoming(identity(JANE), IncomingKind.MESSAGE, text=JANE_PLAN, event_id="Ev123")
    desk.engine.handle(event)
    desk.engine.handle(event)
    assert sum("Here's what I understood" in m.text for m in desk.inbox(JANE)) == 1
    assert count(database, "processed_event") == 1
    desk.engine.handle(Incoming(identity(JANE), IncomingKind.MESSAGE, text="my plans", event_id="Ev124"))
    assert count(database, "processed_event") == 2


def test_event_ids_are_kept_a_week_by_the_retention_job(
    desk: Desk, database: Database, clock: ManualClock
) -> None:
    desk.open(JANE)
    desk.engine.handle(Incoming(identity(JANE), IncomingKind.MESSAGE, text=JANE_PLAN, event_id="Ev200"))
    clock.advance(timedelta(days=6))
    desk.engine.handle(Incoming(identity(JANE), IncomingKind.MESSAGE, text="my plans", event_id="Ev201"))
    desk.engine.apply_retention()
    assert count(database, "processed_event") == 2  # within the week: a retry is still recognised
    clock.advance(timedelta(days=2))
    desk.engine.apply_retention()
    assert count(database, "processed_event") == 1  # the first, 8 days old, is gone; the second stays


def test_an_uninstalled_workspace_is_reached_no_more(desk: Desk, clock: ManualClock) -> None:
    two_plans(desk)
    desk.choose(JANE, "Introduce us")
    assert desk.engine.workspace_removed("test", "local") == 2
    before = len(desk.inbox(JANE)), len(desk.inbox(TOM))
    clock.advance(timedelta(days=15))
    assert desk.engine.tick() == 0
    assert (len(desk.inbox(JANE)), len(desk.inbox(TOM))) == before


def test_an_unreachable_officer_is_not_matched_and_their_proposals_lapse(
    desk: Desk, clock: ManualClock
) -> None:
    two_plans(desk)
    desk.engine.officer_unreachable(identity(TOM))
    ann = "ann.brown@leeds.gov.uk"
    desk.open(ann)
    desk.describe_and_confirm(ann, TOM_PLAN)
    assert len(proposals_to(desk.inbox(ann))) == 1  # Jane only, not Tom
    clock.advance(timedelta(days=15))
    desk.engine.tick()
    assert "Possible match #1 for your plan 1 has lapsed" in "\n".join(m.text for m in desk.inbox(JANE))
    # Writing again makes Tom reachable again.
    desk.say(TOM, "my plans")
    assert "my plans" not in desk.texts(TOM) and desk.inbox(TOM)[-1].text.startswith("Your plans")


def test_overview_shows_my_plans_and_nothing_for_strangers(desk: Desk) -> None:
    two_plans(desk)
    overview = desk.engine.overview(identity(JANE))
    assert overview is not None and "1. Leisure centres and sport" in overview
    assert "waiting for your answer" in overview
    assert desk.engine.overview(identity("nobody@nowhere.gov.uk")) is None


def test_introductions_carry_the_peer_and_a_text_for_both(desk: Desk) -> None:
    two_plans(desk)
    desk.choose(JANE, "Introduce us")
    desk.choose(TOM, "Introduce us")
    jane_intro, tom_intro = desk.inbox(JANE)[-1], desk.inbox(TOM)[-1]
    assert jane_intro.peer == identity(TOM) and tom_intro.peer == identity(JANE)
    assert jane_intro.shared_text == tom_intro.shared_text
    assert jane_intro.shared_text is not None
    assert "Name: Jane Smith" in jane_intro.shared_text and "Name: Tom Jones" in jane_intro.shared_text


def test_addresses_are_kept_in_the_database_and_erased_with_the_officer(
    desk: Desk, database: Database
) -> None:
    reference = {"conversation": {"id": "a:1"}, "serviceUrl": "https://smba.example/"}
    desk.engine.remember_address(identity(JANE), reference)
    desk.engine.remember_address(identity(JANE), {**reference, "serviceUrl": "https://smba.example/2/"})
    assert desk.engine.address_of(identity(JANE)) == {**reference, "serviceUrl": "https://smba.example/2/"}
    assert count(database, "conversation_reference") == 1
    desk.open(JANE)
    desk.say(JANE, "forget me")
    desk.choose(JANE, "Erase everything")
    assert desk.engine.address_of(identity(JANE)) is None
    assert count(database, "conversation_reference") == 0
