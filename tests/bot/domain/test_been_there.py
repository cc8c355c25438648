""" "Been there" peers and stage-aware matching, through the real core: an officer whose change is live
offers to advise; officers at earlier stages of the same kind of change are offered them first, a few a
month at most; among good matches, peers one or two stages ahead come first."""

from __future__ import annotations

from datetime import timedelta

from bot import wording
from bot.clock import ManualClock
from tests.conftest import DeskFactory
from tests.support import Desk, proposals_to

JANE = "jane.smith@camden.gov.uk"
TOM = "tom.jones@hackney.gov.uk"
ANN = "ann.brown@leeds.gov.uk"
CARL = "carl.white@bristol.gov.uk"
LIVE = "Our leisure centres moved into a staff mutual in 2024 and it is now live and running"
EXPLORING = "We are exploring moving our sports centres and swimming pools into a staff mutual"
EXPLORING_TRUST = "We are exploring moving our sports centres and swimming pools into a charitable trust"
CONSULTING = "We are consulting staff on moving our leisure centres into a staff mutual"


def labels(desk: Desk, email: str) -> list[str]:
    return [b.label for b in desk.inbox(email)[-1].buttons]


def advise(desk: Desk, email: str) -> None:
    """Describe the live plan, say happy to advise, and confirm it."""
    desk.open(email)
    desk.say(email, LIVE)
    desk.choose(email, wording.ADVISE_BUTTON)
    desk.choose(email, wording.LOOKS_RIGHT)


def test_a_live_plan_offers_to_advise_and_says_what_stays_private(desk: Desk) -> None:
    desk.open(JANE)
    draft = desk.say(JANE, LIVE)[-1]
    assert "Stage: Live and running" in draft.text and wording.ADVISE_OFFER in draft.text
    assert labels(desk, JANE) == ["Looks right", "Change something", "Discard", "Happy to advise others"]
    toggled = desk.choose(JANE, "Happy to advise others")[-1]
    assert wording.ADVISE_ON in toggled.text and "never your name" not in toggled.text.split("\n")[-1]
    assert labels(desk, JANE)[-1] == "Stop offering advice"
    saved = [m.text for m in desk.choose(JANE, "Looks right")]
    assert saved[:2] == [
        "Saved as plan 1. Only you can see it.",
        wording.ADVISING_SAVED.format(number=1),
    ]
    overview = desk.say(JANE, "my plans")[-1].text
    assert "happy to advise others (type edit 1 to stop)" in overview


def test_an_earlier_plan_has_no_advising_choice(desk: Desk) -> None:
    desk.open(TOM)
    draft = desk.say(TOM, EXPLORING)[-1]
    assert labels(desk, TOM) == ["Looks right", "Change something", "Discard"]
    assert "advise" not in draft.text
    assert desk.say(TOM, "I'm happy to advise others")[-1].text != wording.ADVISE_ON


def test_the_adviser_is_offered_to_an_officer_at_an_earlier_stage(desk: Desk) -> None:
    advise(desk, JANE)
    desk.open(TOM)
    desk.describe_and_confirm(TOM, EXPLORING)
    [to_tom] = proposals_to(desk.inbox(TOM))
    [to_jane] = proposals_to(desk.inbox(JANE))
    assert "they are further along (live and running) and happy to advise officers" in to_tom.text
    assert "they are at an earlier stage (exploring options), and you said you're happy to advise" in (
        to_jane.text
    )
    # Nothing identifying crosses before both say yes, advising or not.
    for secret in ("Jane", "Smith", "camden", "Camden"):
        assert secret not in desk.texts(TOM)


def test_not_as_an_adviser_to_a_later_stage_or_another_kind_of_change(desk: Desk) -> None:
    advise(desk, JANE)
    desk.open(ANN)
    desk.say(ANN, LIVE)
    desk.choose(ANN, wording.LOOKS_RIGHT)  # live too, not advising
    [to_ann] = proposals_to(desk.inbox(ANN))
    assert "you are at the same stage" in to_ann.text and "advise" not in to_ann.text
    desk.open(TOM)
    desk.describe_and_confirm(TOM, EXPLORING_TRUST)  # earlier, but a charitable trust
    assert not any("advise" in m.text for m in proposals_to(desk.inbox(TOM)))


