"""A half-finished intake survives a restart of the program."""

from __future__ import annotations

from sqlalchemy import Engine as Database

from bot.clock import ManualClock
from bot.conversation.actions import DraftField, SetDraftField, encode
from bot.core import Core
from bot.delivery.notifier import RecordingNotifier
from bot.settings import Settings
from tests.bot.domain.test_double_opt_in import JANE, JANE_PLAN
from tests.support import Desk, count


def restarted(database: Database, clock: ManualClock) -> Desk:
    notifier = RecordingNotifier()
    return Desk(Core(database, notifier, settings=Settings(database_url="sqlite://"), clock=clock), notifier)


def test_an_unfinished_draft_is_there_after_a_restart(database: Database, clock: ManualClock) -> None:
    before = restarted(database, clock)
    before.open(JANE)
    before.say(JANE, JANE_PLAN)
    before.choose(JANE, "Change something")
    before.choose(JANE, "Stage")

    after = restarted(database, clock)
    back = after.open(JANE)
    assert [m.text for m in back[:2]] == [
        "Welcome back, Jane.",
        "You have an unfinished plan. Here it is again:",
    ]
    assert back[-1].text == "How far along are you?"
    chosen = encode(SetDraftField(DraftField.STAGE, "consultation"))
    consultation = next(b for b in back[-1].buttons if b.action == chosen)
    summary = after.act(JANE, consultation.action)[0]
    assert f"Stage: {consultation.label}" in summary.text and "Timeline: April 2027" in summary.text
    after.choose(JANE, "Looks right")
    assert count(database, "plan") == 1
