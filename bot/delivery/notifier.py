"""The port through which the core messages any officer at any time."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Protocol

from bot.errors import NotaloneError
from bot.messages import Delivery, HomePage, Identity, Message

log = logging.getLogger(__name__)

Address = dict[str, Any]

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


class Unreachable(NotaloneError):
    """The platform refused a message for good (the officer left, or removed the bot): adapters raise it,
    and the sender stops writing to that officer."""


class Notifier(Protocol):
    """A platform's way out: it sends what it is given, and never asks the core for anything."""

    def send(self, recipient: Identity, message: Message, *, address: Address | None = None) -> None:
        """Deliver one message to one officer on their own platform (`address`: how it reaches them)."""
        ...

    def publish_home(self, recipient: Identity, home: HomePage) -> None:
        """Show the officer their own page (Slack's App Home), for platforms that have one."""
        ...

    def shows_home(self, platform: str) -> bool:
        """Whether officers of this platform have a page of their own to keep up to date."""
        ...

    def needs_address(self, platform: str) -> bool:
        """Whether sending to officers of this platform needs the address they were last seen at."""
        ...


class WithoutHomePage:
    """For a platform that has no page of the officer's own and reaches them without a stored address
    (the console, the browser trial): only `send` is left to write."""

    def publish_home(self, recipient: Identity, home: HomePage) -> None:
        """Nothing to show."""

    def shows_home(self, platform: str) -> bool:
        """No page of the officer's own."""
        return False

    def needs_address(self, platform: str) -> bool:
        """Reached without one."""
        return False


class RoutingNotifier:
    """Sends each message through the notifier of the recipient's own platform."""

    def __init__(self, by_platform: Mapping[str, Notifier]) -> None:
        self._by_platform = dict(by_platform)

    def add(self, platform: str, notifier: Notifier) -> None:
        """Send messages for officers of this platform through this notifier."""
        self._by_platform[platform] = notifier

    def _for(self, platform: str) -> Notifier:
        notifier = self._by_platform.get(platform)
        if notifier is None:
            raise LookupError(f"no notifier for platform {platform}")
        return notifier

    def send(self, recipient: Identity, message: Message, *, address: Address | None = None) -> None:
        """Route to the recipient's platform; an unknown platform is an error the sender logs."""
        self._for(recipient.platform).send(recipient, message, address=address)

    def publish_home(self, recipient: Identity, home: HomePage) -> None:
        """Route to the recipient's platform."""
        self._for(recipient.platform).publish_home(recipient, home)

    def shows_home(self, platform: str) -> bool:
        """Ask the platform's notifier; an unknown platform has no home page."""
        notifier = self._by_platform.get(platform)
        return notifier is not None and notifier.shows_home(platform)

    def needs_address(self, platform: str) -> bool:
        """Ask the platform's notifier; an unknown platform needs none."""
        notifier = self._by_platform.get(platform)
        return notifier is not None and notifier.needs_address(platform)


class RecordingNotifier:
    """Keeps every delivery in order: a fake for tests, and the console's buffer."""

    def __init__(self, *, homes: bool = True) -> None:
        self.deliveries: list[Delivery] = []
        self.homes: list[tuple[Identity, HomePage]] = []  # home pages published, in order
        self.addresses: list[Address | None] = []  # the address each delivery was given
        self._shows_homes = homes

    def send(self, recipient: Identity, message: Message, *, address: Address | None = None) -> None:
        """Record the delivery."""
        self.deliveries.append(Delivery(recipient, message))
        self.addresses.append(address)

    def publish_home(self, recipient: Identity, home: HomePage) -> None:
        """Record the home page."""
        self.homes.append((recipient, home))

    def shows_home(self, platform: str) -> bool:
        """As told when made."""
        return self._shows_homes

    def needs_address(self, platform: str) -> bool:
        """Always: tests can see what a platform would have been given."""
        return True

    def to(self, recipient: Identity) -> list[Message]:
        """Every message one officer has received, oldest first."""
        return [d.message for d in self.deliveries if d.recipient == recipient]

    def take(self) -> list[Delivery]:
        """Return and forget what was recorded so far."""
        taken, self.deliveries = self.deliveries, []
        return taken