def test_an_adviser_gets_at_most_their_monthly_offers(make_desk: DeskFactory, clock: ManualClock) -> None:
    desk = make_desk(adviser_offers_per_month=1, proposals_per_week=10, offer_circles=False)
    advise(desk, JANE)
    desk.open(TOM)
    desk.describe_and_confirm(TOM, EXPLORING)
    desk.open(ANN)
    desk.describe_and_confirm(ANN, EXPLORING)
    # Tom was offered Jane as an adviser; Ann, later the same month, only Tom.
    assert any("happy to advise" in m.text for m in proposals_to(desk.inbox(TOM)))
    [to_ann] = proposals_to(desk.inbox(ANN))
    assert "you are at the same stage" in to_ann.text
    assert len(proposals_to(desk.inbox(JANE))) == 1

    clock.advance(timedelta(days=31))
    desk.open(CARL)
    desk.describe_and_confirm(CARL, CONSULTING)
    assert any("happy to advise" in m.text for m in proposals_to(desk.inbox(CARL)))
    assert len(proposals_to(desk.inbox(JANE))) == 2


def test_a_live_plan_not_advising_is_matched_as_before(make_desk: DeskFactory) -> None:
    desk = make_desk(adviser_offers_per_month=1, proposals_per_week=10, offer_circles=False)
    desk.open(JANE)
    desk.describe_and_confirm(JANE, LIVE)
    for email in (TOM, ANN):
        desk.open(email)
        desk.describe_and_confirm(email, EXPLORING)
    assert len(proposals_to(desk.inbox(JANE))) == 2  # no monthly cap without the offer to advise


COLLEAGUES = ("a.one@camden.gov.uk", "b.two@camden.gov.uk")  # one council: never matched with each other


def test_among_good_matches_a_peer_two_stages_ahead_comes_first(make_desk: DeskFactory) -> None:
    for prefer, expected in ((None, "two stages ahead of you, at consultation"), (False, "same stage")):
        desk = (
            make_desk(proposals_per_week=1)
            if prefer is None
            else make_desk(proposals_per_week=1, prefer_peers_ahead=prefer)
        )
        same_stage, ahead = COLLEAGUES
        desk.open(same_stage)
        desk.describe_and_confirm(same_stage, EXPLORING)
        desk.open(ahead)
        desk.describe_and_confirm(ahead, CONSULTING)
        desk.open(TOM)
        desk.describe_and_confirm(TOM, EXPLORING)
        [proposal] = proposals_to(desk.inbox(TOM))  # one a week: the best-placed peer
        assert expected in proposal.text, prefer


def test_saying_it_later_in_words_turns_advising_on_and_off(make_desk: DeskFactory) -> None:
    desk = make_desk(offer_circles=False)  # three comparable plans: pairs here, not a circle
    desk.open(TOM)
    desk.describe_and_confirm(TOM, EXPLORING)
    assert desk.say(TOM, "I'm happy to advise others")[-1].text == wording.ADVISE_NO_LIVE_PLAN
    desk.open(JANE)
    desk.describe_and_confirm(JANE, LIVE)  # matched with Tom as before: not as an adviser
    assert not any("advise" in m.text for m in proposals_to(desk.inbox(TOM)))
    said = [m.text for m in desk.say(JANE, "I'm happy to advise others")]
    assert said[0] == wording.ADVISING_SAVED.format(number=1)
    assert "happy to advise others (type edit 1 to stop)" in desk.say(JANE, "my plans")[-1].text
    desk.open(ANN)
    desk.describe_and_confirm(ANN, CONSULTING)
    assert any("happy to advise officers" in m.text for m in proposals_to(desk.inbox(ANN)))
    stopped = desk.say(JANE, "Stop offering advice")[-1].text
    assert stopped == wording.ADVISING_STOPPED.format(number=1)
    assert "not offering advice (type edit 1 to offer it)" in desk.say(JANE, "my plans")[-1].text


def test_an_adviser_confirming_after_the_officers_it_could_advise_stays_within_the_cap(
    make_desk: DeskFactory,
) -> None:
    desk = make_desk(adviser_offers_per_month=1, proposals_per_week=10, offer_circles=False)
    for email in (TOM, ANN):
        desk.open(email)
        desk.describe_and_confirm(email, EXPLORING)
    advise(desk, JANE)
    [to_jane] = proposals_to(desk.inbox(JANE))
    assert "at an earlier stage (exploring options), and you said you're happy to advise" in to_jane.text
    offered = [email for email in (TOM, ANN) if any("happy to advise" in m.text for m in desk.inbox(email))]
    assert len(offered) == 1
