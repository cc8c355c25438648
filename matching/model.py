"""Rank other councils' plans: a shared service area first, then delivery model, stage and wording."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from matching import taxonomy

DEFAULT_MIN_SCORE = 0.5
"""A score at or above this is a good match: the plans share at least one confirmed service area."""

# Weights sum to 1. Without a shared service area the rest can reach at most 0.49, so never a good match.
_W_SHARED_AREA = 0.45
_W_AREA_OVERLAP = 0.06
_W_SAME_GROUP = 0.05
_W_MODEL = 0.2
_W_STAGE = 0.05
_W_TEXT = 0.19

_STAGE_ORDER = ("exploring", "business_case", "consultation", "procurement", "transition", "live")


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


def _prepare_text(text: str) -> str:
    words = [w for w in text.lower().split() if w.strip(".,;:!?()\"'") not in ENGLISH_STOP_WORDS]
    return " ".join(words)


def _vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        sublinear_tf=True,
        preprocessor=_prepare_text,
        dtype=np.float64,
    )


def _groups(codes: Sequence[str]) -> set[str]:
    groups: set[str] = set()
    for code in codes:
        try:
            groups.add(taxonomy.service_area(code).group)
        except KeyError:
            continue
    return groups


def _stage_closeness(a: str | None, b: str | None) -> float:
    if a is None or b is None or a not in _STAGE_ORDER or b not in _STAGE_ORDER:
        return 0.0
    gap = abs(_STAGE_ORDER.index(a) - _STAGE_ORDER.index(b))
    return {0: 1.0, 1: 0.5}.get(gap, 0.0)


def structured_score(query: PlanProfile, other: PlanProfile) -> float:
    """Return the 0..0.81 part of the score that comes from confirmed fields alone."""
    mine, theirs = set(query.service_areas), set(other.service_areas)
    shared = mine & theirs
    score = 0.0
    if shared:
        score += _W_SHARED_AREA + _W_AREA_OVERLAP * len(shared) / len(mine | theirs)
    if _groups(query.service_areas) & _groups(other.service_areas):
        score += _W_SAME_GROUP
    if query.delivery_model is not None and query.delivery_model == other.delivery_model:
        score += _W_MODEL
    return score + _W_STAGE * _stage_closeness(query.stage, other.stage)


def _text_similarities(query_text: str, texts: Sequence[str]) -> npt.NDArray[np.float64]:
    """Cosine similarity of query_text to each text, fitted on all of them; zeros when nothing is usable."""
    if not texts:
        return np.zeros(0)
    try:
        matrix = _vectorizer().fit_transform([query_text, *texts])
    except ValueError:  # empty vocabulary: every text is blank or too short
        return np.zeros(len(texts))
    sims = (matrix[1:] @ matrix[0].T).toarray().ravel()
    return np.clip(np.asarray(sims, dtype=np.float64), 0.0, 1.0)


class Matcher:
    """TF-IDF over text plus structured fields; ranks plans of OTHER organisations."""

    def __init__(self, profiles: Sequence[PlanProfile]) -> None:
        """Keep the profiles to rank against."""
        self._profiles = tuple(profiles)

    def rank(self, query: PlanProfile, *, limit: int = 10, min_score: float = 0.0) -> list[Candidate]:
        """Return up to limit plans of other organisations scoring at least min_score, best first."""
        corpus = [p for p in self._profiles if p.plan_id != query.plan_id]
        if limit <= 0 or not corpus:
            return []
        sims = _text_similarities(query.text, [p.text for p in corpus])
        candidates: list[Candidate] = []
        for profile, sim in zip(corpus, sims, strict=True):
            if profile.organisation_id == query.organisation_id:
                continue
            score = round(min(1.0, max(0.0, structured_score(query, profile) + _W_TEXT * float(sim))), 6)
            if score < min_score:
                continue
            shared_model = (
                query.delivery_model
                if query.delivery_model is not None and query.delivery_model == profile.delivery_model
                else None
            )
            candidates.append(
                Candidate(
                    plan_id=profile.plan_id,
                    organisation_id=profile.organisation_id,
                    score=score,
                    shared_service_areas=tuple(
                        a for a in dict.fromkeys(query.service_areas) if a in profile.service_areas
                    ),
                    shared_delivery_model=shared_model,
                )
            )
        candidates.sort(key=lambda c: (-c.score, c.plan_id))
        return candidates[:limit]
