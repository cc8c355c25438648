"""Admins see answers after introductions as monthly counts, small ones suppressed; evaluate reads them."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine as Database
from sqlmodel import Session, select

from bot.admin.stats import stats_json, stats_text
from bot.clock import ManualClock
from bot.storage.models import FollowUp, Officer
from matching.evaluate import read_live_counts
from matching.feedback import live_line, live_rates
from tests.bot.admin.test_admin import ADMIN, CAMDEN, JANE, LEISURE, LEISURE_AGAIN, TOM
from tests.conftest import START
from tests.support import Desk


@pytest.fixture
def town(desk: Desk) -> Desk:
    """Camden officers in their own workspace, with one platform admin; Tom in Hackney's."""
    desk.workspaces.update({ADMIN: "camden", JANE: "camden", TOM: "hackney"})
    desk.admins.add(ADMIN)
    desk.open(ADMIN)
    desk.open(JANE)
    return desk


def _answers(database: Database, officer_email: str, answers: dict[str, int], *, months_later: int) -> None:
    """Questions asked of one officer and answered, as the follow-up job and their clicks leave them."""
    moment = START + timedelta(days=31 * months_later)
    with Session(database) as session:
        officer = session.exec(select(Officer).where(Officer.user_id == officer_email)).one()
        for answer, how_many in answers.items():
            for _ in range(how_many):
                session.add(
                    FollowUp(
                        officer_id=officer.id, side="a", asked_at=moment, answer=answer, answered_at=moment
                    )
                )
        session.commit()


def test_an_admin_sees_follow_up_answers_by_month_with_small_counts_suppressed(
    town: Desk, database: Database
) -> None:
    _answers(database, JANE, {"helped": 6, "not_much_use": 2, "no": 5}, months_later=0)
    _answers(database, JANE, {"not_yet": 1}, months_later=-1)
    text = town.say(ADMIN, "admin") and town.choose(ADMIN, "Statistics")[-1].text
    assert "After introductions (did they talk?), by month:" in text
    assert "Month | Asked | Yes, helped | Yes, not much use | Not yet | No" in text
    assert "2026-10 | fewer than 5 | fewer than 5 | fewer than 5 | fewer than 5 | fewer than 5" in text
    assert "2026-11 | 13 | 6 | fewer than 5 | fewer than 5 | 5" in text
    assert "jane" not in text.lower()


def test_a_workspace_sees_only_its_own_officers_answers(town: Desk, database: Database) -> None:
    town.open(TOM)
    _answers(database, TOM, {"helped": 9}, months_later=0)
    stats = town.engine.admin.stats(CAMDEN)
    assert stats.follow_ups == ()
    assert "After introductions" not in stats_text(stats)


def test_a_real_introduction_and_answer_reach_the_statistics(town: Desk, clock: ManualClock) -> None:
    town.describe_and_confirm(JANE, LEISURE)
    town.open(TOM)
    town.describe_and_confirm(TOM, LEISURE_AGAIN)
    town.choose(JANE, "Introduce us")
    town.choose(TOM, "Introduce us")
    clock.advance(timedelta(days=21, minutes=1))
    town.engine.follow_up()
    town.choose(JANE, "Yes, and it helped")
    [month] = town.engine.admin.stats(CAMDEN).follow_ups
    assert (month.month, month.asked, month.helped) == ("2026-12", 1, 1)  # Tom's answer is Hackney's
    report = json.loads(stats_json(town.engine.admin.stats(CAMDEN)))
    assert report["follow_ups"] == [
        {"month": "2026-12", "asked": None, "helped": None, "not_much_use": None, "not_yet": None, "no": None}
    ]


def test_evaluate_reads_the_json_totals_into_live_rates(
    town: Desk, database: Database, tmp_path: Path
) -> None:
    _answers(database, JANE, {"helped": 15, "not_much_use": 5, "no": 3}, months_later=0)
    path = tmp_path / "camden.json"
    path.write_text(stats_json(town.engine.admin.stats(CAMDEN)), encoding="utf-8")
    counts = read_live_counts(str(path))
    assert counts["helped"] == 15 and counts["not_much_use"] == 5 and counts["no"] is None
    assert counts["proposals"] is None  # fewer than 5 possible matches: not shown, not guessed
    line = live_line(live_rates(counts))
    assert line == "live: accepted by both: too few to show; helped, of those who talked: 75% of 20"
