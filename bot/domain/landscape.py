"""The landscape: how many other organisations have comparable plans, k-anonymous (DESIGN rule 8).

What makes it safe:
- It counts organisations, never officers: one row per organisation per (service, kind of change) cell.
- It counts confirmed, active plans of verified officers only, so every organisation counted is a council
  of the public directory (an unverified officer could otherwise invent councils to fill a cell).
- Figures come from one snapshot a UTC day, taken by whichever comes first that day: the periodic job,
  or the first question. Nothing anyone does shows before the next day's snapshot.
- The asker's own organisation is always taken out, so adding, pausing or withdrawing their own plans
  (or their colleagues') never changes what they see: no difference attack by one officer. Only
  verified officers are answered (conversation/landscape.py): the council taken out is the one their
  email proves, not one they could name differently each time.
- Only whole cells are ever counted, never a service across kinds of change, so two answers never
  overlap in a way whose difference would be a small count. A cell's kind of change is as officers weigh
  it: a staff mutual, a trust, a social enterprise and a community interest company are one kind here
  (SPUN_OUT), since an officer weighing one weighs the others; every plan still falls in one cell only.
- Erasure leaves the day's snapshot alone: it holds organisation ids of public councils, no officer
  and no plan, and taking a council out at once would change the figure within the day, telling others
  that one council's officer left. The next snapshot no longer counts the erased plans.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from bot import wording
from bot.delivery.throttle import keyed_scope
from bot.domain.officers import identity_of
from bot.domain.summaries import in_sentence, model_name, service_names
from bot.messages import Identity
from bot.storage.database import add_one, insert_with_conflicts
from bot.storage.models import (
    LandscapeAsk,
    LandscapeCell,
    LandscapeSnapshot,
    Officer,
    Plan,
    PlanStatus,
)
from matching import taxonomy

SMALLEST_SHOWN = 5
# Independent, not-for-profit bodies a service moves out to: counted together as one kind of change.
SPUN_OUT = "spun_out"
SPUN_OUT_KINDS = frozenset(
    {"staff_mutual", "charitable_trust", "social_enterprise", "community_interest_company"}
)
# A breakdown splits a cell at this stage: "at business case or beyond".
BREAKDOWN_STAGE = "business_case"
UNKNOWN_STAGE = -1


@dataclass(frozen=True)
class Cell:
    """A service area and a kind of change: what 'comparable' means for the landscape."""

    service_area: str
    delivery_model: str


def counted_kind(delivery_model: str) -> str:
    """The kind of change a plan is counted under: SPUN_OUT for any of SPUN_OUT_KINDS, else its own."""
    return SPUN_OUT if delivery_model in SPUN_OUT_KINDS else delivery_model


def counted_cell(cell: Cell) -> Cell:
    """The cell a plan's service and kind of change are counted in."""
    return Cell(cell.service_area, counted_kind(cell.delivery_model))


@dataclass(frozen=True)
class Figure:
    """What may be shown about one cell: `count` and `advanced` are None when below SMALLEST_SHOWN
    (shown as "fewer than 5"); `advanced` (at business case or beyond) also when the rest is."""

    cell: Cell
    count: int | None
    advanced: int | None


def stage_rank(stage: str | None) -> int:
    """Where a stage comes in the taxonomy's order (exploring first); UNKNOWN_STAGE when not known."""
    order = [option.code for option in taxonomy.stages()]
    return order.index(stage) if stage in order else UNKNOWN_STAGE


def latest_snapshot(session: Session) -> LandscapeSnapshot | None:
    """The newest snapshot, if one was ever taken."""
    return session.exec(select(LandscapeSnapshot).order_by(col(LandscapeSnapshot.taken_on).desc())).first()


def take_snapshot_if_due(session: Session, *, now: datetime) -> bool:
    """Take today's snapshot unless one was taken today; True if this call took it.

    Safe with any number of processes: the day is unique, so only the transaction that inserts it
    builds the cells (on PostgreSQL, a second one waits for the first to commit and then does nothing).
    """
    today = now.date()
    newest = latest_snapshot(session)
    if newest is not None and newest.taken_on >= today:
        return False
    insert = insert_with_conflicts(session.get_bind().dialect.name)
    statement = (
        insert(LandscapeSnapshot)
        .values(taken_on=today, taken_at=now)
        .on_conflict_do_nothing(index_elements=[col(LandscapeSnapshot.taken_on)])
        .returning(col(LandscapeSnapshot.id))
    )
    snapshot_id = session.connection().execute(statement).scalar()
    if snapshot_id is None:
        return False  # another process took it
    session.add_all(_cells(session, snapshot_id))
    session.flush()
    # Only the newest is kept: older ones would only let someone compare one day with another.
    session.exec(delete(LandscapeCell).where(col(LandscapeCell.snapshot_id) != snapshot_id))
    session.exec(delete(LandscapeSnapshot).where(col(LandscapeSnapshot.id) != snapshot_id))
    session.flush()
    return True


