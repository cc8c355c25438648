"""The calibrated score: the probability that an officer of the other council would call a pair comparable.

`scripts/build_calibration.py` fits an isotonic regression of "the pair shares a gold service area" on the
raw score (scoring.py) of every pair of other councils' plans in `data/eval/tune.jsonl`, and writes its
knots to `data/calibration.json`. Here the knots are read once, at import, and joined by straight lines,
as scikit-learn's IsotonicRegression predicts; below the first knot and above the last the end values hold.
Nothing is fitted at run time, and the map is the same at 100 plans and at 100,000.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from importlib import resources

import numpy as np
import numpy.typing as npt

FILE = "calibration.json"

FloatVector = npt.NDArray[np.float64]


@dataclass(frozen=True)
class CalibrationMap:
    """Knots of a monotone non-decreasing map from raw score to probability."""

    raw: FloatVector
    probability: FloatVector

    def __post_init__(self) -> None:
        if len(self.raw) == 0 or len(self.raw) != len(self.probability):
            raise ValueError("a calibration map needs as many probabilities as raw scores, at least one")
        if np.any(np.diff(self.raw) <= 0) or np.any(np.diff(self.probability) < 0):
            raise ValueError("a calibration map must rise with the raw score")
        if self.probability[0] < 0 or self.probability[-1] > 1:
            raise ValueError("calibrated scores must lie in 0..1")

    def __call__(self, raw: FloatVector) -> FloatVector:
        """Return the probabilities of raw scores."""
        return np.interp(raw, self.raw, self.probability)

    def floor(self, probability: float) -> float:
        """Return the least raw score whose probability reaches `probability` (-inf or inf at the ends)."""
        ys = self.probability
        if probability <= ys[0]:
            return -math.inf
        if probability > ys[-1]:
            return math.inf
        i = int(np.searchsorted(ys, probability, side="left"))  # first knot reaching it; ys[i - 1] < it
        x0, x1, y0, y1 = self.raw[i - 1], self.raw[i], ys[i - 1], ys[i]
        # A hair lower, so a raw score on the boundary is not lost to rounding; the caller checks exactly.
        return float(x0 + (probability - y0) / (y1 - y0) * (x1 - x0)) - 1e-9


def load_map() -> CalibrationMap:
    """Read the map shipped in the package."""
    text = resources.files("matching.data").joinpath(FILE).read_text(encoding="utf-8")
    knots = json.loads(text)
    return CalibrationMap(
        np.asarray(knots["raw"], dtype=np.float64), np.asarray(knots["probability"], dtype=np.float64)
    )


MAP = load_map()


def calibrate(raw: FloatVector) -> FloatVector:
    """Return the calibrated 0..1 scores of raw scores, rounded to 4 places."""
    return np.round(MAP(raw), 4)


def raw_floor(probability: float) -> float:
    """Return the least raw score whose calibrated score reaches `probability`."""
    return MAP.floor(probability)
