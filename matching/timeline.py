"""Parse when a plan is expected to happen from plain British English ("next April", "2027/28", "Q3 2027")."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Timeline:
    """A target year, with the month when one is known."""

    year: int
    month: int | None


_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_PART_OF_YEAR = {
    "early": 2, "start of": 1, "beginning of": 1, "mid": 6, "middle of": 6, "late": 11, "end of": 12,
}  # fmt: skip
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty four": 24, "couple of": 2,
    "a couple of": 2, "few": 3, "a few": 3,
}  # fmt: skip

_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_SEASON = r"(?P<season>spring|summer|autumn|winter|fall)"
_PART = r"(?:the\s+)?(?P<part>early|start of|beginning of|mid|middle of|late|end of)"
_YEAR = r"(?P<year>20\d{2})"
_NUM = r"(?P<num>\d{1,2}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + ")"
_FY_END = r"(?P<end>\d{2}|20\d{2})"

Handler = Callable[[re.Match[str], date], "Timeline | None"]


def _add_months(today: date, months: int) -> Timeline:
    index = today.year * 12 + today.month - 1 + months
    return Timeline(index // 12, index % 12 + 1)


def _upcoming(month: int, today: date, *, include_current: bool) -> Timeline:
    ahead = month > today.month or (include_current and month == today.month)
    return Timeline(today.year if ahead else today.year + 1, month)


def _valid_fy(start: int, end: str) -> bool:
    return int(end) in ((start + 1) % 100, start + 1)


def _year_word(word: str, today: date) -> int:
    return {"next year": today.year + 1, "this year": today.year}.get(word) or int(word)


def _part_month(part: str | None, default: int) -> int:
    return _PART_OF_YEAR.get(part, default) if part else default


def _iso(m: re.Match[str], today: date) -> Timeline | None:
    month = int(m["mm"])
    return Timeline(int(m["year"]), month) if 1 <= month <= 12 else None


def _uk_date(m: re.Match[str], today: date) -> Timeline | None:
    month, year = int(m["mm"]), int(m["yy"])
    return Timeline(year + 2000 if year < 100 else year, month) if 1 <= month <= 12 else None


def _quarter(m: re.Match[str], today: date) -> Timeline | None:
    quarter, year = int(m["q"]), int(m["year"])
    if m["end"] and _valid_fy(year, m["end"]):  # UK financial quarters: Q1 starts in April
        return _add_months(date(year, 4, 1), 3 * (quarter - 1))
    return Timeline(year, 3 * quarter - 2)


def _financial_year(m: re.Match[str], today: date) -> Timeline | None:
    year = int(m["year"])
    if year < 100:
        year += 2000
    return Timeline(year, 4) if _valid_fy(year, m["end"]) else None


def _next_financial_year(m: re.Match[str], today: date) -> Timeline | None:
    return Timeline(today.year if today.month < 4 else today.year + 1, 4)


def _financial_year_end(m: re.Match[str], today: date) -> Timeline | None:
    return Timeline(today.year if today.month <= 3 else today.year + 1, 3)


def _month_year(m: re.Match[str], today: date) -> Timeline | None:
    return Timeline(_year_word(m["year"], today), _MONTHS[m["month"]])


def _season_year(m: re.Match[str], today: date) -> Timeline | None:
    return Timeline(_year_word(m["year"], today), _SEASONS[m["season"]])


def _relative_month(m: re.Match[str], today: date) -> Timeline | None:
    month = _MONTHS[m["month"]]
    if m["which"] == "this":
        return Timeline(today.year, month)
    if m["which"] == "last":
        return Timeline(today.year if month < today.month else today.year - 1, month)
    return _upcoming(month, today, include_current=False)


def _relative_season(m: re.Match[str], today: date) -> Timeline | None:
    month = _SEASONS[m["season"]]
    if m["which"] == "this":
        return Timeline(today.year - 1 if month == 12 and today.month <= 2 else today.year, month)
    return _upcoming(month, today, include_current=False)


def _part_year(m: re.Match[str], today: date) -> Timeline | None:
    return Timeline(_year_word(m["year"], today), _part_month(m["part"], 6))


def _end_of_year(m: re.Match[str], today: date) -> Timeline | None:
    return Timeline(today.year, 12)


def _in_period(m: re.Match[str], today: date) -> Timeline | None:
    amount = int(m["num"]) if m["num"].isdigit() else _NUMBERS[m["num"]]
    unit = m["unit"]
    if unit.startswith("week"):
        later = today + timedelta(weeks=amount)
        return Timeline(later.year, later.month)
    return _add_months(today, amount * 12 if unit.startswith("year") else amount)


def _relative_word(m: re.Match[str], today: date) -> Timeline | None:
    phrase = m["rel"]
    if phrase == "next month":
        return _add_months(today, 1)
    if phrase == "this month":
        return Timeline(today.year, today.month)
    if phrase == "next year":
        return Timeline(today.year + 1, None)
    return Timeline(today.year, None)


def _bare_month(m: re.Match[str], today: date) -> Timeline | None:
    return _upcoming(_MONTHS[m["month"]], today, include_current=True)


def _bare_year(m: re.Match[str], today: date) -> Timeline | None:
    return Timeline(int(m["year"]), None)


_PATTERNS: tuple[tuple[re.Pattern[str], Handler], ...] = tuple(
    (re.compile(pattern), handler)
    for pattern, handler in (
        (r"\b" + _YEAR + r"-(?P<mm>\d{1,2})-\d{1,2}\b", _iso),
        (r"\b\d{1,2}[/.](?P<mm>\d{1,2})[/.](?P<yy>20\d{2}|\d{2})\b", _uk_date),
        (r"\bq(?P<q>[1-4])\s*(?:of\s+)?(?:fy\s*)?" + _YEAR + r"(?:\s*[/-]\s*" + _FY_END + r")?\b", _quarter),
        (r"\b" + _YEAR + r"\s*[/-]?\s*q(?P<q>[1-4])\b(?P<end>)", _quarter),
        (
            r"\b(?:" + _PART + r"[\s-]+)?" + _MONTH + r"\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?(?:of\s+)?"
            r"(?P<year>20\d{2}|next year|this year)\b",
            _month_year,
        ),
        (
            r"\b(?:(?:early|mid|late)[\s-]+)?"
            + _SEASON
            + r"\s+(?:of\s+)?(?P<year>20\d{2}|next year|this year)\b",
            _season_year,
        ),
        (r"\b(?:fy\s*)?" + _YEAR + r"\s*[/-]\s*" + _FY_END + r"\b", _financial_year),
        (r"\bfy\s*(?P<year>\d{2})\s*[/-]\s*" + _FY_END + r"\b", _financial_year),
        (r"\b(?:the\s+)?next financial year\b", _next_financial_year),
        (r"\b(?:the\s+)?(?:end of the financial year|financial year end|year end)\b", _financial_year_end),
        (r"\b(?P<which>next|this|last)\s+" + _MONTH + r"\b", _relative_month),
        (
            r"\b(?P<which>this|next|the|by|in|over|during|until|before|from|around)\s+(?:the\s+)?"
            + _SEASON
            + r"\b",
            _relative_season,
        ),
        (r"\b" + _PART + r"[\s-]+(?:of\s+)?(?P<year>20\d{2}|next year|this year)\b", _part_year),
        (r"\b(?:the\s+)?end of (?:the|this) (?:calendar )?year\b", _end_of_year),
        (
            r"\b(?:(?:in|within|after|about|around)\s+(?:the\s+next\s+|another\s+|roughly\s+|about\s+)?"
            r"|over\s+the\s+next\s+)" + _NUM + r"\s+(?P<unit>months?|weeks?|years?)\b",
            _in_period,
        ),
        (r"\b" + _NUM + r"\s+(?P<unit>months?|weeks?|years?)\s+(?:from now|time)\b", _in_period),
        (r"\b(?P<rel>next month|this month|next year|this year)\b", _relative_word),
        (
            r"\b(?:in|by|from|until|till|before|after|around|for|during|end of|start of|beginning of"
            r"|early|mid|late)\s+(?:the\s+)?(?:(?:early|mid|late|end of)\s+)?" + _MONTH + r"\b",
            _bare_month,
        ),
        (
            r"(?<!act )(?<!act of )(?<![£$€])\b"
            + _YEAR
            + r"\b(?!\s*(?:k|m|bn)?\s*(?:staff|homes|people|pounds))",
            _bare_year,
        ),
    )
)


def _prepare(text: str) -> str:
    text = re.sub(r"['\u2018\u2019`]", "", text.lower())
    return re.sub(r"[^\w/\-.£$€]+", " ", text).replace("_", " ")


def parse_timeline(text: str, *, today: date) -> Timeline | None:
    """Return the latest target date mentioned in text, or None when it mentions no time."""
    remaining = _prepare(text)
    found: list[Timeline] = []
    for pattern, handler in _PATTERNS:
        for m in list(pattern.finditer(remaining)):
            timeline = handler(m, today)
            if timeline is not None:
                found.append(timeline)
        remaining = pattern.sub(lambda m: " " * len(m.group(0)), remaining)
    found = [t for t in found if 1990 <= t.year <= 2100]
    if not found:
        return None
    return max(found, key=lambda t: (t.year, t.month or 0))
