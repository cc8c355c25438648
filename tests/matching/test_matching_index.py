"""The plan index: incremental changes, persistence, calibration and agreement with a plain reference."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from matching import DEFAULT_MIN_SCORE, IndexFormatError, PlanIndex, PlanProfile
from matching.index_file import FORMAT_VERSION, load_index, save_index
from matching.scoring import W_TEXT, structured_score
from matching.synthetic import synthetic_plans


def plan(
    plan_id: int,
    org: int,
    text: str,
    areas: tuple[str, ...],
    model: str | None = None,
    stage: str | None = None,
) -> PlanProfile:
    return PlanProfile(plan_id, org, text, areas, model, stage)


LEISURE = plan(
    1, 10, "Leisure centres into a staff mutual", ("leisure_centres",), "staff_mutual", "exploring"
)
POOLS = plan(2, 20, "Pools and gyms to a staff mutual", ("leisure_centres",), "staff_mutual", "exploring")
BINS = plan(3, 30, "Bin collection back in house", ("waste_collection",), "insourcing", "procurement")


def ids(index: PlanIndex, query: PlanProfile, **kwargs: Any) -> list[int]:
    return [c.plan_id for c in index.rank(query, **kwargs)]


def test_added_plan_is_found_and_removed_plan_is_not() -> None:
    index = PlanIndex([LEISURE, BINS])
    assert ids(index, LEISURE) == [BINS.plan_id]
    index.add(POOLS)
    assert ids(index, LEISURE)[0] == POOLS.plan_id
    assert index.remove(POOLS.plan_id) is True
    assert POOLS.plan_id not in ids(index, LEISURE)
    assert index.remove(POOLS.plan_id) is False
    assert len(index) == 2


def test_adding_a_plan_again_replaces_it() -> None:
    index = PlanIndex([LEISURE, POOLS, BINS])
    index.add(plan(2, 20, "Now about bins", ("waste_collection",)))
    assert ids(index, BINS)[0] == 2
    assert ids(index, LEISURE, min_score=DEFAULT_MIN_SCORE) == []


def test_refit_after_incremental_changes_ranks_like_a_fresh_index() -> None:
    plans = list(synthetic_plans(300, seed=3))
    grown = PlanIndex(plans[:100])
    for p in plans[100:]:
        grown.add(p)
    for p in plans[:20]:
        grown.remove(p.plan_id)
    grown.refit()
    fresh = PlanIndex(plans[20:])
    for query in plans[:30]:
        assert grown.rank(query, limit=15) == fresh.rank(query, limit=15)


def test_new_words_count_after_refit() -> None:
    index = PlanIndex([LEISURE, BINS])
    twin = plan(4, 40, "Zorbing arena outsourcing", ("leisure_centres",))
    query = plan(5, 50, "Zorbing arena outsourcing", ("leisure_centres",))
    index.add(twin)
    before = {c.plan_id: c.text_similarity for c in index.rank(query)}
    index.refit()
    after = {c.plan_id: c.text_similarity for c in index.rank(query)}
    assert before[twin.plan_id] == 0.0
    assert after[twin.plan_id] == pytest.approx(1.0)


def test_save_and_load_give_the_same_rankings(tmp_path: Path) -> None:
    plans = list(synthetic_plans(200, seed=5))
    index = PlanIndex(plans)
    index.remove(plans[0].plan_id)
    path = tmp_path / "plans.npz"
    save_index(index, path)
    loaded = load_index(path)
    assert len(loaded) == len(index)
    for query in plans[:20]:
        assert loaded.rank(query, limit=10) == index.rank(query, limit=10)


@pytest.mark.parametrize("version", [1, 99])
def test_another_format_version_is_refused_clearly(tmp_path: Path, version: int) -> None:
    path = tmp_path / "plans.npz"
    save_index(PlanIndex([LEISURE, BINS]), path)
    with np.load(path) as stored:
        arrays = {name: stored[name] for name in stored.files}
    header = bytes(arrays["header"]).decode()
    header = header.replace(f'"version": {FORMAT_VERSION}', f'"version": {version}')
    arrays["header"] = np.frombuffer(header.encode(), dtype=np.uint8)
    np.savez(path, **arrays)
    with pytest.raises(IndexFormatError, match=f"version {version} cannot be read"):
        load_index(path)
    other = tmp_path / "other.npz"
    other.write_bytes(b"not an index")
    with pytest.raises(IndexFormatError):
        load_index(other)


def test_good_match_shares_an_area_and_sharing_first_areas_is_good_at_any_corpus_size() -> None:
    small = list(synthetic_plans(100, seed=11))
    large = small + list(synthetic_plans(5000, seed=12, first_id=1000))
    by_id = {p.plan_id: p for p in large}
    for plans in (small, large):
        index = PlanIndex(plans)
        for query in small[:10]:
            for candidate in index.rank(query, limit=len(plans)):
                other = by_id[candidate.plan_id]
                if candidate.score >= DEFAULT_MIN_SCORE:
                    assert candidate.shared_service_areas
                if query.service_areas == other.service_areas:
                    assert candidate.score >= DEFAULT_MIN_SCORE


def test_identical_text_without_a_shared_area_stays_below_the_threshold() -> None:
    words = "Leisure centres and waste and parks, all into a staff mutual, business case"
    a = plan(1, 1, words, ("leisure_centres",), "staff_mutual", "business_case")
    b = plan(2, 2, words, ("parks_green_spaces",), "staff_mutual", "business_case")
    (candidate,) = PlanIndex([a, b]).rank(a)
    assert candidate.text_similarity == pytest.approx(1.0)
    assert candidate.score < DEFAULT_MIN_SCORE


def test_index_agrees_with_scoring_pairs_one_by_one() -> None:
    plans = list(synthetic_plans(400, seed=21))
    index = PlanIndex(plans)
    model = index.text_model
    for query in plans[:15]:
        ranked = index.rank(query, limit=len(plans))
        others = [p for p in plans if p.organisation_id != query.organisation_id]
        assert {c.plan_id for c in ranked} == {p.plan_id for p in others}
        q = model.transform(query.text)
        expected = {}
        for other in others:
            o = model.transform(other.text)
            sim = float(np.dot(q.data[np.isin(q.indices, o.indices)], o.data[np.isin(o.indices, q.indices)]))
            expected[other.plan_id] = structured_score(query, other) + W_TEXT * sim
        for candidate in ranked:
            assert candidate.raw_score == pytest.approx(expected[candidate.plan_id], abs=1e-5)


def test_too_few_sharing_plans_are_topped_up_below_the_threshold() -> None:
    index = PlanIndex([LEISURE, POOLS, BINS])
    ranked = index.rank(LEISURE, limit=5)
    assert [c.plan_id for c in ranked] == [POOLS.plan_id, BINS.plan_id]
    assert ranked[1].score < DEFAULT_MIN_SCORE
    assert ids(index, LEISURE, min_score=DEFAULT_MIN_SCORE) == [POOLS.plan_id]


def test_stage_gap_says_how_far_ahead_the_other_plan_is() -> None:
    query = plan(1, 1, "library trust", ("libraries",), "charitable_trust", "business_case")
    ahead = plan(2, 2, "library trust", ("libraries",), "charitable_trust", "procurement")
    same = plan(3, 3, "library trust", ("libraries",), "charitable_trust", "business_case")
    behind = plan(4, 4, "library trust", ("libraries",), "charitable_trust", "exploring")
    unknown = plan(5, 5, "library trust", ("libraries",), "charitable_trust", None)
    index = PlanIndex([query, ahead, same, behind, unknown])
    gaps = {c.plan_id: c.stage_gap for c in index.rank(query)}
    assert gaps == {2: 2, 3: 0, 4: -1, 5: None}
    assert ids(index, query)[0] == same.plan_id
    assert ids(index, query, prefer_ahead=True)[0] == ahead.plan_id
    assert all(c.score >= DEFAULT_MIN_SCORE for c in index.rank(query, prefer_ahead=True))


def test_a_plan_about_another_service_is_ranked_below_one_about_the_same_service() -> None:
    # The depot's plan names the bin lorries it services: waste is only its second area.
    depot = plan(1, 1, "Depot workshop for the council fleet", ("fleet_management", "waste_collection"),
                 "local_authority_trading_company", "business_case")  # fmt: skip
    rounds = plan(2, 2, "Refuse rounds into a trading company", ("waste_collection",),
                  "local_authority_trading_company", "business_case")  # fmt: skip
    garage = plan(3, 3, "Vehicle maintenance garage to a Teckal company", ("fleet_management",),
                  "local_authority_trading_company", "exploring")  # fmt: skip
    ranked = PlanIndex([depot, rounds, garage]).rank(depot)
    assert [c.plan_id for c in ranked] == [3, 2]
    # Sharing only a passing area, even with the same kind of change and stage, is not a good match.
    assert ranked[0].score >= DEFAULT_MIN_SCORE > ranked[1].score
