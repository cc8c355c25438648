"""The service areas a text most likely means, ranked, for asking an officer rather than guessing.

`understand` keeps only what it is confident of. When it finds no service, the officer is offered a
few likely ones instead of the whole list: any phrase evidence first, then the learned model's likeliest
areas (`area_model.rank_areas`: typos, clipped words, acronyms, descriptions), and only when it has
none, how much the text's words resemble each area's name and phrases (TF-IDF over character n-grams),
which still finds something in a long sentence whose one service word the model has never seen.
"""

from __future__ import annotations

import itertools
import re
from functools import cache
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from matching import taxonomy
from matching.understanding import Scored, area_evidence, service_words, without_ruled_out

_WORD = re.compile(r"[^\W\d_]+")
# Words that say nothing about which service: "you" must not suggest youth services.
# Nor do the words every plan uses for the change itself, its stage and its timing.
_IGNORED = frozenset(ENGLISH_STOP_WORDS) | {
    "council",
    "councils",
    "service",
    "services",
    "plan",
    "plans",
    "want",
    "team",
    "teams",
    "staff",
    "mutual",
    "trust",
    "early",
    "days",
    "day",
    "thinking",
    "considering",
    "looking",
    "moving",
    "exploring",
    "stage",
    "business",
    "case",
    "options",
    "option",
    "year",
    "years",
    "month",
    "months",
    "next",
    "spin",
    "outsource",
    "outsourcing",
    "contract",
    "company",
    "enterprise",
    "social",
    "shared",
    "joint",
    "venture",
    "house",
    "people",
    "things",
    "thing",
    "way",
    "work",
    "working",
}
# Below this resemblance a service is not worth offering.
MIN_RESEMBLANCE = 0.6
# Phrase evidence outranks the rest: a weak phrase hit beats a guess.
PHRASE_BONUS = 0.5
# The model's areas worth offering. On the held-out sets (every plan's service is in the taxonomy) its
# guesses from 0.2 up were right two times in three or more, those at 0.1-0.2 about one in three, and for
# services the taxonomy lacks ("translation and interpreting") it puts 0.1-0.15 on something; such weak
# probabilities also move by about 0.05 when the model is retrained on a few more phrases. So a guess is
# offered from MIN_PROBABILITY, and the first from FIRST_MIN_PROBABILITY only when it stands out, at least
# STANDS_OUT times the next: a lone likely service, not the top of a flat spread. Against a single floor of
# 0.1, the held-out guesses offered went from 89 % to 94 % right, every plan the bot asks about (no area
# understood confidently) that had a right guess kept it, and 5 of 15 services the taxonomy lacks still get
# a guess instead of 11. Chat such as "hello" stays under both.
MIN_PROBABILITY = 0.2
FIRST_MIN_PROBABILITY = 0.1
STANDS_OUT = 3.0


@cache
def _model() -> tuple[TfidfVectorizer, Any, tuple[str, ...]]:
    """Every area's name and phrases, one row each, and the area each row belongs to."""
    rows: list[tuple[str, str]] = []
    for area in taxonomy.service_areas():
        rows.extend((area.code, phrase.lower()) for phrase in {area.name, *area.phrases})
    vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    matrix = vectoriser.fit_transform([phrase for _, phrase in rows])
    return vectoriser, matrix, tuple(code for code, _ in rows)


def likely_service_areas(text: str, *, limit: int = 5) -> tuple[Scored, ...]:
    """Up to `limit` service areas the text may mean, most likely first; empty when nothing fits."""
    from matching.area_model import rank_areas

    text = without_ruled_out(text)
    scores: dict[str, float] = {s.code: PHRASE_BONUS + s.confidence for s in area_evidence(text)}
    # As understand() does: the words of the kind of change and the stage say nothing of the service
    # ("alternative delivery models" is no sign of meals on wheels).
    words = service_words(text)
    for scored in _worth_offering(rank_areas(words if words.strip() else text, limit=max(limit, 2))[:limit]):
        scores[scored.code] = max(scores.get(scored.code, 0.0), scored.confidence)
    if not scores:
        scores = _resembling(words if words.strip() else text)
    ranked = sorted(scores.items(), key=lambda item: -item[1])[:limit]
    return tuple(Scored(code, round(min(score, 1.0), 4)) for code, score in ranked)


def _worth_offering(ranked: tuple[Scored, ...]) -> tuple[Scored, ...]:
    """The model's areas likely enough to offer: from MIN_PROBABILITY, or a first that stands out."""
    offered = tuple(s for s in ranked if s.confidence >= MIN_PROBABILITY)
    if offered or not ranked or ranked[0].confidence < FIRST_MIN_PROBABILITY:
        return offered
    runner_up = ranked[1].confidence if len(ranked) > 1 else 0.0
    return ranked[:1] if ranked[0].confidence >= STANDS_OUT * runner_up else ()


def _resembling(text: str) -> dict[str, float]:
    """Each area some word or pair of words of the text resembles, with its best resemblance."""
    scores: dict[str, float] = {}
    words = [w for w in _WORD.findall(text.lower()) if w not in _IGNORED and len(w) > 2]
    if words:
        vectoriser, matrix, codes = _model()
        # Each word, and each pair of words, against each phrase: the best resemblance per area.
        pieces = words + [f"{a} {b}" for a, b in itertools.pairwise(words)]
        resemblance = (vectoriser.transform(pieces) @ matrix.T).toarray().max(axis=0)
        for index in np.flatnonzero(resemblance >= MIN_RESEMBLANCE):
            code = codes[int(index)]
            scores[code] = max(scores.get(code, 0.0), float(resemblance[index]))
    return scores
