"""Score weights and the vectorised raw score of one query against many indexed plans.

The raw score orders peers; `calibration` maps it to the probability that the pair is comparable, which is
what thresholds compare. A pair that shares a service area scores at least RAW_SHARED_FLOOR = 0.45, and a
pair that does not can reach at most BEST_WITHOUT_SHARED_AREA = 0.40. Text similarity is bounded by W_TEXT,
so however the fitted vocabulary and idf drift with corpus size (100 or 100,000 plans), no pair crosses
from one side to the other because of wording alone.

Why these weights: on the evaluation plans a best match that shares only a plan's second or third area
(read from a passing mention) was right far less often than one sharing both plans' first area, and a
shared kind of change lifted such a pair above the right one, so precision fell as the score rose. The
first areas now count (W_FIRST_AREA on each side), and the kind of change only orders peers within a tier.
A pair whose first areas are the same service adds W_BOTH_FIRST: a best match sharing only one plan's first
area (the other's passing mention) was right for about a third of queries on the evaluation sets, one
sharing both for 96 %, and calibration can only tell them apart if the raw score does.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from matching import taxonomy
from matching.profile import PlanProfile

W_SHARED_AREA = 0.35
W_FIRST_AREA = 0.075
"""Added once when the query's first area is shared, and once when the other plan's first area is."""
W_BOTH_FIRST = 0.12
"""Added when the two plans' first areas are the same service: the pair is about one thing."""
W_AREA_OVERLAP = 0.05
W_SAME_GROUP = 0.05
W_MODEL = 0.10
W_STAGE = 0.05
W_TEXT = 0.13
BEST_WITHOUT_SHARED_AREA = W_SAME_GROUP + W_MODEL + W_STAGE + W_TEXT
RAW_SHARED_FLOOR = W_SHARED_AREA + W_SAME_GROUP

assert (
    abs(W_SHARED_AREA + 2 * W_FIRST_AREA + W_BOTH_FIRST + W_AREA_OVERLAP + BEST_WITHOUT_SHARED_AREA - 1.0)
    < 1e-9
)
assert BEST_WITHOUT_SHARED_AREA < RAW_SHARED_FLOOR
# Sharing both first areas outweighs sharing only a later area with the same kind of change.
assert 2 * W_FIRST_AREA > W_MODEL

STAGE_ORDER = ("exploring", "business_case", "consultation", "procurement", "transition", "live")

FloatVector = npt.NDArray[np.float64]
IntVector = npt.NDArray[np.int64]


def stage_index(stage: str | None) -> int:
    """Return the position of stage from exploring (0) to live (5), or -1 when unknown."""
    return STAGE_ORDER.index(stage) if stage in STAGE_ORDER else -1


def group_mask(codes: tuple[str, ...]) -> int:
    """Return a bit mask of the service-area groups of the known codes."""
    groups = _group_bits()
    mask = 0
    for code in codes:
        try:
            mask |= groups[taxonomy.service_area(code).group]
        except KeyError:
            continue
    return mask


@cache
def _group_bits() -> dict[str, int]:
    names = sorted({a.group for a in taxonomy.service_areas()})
    return {name: 1 << i for i, name in enumerate(names)}


_CLOSENESS = {-1: 0.5, 0: 1.0, 1: 0.5}
_AHEAD_CLOSENESS = {-1: 0.25, 0: 0.75, 1: 1.0, 2: 0.9}


@dataclass(frozen=True)
class QueryFields:
    """The query's structured fields in the integer form the index stores."""

    n_areas: int
    groups: int
    model: int
    stage: int


def stage_closeness(gap: IntVector, known: npt.NDArray[np.bool_], *, prefer_ahead: bool) -> FloatVector:
    """Return 0..1 closeness for signed stage gaps (other minus query); unknown stages give 0."""
    # With prefer_ahead, peers one or two stages ahead have just been where the query is going.
    table = _AHEAD_CLOSENESS if prefer_ahead else _CLOSENESS
    closeness = np.zeros(gap.shape, dtype=np.float64)
    for value, weight in table.items():
        closeness[gap == value] = weight
    return np.where(known, closeness, 0.0)


def combine(
    query: QueryFields,
    *,
    shared: IntVector,
    first_shared: IntVector,
    n_areas: IntVector,
    groups: IntVector,
    models: IntVector,
    stages: IntVector,
    text: FloatVector,
    prefer_ahead: bool,
) -> FloatVector:
    """Return the 0..1 raw scores of many plans against one query, rounded to 6 places.

    `first_shared` counts, per plan, how many of the two first areas (the query's, the plan's) are shared.
    """
    union = np.maximum(query.n_areas + n_areas - shared, 1)
    has_shared = shared > 0
    score = np.where(has_shared, W_SHARED_AREA + W_AREA_OVERLAP * shared / union, 0.0)
    score += W_FIRST_AREA * first_shared + np.where(first_shared >= 2, W_BOTH_FIRST, 0.0)
    # A shared area implies a shared group, even for a code the taxonomy does not know.
    score += np.where(has_shared | ((groups & query.groups) != 0), W_SAME_GROUP, 0.0)
    if query.model >= 0:
        score += np.where(models == query.model, W_MODEL, 0.0)
    if query.stage >= 0:
        known = stages >= 0
        score += W_STAGE * stage_closeness(stages - query.stage, known, prefer_ahead=prefer_ahead)
    score += W_TEXT * np.clip(text, 0.0, 1.0)
    return np.round(np.clip(score, 0.0, 1.0), 6)


def first_areas_shared(query: tuple[str, ...], other: tuple[str, ...]) -> int:
    """Return how many of the two first areas (the query's, the other plan's) the other plan shares."""
    if not query or not other:
        return 0
    return int(query[0] in other) + int(other[0] in query)


def structured_score(query: PlanProfile, other: PlanProfile) -> float:
    """Return the 0..0.87 part of the raw score that comes from confirmed fields alone."""
    mine, theirs = set(query.service_areas), set(other.service_areas)
    shared = len(mine & theirs)
    q_stage, o_stage = stage_index(query.stage), stage_index(other.stage)
    fields = QueryFields(
        n_areas=len(mine),
        groups=group_mask(tuple(mine)),
        model=0 if query.delivery_model is not None else -1,
        stage=q_stage,
    )
    score = combine(
        fields,
        shared=np.array([shared]),
        first_shared=np.array([first_areas_shared(query.service_areas, other.service_areas)]),
        n_areas=np.array([len(theirs)]),
        groups=np.array([group_mask(tuple(theirs))]),
        models=np.array([0 if other.delivery_model == query.delivery_model else 1]),
        stages=np.array([o_stage]),
        text=np.zeros(1),
        prefer_ahead=False,
    )
    return float(score[0])
