"""The outbox: a process that dies between a turn's commit and its sends loses no message, and another
process sends each exactly once, in order, once the dead one's lease has ended."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine as Database
from sqlalchemy import text

from bot.clock import ManualClock
from bot.core import Core
from bot.delivery.notifier import Address, RecordingNotifier
from bot.delivery.sending import LEASE
from bot.messages import Identity, Incoming, IncomingKind, Message
from bot.settings import Settings
from tests.bot.domain.test_double_opt_in import JANE, JANE_PLAN, TOM, two_plans
from tests.conftest import DeskFactory
from tests.support import Desk, count, identity, proposals_to


class Died(BaseException):
    """The process was killed: nothing after this point runs, not even `except Exception` handlers."""


class DyingNotifier(RecordingNotifier):
    """Records what gets through, until the process it stands for is killed at its next send."""

    def __init__(self) -> None:
        super().__init__()
        self.dies = False

    def send(self, recipient: Identity, message: Message, *, address: Address | None = None) -> None:
        if self.dies:
            raise Died
        super().send(recipient, message, address=address)


def another_process(desk: Desk) -> Desk:
    """A second process on the same database, with a notifier of its own that records what it sends."""
    notifier = RecordingNotifier()
    settings = Settings(database_url="sqlite://")
    return Desk(Core(desk.engine._database, notifier, settings=settings, clock=desk.engine.clock), notifier)


def dying_desk(make_desk: DeskFactory, database: Database) -> tuple[Desk, DyingNotifier]:
    desk = make_desk(database)
    notifier = DyingNotifier()
    desk.notifier = notifier
    desk.engine = Core(
        database, notifier, settings=Settings(database_url="sqlite://"), clock=desk.engine.clock
    )
    return desk, notifier


def test_replies_of_a_turn_whose_process_died_after_commit_are_sent_by_another_once(
    make_desk: DeskFactory, clock: ManualClock, database: Database
) -> None:
    desk, notifier = dying_desk(make_desk, database)
    desk.open(JANE)
    notifier.dies = True
    with pytest.raises(Died):
        desk.say(JANE, JANE_PLAN)  # committed: the draft is saved; the process dies before sending it
    assert count(database, "pending_delivery") >= 1
    survivor = another_process(desk)
    assert survivor.engine.retry_deliveries() == 0  # the dead process's lease still holds them
    clock.advance(LEASE + timedelta(seconds=1))
    assert survivor.engine.retry_deliveries() >= 1
    draft = survivor.inbox(JANE)
    assert any(button.label == "Looks right" for message in draft for button in message.buttons)
    assert survivor.engine.retry_deliveries() == 0 and count(database, "pending_delivery") == 0
    assert len(survivor.inbox(JANE)) == len(draft)  # sent once


def test_an_introduction_whose_process_died_still_reaches_both(
    make_desk: DeskFactory, clock: ManualClock, database: Database
) -> None:
    desk, notifier = dying_desk(make_desk, database)
    two_plans(desk)
    desk.choose(JANE, "Introduce us")
    notifier.dies = True
    with pytest.raises(Died):
        desk.choose(TOM, "Introduce us")  # the introduction is made, then the process dies
    survivor = another_process(desk)
    clock.advance(LEASE + timedelta(seconds=1))
    survivor.engine.retry_deliveries()
    for email, other in ((JANE, "tom.jones@hackney.gov.uk"), (TOM, "jane.smith@camden.gov.uk")):
        introductions = [m for m in survivor.inbox(email) if other in m.text]
        assert len(introductions) == 1
    assert proposals_to(survivor.inbox(JANE)) == []  # nothing else was sent again


def test_the_home_page_travels_with_the_last_message_of_a_turn(desk: Desk) -> None:
    desk.open(JANE)
    desk.notifier.homes.clear()
    desk.say(JANE, JANE_PLAN)
    desk.choose(JANE, "Looks right")
    homes = [home for who, home in desk.notifier.homes if who == identity(JANE)]
    assert len(homes) == 2  # one a turn, not one a message
    assert "Leisure" in (homes[-1].overview or "") and homes[-1].admin is None


class TableTakingNotifier(RecordingNotifier):
    """Sends, and at its first send takes the outbox's table away, as a database going away would."""

    def __init__(self, database: Database) -> None:
        super().__init__()
        self.database = database
        self.taken = False

    def send(self, recipient: Identity, message: Message, *, address: Address | None = None) -> None:
        super().send(recipient, message, address=address)
        if not self.taken:
            self.taken = True
            with self.database.begin() as connection:
                connection.execute(text("ALTER TABLE pending_delivery RENAME TO pending_delivery_away"))


def test_nothing_more_is_sent_once_sent_messages_cannot_be_marked_sent(
    make_desk: DeskFactory, clock: ManualClock, database: Database
) -> None:
    desk = make_desk(database)
    desk.open(JANE)
    desk.say(JANE, JANE_PLAN)
    notifier = TableTakingNotifier(database)
    engine = Core(database, notifier, settings=Settings(database_url="sqlite://"), clock=clock)
    engine.handle(Incoming(identity(JANE), IncomingKind.MESSAGE, text="help"))  # help, and the draft again
    assert len(notifier.to(identity(JANE))) == 1  # the first went; the other two wait in the table
    with database.begin() as connection:
        connection.execute(text("ALTER TABLE pending_delivery_away RENAME TO pending_delivery"))
    clock.advance(LEASE + timedelta(seconds=1))
    engine.retry_deliveries()
    received = [m.text for m in notifier.to(identity(JANE))]
    assert any("Here's what I understood" in text for text in received)
    # All three arrived, and only the one whose row could not be deleted went twice.
    assert len(set(received)) == 3 and len(received) == 4
