"""Whether DEFAULT_MIN_SCORE means the same at 100 plans and at 100,000: the evaluation's scale line.

The evaluation plans are read as `notalone rank` reads them and ranked twice: among themselves, and with
synthetic plans of other councils (matching/synthetic.py, their fields taken as confirmed) added around
them. A synthetic best match is right when it shares a gold area of the query. If the calibrated score
drifted with the corpus (the idf does), coverage and precision at the threshold would move with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from matching.index import PlanIndex
from matching.profile import DEFAULT_MIN_SCORE, PlanProfile
from matching.reliability import BestMatch, ThresholdRow, threshold_rows
from matching.synthetic import synthetic_plans
from matching.understanding import profile_from_text

_SEED = 20261203
_FIRST_SYNTHETIC_ORG = 1_000_000  # synthetic councils never coincide with an evaluation plan's council


def best_at_scale(
    texts: Sequence[str], orgs: Sequence[str], gold: Sequence[frozenset[str]], *, background: int, today: date
) -> list[BestMatch]:
    """Return each plan's best match of another council among the plans and `background` synthetic ones."""
    numbers: dict[str, int] = {}
    profiles = [
        profile_from_text(i, numbers.setdefault(org, len(numbers)), text, today=today)
        for i, (text, org) in enumerate(zip(texts, orgs, strict=True))
    ]
    extra: list[PlanProfile] = [
        replace(p, organisation_id=_FIRST_SYNTHETIC_ORG + p.organisation_id)
        for p in synthetic_plans(background, seed=_SEED, first_id=len(profiles))
    ]
    extra_areas = {p.plan_id: frozenset(p.service_areas) for p in extra}
    index = PlanIndex([*profiles, *extra])
    matches = []
    for i, query in enumerate(profiles):
        ranked = index.rank(query, limit=1)
        if not ranked:
            matches.append(BestMatch(None, False))
            continue
        best = ranked[0]
        areas = gold[best.plan_id] if best.plan_id < len(profiles) else extra_areas[best.plan_id]
        matches.append(BestMatch(best.score, bool(areas & gold[i])))
    return matches


def scale_line(
    texts: Sequence[str],
    orgs: Sequence[str],
    gold: Sequence[frozenset[str]],
    *,
    background: int,
    today: date,
    threshold: float = DEFAULT_MIN_SCORE,
) -> str:
    """One line: coverage and precision at the threshold alone and among `background` synthetic plans."""
    rows: list[tuple[int, ThresholdRow]] = []
    for size in (0, background):
        matches = best_at_scale(texts, orgs, gold, background=size, today=today)
        rows.append((len(texts) + size, threshold_rows(matches, [threshold])[0]))
    parts = [
        f"{plans:,} plans: coverage {row.coverage:.3f}, precision "
        + ("-" if row.precision is None else f"{row.precision:.3f}")
        for plans, row in rows
    ]
    return f"at DEFAULT_MIN_SCORE {threshold:.2f}: " + "; ".join(parts)
