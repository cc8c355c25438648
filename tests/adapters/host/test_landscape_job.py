"""The worker's daily landscape job: the count officers see is the one it took, until the next day."""

from __future__ import annotations

from datetime import timedelta

from adapters.host.jobs import periodic_jobs
from bot.clock import ManualClock
from tests.bot.domain.test_landscape import ASK, ASKER, COUNCILS, answer, plans_from
from tests.support import Desk


def test_the_worker_takes_the_days_count_once(desk: Desk, clock: ManualClock) -> None:
    job = {job.name: job for job in periodic_jobs(desk.engine)}["landscape_snapshot"]
    plans_from(desk, COUNCILS[:5])
    assert job.run() is True
    assert job.run() is False  # once a day, however often the worker runs it
    plans_from(desk, COUNCILS[5:6])
    desk.open(ASKER)
    assert ": 5 other councils" in answer(desk.say(ASKER, ASK))
    clock.advance(timedelta(days=1))
    assert job.run() is True
    assert ": 6 other councils" in answer(desk.say(ASKER, ASK))
