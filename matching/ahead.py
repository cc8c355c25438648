"""Stage-aware ordering: among good matches, peers who have just been where the query is going first.

A rerank of candidates that already cleared the threshold, not a change to the score: who counts as a
good match, and what a score means, stay as scoring.py calibrates them.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from matching.profile import Candidate

AHEAD_GAPS = (1, 2)
"""Stages ahead of the query that make a peer worth meeting first: far enough to have been there, near
enough to remember it."""


def is_welcome_ahead(candidate: Candidate, *, adviser: bool = False) -> bool:
    """Whether the candidate is one or two stages ahead, or, offering to advise, any number ahead."""
    gap = candidate.stage_gap
    if gap is None or gap <= 0:
        return False
    return adviser or gap in AHEAD_GAPS


def prefer_ahead(candidates: Sequence[Candidate], *, advisers: Collection[int] = ()) -> list[Candidate]:
    """Return the candidates with welcome peers ahead first (`advisers`: plan ids offering to advise);
    each group keeps the order it came in (best score first)."""
    # sorted() is stable: within each group the index's order (score, then plan id) stands.
    return sorted(candidates, key=lambda c: not is_welcome_ahead(c, adviser=c.plan_id in advisers))
