"""The landscape through the real core: councils counted, never the asker's own, never below 5, from a
daily snapshot that one officer's own plans cannot change."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot import wording
from bot.admin.stats import stats_text
from bot.clock import ManualClock
from bot.domain.landscape import SMALLEST_SHOWN
from bot.domain.workspaces import WorkspaceRef
from bot.messages import Message
from tests.conftest import DeskFactory
from tests.support import Desk, at_once

COUNCILS = (
    "camden", "hackney", "leeds", "bristol", "kent", "cardiff",
    "manchester", "birmingham", "liverpool", "sheffield", "york", "oxford",
)  # fmt: skip
MUTUAL = "We are thinking of spinning our leisure centres out into a staff mutual"
AT_BUSINESS_CASE = MUTUAL + ", and we are writing the business case"
ASK = "How many other councils are moving leisure centres to a staff mutual?"
ASKER = "asker@oxford.gov.uk"
SIX_SPUN_OUT = "Leisure centres and sport, staff mutual, trust or social enterprise: 6 other councils"


def officer(council: str, name: str = "officer") -> str:
    return f"{name}@{council}.gov.uk"


def plans_from(desk: Desk, councils: tuple[str, ...], words: str = MUTUAL) -> None:
    for council in councils:
        desk.open(officer(council))
        desk.describe_and_confirm(officer(council), words)


def answer(messages: list[Message]) -> str:
    """The landscape answer among an officer's replies."""
    found = [m.text for m in messages if m.text.startswith(wording.LANDSCAPE_HEADER_ASKED[:30])]
    assert found, [m.text for m in messages]
    return found[-1]


def numbers_in(text: str) -> list[int]:
    """Every number an answer shows, but the day it was counted on."""
    return [int(n) for n in re.findall(r"\d+", re.sub(r"\d+ \w+ \d{4}", "", text))]


def test_six_other_councils_are_counted_for_a_seventh(desk: Desk) -> None:
    plans_from(desk, COUNCILS[:6])
    desk.open(ASKER)
    shown = answer(desk.say(ASKER, ASK))
    assert SIX_SPUN_OUT in shown
    assert "never your own council" in shown


def test_mutuals_trusts_and_social_enterprises_are_counted_together_each_council_once(desk: Desk) -> None:
    # Six councils weigh different ways out for their leisure centres; the matcher calls them comparable,
    # and so does the count. Camden has two such plans and counts once; Kent's contract is another kind.
    ways_out = {
        "camden": "We plan to move our leisure centres into a staff mutual next year",
        "hackney": "Hackney is spinning out its leisure service as a community interest company",
        "leeds": "Our sports centres and pools are transferring to a charitable trust",
        "bristol": "We're setting up a leisure trust for our sports centres by 2028",
        "cardiff": "Outsourcing our leisure centre management to a social enterprise is under discussion",
        "kent": "We are contracting out our leisure centres to a private operator",
    }
    for council, words in ways_out.items():
        desk.open(officer(council))
        desk.describe_and_confirm(officer(council), words)
    desk.describe_and_confirm(officer("camden"), "Our gyms and swimming pools may go to a charitable trust")
    desk.open(ASKER)
    shown = answer(desk.say(ASKER, "Which other councils are looking at leisure mutuals?"))
    assert "Leisure centres and sport, staff mutual, trust or social enterprise: 5 other councils" in shown


def test_a_kind_of_change_with_no_service_named_is_counted_per_service(desk: Desk) -> None:
    plans_from(desk, COUNCILS[:6])
    plans_from(desk, COUNCILS[6:8], "We're bringing our housing repairs back in house when the contract ends")
    desk.open(ASKER)
    spinning = answer(desk.say(ASKER, "How many other councils are spinning out services?"))
    assert SIX_SPUN_OUT in spinning
    insourcing = desk.say(ASKER, "Is anyone else bringing repairs back in house?")[0].text
    assert insourcing.startswith("Fewer than 5 other councils have a confirmed plan of this kind")
    assert not [n for n in numbers_in(insourcing) if n < SMALLEST_SHOWN]


def test_two_councils_are_fewer_than_five(desk: Desk) -> None:
    plans_from(desk, COUNCILS[:2])
    desk.open(ASKER)
    shown = answer(desk.say(ASKER, ASK))
    assert "fewer than 5 other councils" in shown
    assert all(n >= 5 for n in numbers_in(shown))


