"""Parse when a plan is expected to happen, or happened, from plain British English ("next April", "FY27").

How officers' dates are read (today is the date the plan was written):

- A period (a financial year, a quarter, a season named with "this") means its first month; once that
  has passed and the period is still under way, its last month, the latest the plan can still be (seen
  in December 2026, "2026/27" is March 2027). A period said in the past tense means its first month.
- Financial years run April to March: "2026/27", "2026-27", "2026/2027", "26/27", "FY 2026/27" and
  "FY27" are all April 2026 to March 2027 (FY27 is the year ending in 2027, as the public sector uses it).
- A quarter written with a calendar year ("Q3 2027", "Q1 next year", "the third quarter of 2027") is a
  calendar quarter (Q3 = July to September); written with a financial year ("Q3 2027/28", "Q3 FY28") it
  is a financial quarter (Q1 = April to June). The year says which calendar the officer was using.
- Seasons: spring from March, summer from June, autumn from September, winter from December; "winter
  2027/28" is December 2027 and "spring 2027/28" March 2028.
- A month or season without a year is the next one to come ("in May", "by the summer"), unless the words
  before it are in the past tense ("went live in April", "launched in May"): then the last one gone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from matching.date_phrases import PATTERNS, prepare
from matching.months import Timeline
from matching.tense import said_as_past

__all__ = ["Timeline", "happened", "parse_timeline"]


@dataclass(frozen=True)
class _Mention:
    timeline: Timeline
    past: bool  # the words say it has already happened
    meeting: bool = False  # the date of a decision meeting, not of the change ("cabinet in March")


# Words inside a date that settle its tense whatever comes before it ("last April", "two years ago").
_PAST_INSIDE = re.compile(r"\b(?:last|earlier|previous|ago)\b|^since\b")
_FUTURE_INSIDE = re.compile(r"^next\b")
# A date just after the name of a decision meeting is when members decide, not when the change happens:
# "OBC to cabinet in March", "going to committee in Feb", "IJB paper going in Feb".
_MEETING_BEFORE = re.compile(
    r"\b(?:cabinet|committee|full council|council meeting|decision at council|ijb|scrutiny|executive|members"
    r"|board)"
    r"(?: (?:paper|report|meeting|decision))?(?: (?:going|goes|due|is|on))?(?: (?:in|on|at|by))?$"
)


def _mentions(text: str, today: date) -> list[_Mention]:
    prepared = prepare(text)
    remaining = prepared
    found: list[_Mention] = []
    for pattern, handler in PATTERNS:
        for m in list(pattern.finditer(remaining)):
            words = m.group(0).strip()
            past = not _FUTURE_INSIDE.search(words) and (
                bool(_PAST_INSIDE.search(words)) or said_as_past(prepared[: m.start()])
            )
            timeline = handler(m, today, past)
            if timeline is not None and 1990 <= timeline.year <= 2100:
                meeting = bool(_MEETING_BEFORE.search(prepared[: m.start()].rstrip()))
                found.append(_Mention(timeline, past, meeting))
        remaining = pattern.sub(lambda m: " " * len(m.group(0)), remaining)
    return found


def _latest(timelines: list[Timeline]) -> Timeline | None:
    return max(timelines, key=lambda t: (t.year, t.month or 0)) if timelines else None


def parse_timeline(text: str, *, today: date, live: bool | None = None) -> Timeline | None:
    """Return the latest date in text that fits the plan, or None when it mentions none that does.

    A plan not yet live (`live=False`) never gets a date in the past. A live plan gets the date it went
    live when the text gives one in the past tense. Without `live`, the words decide: a date said in the
    past tense ("went live in April", "since 2024") stands, and any other date already gone is dropped."""
    mentions = [m for m in _mentions(text, today) if not m.meeting]
    if live:
        return _latest([m.timeline for m in mentions if m.past]) or _latest([m.timeline for m in mentions])
    return _latest(
        [m.timeline for m in mentions if not m.timeline.is_past(today) or (live is None and m.past)]
    )


def happened(text: str, *, today: date) -> bool:
    """Whether the text gives a date, already gone, on which something was done ("transferred in 2019",
    "since 2015", "in-sourced last year"): the change it describes is most likely live."""
    return any(m.past and m.timeline.is_past(today) and not m.meeting for m in _mentions(text, today))
