"""The landscape as a workspace's admins see it: the same figures as officers, for the whole network and,
where enough of the workspace's own officers plan the same, for those plans."""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from bot import wording
from bot.domain.landscape import (
    SMALLEST_SHOWN,
    Cell,
    counted_kind,
    figure_line,
    figures,
    latest_snapshot,
    whole_landscape,
)
from bot.domain.summaries import long_date
from bot.storage.models import Plan, PlanStatus

ADMIN_LINES = 10


def landscape_for_admins(
    session: Session, *, excluding: int | None, members: SelectOfScalar[int] | SelectOfScalar[None]
) -> str:
    """The cells 5 or more other councils plan, across the network; then the figures for the cells at least
    5 of the workspace's own officers have active plans in. A cell with fewer of them is never listed, so
    the list never tells an admin what one of their officers plans (DESIGN.md rule 4)."""
    snapshot = latest_snapshot(session)
    if snapshot is None:
        return wording.LANDSCAPE_ADMIN_NOT_YET
    day = long_date(snapshot.taken_on)
    found = whole_landscape(session, excluding=excluding, limit=ADMIN_LINES)
    lines = (
        [wording.LANDSCAPE_ADMIN_TITLE.format(day=day), *(figure_line(f) for f in found)]
        if found
        else [wording.LANDSCAPE_ADMIN_NONE.format(day=day)]
    )
    ours = _cells_of_many(session, members)[:ADMIN_LINES]
    if ours:
        lines += ["", wording.LANDSCAPE_ADMIN_OURS.format(smallest=SMALLEST_SHOWN)]
        lines += [figure_line(f) for f in figures(session, ours, excluding=excluding)]
    return "\n".join(lines)


def _cells_of_many(session: Session, members: SelectOfScalar[int] | SelectOfScalar[None]) -> list[Cell]:
    """The cells (a service and a kind of change) in which at least SMALLEST_SHOWN of these officers have an
    active plan, most officers first."""
    rows = session.exec(
        select(Plan.officer_id, Plan.service_areas, Plan.delivery_model).where(
            col(Plan.officer_id).in_(members),
            Plan.status == PlanStatus.ACTIVE,
            col(Plan.delivery_model).is_not(None),
        )
    ).all()
    officers: dict[Cell, set[int]] = defaultdict(set)
    for officer_id, areas, model in rows:
        for area in areas or ():
            officers[Cell(area, counted_kind(str(model)))].add(officer_id)
    many = [cell for cell, who in officers.items() if len(who) >= SMALLEST_SHOWN]
    return sorted(many, key=lambda cell: (-len(officers[cell]), cell.service_area, cell.delivery_model))
