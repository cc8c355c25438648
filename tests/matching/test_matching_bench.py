"""Synthetic plans and `python -m matching.bench` (figures are printed, never asserted)."""

from __future__ import annotations

import pytest

from matching import taxonomy
from matching.bench import main, measure, table
from matching.synthetic import synthetic_plans


def test_synthetic_plans_are_repeatable_and_varied() -> None:
    first = list(synthetic_plans(500, seed=1))
    assert first == list(synthetic_plans(500, seed=1))
    assert first != list(synthetic_plans(500, seed=2))
    assert len({p.plan_id for p in first}) == 500
    known = {a.code for a in taxonomy.service_areas()}
    assert {a for p in first for a in p.service_areas} == known
    assert any(len(p.service_areas) == 2 for p in first)


def test_measure_reports_every_figure_for_the_size() -> None:
    result = measure(300)
    assert result.size == 300
    assert result.fit_seconds > 0 and result.peak_mb > 0
    assert 0 < result.query_p50 <= result.query_p99
    assert 0 < result.add_p50 <= result.add_p99
    assert "300" in table([result]).splitlines()[1]


def test_sizes_option_runs_each_size(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--sizes", "100", "200"]) == 0
    rows = capsys.readouterr().out.splitlines()[-2:]
    assert [row.split()[0] for row in rows] == ["100", "200"]
