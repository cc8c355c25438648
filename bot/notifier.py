"""The port through which the core messages any officer at any time."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Protocol

from bot.messages import Delivery, Identity, Message

log = logging.getLogger(__name__)


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
