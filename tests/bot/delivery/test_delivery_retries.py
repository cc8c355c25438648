"""Messages a platform refuses for now are kept, sealed, and sent later: once, in order, or dropped."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine as Database
from sqlalchemy import text

from bot.clock import ManualClock
from bot.conversation.actions import AnswerProposal, ConfirmForget, DraftField, SetDraftField, encode
from bot.core import Core
from bot.delivery.notifier import Address, RecordingNotifier, TemporaryFailure, retry_after_seconds
from bot.delivery.pending import Parcel, from_record, to_record
from bot.messages import Attachment, Button, ButtonStyle, HomePage, Identity, Message
from bot.settings import Settings
from bot.storage.database import make_engine, upgrade
from tests.bot.domain.test_double_opt_in import JANE, JANE_PLAN, TOM, two_plans
from tests.conftest import DatabaseFactory, DeskFactory
from tests.support import Desk, at_once, count, identity, outside_sealed


class FlakyNotifier(RecordingNotifier):
    """Records what gets through; refuses the next `refusals` sends for now, as a busy platform would."""

    def __init__(self) -> None:
        super().__init__()
        self.refusals: list[BaseException] = []
        self.always: BaseException | None = None
        self.tries = 0

    def send(self, recipient: Identity, message: Message, *, address: Address | None = None) -> None:
        self.tries += 1
        if self.always is not None:
            raise self.always
        if self.refusals:
            raise self.refusals.pop(0)
        super().send(recipient, message, address=address)


def flaky_desk(make_desk: DeskFactory, database: Database | None = None, **settings: object) -> Desk:
    desk = make_desk(database, **settings)
    notifier = FlakyNotifier()
    desk.notifier = notifier
    desk.engine = Core(
        desk.engine._database,
        notifier,
        settings=Settings.model_validate({"database_url": "sqlite://", **settings}),
        clock=desk.engine.clock,
    )
    return desk


def waiting(database: Database) -> int:
    return count(database, "pending_delivery")


def rate_limited(seconds: float = 45) -> TemporaryFailure:
    return TemporaryFailure(status=429, retry_after=seconds)


def test_a_refused_message_is_sent_after_retry_after_exactly_once_and_in_order(
    make_desk: DeskFactory, clock: ManualClock, database: Database
) -> None:
    expected = make_desk()
    expected.open(JANE)
    expected.say(JANE, JANE_PLAN)
    desk = flaky_desk(make_desk, database)
    assert isinstance(desk.notifier, FlakyNotifier)
    desk.notifier.refusals = [rate_limited(45)]
    desk.open(JANE)
    desk.say(JANE, JANE_PLAN)  # queues behind the refused welcome, so it cannot overtake it
    assert desk.inbox(JANE) == [] and waiting(database) >= 2

    clock.advance(timedelta(seconds=44))
    assert desk.engine.retry_deliveries() == 0
    clock.advance(timedelta(seconds=2))
    sent = desk.engine.retry_deliveries()
    assert sent == len(expected.inbox(JANE)) and desk.inbox(JANE) == expected.inbox(JANE)
    assert waiting(database) == 0
    clock.advance(timedelta(hours=2))
    assert desk.engine.retry_deliveries() == 0 and desk.inbox(JANE) == expected.inbox(JANE)
    # Nothing waits any more, so the next reply goes straight out.
    desk.choose(JANE, "Looks right")
    assert "Saved as plan 1" in desk.texts(JANE)


@pytest.mark.random_data
def test_the_waiting_message_is_sealed(make_desk: DeskFactory, database: Database) -> None:
    desk = flaky_desk(make_desk, database)
    assert isinstance(desk.notifier, FlakyNotifier)
    desk.open(JANE)
    desk.notifier.refusals = [rate_limited()]
    desk.say(JANE, JANE_PLAN)
    with database.connect() as connection:
        stored = connection.execute(text("SELECT message FROM pending_delivery")).scalars().all()
    assert stored and all(outside_sealed(value) == "<sealed>" for value in stored)


def test_a_message_refused_every_time_is_dropped_after_the_last_attempt_and_logged_without_text(
    make_desk: DeskFactory, clock: ManualClock, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    desk = flaky_desk(make_desk, database, delivery_attempts=3)
    assert isinstance(desk.notifier, FlakyNotifier)
    desk.open(JANE)
    desk.notifier.always = TemporaryFailure(status=503)
    caplog.set_level(logging.INFO)
    desk.say(JANE, JANE_PLAN)
    queued = waiting(database)
    assert queued >= 1
    tries = desk.notifier.tries
    for _ in range(6):
        clock.advance(timedelta(hours=1))
        desk.engine.retry_deliveries()
    assert waiting(database) == 0
    # Only the head of her queue is tried each time: 2 more tries for the first, then 3 for each other.
    assert desk.notifier.tries - tries == 2 + 3 * (queued - 1)
    dropped = [r for r in caplog.records if r.getMessage().startswith("delivery dropped")]
    assert len(dropped) == queued and all("attempts=3" in r.getMessage() for r in dropped)
    for record in caplog.records:
        for secret in ("Fairbrook", "jane", "Jane", "Here's what I understood"):
            assert secret not in record.getMessage()
    desk.notifier.always = None
    desk.say(JANE, "help")
    assert "Here is what you can do" in desk.texts(JANE)


def test_a_permanent_failure_on_retry_is_dropped(
    make_desk: DeskFactory, clock: ManualClock, database: Database
) -> None:
    desk = flaky_desk(make_desk, database)
    assert isinstance(desk.notifier, FlakyNotifier)
    desk.open(JANE)
    desk.notifier.refusals = [rate_limited(1), LookupError("no installation")]
    desk.say(JANE, "help")
    assert waiting(database) == 1
    clock.advance(timedelta(minutes=1))
    assert desk.engine.retry_deliveries() == 0 and waiting(database) == 0


def test_an_officer_unreachable_since_gets_nothing_more(
    make_desk: DeskFactory, clock: ManualClock, database: Database
) -> None:
    desk = flaky_desk(make_desk, database)
    assert isinstance(desk.notifier, FlakyNotifier)
    desk.open(JANE)
    desk.notifier.refusals = [rate_limited(1)]
    desk.say(JANE, "help")
    desk.engine.officer_unreachable(identity(JANE))
    clock.advance(timedelta(minutes=1))
    tries = desk.notifier.tries
    assert desk.engine.retry_deliveries() == 0 and waiting(database) == 0 and desk.notifier.tries == tries


def test_erasure_removes_waiting_messages_to_and_about_the_officer(
    make_desk: DeskFactory, clock: ManualClock, database: Database
) -> None:
    desk = flaky_desk(make_desk, database)
    assert isinstance(desk.notifier, FlakyNotifier)
    two_plans(desk)
    desk.choose(TOM, "Introduce us")
    desk.notifier.refusals = [rate_limited()]  # Tom's introduction, carrying Jane's details
    desk.choose(JANE, "Introduce us")
    assert "You're introduced" in desk.texts(JANE) and "You're introduced" not in desk.texts(TOM)
    desk.notifier.refusals = [rate_limited()]
    desk.say(JANE, "help")  # something of her own waiting too
    assert waiting(database) == 2
    desk.say(JANE, "forget me")  # the question queues behind: she answers it as if she had seen it
    assert waiting(database) == 3
    desk.act(JANE, encode(ConfirmForget(yes=True)))
    assert waiting(database) == 0
    assert "I've erased everything" in desk.texts(JANE)
    clock.advance(timedelta(hours=1))
    desk.engine.retry_deliveries()
    assert "Jane" not in desk.texts(TOM)


def test_two_workers_send_each_waiting_message_once_and_in_order(
    databases: DatabaseFactory, clock: ManualClock
) -> None:
    url = databases.url()
    setup = make_engine(url)
    databases.track(setup)
    upgrade(setup)
    notifier = FlakyNotifier()
    settings = Settings(database_url="sqlite://")
    desk = Desk(Core(setup, notifier, settings=settings, clock=clock), notifier)
    officers = [f"officer{number}@camden.gov.uk" for number in range(6)]
    for email in officers:
        desk.open(email)
    for email in officers:
        notifier.refusals = [rate_limited(5)]
        for number in range(3):
            desk.say(email, f"help {number}" if number else "help")
    notifier.take()
    assert count(setup, "pending_delivery") == 18
    clock.advance(timedelta(seconds=10))
    workers = []
    for _ in range(2):
        database = make_engine(url)
        databases.track(database)
        workers.append(Core(database, notifier, settings=settings, clock=clock))
    at_once(*(engine.retry_deliveries for engine in workers))
    assert count(setup, "pending_delivery") == 0
    for email in officers:
        received = [m.text for m in notifier.to(identity(email))]
        assert len(received) == 3
        assert received[0].startswith("Here is what you can do")  # the first still comes first


def test_a_message_survives_storage_whole() -> None:
    message = Message(
        "Hello",
        (
            Button("Yes", encode(AnswerProposal(1, accept=True)), ButtonStyle.PRIMARY),
            Button("No", encode(AnswerProposal(1, accept=False))),
        ),
        searchable=(Button("Libraries", encode(SetDraftField(DraftField.AREAS, "libraries"))),),
        ref="proposal:1",
        attachment=Attachment("notalone.json", "{}"),
        peer=Identity("slack", "T1", "U1"),
        shared_text="Both of you",
    )
    who, home = Identity("slack", "T1", "U2"), HomePage("Your plans", admin="Settings")
    parcel = Parcel(who, message, {"serviceUrl": "https://smba.example/"}, home)
    assert from_record(who, to_record(parcel)) == parcel
    # Kept before the outbox: a bare message.
    assert from_record(who, dict(to_record(parcel)["message"])) == Parcel(who, message)


def test_retry_after_is_read_as_seconds_or_as_a_date_within_bounds() -> None:
    now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    assert retry_after_seconds("30") == 30 and retry_after_seconds(["5"]) == 5
    assert retry_after_seconds("Wed, 25 Nov 2026 09:01:00 GMT", now=now) == 60
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None
    assert retry_after_seconds("-5") == 0 and retry_after_seconds("99999999") == 24 * 3600