def test_officers_are_not_councils_and_the_own_council_never_counts(desk: Desk) -> None:
    plans_from(desk, COUNCILS[:4])
    for name in ("second", "third"):  # more officers of the same councils add nothing
        for council in COUNCILS[:4]:
            desk.open(officer(council, name))
            desk.describe_and_confirm(officer(council, name), MUTUAL)
    colleague = officer("oxford", "colleague")
    desk.open(colleague)
    desk.describe_and_confirm(colleague, MUTUAL)  # the asker's own council: never counted
    desk.open(ASKER)
    assert "fewer than 5 other councils" in answer(desk.say(ASKER, ASK))


def test_own_plans_never_change_the_figure(desk: Desk, clock: ManualClock) -> None:
    plans_from(desk, COUNCILS[:6])
    desk.open(ASKER)
    before = answer(desk.say(ASKER, ASK))
    desk.describe_and_confirm(ASKER, MUTUAL)
    assert answer(desk.say(ASKER, ASK)) == before
    desk.say(ASKER, "withdraw 1")
    desk.say(ASKER, "yes")
    clock.advance(timedelta(days=1))
    after = answer(desk.say(ASKER, ASK))
    assert after.split("\n")[1:] == before.split("\n")[1:]  # the same figure, counted a day later


def test_others_changes_show_only_at_the_next_days_count(desk: Desk, clock: ManualClock) -> None:
    plans_from(desk, COUNCILS[:5])
    desk.open(ASKER)
    assert ": 5 other councils" in answer(desk.say(ASKER, ASK))
    plans_from(desk, COUNCILS[5:6])
    assert ": 5 other councils" in answer(desk.say(ASKER, ASK))  # same day, same snapshot
    clock.advance(timedelta(days=1))
    assert ": 6 other councils" in answer(desk.say(ASKER, ASK))


def test_a_breakdown_only_when_every_part_is_five_or_more(desk: Desk, clock: ManualClock) -> None:
    plans_from(desk, COUNCILS[:5], AT_BUSINESS_CASE)
    plans_from(desk, COUNCILS[5:9])
    desk.open(ASKER)
    shown = answer(desk.say(ASKER, ASK))
    assert ": 9 other councils" in shown and "business case or beyond" not in shown  # 4 would follow
    plans_from(desk, COUNCILS[9:10])
    clock.advance(timedelta(days=1))
    shown = answer(desk.say(ASKER, ASK))
    assert ": 10 other councils; 5 of them are at business case or beyond" in shown


def test_unverified_officers_are_not_counted(desk: Desk) -> None:
    for number in range(6):
        unknown = f"officer{number}@example{number}.org.uk"
        desk.open(unknown)
        desk.say(unknown, MUTUAL)
        desk.say(unknown, f"Example Council {number}")
    desk.open(ASKER)
    assert "fewer than 5 other councils" in answer(desk.say(ASKER, ASK))


def test_an_unverified_officer_is_told_why_and_given_no_figure(desk: Desk) -> None:
    plans_from(desk, COUNCILS[:6])
    unknown = "someone@example.org.uk"
    desk.open(unknown)
    desk.say(unknown, "Is anyone else spinning out leisure centres?")  # asked before saying who they are
    desk.say(unknown, "Manchester City Council")
    desk.choose(unknown, "Manchester City Council")
    replies = desk.say(unknown, ASK)
    assert replies[0].text == wording.LANDSCAPE_UNVERIFIED
    assert not any(re.search(r"\d", m.text) for m in replies)


def test_the_button_after_saving_answers_for_that_plan(desk: Desk) -> None:
    plans_from(desk, COUNCILS[:5])
    desk.open(ASKER)
    desk.say(ASKER, "We are outsourcing our libraries to a private provider")
    saved = desk.choose(ASKER, "Looks right")
    assert saved[-1].text == wording.FOUND_NONE_YET
    assert [b.label for b in saved[-1].buttons] == [wording.LANDSCAPE_BUTTON]
    shown = desk.choose(ASKER, wording.LANDSCAPE_BUTTON)[0].text
    assert shown.startswith(wording.LANDSCAPE_HEADER[:30])
    assert "Libraries, outsourcing to a private provider: fewer than 5 other councils" in shown


