"""Hypothesis: whatever one officer does (adding, withdrawing and pausing plans, asking, day after day)
while other councils come and go, the landscape never shows a count below 5, never a breakdown with a
part below 5, never two figures within one day's snapshot, and never a figure their own plans change."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine as Database
from sqlmodel import Session

from bot.clock import ManualClock
from bot.conversation.actions import ShowLandscape, encode
from bot.domain.landscape import (
    SMALLEST_SHOWN,
    SPUN_OUT_KINDS,
    Cell,
    Figure,
    figure_line,
    figures,
    stage_rank,
    take_snapshot_if_due,
)
from bot.storage.models import Officer, Organisation, Plan, PlanStatus
from matching import taxonomy
from tests.bot.domain.test_landscape import ASK, ASKER, COUNCILS, MUTUAL, numbers_in, plans_from
from tests.conftest import START, DeskFactory

CELL = Cell("leisure_centres", "staff_mutual")
# Plans take turns among the kinds of change counted together, so one council's several plans in one
# counted cell (a mutual and a trust) must still count once.
KINDS = sorted(SPUN_OUT_KINDS)
OTHER_COUNCILS = 9
STAGES = [None, *(option.code for option in taxonomy.stages())]

stages = st.sampled_from(STAGES)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("add"), stages),  # the officer adds a comparable plan
        st.tuples(st.just("withdraw"), st.integers(0, 5)),  # ... withdraws one of theirs
        st.tuples(st.just("pause"), st.integers(0, 5)),  # ... pauses one
        st.tuples(st.just("ask"), st.none()),  # ... asks how many others
        st.tuples(st.just("job"), st.none()),  # the periodic job runs
        st.tuples(st.just("next day"), st.none()),
        st.tuples(st.just("colleague"), stages),  # someone of their own council adds one
        st.tuples(st.just("other adds"), st.tuples(st.integers(0, OTHER_COUNCILS - 1), stages)),
        st.tuples(st.just("other withdraws"), st.integers(0, OTHER_COUNCILS - 1)),
    ),
    max_size=40,
)
others_at_start = st.lists(st.tuples(st.integers(0, OTHER_COUNCILS - 1), stages), max_size=14)


@dataclass
class World:
    """The database's officers and plans, and what the snapshot should hold of the other councils.

    Officer 0 is the asker and officer 1 their colleague, both of council 0; officer 2 + k is of other
    council k + 1."""

    session: Session
    now = START
    officers: list[Officer] = field(default_factory=list)
    plans: dict[int, list[Plan]] = field(default_factory=dict)  # officer index -> their plans
    counted: dict[int, int] | None = None  # officer index -> furthest stage rank, as snapshotted

    def __post_init__(self) -> None:
        councils = []
        for number in range(OTHER_COUNCILS + 1):
            council = Organisation(directory_code=f"P{number}", name="x", created_at=self.now)
            self.session.add(council)
            councils.append(council)
        self.session.flush()
        for index in range(OTHER_COUNCILS + 2):
            self.officers.append(
                Officer(
                    platform="test",
                    workspace_id="local",
                    user_id=f"officer{index}",
                    organisation_id=councils[max(index - 1, 0)].id,
                    verified=True,
                    created_at=self.now,
                    last_seen_at=self.now,
                )
            )
        self.session.add_all(self.officers)
        self.session.flush()

    def add(self, index: int, stage: str | None) -> None:
        officer = self.officers[index]
        assert officer.id is not None
        mine = self.plans.setdefault(index, [])
        plan = Plan(
            officer_id=officer.id,
            number=len(mine) + 1,
            text="x",
            service_areas=[CELL.service_area],
            delivery_model=KINDS[(index + len(mine)) % len(KINDS)],
            stage=stage,
            created_at=self.now,
            updated_at=self.now,
        )
        self.session.add(plan)
        mine.append(plan)
        self.session.flush()

    def close(self, index: int, which: int, status: PlanStatus) -> None:
        active = [p for p in self.plans.get(index, []) if p.status == PlanStatus.ACTIVE]
        if active:
            active[which % len(active)].status = status
            self.session.flush()

    def snapshot(self) -> None:
        if take_snapshot_if_due(self.session, now=self.now):
            counted: dict[int, int] = {}
            for index, plans in self.plans.items():
                active = [p for p in plans if p.status == PlanStatus.ACTIVE]
                if index >= 2 and active:
                    counted[index] = max(stage_rank(p.stage) for p in active)
            self.counted = counted


def shown_numbers(figure: Figure) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", figure_line(figure))]


@pytest.mark.random_data
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=others_at_start, actions=steps)
def test_one_officer_never_sees_below_five_nor_their_own_doing(
    database: Database, start: list[tuple[int, str | None]], actions: list[tuple[str, object]]
) -> None:
    with Session(database) as session:
        world = World(session)
        for council, stage in start:
            world.add(2 + council, stage)
        seen_today: Figure | None = None
        for action, argument in actions:
            if action == "add":
                world.add(0, argument)  # type: ignore[arg-type]
            elif action == "withdraw":
                world.close(0, argument, PlanStatus.WITHDRAWN)  # type: ignore[arg-type]
            elif action == "pause":
                world.close(0, argument, PlanStatus.PAUSED)  # type: ignore[arg-type]
            elif action == "colleague":
                world.add(1, argument)  # type: ignore[arg-type]
            elif action == "other adds":
                council, stage = argument  # type: ignore[misc]
                world.add(2 + council, stage)
            elif action == "other withdraws":
                world.close(2 + argument, 0, PlanStatus.WITHDRAWN)  # type: ignore[operator]
            elif action == "job":
                world.snapshot()
            elif action == "next day":
                world.now += timedelta(days=1)
                seen_today = None
            else:
                world.snapshot()  # a question takes the day's snapshot if nothing did yet
                (figure,) = figures(session, [CELL], excluding=world.officers[0].organisation_id)
                assert all(n >= SMALLEST_SHOWN for n in shown_numbers(figure))
                if figure.advanced is not None:
                    assert figure.count is not None
                    assert min(figure.advanced, figure.count - figure.advanced) >= SMALLEST_SHOWN
                # Exactly the other councils as the day's snapshot found them: the officer's own plans
                # and their colleague's play no part.
                assert world.counted is not None
                others = len(world.counted)
                assert figure.count == (others if others >= SMALLEST_SHOWN else None)
                assert seen_today is None or figure == seen_today  # one figure a day
                seen_today = figure
        session.rollback()


# --- The same, as the officer reads it, through the real core --------------------------------------

MOVES = st.lists(
    st.sampled_from(
        [
            "describe",
            "withdraw 1",
            "withdraw 2",
            "pause all",
            "resume all",
            "how many others",
            "ask in words",
            "click",
            "next day",
        ]
    ),
    max_size=8,
)


@pytest.mark.random_data
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(others=st.integers(0, 7), moves=MOVES)
def test_what_one_officer_reads_never_has_a_count_below_five(
    make_desk: DeskFactory, clock: ManualClock, others: int, moves: list[str]
) -> None:
    desk = make_desk()
    plans_from(desk, COUNCILS[:others])
    desk.open(ASKER)
    expected = "fewer than 5" if others < SMALLEST_SHOWN else f"{others} other councils"
    for move in moves:
        if move == "describe":
            desk.describe_and_confirm(ASKER, MUTUAL)
        elif move == "next day":
            clock.advance(timedelta(days=1))
        elif move == "ask in words":
            desk.say(ASKER, ASK)
        elif move == "click":
            desk.act(ASKER, encode(ShowLandscape()))
        else:
            desk.say(ASKER, move)
    desk.say(ASKER, ASK)
    answers = [m.text for m in desk.inbox(ASKER) if "other councils" in m.text and "counted on" in m.text]
    assert answers
    for text in answers:
        assert all(n >= SMALLEST_SHOWN for n in numbers_in(text)), text
        # Only the councils that were there before: nothing the officer did shows.
        assert f"staff mutual, trust or social enterprise: {expected}" in text, text
