"""The reliability table: does the calibrated best-match score say how often the match is right?"""

from __future__ import annotations

import pytest

from matching.profile import DEFAULT_MIN_SCORE
from matching.reliability import BestMatch, reliability_table, score_bins, threshold_rows

# Hand-made best matches: (score, right). One query has no candidate at all.
MATCHES = [
    BestMatch(0.05, False),
    BestMatch(0.3, False),  # on an edge: belongs to [0.3, 0.5)
    BestMatch(0.4, True),
    BestMatch(0.55, True),
    BestMatch(0.5, False),
    BestMatch(0.95, True),  # the top bin is closed: [0.95, 1.0]
    BestMatch(1.0, True),
    BestMatch(None, False),
]


def test_bins_count_queries_and_right_matches_by_best_score() -> None:
    bins = score_bins(MATCHES)
    assert [(b.low, b.high, b.queries, b.right) for b in bins] == [
        (0.0, 0.1, 1, 0),
        (0.1, 0.3, 0, 0),
        (0.3, 0.5, 2, 1),
        (0.5, 0.7, 2, 1),
        (0.7, 0.8, 0, 0),
        (0.8, 0.9, 0, 0),
        (0.9, 0.95, 0, 0),
        (0.95, 1.0, 2, 2),
    ]
    assert bins[2].right_rate == 0.5 and bins[1].right_rate is None
    # The mean score sits beside the right-rate, so a calibrated score can be checked against it.
    assert bins[2].mean_score == pytest.approx(0.35) and bins[1].mean_score is None
    assert bins[7].mean_score == pytest.approx(0.975)


def test_thresholds_give_coverage_of_all_queries_and_precision_among_those_cleared() -> None:
    low, middle, high, beyond = threshold_rows(MATCHES, [0.3, 0.5, 0.95, 1.01])
    # A score equal to the threshold clears it, as in PlanIndex.rank(min_score=...).
    assert (low.cleared, low.right) == (6, 4)
    assert low.coverage == pytest.approx(6 / 8) and low.precision == pytest.approx(4 / 6)
    assert (middle.cleared, middle.right, middle.precision) == (4, 3, 0.75)
    assert middle.coverage == 0.5
    assert (high.cleared, high.precision, high.coverage) == (2, 1.0, 0.25)
    assert (beyond.cleared, beyond.precision, beyond.coverage) == (0, None, 0.0)


def test_table_marks_the_default_threshold_and_lists_it_once() -> None:
    text = reliability_table(MATCHES)
    assert "8 queries, 1 without one" in text
    assert "[0.95, 1.00]" in text and "[0.30, 0.50)" in text
    default_rows = [line for line in text.splitlines() if "DEFAULT_MIN_SCORE" in line]
    assert len(default_rows) == 1 and default_rows[0].startswith(f"{DEFAULT_MIN_SCORE:.2f}")
    assert "2/8" in default_rows[0]
    odd = reliability_table(MATCHES, default=0.55)
    assert odd.count("DEFAULT_MIN_SCORE") == 1 and "0.55" in odd
