"""Messages go out after a turn commits, and each officer's home page goes with the last of them, once
(Slack republishes the officer's App Home once a turn, not after every message), as it stands then."""

from __future__ import annotations

from tests.support import Desk, identity

JANE, TOM = "jane.smith@camden.gov.uk", "tom.jones@hackney.gov.uk"
JANE_PLAN = "We're spinning our leisure centres out into a staff mutual, business case stage, live next April"
TOM_PLAN = "Exploring moving our sports centres and pools into a staff mutual"


def test_a_turn_of_several_messages_ends_one_batch_for_its_officer(desk: Desk) -> None:
    desk.open(JANE)
    desk.notifier.homes.clear()
    told = len(desk.say(JANE, JANE_PLAN)) + len(desk.choose(JANE, "Looks right"))
    assert told > 2  # more messages than turns
    assert [who for who, _home in desk.notifier.homes] == [identity(JANE), identity(JANE)]
    assert "Leisure centres" in (desk.notifier.homes[-1][1].overview or "")  # the plan saved in that turn


def test_a_turn_that_tells_two_officers_ends_one_batch_for_each(desk: Desk) -> None:
    desk.open(JANE)
    desk.describe_and_confirm(JANE, JANE_PLAN)
    desk.open(TOM)
    desk.say(TOM, TOM_PLAN)
    desk.notifier.homes.clear()
    told_jane = len(desk.inbox(JANE))
    desk.choose(TOM, "Looks right")  # Tom's plan is saved and both are offered a match
    assert len(desk.inbox(JANE)) > told_jane
    homes = [who for who, _home in desk.notifier.homes]
    assert sorted(homes, key=str) == sorted([identity(JANE), identity(TOM)], key=str)
