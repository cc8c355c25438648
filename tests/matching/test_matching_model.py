"""Ranking comparable plans of other councils."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import DEFAULT_MIN_SCORE, Candidate, Matcher, PlanProfile

LEISURE_A = PlanProfile(
    plan_id=1,
    organisation_id=100,
    text="Spinning our leisure centres out into a staff mutual; business case stage, go live next April",
    service_areas=("leisure_centres",),
    delivery_model="staff_mutual",
    stage="business_case",
)
LEISURE_B = PlanProfile(
    plan_id=2,
    organisation_id=200,
    text="Exploring a staff mutual for our sports centres and swimming pools",
    service_areas=("leisure_centres",),
    delivery_model="staff_mutual",
    stage="exploring",
)
WASTE = PlanProfile(
    plan_id=3,
    organisation_id=300,
    text="Outsourcing waste collection and recycling to a private contractor",
    service_areas=("waste_collection",),
    delivery_model="private_outsourcing",
    stage="procurement",
)
SAME_COUNCIL = PlanProfile(
    plan_id=4,
    organisation_id=100,
    text="Our leisure centres into a staff mutual, same council as plan 1",
    service_areas=("leisure_centres",),
    delivery_model="staff_mutual",
    stage="business_case",
)
LEISURE_TRUST = PlanProfile(
    plan_id=5,
    organisation_id=500,
    text="Moving our leisure centres to a charitable leisure trust",
    service_areas=("leisure_centres",),
    delivery_model="charitable_trust",
    stage="consultation",
)
WASTE_MUTUAL = PlanProfile(
    plan_id=6,
    organisation_id=600,
    text=(
        "Spinning our waste and recycling service out into a staff mutual, business case stage, "
        "go live next April"
    ),
    service_areas=("waste_collection",),
    delivery_model="staff_mutual",
    stage="business_case",
)
ALL = [LEISURE_A, LEISURE_B, WASTE, SAME_COUNCIL, LEISURE_TRUST, WASTE_MUTUAL]


def ids(candidates: list[Candidate]) -> list[int]:
    return [c.plan_id for c in candidates]


def test_comparable_leisure_plan_ranks_first_and_above_waste() -> None:
    ranked = Matcher(ALL).rank(LEISURE_A)
    order = ids(ranked)
    assert order[0] == LEISURE_B.plan_id
    assert order.index(LEISURE_B.plan_id) < order.index(WASTE.plan_id)
    assert order.index(LEISURE_TRUST.plan_id) < order.index(WASTE.plan_id)


def test_same_area_and_model_is_a_strong_match() -> None:
    best = Matcher(ALL).rank(LEISURE_A)[0]
    assert best.score > 0.6
    assert best.shared_service_areas == ("leisure_centres",)
    assert best.shared_delivery_model == "staff_mutual"


def test_no_shared_area_is_never_a_good_match_even_with_identical_wording() -> None:
    ranked = {c.plan_id: c for c in Matcher(ALL).rank(LEISURE_A)}
    assert ranked[WASTE_MUTUAL.plan_id].score < 0.5
    assert ranked[WASTE_MUTUAL.plan_id].shared_service_areas == ()
    assert ranked[WASTE_MUTUAL.plan_id].shared_delivery_model == "staff_mutual"
    assert ranked[WASTE.plan_id].score < DEFAULT_MIN_SCORE


def test_shared_area_alone_meets_the_default_threshold() -> None:
    ranked = {c.plan_id: c for c in Matcher(ALL).rank(LEISURE_A)}
    assert ranked[LEISURE_TRUST.plan_id].score >= DEFAULT_MIN_SCORE
    assert ranked[LEISURE_TRUST.plan_id].shared_delivery_model is None


def test_min_score_filters_to_good_matches() -> None:
    ranked = Matcher(ALL).rank(LEISURE_A, min_score=DEFAULT_MIN_SCORE)
    assert set(ids(ranked)) == {LEISURE_B.plan_id, LEISURE_TRUST.plan_id}


def test_own_organisation_and_own_plan_are_never_returned() -> None:
    matcher = Matcher(ALL)
    for query in ALL:
        for candidate in matcher.rank(query, limit=100):
            assert candidate.organisation_id != query.organisation_id
            assert candidate.plan_id != query.plan_id


def test_a_plan_with_a_new_text_still_never_matches_itself() -> None:
    edited = PlanProfile(2, 999, "completely different words", ("leisure_centres",), None, None)
    assert LEISURE_B.plan_id not in ids(Matcher(ALL).rank(edited))


def test_sorted_by_score_then_plan_id_and_limited() -> None:
    twins = [
        PlanProfile(20, 2, "same words", ("libraries",), None, None),
        PlanProfile(10, 1, "same words", ("libraries",), None, None),
        PlanProfile(30, 3, "same words", ("libraries",), None, None),
    ]
    query = PlanProfile(99, 9, "same words", ("libraries",), None, None)
    ranked = Matcher(twins).rank(query, limit=2)
    assert ids(ranked) == [10, 20]
    assert Matcher(twins).rank(query, limit=0) == []


def test_empty_inputs_do_not_crash() -> None:
    empty = PlanProfile(1, 1, "", (), None, None)
    assert Matcher([]).rank(empty) == []
    ranked = Matcher([PlanProfile(2, 2, "", (), None, None), PlanProfile(3, 3, "  ", (), None, None)]).rank(
        empty
    )
    assert ids(ranked) == [2, 3]
    assert all(c.raw_score == 0.0 and c.score < 0.01 for c in ranked)
    assert Matcher([empty]).rank(empty) == []


_profiles = st.builds(
    PlanProfile,
    plan_id=st.integers(0, 20),
    organisation_id=st.integers(0, 5),
    text=st.text(max_size=80),
    service_areas=st.lists(
        st.sampled_from(["libraries", "leisure_centres", "waste_collection"]), max_size=2
    ).map(tuple),
    delivery_model=st.sampled_from([None, "staff_mutual", "insourcing"]),
    stage=st.sampled_from([None, "exploring", "live", "unknown"]),
)


@pytest.mark.random_data
@settings(max_examples=100, deadline=None)
@given(st.lists(_profiles, max_size=8), _profiles)
def test_scores_are_always_between_zero_and_one(profiles: list[PlanProfile], query: PlanProfile) -> None:
    ranked = Matcher(profiles).rank(query, limit=50)
    assert all(0.0 <= c.score <= 1.0 for c in ranked)
    assert [c.score for c in ranked] == sorted((c.score for c in ranked), reverse=True)
    assert all(c.organisation_id != query.organisation_id and c.plan_id != query.plan_id for c in ranked)
