"""Each way officers write a date, as a regular expression and the month it names."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from matching.months import (
    Timeline,
    add_months,
    current_fy,
    financial_year,
    full_year,
    occurrence,
    span,
    valid_fy,
)

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    # Misspellings seen in officers' messages.
    "januray": 1, "febuary": 2, "feburary": 2, "apirl": 4, "aprill": 4, "agust": 8, "augest": 8,
    "septmber": 9, "setpember": 9, "ocotber": 10, "novmber": 11, "decmber": 12,
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
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}

_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_SEASON = r"(?P<season>spring|summer|autumn|winter|fall)"
_PART = r"(?:the\s+)?(?P<part>early|start of|beginning of|mid|middle of|late|end of)"
_YEAR = r"(?P<year>20\d{2})"
_YEAR_WORDS = r"(?P<year>20\d{2}|next year|this year|last year)"
_NUM = r"(?P<num>\d{1,2}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + ")"
_FY_END = r"(?P<end>\d{2}|20\d{2})"
_QUARTER = r"(?:q(?P<q>[1-4])|(?:the\s+)?(?P<nth>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter)"

# A handler reads one match, given today and whether the words around it put it in the past.
Handler = Callable[[re.Match[str], date, bool], "Timeline | None"]


def _year_word(word: str, today: date) -> int:
    relative = {"next year": today.year + 1, "this year": today.year, "last year": today.year - 1}
    return relative.get(word) or int(word)


def _iso(m: re.Match[str], today: date, past: bool) -> Timeline | None:
    month = int(m["mm"])
    return Timeline(int(m["year"]), month) if 1 <= month <= 12 else None


def _uk_date(m: re.Match[str], today: date, past: bool) -> Timeline | None:
    month = int(m["mm"])
    return Timeline(full_year(m["yy"]), month) if 1 <= month <= 12 else None


def _quarter_number(m: re.Match[str]) -> int:
    return int(m["q"]) if m["q"] else _ORDINALS[m["nth"]]


def _calendar_quarter(m: re.Match[str], today: date, past: bool) -> Timeline | None:
    first = Timeline(_year_word(m["year"], today), 3 * _quarter_number(m) - 2)
    return span(first, 3, today=today, past=past)


def _financial_quarter(m: re.Match[str], today: date, past: bool) -> Timeline | None:
    """A quarter of a financial year given by its start and end ("2027/28") or its end alone ("FY28")."""
    if m["which"]:
        start = current_fy(today) + (1 if m["which"] == "next" else 0)
    elif m["year"]:
        start = full_year(m["year"])
        if not valid_fy(start, m["end"]):
            return None
    else:
        start = full_year(m["end"]) - 1
    return span(add_months(Timeline(start, 4), 3 * (_quarter_number(m) - 1)), 3, today=today, past=past)


def _financial_year(m: re.Match[str], today: date, past: bool) -> Timeline | None:
    start = full_year(m["year"])
    return financial_year(start, today=today, past=past) if valid_fy(start, m["end"]) else None


def _financial_year_ending(m: re.Match[str], today: date, past: bool) -> Timeline | None:
    return financial_year(full_year(m["end"]) - 1, today=today, past=past)


def _two_digit_financial_year(m: re.Match[str], today: date, past: bool) -> Timeline | None:
    start = int(m["year"])
    # "24/7" and "50/50" are not years; only consecutive two-digit years near now are.
    if not valid_fy(start, m["end"]) or abs(2000 + start - today.year) > 15:
        return None
    return financial_year(2000 + start, today=today, past=past)


def _end_of_financial_year(m: re.Match[str], today: date, past: bool) -> Timeline | None:
    """March of the financial year given by its start and end ("2027/28") or its end alone ("FY28")."""
    if m["year"]:
        start = full_year(m["year"])
        return Timeline(start + 1, 3) if valid_fy(start, m["end"]) else None
    return Timeline(full_year(m["end"]), 3)


def _named_financial_year(m: re.Match[str], today: date, past: bool) -> Timeline | None:
    shift = {"next": 1, "last": -1, "previous": -1}.get(m["which"], 0)
    return financial_year(current_fy(today) + shift, today=today, past=past or shift < 0)


def _financial_year_end(m: re.Match[str], today: date, past: bool) -> Timeline | None:
    return Timeline(current_fy(today) + (2 if m["which"] == "next" else 1), 3)


def _month_year(m: re.Match[str], today: date, past: bool) -> Timeline | None:
    return Timeline(_year_word(m["year"], today), _MONTHS[m["month"]])


def _season_year(m: re.Match[str], today: date, past: bool) -> Timeline | None:
    year, month = _year_word(m["year"], today), _SEASONS[m["season"]]
    if m["end"]:  # "winter 2027/28": the season that falls in that span, spring in its second year
        if not valid_fy(year, m["end"]):
            return None
        year += 1 if month == 3 else 0
    return Timeline(year, month)


def _relative_month(m: re.Match[str], today: date, past: bool) -> Timeline | None:
    month, which = _MONTHS[m["month"]], m["which"]
    if which == "last":
        return occurrence(month, 1, today=today, past=True, current=False)
    if which == "this":
        return occurrence(month, 1, today=today, past=past, current=True)
    return occurrence(month, 1, today=today, past=False, current=False)


def _relative_season(m: re.Match[str], today: date, past: bool) -> Timeline | None:
    month, which = _SEASONS[m["season"]], m["which"]
    if which == "last":
        return occurrence(month, 3, today=today, past=True, current=False)
    if which == "this":
        return span(occurrence(month, 3, today=today, past=past, current=True), 3, today=today, past=past)
    if which == "next":
        return occurrence(month, 3, today=today, past=False, current=False)
    # "by the summer", "in the spring": the next to come, or the last gone when said as past
    return occurrence(month, 3, today=today, past=past, current=past)


def _part_year(m: re.Match[str], today: date, past: bool) -> Timeline | None:
    return Timeline(_year_word(m["year"], today), _PART_OF_YEAR[m["part"]])


def _end_of_year(m: re.Match[str], today: date, past: bool) -> Timeline | None:
    return Timeline(today.year, 12)


def _amount(m: re.Match[str]) -> int:
    return int(m["num"]) if m["num"].isdigit() else _NUMBERS[m["num"]]


def _in_period(m: re.Match[str], today: date, past: bool) -> Timeline | None:
    amount, unit = _amount(m), m["unit"]
    if unit.startswith("week"):
        later = today + timedelta(weeks=amount)
        return Timeline(later.year, later.month)
    return add_months(today, amount * 12 if unit.startswith("year") else amount)


def _period_ago(m: re.Match[str], today: date, past: bool) -> Timeline | None:
    amount, unit = _amount(m), m["unit"]
    if unit.startswith("week"):
        earlier = today - timedelta(weeks=amount)
        return Timeline(earlier.year, earlier.month)
    if unit.startswith("year"):  # "two years ago" is rough: the year, not the month
        return Timeline(today.year - amount, None)
    return add_months(today, -amount)


def _relative_word(m: re.Match[str], today: date, past: bool) -> Timeline | None:
    phrase = m["rel"]
    if phrase == "next month":
        return add_months(today, 1)
    if phrase == "last month":
        return add_months(today, -1)
    if phrase == "this month":
        return Timeline(today.year, today.month)
    if phrase == "the new year":
        return Timeline(today.year + 1 if today.month >= 9 else today.year, 1)
    return Timeline(_year_word(phrase.removeprefix("earlier "), today), None)


def _bare_month(m: re.Match[str], today: date, past: bool) -> Timeline | None:
    return occurrence(_MONTHS[m["month"]], 1, today=today, past=past, current=True)


def _bare_year(m: re.Match[str], today: date, past: bool) -> Timeline | None:
    return Timeline(int(m["year"]), None)


# A quarter of a financial year: "Q3 2027/28", "Q3 27/28", "2027/28 Q3", "FY28 Q3", "Q3 FY28" and "Q4 of
# next financial year". Empty groups keep the names the handler reads.
_OF = r"\s*(?:of\s+)?(?:the\s+)?"
_FY_QUARTERS = (
    r"\b" + _QUARTER + _OF + r"(?:fy\s*|financial year\s*)?(?P<year>20\d{2}|\d{2})\s*[/-]\s*" + _FY_END
    + r"\b(?P<which>)",
    r"\b(?P<year>20\d{2})\s*[/-]\s*" + _FY_END + r"\s+q(?P<q>[1-4])\b(?P<nth>)(?P<which>)",
    r"\bfy\s*" + _FY_END + r"\s+q(?P<q>[1-4])\b(?P<nth>)(?P<year>)(?P<which>)",
    r"\b" + _QUARTER + _OF + r"fy\s*" + _FY_END + r"\b(?!\s*[/-]\s*\d)(?P<year>)(?P<which>)",
    r"\b" + _QUARTER + _OF + r"(?P<which>next|this|current) financial year\b(?P<year>)(?P<end>)",
)  # fmt: skip
_MONTH_YEAR = (
    r"\b(?:" + _PART + r"[\s-]+)?" + _MONTH + r"\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?(?:of\s+)?" + _YEAR_WORDS
    + r"\b"
)  # fmt: skip
_SEASON_YEAR = (
    r"\b(?:(?:early|mid|late)[\s-]+)?" + _SEASON + r"\s+(?:of\s+)?" + _YEAR_WORDS + r"(?:\s*/\s*" + _FY_END
    + r")?\b"
)  # fmt: skip
# "26/27", but not "24/7", "1/4/27" or "16/17 year olds".
_TWO_DIGIT_FY = (
    r"(?<![\d/.])\b(?P<year>\d{2})\s*/\s*(?P<end>\d{2})\b(?![/.]?\d)(?!\s*(?:-\s*)?(?:years?|yrs?)[\s-]*old)"
)
_FY_WORDS = r"(?:financial year|fy)"
_FY_END_WORDS = (
    r"\b(?:(?:the\s+)?end of (?:the\s+)?(?P<which>this|current|next)?\s*" + _FY_WORDS
    + r"|(?:financial\s+)?year[\s-]end)\b(?!\s*\d)"
)  # fmt: skip
# "the end of 2027/28", "end of 27/28", "end of FY28".
_END_OF_FYS = (
    r"\bend of\s+(?:the\s+)?(?:financial year\s*|fy\s*)?(?P<year>20\d{2}|\d{2})\s*[/-]\s*" + _FY_END + r"\b",
    r"\bend of\s+(?:the\s+)?fy\s*" + _FY_END + r"\b(?!\s*[/-]\s*\d)(?P<year>)",
)
_SEASON_WORDS = (
    r"\b(?P<which>this|next|last|the|by|in|over|during|until|before|from|around|since)\s+(?:the\s+)?"
    + _SEASON
    + r"\b"
)
_IN_PERIOD = (
    r"\b(?:(?:in|within|after|about|around)\s+(?:the\s+next\s+|another\s+|roughly\s+|about\s+)?"
    r"|over\s+the\s+next\s+)" + _NUM + r"\s+(?P<unit>months?|weeks?|years?)\b"
)
_RELATIVE_WORDS = (
    r"\b(?P<rel>next month|this month|last month|next year|this year|last year|earlier this year"
    r"|the new year)\b"
)
# A month after a preposition, with or without a day: "from April", "by 1 Oct", "on the 1st of April".
_DAY = r"(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?)"
_BARE_MONTH = (
    r"\b(?:(?:in|by|from|until|till|before|after|around|for|during|end of|start of|beginning of|since"
    r"|early|mid|late)\s+(?:the\s+)?" + _DAY + r"?|on\s+(?:the\s+)?" + _DAY + r")"
    + r"(?:(?:early|mid|late|end of)\s+)?" + _MONTH + r"\b"
)  # fmt: skip
_BARE_YEAR = (
    r"(?<!act )(?<!act of )(?<![£$€])\b" + _YEAR + r"\b(?!\s*(?:k|m|bn)?\s*(?:staff|homes|people|pounds))"
)

# In order: the words a pattern matches are blanked before the later patterns look, so "Q3 2027/28" is one
# financial quarter, not a quarter of 2027 and then a financial year.
PATTERNS: tuple[tuple[re.Pattern[str], Handler], ...] = tuple(
    (re.compile(pattern), handler)
    for pattern, handler in (
        (r"\b" + _YEAR + r"-(?P<mm>\d{1,2})-\d{1,2}\b", _iso),
        (r"\b\d{1,2}[/.](?P<mm>\d{1,2})[/.](?P<yy>20\d{2}|\d{2})\b", _uk_date),
        *((pattern, _financial_quarter) for pattern in _FY_QUARTERS),
        (r"\b" + _QUARTER + _OF + _YEAR_WORDS + r"\b", _calendar_quarter),
        (r"\b" + _YEAR + r"\s*[/-]?\s*q(?P<q>[1-4])\b(?P<nth>)", _calendar_quarter),
        *((pattern, _end_of_financial_year) for pattern in _END_OF_FYS),
        (_MONTH_YEAR, _month_year),
        (_SEASON_YEAR, _season_year),
        (r"\b(?:fy\s*)?" + _YEAR + r"\s*[/-]\s*" + _FY_END + r"\b", _financial_year),
        (r"\bfy\s*(?P<year>\d{2})\s*[/-]\s*" + _FY_END + r"\b", _financial_year),
        (r"\bfy\s*" + _FY_END + r"\b(?!\s*[/-]\s*\d)", _financial_year_ending),
        (_TWO_DIGIT_FY, _two_digit_financial_year),
        (_FY_END_WORDS, _financial_year_end),
        (
            r"\b(?:the\s+)?(?P<which>next|this|current|last|previous) " + _FY_WORDS + r"\b",
            _named_financial_year,
        ),
        (r"\b(?P<which>next|this|last)\s+" + _MONTH + r"\b", _relative_month),
        (_SEASON_WORDS, _relative_season),
        (r"\b" + _PART + r"[\s-]+(?:of\s+)?" + _YEAR_WORDS + r"\b", _part_year),
        (r"\b(?:the\s+)?end of (?:the|this) (?:calendar )?year\b", _end_of_year),
        (_IN_PERIOD, _in_period),
        (r"\b" + _NUM + r"\s+(?P<unit>months?|weeks?|years?)\s+(?:from now|time)\b", _in_period),
        (r"\b" + _NUM + r"\s+(?P<unit>months?|weeks?|years?)\s+ago\b", _period_ago),
        (_RELATIVE_WORDS, _relative_word),
        (_BARE_MONTH, _bare_month),
        (_BARE_YEAR, _bare_year),
    )
)


def prepare(text: str) -> str:
    """Lower-case text with apostrophes gone and anything but words, dates and money signs a space."""
    text = re.sub(r"['\u2018\u2019`]", "", text.lower())
    return re.sub(r"[^\w/\-.£$€]+", " ", text).replace("_", " ")
