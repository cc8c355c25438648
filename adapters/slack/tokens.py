"""Workspaces' bot tokens, remembered for a short while in each process.

With many workspaces (OAuth) a token lives in the installation store, one database read away. An
officer's turn needs it several times (the turn itself, each message, the App Home): without this,
each of those was a read of its own."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from adapters.slack.notifier import TokenFinder

# Long enough to cover a turn's several look-ups (and a busy workspace's many turns), short enough that a
# token changed or removed by another process (a reinstall, an uninstall) is noticed within seconds.
REMEMBER_SECONDS = 5.0


class RememberedTokens:
    """A `TokenFinder` that asks `find` for an installed workspace's token at most once every `seconds`."""

    def __init__(
        self,
        find: TokenFinder,
        *,
        seconds: float = REMEMBER_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._find = find
        self._seconds = seconds
        self._clock = clock
        self._known: dict[str, tuple[float, str]] = {}  # team id: (when looked up, token)
        self._lock = threading.Lock()  # turns and sends look tokens up from several threads

    def __call__(self, team_id: str) -> str | None:
        now = self._clock()
        with self._lock:
            known = self._known.get(team_id)
        if known is not None and now - known[0] < self._seconds:
            return known[1]
        token = self._find(team_id)
        if token is not None:  # a workspace not (yet) installed is asked about afresh each time
            with self._lock:
                self._known[team_id] = (now, token)
        return token

    def forget(self, team_id: str) -> None:
        """The workspace uninstalled Notalone or revoked its token: look it up afresh next time."""
        with self._lock:
            self._known.pop(team_id, None)
