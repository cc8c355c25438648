"""The port through which the core messages any officer at any time."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Protocol

from bot.errors import NotaloneError
from bot.messages import Delivery, Identity, Message

log = logging.getLogger(__name__)

# A platform asking for more than a day's wait is not believed: the message is tried again after a day.
LONGEST_RETRY_AFTER = 24 * 3600.0


class TemporaryFailure(NotaloneError):
    """The platform refused a message for now (rate limited, or briefly down): it can be sent again later.

    Adapters raise it, translated from their SDK's errors; `retry_after` is the platform's own
    Retry-After in seconds, when it gave one."""

    def __init__(self, *, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(f"temporary delivery failure (status {status})")
        self.status = status
        self.retry_after = retry_after


def is_temporary(status: int) -> bool:
    """Whether an HTTP status means "try again later": 429, or any 5xx."""
    return status == 429 or 500 <= status <= 599


def retry_after_seconds(value: object, *, now: datetime | None = None) -> float | None:
    """An HTTP Retry-After value (seconds, or a date) as seconds from now; None if absent or unreadable."""
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    if value is None:
        return None
    text = str(value).strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if seconds != seconds:  # NaN
        return None
    return min(max(seconds, 0.0), LONGEST_RETRY_AFTER)


class Notifier(Protocol):
    def send(self, recipient: Identity, message: Message) -> None:
        """Deliver one message to one officer on their own platform."""
        ...

    def batch_sent(self, recipient: Identity) -> None:
        """Every message of one batch (a turn, a job's run) has been sent to this officer."""
        ...


class RoutingNotifier:
    """Sends each message through the notifier of the recipient's own platform."""

    def __init__(self, by_platform: Mapping[str, Notifier]) -> None:
        self._by_platform = dict(by_platform)

    def add(self, platform: str, notifier: Notifier) -> None:
        """Send messages for officers of this platform through this notifier."""
        self._by_platform[platform] = notifier

    def send(self, recipient: Identity, message: Message) -> None:
        """Route to the recipient's platform; an unknown platform is logged, not raised."""
        notifier = self._by_platform.get(recipient.platform)
        if notifier is None:
            log.warning("no notifier for platform %s", recipient.platform)
            return
        notifier.send(recipient, message)

    def batch_sent(self, recipient: Identity) -> None:
        """Tell the recipient's platform; an unknown platform was already logged by `send`."""
        notifier = self._by_platform.get(recipient.platform)
        if notifier is not None:
            notifier.batch_sent(recipient)


class RecordingNotifier:
    """Keeps every delivery in order: a fake for tests, and the console's buffer."""

    def __init__(self) -> None:
        self.deliveries: list[Delivery] = []
        self.batches: list[Identity] = []  # whose batch ended, in order

    def send(self, recipient: Identity, message: Message) -> None:
        """Record the delivery."""
        self.deliveries.append(Delivery(recipient, message))

    def batch_sent(self, recipient: Identity) -> None:
        """Record the end of a batch."""
        self.batches.append(recipient)

    def to(self, recipient: Identity) -> list[Message]:
        """Every message one officer has received, oldest first."""
        return [d.message for d in self.deliveries if d.recipient == recipient]

    def take(self) -> list[Delivery]:
        """Return and forget what was recorded so far."""
        taken, self.deliveries = self.deliveries, []
        return taken
