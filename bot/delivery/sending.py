"""Sending through the outbox: a unit of work writes its messages in its own transaction (`queue`), and
they are sent after it commits (`send`), each deleted once its platform took it.

A process that dies between the commit and the sends leaves its parcels in the table, held for a short
lease; any process's delivery loop (`retry_due`) sends them when it ends. A temporary refusal (rate
limited, briefly down) keeps the parcel for a later try, once the platform's Retry-After has passed,
backing off, up to a bounded number of attempts. Logs carry ids, statuses and counts, never text.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import Protocol

from sqlalchemy import Connection, select
from sqlalchemy import Engine as Database
from sqlmodel import Session, col

from bot.delivery import addresses, pending
from bot.delivery.notifier import Notifier, TemporaryFailure, Unreachable
from bot.delivery.pending import Claimed, Parcel, wait_after
from bot.messages import HomePage, Identity, Outbox
from bot.storage import queues
from bot.storage.database import scrub, scrub_requested
from bot.storage.models import Officer

log = logging.getLogger(__name__)

# By default a process holds the parcels it wrote this long while it sends them (a send times out well
# before); if it dies, any process's delivery loop sends them once the lease ends.
LEASE = timedelta(seconds=60)
# A parcel taken again by the delivery loop is held this long.
HOLD = timedelta(minutes=5)
BATCH = 100
ROUNDS = 20  # each round sends at most one parcel per officer: their next one goes in the next round

HomeMaker = Callable[[Session, Identity], HomePage]


class Settle(Protocol):
    def __call__(self, item: Claimed, release_at: datetime | None = None) -> None:
        """Mark the parcel sent (None), or waiting until `release_at`."""


class Outcome(Enum):
    SENT = "sent"
    WAITING = "waiting"  # refused for now: tried again later
    DROPPED = "dropped"  # never to be sent


@dataclass
class Batch:
    """The parcels one unit of work wrote and holds, to send once it has committed."""

    claimed: list[Claimed] = field(default_factory=list)
    # The unit of work erased someone: once its messages (their goodbye) are sent and their rows
    # deleted, those rows are scrubbed from the database files too.
    scrub: bool = False


class Sender:
    """Writes outboxes into the outbox table and sends them after commit; the delivery loop sends again
    what waits (refused for now, or left by a process that died)."""

    def __init__(
        self,
        database: Database,
        notifier: Notifier,
        *,
        now: Callable[[], datetime],
        attempts: int,
        home: HomeMaker | None = None,
        unreachable: Callable[[Identity], None] = lambda _who: None,
        lease: timedelta = LEASE,
        sends_here: bool = True,
    ) -> None:
        """`sends_here`: False for a process that reaches no platform (the command line): what it
        writes is left to the workers' delivery loop."""
        self._database = database
        self._notifier = notifier
        self._now = now
        self._attempts = attempts
        self._home = home
        self._unreachable = unreachable
        self._lease = lease
        self._sends_here = sends_here

    def queue(self, session: Session, outbox: Outbox) -> Batch:
        """Write the outbox's messages in the caller's transaction, each recipient's last one with their
        home page as it stands then.

        Parcels for an officer with earlier parcels still waiting go behind them, for the delivery loop;
        the others this process holds, to `send` as soon as the transaction commits."""
        if not outbox.deliveries:
            return Batch()
        recipients = list(dict.fromkeys(delivery.recipient for delivery in outbox.deliveries))
        wanted = [who for who in recipients if self._notifier.needs_address(who.platform)]
        known = addresses.recall_all(session, wanted)
        homes = {
            who: self._home(session, who)
            for who in recipients
            if self._home is not None and self._notifier.shows_home(who.platform)
        }
        last = {delivery.recipient: index for index, delivery in enumerate(outbox.deliveries)}
        parcels = [
            Parcel(
                delivery.recipient,
                delivery.message,
                known.get(delivery.recipient),
                homes.get(delivery.recipient) if last[delivery.recipient] == index else None,
            )
            for index, delivery in enumerate(outbox.deliveries)
        ]
        now = self._now()
        held = pending.put_behind(
            session, parcels, now=now, hold_until=now + self._lease if self._sends_here else None
        )
        return Batch(
            [
                Claimed(row_id, parcel, 1, until)
                for (row_id, until), parcel in zip(held, parcels, strict=True)
                if until is not None
            ],
            scrub=scrub_requested(session),
        )

    def send(self, batch: Batch, *, connection: Connection | None = None) -> int:
        """Send what `queue` wrote, now committed, in order; returns how many went out. `connection`: the
        one the unit of work ran on, no longer in a transaction, to settle the parcels on (rather than
        check out another, pinging it first)."""
        if not batch.claimed:
            return 0
        sent = 0
        refused: set[Identity] = set()
        try:
            with self._settler(connection) as settle:
                for item in batch.claimed:
                    if item.parcel.recipient in refused:
                        settle(item, self._now())  # behind one refused for now: keep the order
                        continue
                    outcome = self._send_one(item, settle)
                    sent += outcome is Outcome.SENT
                    if outcome is Outcome.WAITING:
                        refused.add(item.parcel.recipient)
        except Exception as error:
            # The database is away: nothing more is sent that could not be marked sent; the delivery
            # loop sends the rest later.
            log.warning("deliveries left to the delivery loop: error=%s", type(error).__name__)
        if batch.scrub:
            scrub(self._database)
        return sent

    @contextlib.contextmanager
    def _settler(self, connection: Connection | None = None) -> Iterator[Settle]:
        """Marks parcels sent (deletes their rows) or waiting, each at once, in one round trip each: one
        connection for a whole pass (`connection`, or one of the pool's), in autocommit."""
        with contextlib.ExitStack() as stack:
            if connection is None:
                connection = stack.enter_context(self._database.connect())
            # On the caller's connection too: the pool undoes it when the connection goes back.
            autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")

            def settle(item: Claimed, release_at: datetime | None = None) -> None:
                try:
                    if release_at is None:
                        pending.finish(autocommit, item)
                    else:
                        pending.release(autocommit, item, not_before=release_at)
                except Exception as error:
                    # Held until its lease ends; then the delivery loop takes it again. The pass stops
                    # here: whatever it sent next could not be marked sent either, and would go twice.
                    log.error("delivery not settled: id=%d error=%s", item.id, type(error).__name__)
                    raise

            yield settle

    def send_unkept(self, outbox: Outbox) -> None:
        """Send at once what could not be written (the database is away): best effort, nothing kept."""
        for delivery in outbox.deliveries:
            try:
                self._notifier.send(delivery.recipient, delivery.message)
            except Exception as error:
                log.warning(
                    "delivery lost: platform=%s error=%s", delivery.recipient.platform, type(error).__name__
                )

    def retry_due(self) -> int:
        """Send every waiting parcel that is due; returns how many went out."""
        sent = 0
        for _ in range(ROUNDS):
            with self._database.begin() as connection:
                claimed = pending.claim_due(connection, now=self._now(), hold=HOLD, limit=BATCH)
                gone = _unreachable(connection, {item.parcel.recipient for item in claimed})
            if not claimed:
                break
            with self._settler() as settle:
                for item in claimed:
                    if item.parcel.recipient in gone:
                        self._give_up(item, settle, reason="unreachable")
                    else:
                        sent += self._send_one(item, settle) is Outcome.SENT
        return sent

    def _send_one(self, item: Claimed, settle: Settle) -> Outcome:
        """Send one parcel and settle its row."""
        parcel = item.parcel
        try:
            self._notifier.send(parcel.recipient, parcel.message, address=parcel.address)
        except TemporaryFailure as failure:
            if item.attempts >= self._attempts:
                self._give_up(item, settle, reason=f"status {failure.status}")
                return Outcome.DROPPED
            log.warning(
                "delivery deferred: id=%d platform=%s status=%s attempts=%d retry_after=%s",
                item.id,
                parcel.recipient.platform,
                failure.status,
                item.attempts,
                failure.retry_after,
            )
            settle(item, self._now() + wait_after(item.attempts, failure.retry_after))
            return Outcome.WAITING
        except Unreachable:
            log.warning("delivery refused for good: id=%d platform=%s", item.id, parcel.recipient.platform)
            self._unreachable(parcel.recipient)
            settle(item)
            return Outcome.DROPPED
        except Exception as error:
            # Not a refusal the platform asked us to retry: sending it again would fail the same way.
            log.warning(
                "delivery failed: id=%d platform=%s error=%s",
                item.id,
                parcel.recipient.platform,
                type(error).__name__,
            )
            settle(item)
            return Outcome.DROPPED
        settle(item)
        if parcel.home is not None:
            self._publish_home(parcel.recipient, parcel.home)
        if item.attempts > 1:
            log.info(
                "delivery retried: id=%d platform=%s attempts=%d",
                item.id,
                parcel.recipient.platform,
                item.attempts,
            )
        return Outcome.SENT

    def _publish_home(self, recipient: Identity, home: HomePage) -> None:
        try:
            self._notifier.publish_home(recipient, home)
        except Exception as error:
            # The messages are sent: a stale home page must not make them go again.
            log.warning(
                "home page not published: platform=%s error=%s", recipient.platform, type(error).__name__
            )

    def _give_up(self, item: Claimed, settle: Settle, *, reason: str) -> None:
        settle(item)
        log.warning(
            "delivery dropped: id=%d platform=%s attempts=%d reason=%s",
            item.id,
            item.parcel.recipient.platform,
            item.attempts,
            reason,
        )


def _unreachable(connection: Connection, recipients: set[Identity]) -> set[Identity]:
    """Officers the platform has refused for good (or whose workspace removed the bot) since."""
    found = set()
    for recipient in recipients:
        statement = select(col(Officer.reachable)).where(queues.of(Officer, recipient))
        if connection.execute(statement).scalar_one_or_none() is False:
            found.add(recipient)
    return found
