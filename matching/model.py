"""Rank other councils' plans: a shared service area first, then delivery model, stage and wording."""

from __future__ import annotations

from collections.abc import Sequence

from matching.index import PlanIndex
from matching.profile import DEFAULT_MIN_SCORE, Candidate, PlanProfile
from matching.scoring import structured_score

__all__ = ["DEFAULT_MIN_SCORE", "Candidate", "Matcher", "PlanProfile", "structured_score"]


class Matcher:
    """TF-IDF over text plus structured fields; ranks plans of OTHER organisations."""

    def __init__(self, profiles: Sequence[PlanProfile]) -> None:
        """Fit on the profiles to rank against."""
        self._index = PlanIndex(profiles)

    def rank(
        self, query: PlanProfile, *, limit: int = 10, min_score: float = 0.0, prefer_ahead: bool = False
    ) -> list[Candidate]:
        """Return up to limit plans of other organisations scoring at least min_score, best first."""
        return self._index.rank(query, limit=limit, min_score=min_score, prefer_ahead=prefer_ahead)
