"""Each process keeps its own index of plans; what other processes changed is never proposed stale."""

from __future__ import annotations

from sqlalchemy import Engine as Database

from bot.clock import ManualClock
from bot.core import Core
from bot.delivery.notifier import RecordingNotifier
from bot.domain.match_index import REBUILD_EVERY
from bot.settings import Settings
from tests.bot.domain.test_double_opt_in import JANE, JANE_PLAN, TOM, TOM_PLAN
from tests.support import Desk, proposals_to

ANN = "ann.brown@leeds.gov.uk"


def process(database: Database, clock: ManualClock, notifier: RecordingNotifier) -> Desk:
    return Desk(Core(database, notifier, settings=Settings(database_url="sqlite://"), clock=clock), notifier)


def test_plans_changed_by_another_process_are_matched_as_they_are_now(
    database: Database, clock: ManualClock
) -> None:
    notifier = RecordingNotifier()
    first, second = process(database, clock, notifier), process(database, clock, notifier)
    first.open(TOM)
    first.describe_and_confirm(TOM, TOM_PLAN)  # the first process now holds Tom's plan in its index
    first.open(ANN)
    first.describe_and_confirm(ANN, "Our leeds sports centres and pools may become a staff mutual.")
    assert len(proposals_to(first.inbox(ANN))) == 1

    # Another process: Ann is erased, Tom pauses his plan.
    second.say(ANN, "forget me")
    second.choose(ANN, "Erase everything")
    second.say(TOM, "pause 1")

    # Back in the first process, a new comparable plan must meet neither.
    first.open(JANE)
    first.describe_and_confirm(JANE, JANE_PLAN)
    assert proposals_to(first.inbox(JANE)) == []

    # Tom resumes (in the second process): his plan and Jane's are matched again.
    second.say(TOM, "resume 1")
    assert len(proposals_to(first.inbox(JANE))) == 1


def test_warming_up_reads_the_active_plans_once(database: Database, clock: ManualClock) -> None:
    notifier = RecordingNotifier()
    writer = process(database, clock, notifier)
    writer.open(TOM)
    writer.describe_and_confirm(TOM, TOM_PLAN)
    writer.open(ANN)
    writer.describe_and_confirm(ANN, "Our leeds sports centres and pools may become a staff mutual.")
    writer.say(ANN, "pause 1")
    fresh = process(database, clock, notifier)
    assert fresh.engine.warm_up() == 1  # Tom's; Ann's is paused
    fresh.open(JANE)
    fresh.describe_and_confirm(JANE, JANE_PLAN)
    assert len(proposals_to(fresh.inbox(JANE))) == 1


def test_a_process_that_rebuilds_in_the_background_never_rebuilds_in_a_turn(
    database: Database, clock: ManualClock
) -> None:
    notifier = RecordingNotifier()
    settings = Settings(database_url="sqlite://")
    web = Desk(Core(database, notifier, settings=settings, clock=clock, rebuild_index_inline=False), notifier)
    web.open(TOM)
    web.describe_and_confirm(TOM, TOM_PLAN)
    index = web.engine._match_index
    first_build = index.built_at
    assert first_build is not None and not web.engine.refresh_matching_index()  # not due yet

    clock.advance(REBUILD_EVERY * 2)
    web.open(ANN)
    web.describe_and_confirm(ANN, "Our leeds sports centres and pools may become a staff mutual.")
    assert index.built_at == first_build  # the turn matched on the index it had, caught up, no rebuild
    assert len(proposals_to(web.inbox(ANN))) == 1

    assert web.engine.refresh_matching_index()  # the background upkeep
    assert index.built_at == clock.now()
    web.say(TOM, "pause 1")  # changes after the rebuild are still caught up
    web.open(JANE)
    web.describe_and_confirm(JANE, JANE_PLAN)
    assert len(proposals_to(web.inbox(JANE))) == 1  # with Ann
    assert len(proposals_to(web.inbox(TOM))) == 1  # still only the one with Ann: his plan is paused
