"""Officers' word about matches lowers like candidates; live rates come from plain counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matching.evaluate import main
from matching.feedback import AVOIDED_WEIGHT, live_line, live_rates, profile, reweigh
from matching.profile import Candidate


def _candidate(plan_id: int, score: float, areas: tuple[str, ...], model: str | None) -> Candidate:
    return Candidate(
        plan_id, organisation_id=plan_id, score=score, shared_service_areas=areas, shared_delivery_model=model
    )


LIBRARY_TRUST = (("libraries",), "charitable_trust")


def test_a_candidate_like_one_turned_down_comes_after_the_rest_with_a_lower_score() -> None:
    candidates = [
        _candidate(1, 0.9, *LIBRARY_TRUST),
        _candidate(2, 0.7, ("libraries",), "staff_mutual"),
        _candidate(3, 0.6, ("parks",), "charitable_trust"),
    ]
    ranked = reweigh(candidates, {profile(*LIBRARY_TRUST)}, {}, min_score=0.5)
    assert [c.plan_id for c in ranked] == [2, 3, 1]
    assert ranked[-1].score == round(0.9 * AVOIDED_WEIGHT, 4)


def test_a_borderline_candidate_like_one_turned_down_is_left_out() -> None:
    candidates = [_candidate(1, 0.55, *LIBRARY_TRUST), _candidate(2, 0.55, ("parks",), None)]
    assert [c.plan_id for c in reweigh(candidates, {profile(*LIBRARY_TRUST)}, {}, min_score=0.5)] == [2]


def test_the_other_owners_word_counts_for_their_plan_only() -> None:
    candidates = [_candidate(1, 0.9, *LIBRARY_TRUST), _candidate(2, 0.8, *LIBRARY_TRUST)]
    ranked = reweigh(candidates, set(), {2: {profile(*LIBRARY_TRUST)}}, min_score=0.5)
    assert [(c.plan_id, c.score) for c in ranked] == [(1, 0.9), (2, round(0.8 * AVOIDED_WEIGHT, 4))]
    assert reweigh(candidates, set(), {}, min_score=0.5) == candidates


def test_live_rates_from_counts_and_too_few_to_show() -> None:
    rates = live_rates({"proposals": 40, "introductions": 10, "helped": 6, "not_much_use": None})
    assert rates.acceptance == 0.25 and rates.usefulness is None
    assert (
        live_line(rates) == "live: accepted by both: 25% of 40; helped, of those who talked: too few to show"
    )
    assert live_rates({}).acceptance is None


def test_evaluate_prints_the_live_line_from_a_stats_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stats = {"totals": {"proposals": 50, "introductions": 20, "helped": 9, "not_much_use": None}}
    path = tmp_path / "stats.json"
    path.write_text(json.dumps(stats), encoding="utf-8")
    assert main(["--split", "heldout_voices", "--live", str(path)]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last == "live: accepted by both: 40% of 50; helped, of those who talked: too few to show"
