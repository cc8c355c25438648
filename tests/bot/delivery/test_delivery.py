"""Messages go out after a turn commits, and each officer's platform hears once that the batch is over
(Slack then republishes the officer's App Home once, not after every message)."""

from __future__ import annotations

from tests.support import Desk, identity

JANE, TOM = "jane.smith@camden.gov.uk", "tom.jones@hackney.gov.uk"
JANE_PLAN = "We're spinning our leisure centres out into a staff mutual, business case stage, live next April"
TOM_PLAN = "Exploring moving our sports centres and pools into a staff mutual"


def test_a_turn_of_several_messages_ends_one_batch_for_its_officer(desk: Desk) -> None:
    desk.open(JANE)
    desk.notifier.batches.clear()
    told = len(desk.say(JANE, JANE_PLAN)) + len(desk.choose(JANE, "Looks right"))
    assert told > 2  # more messages than turns
    assert desk.notifier.batches == [identity(JANE), identity(JANE)]


def test_a_turn_that_tells_two_officers_ends_one_batch_for_each(desk: Desk) -> None:
    desk.open(JANE)
    desk.describe_and_confirm(JANE, JANE_PLAN)
    desk.open(TOM)
    desk.say(TOM, TOM_PLAN)
    desk.notifier.batches.clear()
    told_jane = len(desk.inbox(JANE))
    desk.choose(TOM, "Looks right")  # Tom's plan is saved and both are offered a match
    assert len(desk.inbox(JANE)) > told_jane
    assert sorted(desk.notifier.batches, key=str) == sorted([identity(JANE), identity(TOM)], key=str)
