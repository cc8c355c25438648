"""When a plan is due, as an officer would say it."""

from datetime import date

import pytest

from matching import Timeline, parse_timeline, understand

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
        # A day and month without a year, as officers write a transfer date.
        ("staff transfer from 1 April", Timeline(2027, 4)),
        ("the new contract starts on the 1st of October", Timeline(2027, 10)),
        ("shared service live by 1 Oct", Timeline(2027, 10)),
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


# The day the dates below were written: a Thursday in the third quarter of financial year 2026/27.
DEC = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A financial year under way means its last month: the plan has to be done by then.
        ("hoping to go live in 2026/27", Timeline(2027, 3)),
        ("We aim to have the new arrangement in place during 2026-27", Timeline(2027, 3)),
        ("go live sometime in 2026/2027", Timeline(2027, 3)),
        ("target date is fy27", Timeline(2027, 3)),
        ("FY27 for the transfer", Timeline(2027, 3)),
        ("we want the trust up and running in 26/27", Timeline(2027, 3)),
        ("needs to be done this financial year", Timeline(2027, 3)),
        ("savings are in the mtfs for FY 2027/28", Timeline(2027, 4)),
        ("budget agreed for next financial year", Timeline(2027, 4)),
        ("members want it by fy28", Timeline(2027, 4)),
        ("its in the plan for 27/28", Timeline(2027, 4)),
        ("need it done by next fy", Timeline(2027, 4)),
        ("this FY if we can", Timeline(2027, 3)),
        ("go live by the end of 2027/28", Timeline(2028, 3)),
        ("by end of 26/27", Timeline(2027, 3)),
        ("by the end of fy28", Timeline(2028, 3)),
        # Quarters with a calendar year are calendar quarters; with a financial year, financial ones.
        ("consultation starts Q3 2027", Timeline(2027, 7)),
        ("soft market testing q1 next year", Timeline(2027, 1)),
        ("staff transfer in the third quarter of 2027", Timeline(2027, 7)),
        ("our contract runs out in Q2 2028", Timeline(2028, 4)),
        ("q3 2027/28 at the earliest", Timeline(2027, 10)),
        ("Q4 of next financial year", Timeline(2028, 1)),
        ("by Q3 FY27", Timeline(2026, 12)),
        ("Q4 2026 is the deadline", Timeline(2026, 12)),
        # Seasons.
        ("go live spring 2028", Timeline(2028, 3)),
        ("aiming for next autumn", Timeline(2027, 9)),
        ("we need a decision by the summer", Timeline(2027, 6)),
        ("transfer in winter 2027/28", Timeline(2027, 12)),
        ("spring 2027/28", Timeline(2028, 3)),
        ("should be sorted this winter", Timeline(2026, 12)),
        # Contracts ending.
        ("Bringing it back in house when the contract ends in March 2028", Timeline(2028, 3)),
        ("contract expires next summer so we need to decide", Timeline(2027, 6)),
        ("looking at options when the contract is up in 2027", Timeline(2027, None)),
        # Months without a year are the next to come, "this April" included.
        ("hoping to go live this April", Timeline(2027, 4)),
        ("go-live planned for the new year", Timeline(2027, 1)),
        ("transfer in december", Timeline(2026, 12)),
        # Typos.
        ("go live Febuary 2028", Timeline(2028, 2)),
        ("target septmber 2027", Timeline(2027, 9)),
    ],
)
def test_dates_as_officers_write_them_in_december(text: str, expected: Timeline) -> None:
    assert parse_timeline(text, today=DEC) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The shared service went live in April", Timeline(2026, 4)),
        ("we launched in May", Timeline(2026, 5)),
        ("we went live in december", Timeline(2026, 12)),
        ("we transferred the service last year", Timeline(2025, None)),
        ("the service has been running as a mutual since 2024", Timeline(2024, None)),
        ("weve been a trust since april", Timeline(2026, 4)),
        ("we spun out two years ago", Timeline(2024, None)),
        ("we moved the service to a trust 18 months ago", Timeline(2025, 6)),
        ("the shared service started in september", Timeline(2026, 9)),
        ("launched last summer", Timeline(2026, 6)),
        ("the trust was set up in 2019", Timeline(2019, None)),
        ("contract started last april", Timeline(2026, 4)),
        ("went live in 2025/26", Timeline(2025, 4)),
        ("staff tuped across in october, service has been live since", Timeline(2026, 10)),
        ("we set up the LATC last april and transferred staff in july", Timeline(2026, 7)),
    ],
)
def test_what_already_happened_stays_in_the_past(text: str, expected: Timeline) -> None:
    assert parse_timeline(text, today=DEC) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hoping to go live in April", Timeline(2027, 4)),
        ("we were hoping to launch in May", Timeline(2027, 5)),
        ("it is due to be transferred in April", Timeline(2027, 4)),
        ("we havent launched in may", Timeline(2027, 5)),
        ("the review started in march and we hope to go live in june", Timeline(2027, 6)),
        ("cabinet approved the business case in october, go live april 2027", Timeline(2027, 4)),
        ("we will have merged by april", Timeline(2027, 4)),
        ("the company is to be set up in may", Timeline(2027, 5)),
    ],
)
def test_hopes_and_plans_are_not_read_as_the_past(text: str, expected: Timeline) -> None:
    assert parse_timeline(text, today=DEC) == expected