def test_asking_without_naming_anything(desk: Desk) -> None:
    plans_from(desk, COUNCILS[:6])
    desk.open(ASKER)
    assert desk.say(ASKER, "how many others")[0].text == wording.LANDSCAPE_WHAT_TO_ASK
    desk.describe_and_confirm(ASKER, MUTUAL)
    mine = desk.say(ASKER, "how many others?")[0].text
    assert SIX_SPUN_OUT in mine
    service_only = desk.say(ASKER, "how many other councils are looking at parks?")[0].text
    assert service_only.startswith(wording.LANDSCAPE_NONE_FOR_SERVICE[:20])


def test_asking_while_writing_a_plan_counts_for_that_plan_and_keeps_the_draft(desk: Desk) -> None:
    plans_from(desk, COUNCILS[:6])
    desk.open(ASKER)
    drafted = desk.say(ASKER, MUTUAL)
    assert "Looks right" in [b.label for b in drafted[-1].buttons]
    replies = desk.say(ASKER, "how many others")
    assert replies[0].text.startswith(wording.LANDSCAPE_HEADER[:30])
    assert SIX_SPUN_OUT in replies[0].text
    assert "Looks right" in [b.label for b in replies[-1].buttons]  # the draft is asked about again
    assert desk.choose(ASKER, "Looks right")[0].text.startswith("Saved as plan 1")


def test_asking_is_limited_each_day_even_after_erasure(make_desk: DeskFactory, clock: ManualClock) -> None:
    desk = make_desk(landscape_questions_per_day=3)
    desk.open(ASKER)
    for _ in range(3):
        answer(desk.say(ASKER, ASK))
    limited = wording.LANDSCAPE_LIMITED.format(per_day=3)
    assert desk.say(ASKER, ASK)[0].text == limited
    desk.say(ASKER, "forget me")
    desk.say(ASKER, "yes")
    desk.open(ASKER)
    assert desk.say(ASKER, ASK)[-1].text == limited
    clock.advance(timedelta(days=1))
    answer(desk.say(ASKER, ASK))


def test_admins_see_the_same_figures_across_notalone(desk: Desk) -> None:
    plans_from(desk, COUNCILS[:2])
    plans_from(desk, COUNCILS[2:6], "We want to bring our waste collection back in house")
    plans_from(desk, COUNCILS[6:11], MUTUAL)
    desk.engine.refresh_landscape()
    report = stats_text(desk.engine.admin.stats(WorkspaceRef("test", "local")))
    assert "Leisure centres and sport, staff mutual, trust or social enterprise: 7 other councils" in report
    assert "Waste" not in report  # 4 councils: not shown at all
    assert all(n >= 5 for n in numbers_in(report.split(wording.LANDSCAPE_ADMIN_TITLE[:20])[1]))


def test_admins_see_figures_for_plans_five_of_their_officers_share_and_never_for_fewer(desk: Desk) -> None:
    plans_from(desk, COUNCILS[:6])  # six other councils plan a leisure mutual
    ours = [f"officer{n}@oxford.gov.uk" for n in range(5)]
    desk.admins.add(ours[0])
    for email in ours[:4]:
        desk.workspaces[email] = "oxford"
        desk.open(email)
        desk.describe_and_confirm(email, MUTUAL)
    desk.engine.refresh_landscape()
    heading = wording.LANDSCAPE_ADMIN_OURS.format(smallest=5)

    def statistics() -> str:
        desk.say(ours[0], "admin")
        return desk.choose(ours[0], "Statistics")[-1].text

    assert heading not in statistics()  # 4 of theirs: their plans are never listed
    desk.workspaces[ours[4]] = "oxford"
    desk.open(ours[4])
    desk.describe_and_confirm(ours[4], MUTUAL)
    ours_part = statistics().split(heading)
    assert len(ours_part) == 2
    assert SIX_SPUN_OUT in ours_part[1]  # never their own


def test_the_daily_count_is_taken_once_by_one_process(desk: Desk, clock: ManualClock) -> None:
    plans_from(desk, COUNCILS[:5])
    taken = at_once(*[desk.engine.refresh_landscape] * 4)
    assert sorted(taken) == [False, False, False, True]
    assert desk.engine.refresh_landscape() is False
    clock.advance(timedelta(days=1))
    assert desk.engine.refresh_landscape() is True


@pytest.mark.parametrize("words", ["landscape", "how many others", "who else?"])
def test_the_command_in_words(desk: Desk, words: str) -> None:
    desk.open(ASKER)
    assert desk.say(ASKER, words)[0].text == wording.LANDSCAPE_WHAT_TO_ASK