def _cells(session: Session, snapshot_id: int) -> list[LandscapeCell]:
    """One row per organisation per cell, at the most advanced stage its plans there reached."""
    plans = session.exec(
        select(Officer.organisation_id, Plan.service_areas, Plan.delivery_model, Plan.stage)
        .join(Officer, col(Officer.id) == col(Plan.officer_id))
        .where(
            Plan.status == PlanStatus.ACTIVE,
            col(Plan.delivery_model).is_not(None),
            col(Officer.verified).is_(True),
            col(Officer.organisation_id).is_not(None),
        )
    ).all()
    furthest: dict[tuple[str, str, int], int] = {}
    for organisation_id, areas, model, stage in plans:
        assert organisation_id is not None and model is not None
        for area in set(areas):
            key = (area, model, organisation_id)
            furthest[key] = max(furthest.get(key, UNKNOWN_STAGE), stage_rank(stage))
    return [
        LandscapeCell(
            snapshot_id=snapshot_id,
            service_area=area,
            delivery_model=model,
            organisation_id=organisation_id,
            stage_rank=rank,
        )
        for (area, model, organisation_id), rank in sorted(furthest.items())
    ]


def figures(session: Session, cells: Sequence[Cell], *, excluding: int | None) -> list[Figure]:
    """The figure for each cell from the newest snapshot, never counting the organisation `excluding`
    (the asker's own); [] when no snapshot was ever taken."""
    counted = _counted(session, excluding=excluding, cells=cells)
    if counted is None:
        return []
    asked = list(dict.fromkeys(counted_cell(cell) for cell in cells))  # in order, each once
    return [_figure(cell, counted.get(cell, [])) for cell in asked]


def whole_landscape(session: Session, *, excluding: int | None, limit: int) -> list[Figure]:
    """Every cell of the newest snapshot with at least SMALLEST_SHOWN other organisations, largest first."""
    counted = _counted(session, excluding=excluding, cells=None) or {}
    shown = [_figure(cell, ranks) for cell, ranks in counted.items() if len(ranks) >= SMALLEST_SHOWN]
    shown.sort(key=lambda f: (-(f.count or 0), f.cell.service_area, f.cell.delivery_model))
    return shown[:limit]


def _counted(
    session: Session, *, excluding: int | None, cells: Sequence[Cell] | None
) -> dict[Cell, list[int]] | None:
    """Each counted cell's organisations' furthest stage ranks in the newest snapshot, in one statement
    (so a snapshot taken meanwhile is never half read); None when there is no snapshot. The snapshot keeps
    each plan's own kind of change; kinds counted together are joined here, one organisation once."""
    newest = select(func.max(LandscapeSnapshot.id)).scalar_subquery()
    query = select(
        LandscapeCell.service_area,
        LandscapeCell.delivery_model,
        LandscapeCell.organisation_id,
        LandscapeCell.stage_rank,
    ).where(col(LandscapeCell.snapshot_id) == newest)
    if excluding is not None:
        query = query.where(LandscapeCell.organisation_id != excluding)
    if cells is not None:
        query = query.where(col(LandscapeCell.service_area).in_({c.service_area for c in cells}))
    if latest_snapshot(session) is None:
        return None
    furthest: dict[Cell, dict[int, int]] = defaultdict(dict)
    for area, model, organisation_id, rank in session.exec(query).all():
        ranks = furthest[Cell(area, counted_kind(model))]
        ranks[organisation_id] = max(ranks.get(organisation_id, UNKNOWN_STAGE), rank)
    return {cell: list(ranks.values()) for cell, ranks in furthest.items()}


def _figure(cell: Cell, ranks: Iterable[int]) -> Figure:
    ranks = list(ranks)
    count = len(ranks)
    if count < SMALLEST_SHOWN:
        return Figure(cell, None, None)
    advanced = sum(1 for rank in ranks if rank >= stage_rank(BREAKDOWN_STAGE))
    # A breakdown only when both parts are large enough: the total and one part give away the other.
    split = advanced >= SMALLEST_SHOWN and count - advanced >= SMALLEST_SHOWN
    return Figure(cell, count, advanced if split else None)


def ask_scope(identity: Identity) -> str:
    """The counter name for one officer's questions: a keyed hash of their platform ids."""
    return keyed_scope("asked:", identity)


def count_question(session: Session, officer: Officer, *, per_day: int, now: datetime) -> bool:
    """Count one question about the landscape; False once the officer has asked `per_day` today."""
    asked = add_one(session, LandscapeAsk, {"scope": ask_scope(identity_of(officer)), "day": now.date()})
    return asked <= per_day


def prune_questions(session: Session, *, today: date) -> None:
    """Drop the counts of days gone."""
    session.exec(delete(LandscapeAsk).where(col(LandscapeAsk.day) < today))


def figure_line(figure: Figure) -> str:
    """'- Leisure centres, staff mutual: 12 other councils; 7 of them are at business case or beyond'."""
    count = wording.FEWER_THAN_5 if figure.count is None else str(figure.count)
    advanced = "" if figure.advanced is None else wording.LANDSCAPE_ADVANCED.format(advanced=figure.advanced)
    return wording.LANDSCAPE_LINE.format(
        service=service_names([figure.cell.service_area]),
        model=kind_name(figure.cell.delivery_model),
        count=count,
        advanced=advanced,
    )


def kind_name(counted: str) -> str:
    """A counted kind of change, mid-sentence: 'staff mutual, trust or social enterprise' for SPUN_OUT."""
    return wording.LANDSCAPE_SPUN_OUT if counted == SPUN_OUT else in_sentence(model_name(counted))