@pytest.mark.parametrize(
    "text",
    ["go live April 2026", "in 2025/26", "early 2026", "spring 2026", "Q1 2026"],
)
def test_a_date_gone_by_is_no_target(text: str) -> None:
    assert parse_timeline(text, today=DEC) is None
    assert parse_timeline(text, today=DEC, live=False) is None


def test_a_day_and_month_gone_by_said_in_the_past_tense_is_live() -> None:
    found = understand("Staff transferred to the trust on 1 October", today=TODAY).stage
    assert found is not None and found.code == "live"


def test_a_plan_not_yet_live_never_gets_a_past_date() -> None:
    text = "we started the review last year and want to go live in 2026/27"
    assert parse_timeline(text, today=DEC, live=False) == Timeline(2027, 3)
    assert parse_timeline("went live in April", today=DEC, live=False) is None


def test_a_live_plan_keeps_the_date_it_went_live() -> None:
    text = "went live in April 2025 and the contract runs to 2030"
    assert parse_timeline(text, today=DEC, live=True) == Timeline(2025, 4)
    assert parse_timeline("running since March 2021", today=DEC, live=True) == Timeline(2021, 3)
    assert parse_timeline("live, started April 2025", today=DEC, live=True) == Timeline(2025, 4)


def test_a_financial_year_not_yet_begun_means_its_april() -> None:
    assert parse_timeline("in 2026/27", today=date(2026, 2, 10)) == Timeline(2026, 4)
    assert parse_timeline("this financial year", today=date(2026, 2, 10)) == Timeline(2026, 3)
    assert parse_timeline("fy27", today=date(2026, 4, 1)) == Timeline(2026, 4)


@pytest.mark.parametrize("text", ["services for 16/17 year olds", "a 50/50 split", "open 24/7"])
def test_numbers_with_a_slash_are_not_always_financial_years(text: str) -> None:
    assert parse_timeline(text, today=DEC) is None


def test_quarters_are_calendar_quarters_unless_a_financial_year_is_named() -> None:
    # The year written says which calendar the officer was using: Q3 of 2027 is July to September,
    # Q3 of financial year 2027/28 is October to December.
    assert parse_timeline("go live Q3 2027", today=DEC) == Timeline(2027, 7)
    assert parse_timeline("go live Q3 2027/28", today=DEC) == Timeline(2027, 10)
    assert parse_timeline("go live Q3 FY28", today=DEC) == Timeline(2027, 10)
    assert parse_timeline("go live in the first quarter of next year", today=DEC) == Timeline(2027, 1)


@pytest.mark.parametrize(
    "text",
    [
        "Leisure trust: OBC to cabinet in March",
        "In-sourcing repairs, going to committee in Feb",
        "IJB paper going in Feb on care at home",
        "ADM for libraries, decision at Council in Feb",
    ],
)
def test_the_date_of_a_decision_meeting_is_not_the_plans_timeline(text: str) -> None:
    assert parse_timeline(text, today=TODAY) is None


def test_a_go_live_date_beside_a_meeting_date_is_the_timeline() -> None:
    assert parse_timeline("cabinet in Feb, go live April 2028", today=TODAY) == Timeline(2028, 4)
