"""One reminder before a proposal lapses, to each side yet to answer, never hinting at the other side."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import ManualClock
from bot.core import Core
from bot.delivery.notifier import RecordingNotifier
from bot.messages import Message
from bot.settings import Settings
from bot.storage.database import make_engine, upgrade
from tests.bot.domain.test_double_opt_in import JANE, TOM, two_plans
from tests.conftest import DatabaseFactory, DeskFactory
from tests.support import Desk, at_once, count, identity, proposals_to

# Proposals run 14 days by default; the reminder goes when 2 days or less remain.
REMINDER_DUE = timedelta(days=12, minutes=1)


def reminders_to(desk: Desk, email: str) -> list[Message]:
    return [m for m in desk.inbox(email) if m.text.startswith("A reminder:")]


def test_each_side_yet_to_answer_is_reminded_once(desk: Desk, clock: ManualClock) -> None:
    two_plans(desk)
    clock.advance(timedelta(days=11, hours=23))
    assert desk.engine.remind() == 0
    clock.advance(REMINDER_DUE - timedelta(days=11, hours=23))
    assert desk.engine.remind() == 2
    assert desk.engine.remind() == 0
    clock.advance(timedelta(days=1))
    assert desk.engine.remind() == 0
    for email in (JANE, TOM):
        [reminder] = reminders_to(desk, email)
        assert "possible match #1 for your plan 1 lapses on 9 December 2026" in reminder.text
        assert "I'll only introduce you if you both say yes" in reminder.text
        assert [b.label for b in reminder.buttons] == ["Introduce us", "Not now", "Not relevant"]
        assert reminder.buttons == proposals_to(desk.inbox(email))[0].buttons
    # Nothing about the other officer, not even their plan's summary.
    assert (
        "Oakridge" not in reminders_to(desk, JANE)[0].text
        and "Service:" not in reminders_to(desk, JANE)[0].text
    )
    desk.choose(JANE, "Introduce us")
    desk.choose(TOM, "Introduce us")
    assert "You're introduced" in desk.texts(JANE)


def test_a_side_that_answered_is_not_reminded(desk: Desk, clock: ManualClock) -> None:
    two_plans(desk)
    desk.choose(JANE, "Introduce us")
    clock.advance(REMINDER_DUE)
    assert desk.engine.remind() == 1
    assert reminders_to(desk, JANE) == [] and len(reminders_to(desk, TOM)) == 1


def test_the_other_sides_answer_never_shows_in_a_reminder(make_desk: DeskFactory, clock: ManualClock) -> None:
    said_yes, said_no, said_nothing = make_desk(), make_desk(), make_desk()
    for desk in (said_yes, said_no, said_nothing):
        two_plans(desk)
    said_yes.choose(JANE, "Introduce us")
    said_no.choose(JANE, "Not now")
    clock.advance(REMINDER_DUE)
    for desk in (said_yes, said_no, said_nothing):
        desk.engine.remind()
    toms = [reminders_to(desk, TOM) for desk in (said_yes, said_no, said_nothing)]
    assert toms[0] == toms[1] == toms[2] and len(toms[0]) == 1


def test_no_reminder_after_expiry(desk: Desk, clock: ManualClock) -> None:
    two_plans(desk)
    clock.advance(timedelta(days=14, minutes=1))
    assert desk.engine.remind() == 0
    desk.engine.tick()
    assert desk.engine.remind() == 0
    assert reminders_to(desk, JANE) == [] and "has lapsed" in desk.texts(JANE)


def test_no_reminder_for_an_offer_shorter_than_the_lead_or_when_turned_off(
    make_desk: DeskFactory, clock: ManualClock
) -> None:
    short, off = make_desk(proposal_expiry_days=2), make_desk(proposal_reminder_days=0)
    two_plans(short)
    two_plans(off)
    clock.advance(timedelta(days=1, hours=23))
    assert short.engine.remind() == 0
    clock.advance(REMINDER_DUE - timedelta(days=1, hours=23))
    assert off.engine.remind() == 0


def test_an_unreachable_officer_is_not_reminded_and_the_other_side_still_is(
    desk: Desk, clock: ManualClock
) -> None:
    two_plans(desk)
    desk.engine.officer_unreachable(identity(TOM))
    clock.advance(REMINDER_DUE)
    assert desk.engine.remind() == 1
    assert reminders_to(desk, TOM) == [] and len(reminders_to(desk, JANE)) == 1


def test_two_jobs_at_once_send_each_reminder_once(databases: DatabaseFactory, clock: ManualClock) -> None:
    url = databases.url()
    setup = make_engine(url)
    databases.track(setup)
    upgrade(setup)
    notifier = RecordingNotifier()
    settings = Settings(database_url="sqlite://")
    desk = Desk(Core(setup, notifier, settings=settings, clock=clock), notifier)
    for round_number in range(4):
        jane, tom = f"jane{round_number}@camden.gov.uk", f"tom{round_number}@hackney.gov.uk"
        desk.open(jane)
        desk.describe_and_confirm(jane, f"Leisure centres to a staff mutual, round {round_number}.")
        desk.open(tom)
        desk.describe_and_confirm(
            tom, f"Our sports centres and pools as a staff mutual, round {round_number}."
        )
    notifier.take()
    clock.advance(REMINDER_DUE)
    # Two "processes": separate engines, so separate connection pools and transactions.
    workers = []
    for _ in range(2):
        database = make_engine(url)
        databases.track(database)
        workers.append(Core(database, notifier, settings=settings, clock=clock))
    at_once(*(engine.remind for engine in workers), timeout=30)
    sent = [(d.recipient, d.message.ref) for d in notifier.take() if d.message.text.startswith("A reminder:")]
    proposals = count(setup, "match_proposal")
    assert proposals >= 4 and len(sent) == 2 * proposals and len(set(sent)) == len(sent)
