"""Officers' own word about matches, and live figures from the service, as plain values.

Nothing here reads a database: the core passes in the kinds of match an officer said were not for them,
and `python -m matching.evaluate --live FILE` passes in counts an operator exported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, replace

from matching.profile import Candidate

# A candidate like one the officer turned down keeps most of its score: a strong match still gets
# through, a borderline one no longer does. Each plan is lowered once, however often it was said.
AVOIDED_WEIGHT = 0.8

Profile = tuple[frozenset[str], str | None]
"""What an officer was shown of a match: its shared service areas and kind of change."""


def profile(service_areas: Iterable[str], delivery_model: str | None) -> Profile:
    """The profile of a match from its shared service areas and kind of change."""
    return frozenset(service_areas), delivery_model


def reweigh(
    candidates: Iterable[Candidate],
    own: Set[Profile],
    theirs: Mapping[int, Set[Profile]],
    *,
    min_score: float,
) -> list[Candidate]:
    """The candidates, those like a match either owner turned down scored lower and put after the rest.

    `own`: the profiles the query plan's owner turned down; `theirs`: by candidate plan id, the profiles
    each candidate's owner turned down (a match's profile is the same seen from either side). Otherwise
    the ranking's order is kept; a lowered candidate below `min_score` is left out.
    """
    kept: list[Candidate] = []
    lowered: list[Candidate] = []
    for candidate in candidates:
        seen = profile(candidate.shared_service_areas, candidate.shared_delivery_model)
        if seen in own or seen in theirs.get(candidate.plan_id, ()):
            candidate = replace(candidate, score=round(candidate.score * AVOIDED_WEIGHT, 4))
            if candidate.score >= min_score:
                lowered.append(candidate)
        else:
            kept.append(candidate)
    return kept + lowered


@dataclass(frozen=True)
class LiveRates:
    """How possible matches fared on the live service: None where the counts were too few to show."""

    acceptance: float | None  # introductions per possible match made
    usefulness: float | None  # "it helped" per officer who said they talked
    proposals: int | None
    talked: int | None


def live_rates(counts: Mapping[str, int | None]) -> LiveRates:
    """Acceptance and usefulness from plain counts: proposals, introductions, helped, not_much_use."""
    proposals, introductions = counts.get("proposals"), counts.get("introductions")
    helped, not_much_use = counts.get("helped"), counts.get("not_much_use")
    acceptance = introductions / proposals if proposals and introductions is not None else None
    talked = helped + not_much_use if helped is not None and not_much_use is not None else None
    usefulness = helped / talked if talked and helped is not None else None
    return LiveRates(acceptance, usefulness, proposals, talked)


def live_line(rates: LiveRates) -> str:
    """One line for the evaluation report."""

    def percent(rate: float | None, of: int | None, what: str) -> str:
        if rate is None or of is None:
            return f"{what} too few to show"
        return f"{what} {rate:.0%} of {of}"

    acceptance = percent(rates.acceptance, rates.proposals, "accepted by both:")
    usefulness = percent(rates.usefulness, rates.talked, "helped, of those who talked:")
    return f"live: {acceptance}; {usefulness}"
