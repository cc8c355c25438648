"""The landscape as a workspace's admins see it: the same figures as officers, for the whole network."""

from __future__ import annotations

from sqlmodel import Session

from bot import wording
from bot.domain.landscape import figure_line, latest_snapshot, whole_landscape
from bot.domain.summaries import long_date

ADMIN_LINES = 10


def landscape_for_admins(session: Session, *, excluding: int | None) -> str:
    """The cells 5 or more other councils plan, for a workspace's admins: the whole network's, so the
    list never tells an admin what their own officers plan."""
    snapshot = latest_snapshot(session)
    if snapshot is None:
        return wording.LANDSCAPE_ADMIN_NOT_YET
    day = long_date(snapshot.taken_on)
    found = whole_landscape(session, excluding=excluding, limit=ADMIN_LINES)
    if not found:
        return wording.LANDSCAPE_ADMIN_NONE.format(day=day)
    return "\n".join([wording.LANDSCAPE_ADMIN_TITLE.format(day=day), *(figure_line(f) for f in found)])
