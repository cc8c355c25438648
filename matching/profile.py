"""What the matcher reads about a plan and what it returns about another plan."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MIN_SCORE = 0.9
"""A calibrated score at or above this is a good match: about nine in ten such pairs share a service area.

Scores are probabilities (matching/calibration.py), so this means the same at 100 plans and at 100,000.
Chosen on the tuning plans only: there the best match of every query clears it (coverage 1.00, precision
1.00, against the 0.85 and 0.92 asked). By the map fitted on them and their terser copies
(build_calibration.py), a pair sharing both plans' first area clears it; one sharing a first area of only
one plan (about two in three right) needs the same kind of change as well, and one sharing neither first
area needs that, the stage and much of the wording; a pair sharing no area never clears it.
"""


@dataclass(frozen=True)
class PlanProfile:
    """One plan: its free text and the structured fields the officer confirmed."""

    plan_id: int
    organisation_id: int
    text: str
    service_areas: tuple[str, ...]
    delivery_model: str | None
    stage: str | None


@dataclass(frozen=True)
class Candidate:
    """A plan of another organisation, with a 0..1 score and what the two plans share."""

    plan_id: int
    organisation_id: int
    score: float
    """The calibrated probability (0..1) that an officer of the other council would call it comparable."""
    shared_service_areas: tuple[str, ...]
    shared_delivery_model: str | None
    stage_gap: int | None = None
    """The other plan's stage index minus the query's (1: they are one stage ahead); None when unknown."""
    text_similarity: float = 0.0
    """Cosine similarity of the two descriptions (0..1), for reasons such as 'described in similar words'."""
    raw_score: float = 0.0
    """The weighted sum the peers are ordered by (scoring.py), before calibration."""
