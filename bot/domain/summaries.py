"""The structured, non-identifying summary of a plan: the only thing another officer ever sees."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot import wording
from matching import taxonomy

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class PlanFields:
    """The fields an officer confirms: service areas, kind of change, stage and timeline."""

    service_areas: tuple[str, ...]
    delivery_model: str | None
    stage: str | None
    timeline_year: int | None
    timeline_month: int | None


def in_sentence(name: str) -> str:
    """'Leisure centres' becomes 'leisure centres' mid-sentence; 'IT services' stays as it is."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def service_names(codes: tuple[str, ...] | list[str], *, mid_sentence: bool = False) -> str:
    """'Libraries' or 'Libraries and museums', from area codes."""
    names = [taxonomy.service_area(code).name for code in codes]
    if mid_sentence:
        names = [in_sentence(name) for name in names]
    if not names:
        return wording.NOT_KNOWN
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def model_name(code: str | None) -> str:
    """The plain name of a delivery model, or 'not known yet'."""
    return taxonomy.delivery_model(code).name if code else wording.NOT_KNOWN


def stage_name(code: str | None) -> str:
    """The plain name of a stage, or 'not known yet'."""
    return taxonomy.stage(code).name if code else wording.NOT_KNOWN


def stage_gap(own: str | None, other: str | None) -> int | None:
    """How many stages the other plan is ahead of one's own (negative: behind); None if either is unknown."""
    order = [option.code for option in taxonomy.stages()]
    if own is None or other is None or own not in order or other not in order:
        return None
    return order.index(other) - order.index(own)


def timeline_text(year: int | None, month: int | None) -> str:
    """'April 2027', '2027' or 'not known yet'."""
    if year is None:
        return wording.NOT_KNOWN
    return f"{_MONTHS[month - 1]} {year}" if month else str(year)


def summary(fields: PlanFields) -> str:
    """Four lines an officer confirms, and the only lines another officer may see."""
    return wording.SUMMARY_LINES.format(
        service=service_names(fields.service_areas),
        model=model_name(fields.delivery_model),
        stage=stage_name(fields.stage),
        timeline=timeline_text(fields.timeline_year, fields.timeline_month),
    )


def long_date(day: date) -> str:
    """'9 December 2026'."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
