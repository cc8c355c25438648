"""Abuse limits: caps on plans, and rate limits that hold across processes, each with a polite reply."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine as Database
from sqlalchemy import text

from bot.clock import ManualClock
from bot.delivery.throttle import officer_scope
from tests.bot.domain.test_double_opt_in import JANE, JANE_PLAN, TOM, TOM_PLAN, proposals_to
from tests.conftest import DeskFactory
from tests.support import count, identity

LIBRARIES = "Our libraries may become a charitable trust next year, consultation stage."
CARE = "We are thinking of bringing home care back in house in 2028, options appraisal."


def test_open_plans_are_capped_and_withdrawing_one_makes_room(
    make_desk: DeskFactory, database: Database
) -> None:
    desk = make_desk(database, max_open_plans=2)
    desk.open(JANE)
    desk.describe_and_confirm(JANE, JANE_PLAN)
    desk.describe_and_confirm(JANE, LIBRARIES)
    refused = desk.say(JANE, CARE)
    assert len(refused) == 1
    assert "You already have 2 open plans" in refused[0].text and "withdraw N" in refused[0].text
    assert count(database, "plan") == 2 and count(database, "conversation") == 0
    desk.say(JANE, "withdraw 2")
    desk.choose(JANE, "Withdraw it")
    assert any("Saved as plan 3" in m.text for m in desk.describe_and_confirm(JANE, CARE))


def test_plans_a_day_are_capped_until_a_day_has_passed(
    make_desk: DeskFactory, database: Database, clock: ManualClock
) -> None:
    desk = make_desk(database, plans_per_day=1)
    desk.open(JANE)
    desk.describe_and_confirm(JANE, JANE_PLAN)
    refused = desk.say(JANE, LIBRARIES)
    assert "You've added 1 plans in the last 24 hours" in refused[0].text
    assert "send it again tomorrow" in refused[0].text and count(database, "plan") == 1
    clock.advance(timedelta(hours=25))
    assert any("Saved as plan 2" in m.text for m in desk.describe_and_confirm(JANE, LIBRARIES))


def test_neither_withdrawing_nor_erasing_oneself_lifts_the_daily_cap(
    make_desk: DeskFactory, database: Database, clock: ManualClock
) -> None:
    desk = make_desk(database, plans_per_day=2)
    desk.open(JANE)
    desk.describe_and_confirm(JANE, JANE_PLAN)
    desk.say(JANE, "withdraw 1")
    desk.choose(JANE, "Withdraw it")
    desk.describe_and_confirm(JANE, LIBRARIES)
    desk.say(JANE, "forget me")
    desk.choose(JANE, "Erase everything")
    desk.open(JANE)  # back at once, as a stranger to Notalone
    refused = desk.say(JANE, CARE)
    assert "You've added 2 plans in the last 24 hours" in refused[0].text
    assert count(database, "plan") == 0
    clock.advance(timedelta(hours=25))
    assert any("Saved as plan 1" in m.text for m in desk.describe_and_confirm(JANE, CARE))


def test_an_officer_sending_too_fast_is_told_once_then_ignored_until_the_minute_passes(
    make_desk: DeskFactory, database: Database, clock: ManualClock
) -> None:
    first = make_desk(database, messages_per_minute=3)
    second = make_desk(database, messages_per_minute=3)  # another process on the same database
    first.open(JANE)
    first.say(JANE, "help")
    assert "Here is what you can do" in second.say(JANE, "help")[0].text
    limited = first.say(JANE, "help")
    assert len(limited) == 1 and "faster than I can take them" in limited[0].text
    assert second.say(JANE, "help") == [] and first.say(JANE, "my plans") == []
    assert first.open(TOM)[0].text.startswith("Hello")  # others are not held up
    clock.advance(timedelta(minutes=1))
    assert "Here is what you can do" in first.say(JANE, "help")[0].text


def test_a_busy_workspace_is_told_to_wait(
    make_desk: DeskFactory, database: Database, clock: ManualClock
) -> None:
    desk = make_desk(database, workspace_messages_per_minute=2)
    desk.open(JANE)
    desk.open(TOM)
    busy = desk.say("ann.brown@leeds.gov.uk", "help")
    assert len(busy) == 1 and "great many messages from your organisation" in busy[0].text
    assert count(database, "officer") == 2  # nothing about Ann was stored
    clock.advance(timedelta(minutes=1))
    assert desk.say("ann.brown@leeds.gov.uk", "help")


def test_messages_refused_by_an_officers_own_limit_leave_the_workspaces_share_alone(
    make_desk: DeskFactory, database: Database
) -> None:
    desk = make_desk(database, messages_per_minute=2, workspace_messages_per_minute=4)
    desk.open(JANE)
    desk.say(JANE, "help")
    for _ in range(20):  # one officer hammering away: refused by their own limit, silently after once
        desk.say(JANE, "help")
    # Colleagues in the same workspace still get their share of the minute.
    assert desk.open(TOM)[0].text.startswith("Hello")
    assert "Here is what you can do" in desk.say(TOM, "help")[0].text


def test_counters_hold_no_identity_and_outlive_the_officers_erasure(
    make_desk: DeskFactory, database: Database
) -> None:
    desk = make_desk(database, messages_per_minute=4)
    desk.open(JANE)
    desk.say(JANE, "help")
    with database.connect() as connection:
        scopes = connection.execute(text("SELECT scope FROM inbound_count")).scalars().all()
    assert officer_scope(identity(JANE)) in scopes and not any("jane" in scope for scope in scopes)
    desk.say(JANE, "forget me")
    desk.choose(JANE, "Erase everything")
    # Erasing herself does not lift the limit that protects everyone else (DESIGN.md rule 9)...
    assert "faster than I can take them" in desk.say(JANE, "help")[0].text
    # ...and what remains of her is the keyed hash and a number.
    with database.connect() as connection:
        rows = connection.execute(text("SELECT scope, count FROM inbound_count")).all()
    assert officer_scope(identity(JANE)) in [row[0] for row in rows]
    assert not any("jane" in str(value).lower() for row in rows for value in row)


def test_a_prober_coming_back_after_forget_me_neither_gets_more_offers_nor_uses_up_anothers(
    make_desk: DeskFactory, database: Database
) -> None:
    desk = make_desk(database, proposals_per_week=2, offer_circles=False)  # pairs only, to count them
    desk.open(JANE)
    desk.describe_and_confirm(JANE, JANE_PLAN)
    prober = "probe@leeds.gov.uk"
    for _ in range(2):  # offered to Jane, then erases itself and comes back as someone new
        desk.open(prober)
        assert len(proposals_to(desk.describe_and_confirm(prober, TOM_PLAN))) == 1
        desk.say(prober, "forget me")
        desk.choose(prober, "Erase everything")
    desk.open(prober)
    assert proposals_to(desk.describe_and_confirm(prober, TOM_PLAN)) == []  # its week is used up
    desk.open(TOM)
    # Jane is still offered a genuine peer: the prober's offers, its side erased, no longer count for her.
    assert len(proposals_to(desk.describe_and_confirm(TOM, TOM_PLAN))) == 1
    assert len(proposals_to(desk.inbox(JANE))) == 3
