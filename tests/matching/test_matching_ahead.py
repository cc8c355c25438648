"""Stage-aware ordering: a rerank of good matches, peers one or two stages ahead (advisers any) first."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.ahead import is_welcome_ahead, prefer_ahead
from matching.index import PlanIndex
from matching.profile import DEFAULT_MIN_SCORE, Candidate, PlanProfile


def candidate(plan_id: int, score: float, gap: int | None) -> Candidate:
    return Candidate(plan_id, plan_id + 100, score, ("libraries",), None, stage_gap=gap)


def test_peers_one_or_two_stages_ahead_come_first_each_group_by_score() -> None:
    ranked = [
        candidate(1, 0.9, 0),
        candidate(2, 0.8, 2),
        candidate(3, 0.7, -1),
        candidate(4, 0.65, 1),
        candidate(5, 0.6, 3),
        candidate(6, 0.55, None),
    ]
    assert [c.plan_id for c in prefer_ahead(ranked)] == [2, 4, 1, 3, 5, 6]


def test_an_adviser_further_ahead_is_welcome_too_but_not_one_behind() -> None:
    ranked = [candidate(1, 0.9, 0), candidate(5, 0.6, 4), candidate(7, 0.58, -2)]
    assert [c.plan_id for c in prefer_ahead(ranked, advisers={5, 7})] == [5, 1, 7]
    assert is_welcome_ahead(candidate(5, 0.6, 4), adviser=True)
    assert not is_welcome_ahead(candidate(5, 0.6, 4))
    assert not is_welcome_ahead(candidate(7, 0.6, -2), adviser=True)
    assert not is_welcome_ahead(candidate(8, 0.6, None), adviser=True)


gaps = st.none() | st.integers(-5, 5)


@pytest.mark.random_data
@given(st.lists(st.tuples(st.floats(0.5, 1.0), gaps), max_size=30), st.sets(st.integers(0, 29)))
def test_the_rerank_only_reorders_and_keeps_each_groups_order(
    rows: list[tuple[float, int | None]], advisers: set[int]
) -> None:
    ranked = sorted(
        (candidate(i, score, gap) for i, (score, gap) in enumerate(rows)), key=lambda c: (-c.score, c.plan_id)
    )
    reranked = prefer_ahead(ranked, advisers=advisers)
    assert sorted(reranked, key=lambda c: c.plan_id) == sorted(ranked, key=lambda c: c.plan_id)
    welcome = [is_welcome_ahead(c, adviser=c.plan_id in advisers) for c in reranked]
    assert welcome == sorted(welcome, reverse=True)  # every welcome peer before every other
    for group in (True, False):
        kept = [c for c in ranked if is_welcome_ahead(c, adviser=c.plan_id in advisers) == group]
        assert [c for c, w in zip(reranked, welcome, strict=True) if w == group] == kept


def test_the_score_and_who_clears_the_threshold_do_not_change() -> None:
    def plan(plan_id: int, stage: str, text: str) -> PlanProfile:
        return PlanProfile(plan_id, plan_id, text, ("libraries",), "staff_mutual", stage)

    index = PlanIndex(
        [
            plan(1, "exploring", "moving our libraries into a staff mutual"),
            plan(2, "consultation", "libraries staff mutual, consulting staff now"),
            plan(3, "live", "our library mutual went live last year"),
        ]
    )
    query = plan(9, "exploring", "we are exploring a staff mutual for our libraries")
    ranked = index.rank(query, min_score=DEFAULT_MIN_SCORE)
    assert ranked[0].plan_id == 1  # the same stage scores highest...
    reranked = prefer_ahead(ranked)
    assert reranked[0].plan_id == 2  # ...but two stages ahead is proposed first
    assert {(c.plan_id, c.score) for c in reranked} == {(c.plan_id, c.score) for c in ranked}
