"""The whole loop through the real core: private plan, match, double opt-in introduction."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine as Database

from bot.clock import ManualClock
from bot.conversation.actions import AnswerProposal, encode
from tests.conftest import DeskFactory
from tests.support import Desk, count, proposals_to

JANE = "jane.smith@camden.gov.uk"
TOM = "tom.jones@hackney.gov.uk"
JANE_PLAN = (
    "We're looking at spinning our leisure centres out into a staff mutual, business case stage, "
    "hoping to go live next April. Fairbrook pool is the biggest site."
)
TOM_PLAN = (
    "We are exploring moving our sports centres and swimming pools into a staff mutual; the "
    "Oakridge site would go first."
)


def two_plans(desk: Desk) -> None:
    desk.open(JANE, title="Head of Leisure")
    desk.describe_and_confirm(JANE, JANE_PLAN)
    desk.open(TOM, title="Leisure Contracts Manager")
    desk.describe_and_confirm(TOM, TOM_PLAN)


def test_two_councils_reach_one_introduction(desk: Desk, database: Database) -> None:
    desk.open(JANE, title="Head of Leisure")
    understood = desk.say(JANE, JANE_PLAN)[-1]
    assert "Leisure" in understood.text and "Staff mutual" in understood.text
    assert "April 2027" in understood.text
    assert [b.label for b in understood.buttons] == ["Looks right", "Change something", "Discard"]
    confirmed = desk.choose(JANE, "Looks right")
    assert any("Saved as plan 1" in m.text for m in confirmed)
    assert any("No comparable plan yet" in m.text for m in confirmed)

    desk.open(TOM, title="Leisure Contracts Manager")
    desk.describe_and_confirm(TOM, TOM_PLAN)
    jane_proposal = proposals_to(desk.inbox(JANE))
    tom_proposal = proposals_to(desk.inbox(TOM))
    assert len(jane_proposal) == 1 and len(tom_proposal) == 1
    assert "they are one stage behind you" in jane_proposal[0].text  # business case, meeting exploring
    assert "they are one stage ahead of you" in tom_proposal[0].text
    assert (
        "Staff mutual" in jane_proposal[0].text
        and "same kind of change (staff mutual)" in jane_proposal[0].text
    )

    # Before both say yes, nothing identifying crosses.
    for secret in ("Tom", "Jones", "hackney", "Hackney", "Oakridge", "Contracts Manager"):
        assert secret not in desk.texts(JANE)
    for secret in ("Jane", "Smith", "camden", "Camden", "Fairbrook", "Head of Leisure"):
        assert secret not in desk.texts(TOM)

    waiting = desk.choose(JANE, "Introduce us")
    assert [m.text for m in waiting] == [
        "Thanks: yes to possible match #1. I'll introduce you if the other officer says yes too. Until then "
        "they know nothing about you."
    ]
    assert "Tom" not in desk.texts(JANE)

    introduced = desk.choose(TOM, "Introduce us")
    assert len(introduced) == 1 and "Jane Smith" in introduced[0].text
    assert "jane.smith@camden.gov.uk" in introduced[0].text and "Camden" in introduced[0].text
    assert "Head of Leisure" in introduced[0].text
    jane_intro = desk.inbox(JANE)[-1]
    assert "Tom Jones" in jane_intro.text and "tom.jones@hackney.gov.uk" in jane_intro.text
    assert "Hackney" in jane_intro.text and "Hello Tom," in jane_intro.text
    assert "Hello Jane" in introduced[0].text  # the suggested first message names the other officer
    assert count(database, "introduction") == 1


def test_a_second_click_changes_nothing(desk: Desk, database: Database) -> None:
    two_plans(desk)
    desk.choose(JANE, "Introduce us")
    again = desk.choose(JANE, "Not now")
    assert [m.text for m in again] == ["You've already answered possible match #1. Nothing has changed."]
    desk.choose(TOM, "Introduce us")
    assert count(database, "introduction") == 1
    desk.choose(TOM, "Introduce us")
    assert count(database, "introduction") == 1
    assert "already answered" in desk.inbox(TOM)[-1].text


def test_someone_elses_proposal_is_not_a_choice(desk: Desk) -> None:
    two_plans(desk)
    desk.open("eve.evans@leeds.gov.uk")
    reply = desk.act("eve.evans@leeds.gov.uk", encode(AnswerProposal(1, accept=True)))
    assert [m.text for m in reply] == ["That choice is no longer available. Nothing has changed."]


def _jane_after(make_desk: DeskFactory, clock: ManualClock, *, tom_declines: bool) -> list[str]:
    desk = make_desk()
    two_plans(desk)
    desk.choose(JANE, "Introduce us")
    if tom_declines:
        declined = desk.choose(TOM, "Not now")
        assert "won't be told" in declined[0].text
    before = len(desk.inbox(JANE))
    clock.advance(timedelta(days=13))
    desk.engine.tick()
    assert len(desk.inbox(JANE)) == before, "nothing may reach Jane before the expiry"
    assert "waiting for the other officer" in desk.say(JANE, "my plans")[0].text
    clock.advance(timedelta(days=1, hours=1))
    desk.engine.tick()
    return [m.text for m in desk.inbox(JANE)[before:]]


def test_decline_and_expiry_look_the_same_to_the_other_side(
    make_desk: DeskFactory, clock: ManualClock
) -> None:
    after_decline = _jane_after(make_desk, clock, tom_declines=True)
    after_expiry = _jane_after(make_desk, clock, tom_declines=False)
    assert after_decline == after_expiry
    assert any("Possible match #1 for your plan 1 has lapsed" in text for text in after_decline)


def test_expiry_tells_both_sides_once(desk: Desk, clock: ManualClock, database: Database) -> None:
    two_plans(desk)
    clock.advance(timedelta(days=15))
    assert desk.engine.tick() == 2
    assert desk.engine.tick() == 0
    assert "has lapsed" in desk.inbox(JANE)[-1].text and "has lapsed" in desk.inbox(TOM)[-1].text
    late_click = desk.choose(TOM, "Introduce us")
    assert [m.text for m in late_click] == ["Possible match #1 has lapsed, so nothing has changed."]
    assert count(database, "introduction") == 0


def test_declined_pair_is_never_proposed_again(desk: Desk, clock: ManualClock) -> None:
    two_plans(desk)
    desk.choose(TOM, "Not now")
    clock.advance(timedelta(days=20))
    desk.describe_and_confirm(
        TOM, "Our leisure centres and pools may move to a staff mutual or a trust next year."
    )
    assert len(proposals_to(desk.inbox(JANE))) == 1
    assert len(proposals_to(desk.inbox(TOM))) == 1


def test_introduced_pair_is_never_proposed_again(desk: Desk, clock: ManualClock) -> None:
    two_plans(desk)
    desk.choose(JANE, "Introduce us")
    desk.choose(TOM, "Introduce us")
    clock.advance(timedelta(days=20))
    desk.describe_and_confirm(JANE, "A second look at our swimming pools and gyms as a staff mutual.")
    assert len(proposals_to(desk.inbox(JANE))) == 1


def test_a_lapsed_pair_gives_way_to_the_next_match_when_a_plan_is_resumed(
    desk: Desk, clock: ManualClock, database: Database
) -> None:
    two_plans(desk)
    clock.advance(timedelta(days=15))
    desk.engine.tick()  # Jane and Tom's proposal lapses unanswered
    desk.say(JANE, "pause 1")
    ann = "ann.brown@leeds.gov.uk"
    desk.open(ann)
    desk.describe_and_confirm(ann, "Leeds is considering a staff mutual for its sports centres and pools.")
    resumed = desk.say(JANE, "resume 1")
    # Tom's plan is still comparable, but the same two plans are never proposed twice: Ann's is next.
    assert any("I found 1 possible match" in m.text for m in resumed)
    assert len(proposals_to(resumed)) == 1 and len(proposals_to(desk.inbox(ann))) == 2
    assert len(proposals_to(desk.inbox(TOM))) == 2  # the first with Jane, then Ann's
    assert count(database, "match_proposal") == 3


def test_same_organisation_is_never_matched(desk: Desk) -> None:
    desk.open(JANE)
    desk.describe_and_confirm(JANE, JANE_PLAN)
    colleague = "sam.patel@camden.gov.uk"
    desk.open(colleague)
    desk.describe_and_confirm(colleague, TOM_PLAN)
    assert proposals_to(desk.inbox(JANE)) == [] and proposals_to(desk.inbox(colleague)) == []


def test_unverified_officers_are_never_matched(desk: Desk) -> None:
    stranger = "pat.lee@leisure-consultancy.example"
    opened = desk.open(stranger)
    assert "leisure-consultancy.example" in opened[-1].text
    desk.say(stranger, "Riverside Leisure Trust")
    desk.choose(stranger, "Keep this name")
    reply = desk.describe_and_confirm(stranger, TOM_PLAN)
    assert any("isn't verified" in m.text for m in reply)
    desk.open(JANE)
    desk.describe_and_confirm(JANE, JANE_PLAN)
    assert proposals_to(desk.inbox(JANE)) == [] and proposals_to(desk.inbox(stranger)) == []


def test_a_plan_written_before_naming_the_organisation_is_kept(desk: Desk) -> None:
    stranger = "pat.lee@leisure-consultancy.example"
    desk.open(stranger)
    desk.say(stranger, "help")  # a command while the bot waits for the organisation's name
    desk.say(stranger, "Riverside Leisure Trust")
    desk.open("kim.ross@example.org")
    first = desk.say("kim.ross@example.org", JANE_PLAN)
    assert "Which council or organisation" in first[-1].text
    desk.say("kim.ross@example.org", "Example Org")
    after = desk.choose("kim.ross@example.org", "Keep this name")
    assert "Here's what I understood" in after[-1].text


def test_choosing_a_council_from_the_directory_does_not_verify_or_match(desk: Desk) -> None:
    stranger = "pat.lee@leisure-consultancy.example"  # not one of Hackney's domains
    desk.open(stranger)
    desk.say(stranger, "Hackney")
    noted = desk.choose(stranger, "London Borough of Hackney")[0].text
    assert "noted London Borough of Hackney" in noted and "isn't verified" in noted
    reply = desk.describe_and_confirm(stranger, TOM_PLAN)
    assert any("isn't verified" in m.text for m in reply)
    desk.open(JANE)
    desk.describe_and_confirm(JANE, JANE_PLAN)
    assert proposals_to(desk.inbox(JANE)) == [] and proposals_to(desk.inbox(stranger)) == []


def test_later_plans_raise_standing_alerts(desk: Desk) -> None:
    two_plans(desk)
    ann = "ann.brown@leeds.gov.uk"
    desk.open(ann)
    desk.describe_and_confirm(
        ann, "Leeds is considering a leisure trust or staff mutual for its sports centres."
    )
    assert len(proposals_to(desk.inbox(ann))) == 2
    assert len(proposals_to(desk.inbox(JANE))) == 2 and len(proposals_to(desk.inbox(TOM))) == 2


def test_weekly_cap_limits_new_proposals(make_desk: DeskFactory, clock: ManualClock) -> None:
    desk = make_desk(proposals_per_week=2)
    others = ["a.one@leeds.gov.uk", "b.two@leeds.gov.uk", "c.three@leeds.gov.uk"]  # never matched together
    for email in others:
        desk.open(email)
        desk.describe_and_confirm(email, "Our leisure centres and pools may become a staff mutual.")
    desk.open(JANE)
    desk.describe_and_confirm(JANE, JANE_PLAN)
    assert len(proposals_to(desk.inbox(JANE))) == 2
    clock.advance(timedelta(days=8))
    desk.describe_and_confirm(JANE, "Also our gyms and swimming pools as a staff mutual, next year.")
    assert len(proposals_to(desk.inbox(JANE))) == 3
