"""Time as the core sees it: always UTC, and controllable in tests and in the console."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """The real time, in UTC."""

    def now(self) -> datetime:
        """Return the current time in UTC."""
        return datetime.now(UTC)


class ManualClock:
    """A clock that moves only when told to: for tests and for trying expiry in the console."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = (start or datetime.now(UTC)).astimezone(UTC)

    def now(self) -> datetime:
        """Return the clock's current time."""
        return self._now

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward."""
        if delta < timedelta(0):
            raise ValueError("a clock only moves forward")
        self._now += delta


class OffsetClock:
    """The real time shifted forward by a chosen amount (the console's `/wait`)."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def now(self) -> datetime:
        """Return the real time plus the offset."""
        return datetime.now(UTC) + self.offset

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward."""
        if delta < timedelta(0):
            raise ValueError("a clock only moves forward")
        self.offset += delta
