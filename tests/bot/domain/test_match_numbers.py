"""Each officer numbers their own possible matches from #1: never the proposal id, nor another's number."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine as Database
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bot.conversation.actions import AnswerProposal, decode
from bot.storage.models import MatchNumber
from tests.bot.domain.test_double_opt_in import JANE, JANE_PLAN, TOM, TOM_PLAN, two_plans
from tests.conftest import DeskFactory
from tests.support import Desk, match_numbers, proposals_to

ANN = "ann.brown@leeds.gov.uk"
ANN_PLAN = "Leeds leisure centres may become a staff mutual next year."
GLASGOW, CARDIFF = "iain.ross@glasgow.gov.uk", "rhys.owen@cardiff.gov.uk"
JANE_LIBRARIES = "Our libraries may become a charitable trust next year, consultation stage."
ANN_LIBRARIES = "Leeds libraries could move into a charitable trust, early days."


def others_matched(desk: Desk) -> None:
    """Two officers nobody else here would be matched with are proposed to each other."""
    for email in (GLASGOW, CARDIFF):
        desk.open(email)
        desk.describe_and_confirm(
            email, "Bringing our household waste collection back in house from a contractor."
        )
    assert proposals_to(desk.inbox(GLASGOW)) and proposals_to(desk.inbox(CARDIFF))


def proposal_id(message_action: str) -> int:
    decoded = decode(message_action)
    assert isinstance(decoded, AnswerProposal)
    return decoded.proposal_id


def test_two_officers_whose_first_match_is_the_same_proposal_both_see_one(desk: Desk) -> None:
    others_matched(desk)
    two_plans(desk)
    for email in (JANE, TOM):
        [proposal] = proposals_to(desk.inbox(email))
        assert proposal.text.startswith("Possible match #1 for your plan 1\n")
        assert proposal_id(proposal.buttons[0].action) == 2  # not the first proposal made
        assert match_numbers(desk.inbox(email)) == [1]
        assert "possible match #1: waiting for your answer" in desk.say(email, "my plans")[0].text


def test_an_officer_with_matches_on_two_plans_sees_one_and_two(desk: Desk) -> None:
    others_matched(desk)
    two_plans(desk)
    desk.describe_and_confirm(JANE, JANE_LIBRARIES)
    desk.open(ANN)
    desk.describe_and_confirm(ANN, ANN_LIBRARIES)
    assert match_numbers(proposals_to(desk.inbox(JANE))) == [1, 2]
    assert "for your plan 2" in proposals_to(desk.inbox(JANE))[1].text
    listing = desk.say(JANE, "my plans")[0].text.split("\n")
    assert listing[1].startswith("1. ") and listing[2] == "   - possible match #1: waiting for your answer"
    assert listing[3].startswith("2. ") and listing[4] == "   - possible match #2: waiting for your answer"


def test_a_third_partys_proposals_do_not_shift_anyone_s_numbers(make_desk: DeskFactory) -> None:
    desk = make_desk(offer_circles=False)  # pairs only: three comparable councils would be a circle
    two_plans(desk)
    others_matched(desk)
    desk.open(ANN)
    desk.describe_and_confirm(ANN, ANN_PLAN)  # proposed to both Jane and Tom
    for email in (JANE, TOM):
        assert match_numbers(proposals_to(desk.inbox(email))) == [1, 2]
    assert sorted(match_numbers(proposals_to(desk.inbox(ANN)))) == [1, 2]
    for email in (GLASGOW, CARDIFF):
        assert match_numbers(desk.inbox(email)) == [1]


def test_an_officer_never_sees_another_s_number(make_desk: DeskFactory) -> None:
    """Ann's first match is Jane's third: each reads only their own number, up to the introduction."""
    desk = make_desk(offer_circles=False)  # pairs only: three comparable councils would be a circle
    two_plans(desk)
    desk.describe_and_confirm(JANE, JANE_LIBRARIES)
    desk.open(GLASGOW)
    desk.describe_and_confirm(GLASGOW, "Moving our libraries into a charitable trust next year.")
    desk.open(ANN)
    desk.describe_and_confirm(ANN, ANN_LIBRARIES)
    janes = {p.ref for p in proposals_to(desk.inbox(JANE))}
    [with_jane] = [p for p in proposals_to(desk.inbox(ANN)) if p.ref in janes]
    jane_sees = [p for p in proposals_to(desk.inbox(JANE)) if p.ref == with_jane.ref]
    assert match_numbers(jane_sees) == [3] and match_numbers([with_jane]) in ([1], [2])
    ann_number = match_numbers([with_jane])[0]
    desk.act(ANN, with_jane.buttons[0].action)
    again = desk.act(ANN, with_jane.buttons[0].action)
    assert match_numbers(again) == [ann_number]  # "already answered", in Ann's number
    introduced = desk.act(JANE, jane_sees[0].buttons[0].action)
    assert match_numbers(introduced) == [3]
    assert match_numbers(desk.inbox(ANN)[-1:]) == [ann_number]
    shared = introduced[0].shared_text or ""
    assert "Name: Jane Smith" in shared and "#" not in shared  # both read it: nobody's number
    assert 3 not in match_numbers(desk.inbox(ANN))
    assert "possible match #3: introduced to Ann Brown" in desk.say(JANE, "my plans")[0].text


def test_a_number_is_never_given_again_after_the_other_officer_erased_themselves(desk: Desk) -> None:
    two_plans(desk)
    desk.choose(JANE, "Introduce us")
    desk.choose(TOM, "Introduce us")
    desk.say(JANE, "forget me")
    desk.choose(JANE, "Erase everything")
    assert "possible match" not in desk.say(TOM, "my plans")[0].text  # the proposal went with Jane
    desk.open(ANN)
    desk.describe_and_confirm(ANN, ANN_PLAN)
    assert match_numbers(proposals_to(desk.inbox(TOM))) == [1, 2]


def test_the_database_refuses_one_officer_the_same_number_twice(desk: Desk, database: Database) -> None:
    """Whatever the code does, two matches of one officer can never share a number."""
    two_plans(desk)
    desk.open(ANN)
    desk.describe_and_confirm(ANN, ANN_PLAN)
    with Session(database) as session:
        taken = session.exec(select(MatchNumber).where(MatchNumber.number == 2)).first()
        assert taken is not None  # so this officer's #1 is taken too
        session.add(MatchNumber(officer_id=taken.officer_id, number=1, proposal_id=None))
        with pytest.raises(IntegrityError):
            session.flush()


def test_the_export_shows_the_officer_s_numbers(desk: Desk) -> None:
    others_matched(desk)
    two_plans(desk)
    desk.choose(JANE, "Introduce us")
    attachment = desk.say(JANE, "export")[0].attachment
    assert attachment is not None
    data = json.loads(attachment.content)
    [proposal] = data["proposals"]
    assert proposal["number"] == 1 and proposal["your_plan_number"] == 1 and "id" not in proposal
    events = {e["action"]: e for e in data["audit_events"]}
    assert events["plan_created"]["number"] == 1 and events["proposal_accepted"]["number"] == 1
    assert all("object_id" not in e for e in data["audit_events"])
    assert JANE_PLAN in attachment.content and TOM_PLAN not in attachment.content
