"""Whether the calibrated score says how often a match is right: a reliability table for the evaluation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matching.profile import DEFAULT_MIN_SCORE

BIN_EDGES = (0.0, 0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0)
"""Score bins [0, 0.1), [0.1, 0.3), ... [0.95, 1.0]; the last bin is closed. Finer at the top, where the
calibrated scores of best matches gather."""

THRESHOLDS = (0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.97)


@dataclass(frozen=True)
class BestMatch:
    """A query's best-ranked candidate of another council: its score (None without one) and whether right."""

    score: float | None
    right: bool


@dataclass(frozen=True)
class ScoreBin:
    """Queries whose best score lies in [low, high) (the top bin also holds high and above)."""

    low: float
    high: float
    queries: int
    right: int
    score_sum: float = 0.0

    @property
    def mean_score(self) -> float | None:
        """Mean score of the bin's queries, to hold against the right-rate; None for an empty bin."""
        return self.score_sum / self.queries if self.queries else None

    @property
    def right_rate(self) -> float | None:
        """Share of the bin's queries whose best match is right; None for an empty bin."""
        return self.right / self.queries if self.queries else None


@dataclass(frozen=True)
class ThresholdRow:
    """How many queries' best match clears a threshold (score >= it), and how many of those are right."""

    threshold: float
    queries: int
    cleared: int
    right: int

    @property
    def coverage(self) -> float:
        """Share of all queries whose best match clears the threshold."""
        return self.cleared / self.queries if self.queries else 0.0

    @property
    def precision(self) -> float | None:
        """Share of the cleared best matches that are right; None when none clears."""
        return self.right / self.cleared if self.cleared else None


def score_bins(matches: Sequence[BestMatch], edges: Sequence[float] = BIN_EDGES) -> list[ScoreBin]:
    """Count queries and right best matches per score bin; queries without a candidate are left out."""
    counts = [[0, 0] for _ in edges[:-1]]
    sums = [0.0 for _ in edges[:-1]]
    for match in matches:
        if match.score is None:
            continue
        # The last bin whose low edge the score reaches; scores below edges[0] join the first bin.
        slot = max([0, *(i for i, low in enumerate(edges[:-1]) if match.score >= low)])
        counts[slot][0] += 1
        counts[slot][1] += match.right
        sums[slot] += match.score
    return [
        ScoreBin(low, high, queries, right, total)
        for low, high, (queries, right), total in zip(edges[:-1], edges[1:], counts, sums, strict=True)
    ]


def threshold_rows(matches: Sequence[BestMatch], thresholds: Sequence[float]) -> list[ThresholdRow]:
    """For each threshold, count the queries whose best match clears it and the right ones among them."""
    rows = []
    for threshold in thresholds:
        cleared = [m for m in matches if m.score is not None and m.score >= threshold]
        rows.append(ThresholdRow(threshold, len(matches), len(cleared), sum(m.right for m in cleared)))
    return rows


def _share(value: float | None) -> str:
    return "    -" if value is None else f"{value:5.3f}"


def reliability_table(matches: Sequence[BestMatch], *, default: float = DEFAULT_MIN_SCORE) -> str:
    """Format the score bins (mean score beside right-rate), then coverage and precision at thresholds."""
    without = sum(m.score is None for m in matches)
    lines = [
        f"reliability of the best match of another council ({len(matches)} queries, {without} without one)",
        f"{'best score':<13} {'queries':>7} {'mean':>6} {'right':>6}",
    ]
    bins = score_bins(matches)
    for i, b in enumerate(bins):
        closing = "]" if i == len(bins) - 1 else ")"
        interval = f"[{b.low:.2f}, {b.high:.2f}{closing}"
        lines.append(f"{interval:<13} {b.queries:7d} {_share(b.mean_score):>6} {_share(b.right_rate):>6}")
    thresholds = sorted({*THRESHOLDS, default})
    lines.append(f"{'score >=':<13} {'coverage':>7} {'precision':>9}")
    for row in threshold_rows(matches, thresholds):
        mark = "  (DEFAULT_MIN_SCORE)" if row.threshold == default else ""
        lines.append(
            f"{row.threshold:<13.2f} {row.coverage:7.3f} {_share(row.precision):>9}"
            f"  {row.cleared}/{row.queries}{mark}"
        )
    return "\n".join(lines)
