"""What the matcher reads about a plan and what it returns about another plan."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MIN_SCORE = 0.5
"""A score at or above this is a good match: the plans share at least one confirmed service area."""


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
    shared_service_areas: tuple[str, ...]
    shared_delivery_model: str | None
    stage_gap: int | None = None
    """The other plan's stage index minus the query's (1: they are one stage ahead); None when unknown."""
    text_similarity: float = 0.0
    """Cosine similarity of the two descriptions (0..1), for reasons such as 'described in similar words'."""
