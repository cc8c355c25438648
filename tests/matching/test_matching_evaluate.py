"""The evaluation set and `python -m matching.evaluate`."""

from __future__ import annotations

from collections import Counter

import pytest

from matching import taxonomy
from matching.evaluate import (
    EvalPlan,
    best_matches,
    has_relevant,
    load,
    main,
    misses,
    rank_ours,
    rank_tfidf_words,
    score,
)


def test_evaluation_set_is_broad_and_uses_known_areas() -> None:
    tune, heldout = load("tune"), load("heldout")
    plans = tune + heldout
    known = {a.code for a in taxonomy.service_areas()}
    assert len(plans) >= 300
    assert len({p.id for p in plans}) == len(plans)
    assert len({p.org for p in plans}) >= 100
    assert len({a for p in plans for a in p.areas}) >= 30
    assert all(p.areas and p.areas <= known and p.text.strip() for p in plans)
    assert 0.3 <= len(heldout) / len(plans) <= 0.5


def test_every_held_out_area_also_appears_in_tuning() -> None:
    tune_areas = Counter(a for p in load("tune") for a in p.areas)
    assert all(tune_areas[a] > 0 for p in load("heldout") for a in p.areas)


def test_voices_set_is_broad_and_comparable_across_councils() -> None:
    plans = load("heldout_voices")
    known = {a.code for a in taxonomy.service_areas()}
    others = {p.id for p in load("tune") + load("heldout")}
    assert len(plans) >= 160
    assert len({p.id for p in plans}) == len(plans) and not others & {p.id for p in plans}
    assert all(p.areas and p.areas <= known and p.text.strip() for p in plans)
    assert {p.model for p in plans} - {None} <= {m.code for m in taxonomy.delivery_models()}
    assert {p.stage for p in plans} - {None} <= {s.code for s in taxonomy.stages()}
    orgs_by_area: dict[str, list[str]] = {}
    for plan in plans:
        for area in plan.areas:
            orgs_by_area.setdefault(area, []).append(plan.org)
    assert len(orgs_by_area) >= 30
    assert all(len(orgs) == len(set(orgs)) >= 2 for orgs in orgs_by_area.values())


def test_scores_reward_rankings_that_put_shared_areas_first() -> None:
    plans = [
        EvalPlan("a", "X", "", frozenset({"libraries"})),
        EvalPlan("b", "Y", "", frozenset({"libraries"})),
        EvalPlan("c", "Z", "", frozenset({"parking"})),
        EvalPlan("d", "W", "", frozenset({"parking"})),
    ]
    perfect = score("perfect", plans, [[1, 2, 3], [0, 2, 3], [3, 0, 1], [2, 0, 1]], 0.0)
    worst = score("worst", plans, [[2, 3, 1], [2, 3, 0], [0, 1, 3], [0, 1, 2]], 0.0)
    assert (perfect.p_at_1, perfect.mrr) == (1.0, 1.0)
    assert perfect.p_at_3 == pytest.approx(1 / 3)
    assert worst.p_at_1 == 0.0 and worst.mrr == pytest.approx(1 / 3)


def test_our_model_beats_plain_tf_idf_on_the_tuning_plans() -> None:
    plans = load("tune")
    ours = score("ours", plans, rank_ours(plans), 0.0)
    words = score("words", plans, rank_tfidf_words(plans), 0.0)
    assert ours.p_at_1 >= 0.85
    assert ours.p_at_1 > words.p_at_1 and ours.mrr > words.mrr


def test_best_matches_agree_with_precision_at_1_of_our_ranking() -> None:
    plans = load("tune")
    matches = best_matches(plans)
    assert len(matches) == sum(has_relevant(p, plans) for p in plans)
    ours = score("ours", plans, rank_ours(plans), 0.0)
    assert sum(m.right for m in matches) / len(matches) == pytest.approx(ours.p_at_1)


def test_command_prints_a_row_per_method(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--split", "tune", "--scale", "1000"]) == 0
    out = capsys.readouterr().out
    for method in ("ours", "tf-idf words 1-2", "tf-idf char_wb 3-5", "random"):
        assert method in out
    assert "kind of change" in out and "recall" in out
    assert "reliability of the best match" in out and "DEFAULT_MIN_SCORE" in out
    # The table is on the calibrated score: a mean score beside each bin's right-rate.
    assert "mean  right" in out
    scale = [line for line in out.splitlines() if line.startswith("at DEFAULT_MIN_SCORE")]
    assert len(scale) == 1 and "178 plans: coverage" in scale[0] and "1,178 plans: coverage" in scale[0]
    with pytest.raises(SystemExit):
        main(["--show-misses"])
    with pytest.raises(SystemExit):
        main(["--split", "heldout_voices", "--show-misses"])


def test_probe_set_covers_every_area_in_other_ids_with_known_labels() -> None:
    plans = load("probes_2")
    known = {a.code for a in taxonomy.service_areas()}
    others = {p.id for split in ("tune", "heldout", "heldout_voices") for p in load(split)}
    assert (
        len(plans) >= 150 and len({p.id for p in plans}) == len(plans) and not others & {p.id for p in plans}
    )
    assert {a for p in plans for a in p.areas} == known
    assert {p.model for p in plans} - {None} <= {m.code for m in taxonomy.delivery_models()}
    assert {p.stage for p in plans} - {None} <= {s.code for s in taxonomy.stages()}


def test_jargon_set_is_labelled_and_kept_apart_from_the_others() -> None:
    plans = load("heldout_jargon")
    known = {a.code for a in taxonomy.service_areas()}
    others = {p.id for split in ("tune", "heldout", "heldout_voices", "probes_2") for p in load(split)}
    assert len(plans) >= 60 and len({p.id for p in plans}) == len(plans)
    assert not others & {p.id for p in plans}
    assert all(p.areas and p.areas <= known and p.model and p.stage for p in plans)
    assert {p.model for p in plans} <= {m.code for m in taxonomy.delivery_models()}
    assert {p.stage for p in plans} <= {s.code for s in taxonomy.stages()}
    with pytest.raises(SystemExit):
        main(["--split", "heldout_jargon", "--show-misses"])


def test_teams_set_is_labelled_and_kept_apart_from_the_others() -> None:
    plans = load("heldout_teams")
    known = {a.code for a in taxonomy.service_areas()}
    splits = ("tune", "heldout", "heldout_voices", "probes_2", "heldout_jargon")
    others = {p.id for split in splits for p in load(split)}
    assert len(plans) >= 60 and len({p.id for p in plans}) == len(plans)
    assert not others & {p.id for p in plans}
    assert all(p.areas and p.areas <= known for p in plans)
    assert {p.model for p in plans} - {None} <= {m.code for m in taxonomy.delivery_models()}
    assert {p.stage for p in plans} - {None} <= {s.code for s in taxonomy.stages()}
    with pytest.raises(SystemExit):
        main(["--split", "heldout_teams", "--show-misses"])


def test_misses_name_a_kind_of_change_or_stage_read_wrongly() -> None:
    plan = EvalPlan(
        "x", "X", "Libraries to a charitable trust", frozenset({"libraries"}), "staff_mutual", "live"
    )
    assert misses([plan]) == [
        "x: kind staff_mutual found charitable_trust: Libraries to a charitable trust",
        "x: stage live found None: Libraries to a charitable trust",
    ]
