"""A year and month, and the arithmetic of months, financial years and yearly spans."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Timeline:
    """A target year, with the month when one is known."""

    year: int
    month: int | None

    def is_past(self, today: date) -> bool:
        """Whether this month (or, without a month, this year) is over by today."""
        if self.month is None:
            return self.year < today.year
        return (self.year, self.month) < (today.year, today.month)


def add_months(start: Timeline | date, months: int) -> Timeline:
    """The month that many months after start's (before it when negative)."""
    index = start.year * 12 + (start.month or 1) - 1 + months
    return Timeline(index // 12, index % 12 + 1)


def span(first: Timeline, length: int, *, today: date, past: bool) -> Timeline:
    """A span of months read as its first month; once that has gone, its last (unless said as past)."""
    last = add_months(first, length - 1)
    if past or not first.is_past(today) or last.is_past(today):
        return first
    return last


def occurrence(month: int, length: int, *, today: date, past: bool, current: bool) -> Timeline:
    """The first month of the yearly span starting in month that is next to come, or (past) last begun.

    With `current`, a span under way counts as next to come, and one begun this month as begun."""
    now = (today.year, today.month)
    starts = [Timeline(year, month) for year in (today.year - 1, today.year, today.year + 1)]
    if past:
        return [s for s in starts if (s.year, month) < now or (current and (s.year, month) == now)][-1]
    if current:
        return next(s for s in starts if not add_months(s, length - 1).is_past(today))
    return next(s for s in starts if (s.year, month) > now)


def valid_fy(start: int, end: str) -> bool:
    """Whether end ("28" or "2028") is the year after start, as in "2027/28"."""
    return int(end) in ((start + 1) % 100, start + 1)


def full_year(year: str) -> int:
    """2027 from "27" or "2027"."""
    return int(year) + 2000 if len(year) == 2 else int(year)


def current_fy(today: date) -> int:
    """The calendar year in which the financial year under way began."""
    return today.year if today.month >= 4 else today.year - 1


def financial_year(start: int, *, today: date, past: bool) -> Timeline:
    """The financial year from April of start, read as a span of twelve months."""
    return span(Timeline(start, 4), 12, today=today, past=past)
