"""Sending committed messages: at once when the platform takes them, later when it refuses them for now.

A temporary refusal (rate limited, briefly down) keeps the message, sealed, in the database; a periodic
job sends it again once the platform's Retry-After has passed, backing off, and gives up after a bounded
number of attempts. Logs carry ids, statuses and counts, never a message's text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import Engine as Database
from sqlalchemy import select
from sqlmodel import Session, col

from bot.delivery import pending
from bot.delivery.notifier import Notifier, TemporaryFailure
from bot.delivery.pending import Claimed, wait_after
from bot.messages import Delivery, Identity, Outbox
from bot.storage import queues
from bot.storage.database import transaction
from bot.storage.models import Officer

log = logging.getLogger(__name__)

# A process sending a waiting message holds it this long (a send times out well before); then another may.
HOLD = timedelta(minutes=5)
BATCH = 100
ROUNDS = 20  # each round sends at most one message per officer: their next one goes in the next round


class Sender:
    """Delivers outboxes, keeps what a platform refused for now, and sends it again when due."""

    def __init__(
        self, database: Database, notifier: Notifier, *, now: Callable[[], datetime], attempts: int
    ) -> None:
        self._database = database
        self._notifier = notifier
        self._now = now
        self._attempts = attempts

    def deliver(self, outbox: Outbox, *, waiting: set[Identity] | None = None) -> None:
        """Send each message in order; one refused for now waits, and so does what follows it for them.

        `waiting`: which recipients have messages waiting, when the caller read it (`waiting_for`) at the
        end of the transaction that filled the outbox; otherwise it is read here.
        """
        if not outbox.deliveries:
            return
        recipients = {delivery.recipient for delivery in outbox.deliveries}
        queued = set(waiting) if waiting is not None else self._waiting(recipients)
        kept: list[tuple[Delivery, int, datetime]] = []
        for delivery in outbox.deliveries:
            if delivery.recipient in queued:
                kept.append((delivery, 0, self._now()))  # behind an earlier message still waiting
                continue
            try:
                self._notifier.send(delivery.recipient, delivery.message)
            except TemporaryFailure as failure:
                log.warning(
                    "delivery deferred: platform=%s status=%s retry_after=%s",
                    delivery.recipient.platform,
                    failure.status,
                    failure.retry_after,
                )
                queued.add(delivery.recipient)
                kept.append((delivery, 1, self._now() + wait_after(1, failure.retry_after)))
            except Exception as error:
                log.warning(
                    "delivery failed: platform=%s error=%s", delivery.recipient.platform, type(error).__name__
                )
        if kept:
            self._keep(kept)

    def _waiting(self, recipients: set[Identity]) -> set[Identity]:
        try:
            with transaction(self._database) as session:
                return pending.waiting_for(session, recipients)
        except Exception as error:
            # Better sent now, perhaps out of order, than not at all.
            log.warning("waiting deliveries unknown: error=%s", type(error).__name__)
            return set()

    def _keep(self, kept: list[tuple[Delivery, int, datetime]]) -> None:
        try:
            with transaction(self._database) as session:
                for delivery, attempts, not_before in kept:
                    pending.keep(session, delivery, attempts=attempts, not_before=not_before, now=self._now())
        except Exception as error:
            # The turn is committed already: its work stands, only these messages are lost.
            log.error("deliveries lost: count=%d error=%s", len(kept), type(error).__name__)

    def retry_due(self) -> int:
        """Send again every waiting message that is due; returns how many went out."""
        sent = 0
        for _ in range(ROUNDS):
            with transaction(self._database) as session:
                claimed = pending.claim_due(session, now=self._now(), hold=HOLD, limit=BATCH)
                unreachable = _unreachable(session, {item.delivery.recipient for item in claimed})
            if not claimed:
                break
            for item in claimed:
                if item.delivery.recipient in unreachable:
                    self._give_up(item, reason="unreachable")
                else:
                    sent += self._retry(item)
        return sent

    def _retry(self, item: Claimed) -> int:
        try:
            self._notifier.send(item.delivery.recipient, item.delivery.message)
        except TemporaryFailure as failure:
            if item.attempts >= self._attempts:
                self._give_up(item, reason=f"status {failure.status}")
                return 0
            not_before = self._now() + wait_after(item.attempts, failure.retry_after)
            with transaction(self._database) as session:
                pending.release(session, item, not_before=not_before)
            log.info(
                "delivery deferred again: id=%d platform=%s status=%s attempts=%d",
                item.id,
                item.delivery.recipient.platform,
                failure.status,
                item.attempts,
            )
            return 0
        except Exception as error:
            self._give_up(item, reason=type(error).__name__)
            return 0
        with transaction(self._database) as session:
            pending.finish(session, item)
        log.info(
            "delivery retried: id=%d platform=%s attempts=%d",
            item.id,
            item.delivery.recipient.platform,
            item.attempts,
        )
        return 1

    def _give_up(self, item: Claimed, *, reason: str) -> None:
        with transaction(self._database) as session:
            pending.finish(session, item)
        log.warning(
            "delivery dropped: id=%d platform=%s attempts=%d reason=%s",
            item.id,
            item.delivery.recipient.platform,
            item.attempts,
            reason,
        )


def _unreachable(session: Session, recipients: set[Identity]) -> set[Identity]:
    """Officers the platform has refused for good (or whose workspace removed the bot) since."""
    found = set()
    for recipient in recipients:
        statement = select(col(Officer.reachable)).where(queues.of(Officer, recipient))
        if session.execute(statement).scalar_one_or_none() is False:
            found.add(recipient)
    return found
