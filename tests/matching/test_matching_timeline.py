"""When a plan is due, as an officer would say it."""

from datetime import date

import pytest

from matching import Timeline, parse_timeline

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hoping to go live next April", Timeline(2027, 4)),
        ("go-live April 2027", Timeline(2027, 4)),
        ("from 1 April 2027", Timeline(2027, 4)),
        ("in 2027/28", Timeline(2027, 4)),
        ("during 2027-28", Timeline(2027, 4)),
        ("FY 27/28", Timeline(2027, 4)),
        ("by the autumn", Timeline(2027, 9)),
        ("in six months", Timeline(2027, 5)),
        ("in 6 months", Timeline(2027, 5)),
        ("within 18 months", Timeline(2028, 5)),
        ("in a couple of months", Timeline(2027, 1)),
        ("Q3 2027", Timeline(2027, 7)),
        ("Q3 2027/28", Timeline(2027, 10)),
        ("spring 2028", Timeline(2028, 3)),
        ("next year", Timeline(2027, None)),
        ("early 2027", Timeline(2027, 2)),
        ("mid-2027", Timeline(2027, 6)),
        ("by the end of 2027", Timeline(2027, 12)),
        ("early next year", Timeline(2027, 2)),
        ("March next year", Timeline(2027, 3)),
        ("in May", Timeline(2027, 5)),
        ("next financial year", Timeline(2027, 4)),
        ("by the end of the financial year", Timeline(2027, 3)),
        ("sometime in 2028", Timeline(2028, None)),
        ("01/04/2027", Timeline(2027, 4)),
    ],
)
def test_officer_phrasings(text: str, expected: Timeline) -> None:
    assert parse_timeline(text, today=TODAY) == expected


def test_autumn_this_year_when_still_ahead() -> None:
    assert parse_timeline("by the autumn", today=date(2026, 6, 1)) == Timeline(2026, 9)


def test_next_april_early_in_the_year_is_this_april() -> None:
    assert parse_timeline("next April", today=date(2027, 1, 10)) == Timeline(2027, 4)


def test_the_target_date_is_the_latest_one_mentioned() -> None:
    text = "business case by March, then go live in April 2028"
    assert parse_timeline(text, today=TODAY) == Timeline(2028, 4)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "We may outsource our bins",
        "24/7 service",
        "the Localism Act 2011",
        "£2027 of savings",
        "🙂",
    ],
)
def test_no_timeline_words_means_none(text: str) -> None:
    assert parse_timeline(text, today=TODAY) is None
