"""Fit matching/data/calibration.json: the calibrated score as a function of the raw score.

Runs offline and deterministically, on the tuning plans only (never on a held-out file):

    python scripts/build_calibration.py [--check]

Every pair of plans of two different councils in `matching/data/eval/tune.jsonl` is read as
`notalone rank` reads it (understand, then the plan index) and labelled comparable when the two plans
share a gold service area, the rule behind the evaluation's "right". An isotonic regression
(scikit-learn, increasing, clipped outside the fitted range) of that label on the pair's raw score gives
the map; its knots are written as JSON, which `matching.calibration` reads at import.

The reader was tuned on these very plans and reads them all but perfectly, so on them alone every pair
sharing an area is right and the map would be a bare step from 0 to 1: sure of itself where new voices
are not. So the plans are also read in ROUNDS terser copies, each word dropped with probability DROP (a
fixed seed): the officer who writes "libs -> trust" instead of a sentence. Misreadings then happen as on
unseen plans, and the map learns how much a shared first area, a shared later area, or wording alone is
worth. DROP and ROUNDS were set once, before looking at any held-out figure.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np
from sklearn.isotonic import IsotonicRegression

from matching.evaluate import _TODAY, load
from matching.index import PlanIndex
from matching.understanding import profile_from_text

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "matching" / "data" / "calibration.json"
SPLIT = "tune"
DROP = 0.3
ROUNDS = 3
SEED = 20261203


def _terser(text: str, rng: random.Random) -> str:
    """Return text with each word dropped with probability DROP (keeping the first if none is left)."""
    words = text.split()
    return " ".join([w for w in words if rng.random() >= DROP] or words[:1])


def labelled_pairs() -> tuple[list[float], list[int]]:
    """Return the raw score and the label (1: shares a gold area) of every pair of other councils' plans."""
    plans = load(SPLIT)
    orgs: dict[str, int] = {}
    numbers = [orgs.setdefault(p.org, len(orgs)) for p in plans]
    rng = random.Random(SEED)
    raws: list[float] = []
    labels: list[int] = []
    for round_ in range(ROUNDS + 1):
        texts = [p.text if round_ == 0 else _terser(p.text, rng) for p in plans]
        profiles = [
            profile_from_text(i, org, text, today=_TODAY)
            for i, (org, text) in enumerate(zip(numbers, texts, strict=True))
        ]
        index = PlanIndex(profiles)
        for i, query in enumerate(profiles):
            for candidate in index.rank(query, limit=len(profiles)):
                raws.append(candidate.raw_score)
                labels.append(int(bool(plans[i].areas & plans[candidate.plan_id].areas)))
    return raws, labels


def fit() -> dict[str, object]:
    """Fit the isotonic map and return it as the JSON-ready knots."""
    raws, labels = labelled_pairs()
    regression = IsotonicRegression(y_min=0.0, y_max=1.0, increasing=True, out_of_bounds="clip")
    regression.fit(np.asarray(raws), np.asarray(labels, dtype=np.float64))
    return {
        "fitted_on": f"matching/data/eval/{SPLIT}.jsonl as written and in {ROUNDS} terser copies (each "
        f"word dropped with probability {DROP}): {len(raws)} pairs of plans of two councils, "
        f"{sum(labels)} sharing a gold service area",
        "raw": [round(float(x), 6) for x in regression.X_thresholds_],
        "probability": [round(float(y), 6) for y in regression.y_thresholds_],
    }


def main(argv: list[str] | None = None) -> int:
    """Write the map, or with --check say whether the file in the package is up to date."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the file differs from a fresh fit")
    args = parser.parse_args(argv)
    text = json.dumps(fit(), indent=1) + "\n"
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.is_file() else ""
        if current != text:
            print(f"{OUTPUT} is out of date: run python scripts/build_calibration.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
