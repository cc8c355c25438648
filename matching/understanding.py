"""Turn an officer's free-text plan into service areas, a delivery model, a stage and a timeline."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from matching import taxonomy
from matching.negation import cut, split_negated
from matching.phrases import Hit, PhraseMatcher
from matching.profile import PlanProfile
from matching.scored import Scored
from matching.timeline import Timeline, happened, parse_timeline

__all__ = [
    "Scored",
    "Timeline",
    "Understanding",
    "is_live",
    "parse_timeline",
    "profile_from_text",
    "understand",
]

STRONG_WEIGHT = 0.85
WEAK_WEIGHT = 0.55
REPAIRED_FACTOR = 0.8
AREA_THRESHOLD = 0.6
OPTION_THRESHOLD = 0.5
MAX_AREAS = 3
# The learned model's areas are taken, when the phrases find none, from this probability up: on tune.jsonl
# in five-fold cross-validation its top area was right for 99% of the plans it kept at 0.3 (82% kept).
LEARNED_THRESHOLD = 0.3
# When neither finds an area, a single weak phrase (not a typo-repaired one) is taken as the only area.
WEAK_AREA_THRESHOLD = 0.5
LIVE = "live"
# A stage read from a date said in the past tense when no phrase names one: a guess, so below a phrase's.
PAST_DATE_CONFIDENCE = 0.55


@dataclass(frozen=True)
class Understanding:
    """What we understood from a plan description."""

    service_areas: tuple[Scored, ...]
    delivery_model: Scored | None
    stage: Scored | None
    timeline: Timeline | None


def _matcher(kind: str, coded: Iterable[tuple[str, Sequence[str]]]) -> PhraseMatcher:
    weak = taxonomy.weak_phrases()
    entries: list[tuple[str | None, str, bool]] = [
        (code, phrase, (code, phrase) in weak) for code, phrases in coded for phrase in phrases
    ]
    entries.extend((None, phrase, False) for phrase in taxonomy.blockers(kind))
    return PhraseMatcher(entries, taxonomy.token_aliases(), taxonomy.case_sensitive_tokens())


@cache
def _area_matcher() -> PhraseMatcher:
    return _matcher("area", ((a.code, a.phrases) for a in taxonomy.service_areas()))


@cache
def _model_matcher() -> PhraseMatcher:
    return _matcher("model", ((m.code, m.phrases) for m in taxonomy.delivery_models()))


@cache
def _stage_matcher() -> PhraseMatcher:
    return _matcher("stage", ((s.code, s.phrases) for s in taxonomy.stages()))


def _scores(hits: Iterable[Hit], threshold: float) -> list[Scored]:
    """Combine hits per code as independent evidence; best first, ties to the earliest mention."""
    weights: dict[str, dict[str, float]] = {}
    first: dict[str, int] = {}
    for hit in hits:
        if hit.code is None:
            continue
        weight = (WEAK_WEIGHT if hit.weak else STRONG_WEIGHT) * (REPAIRED_FACTOR if hit.repaired else 1.0)
        per_phrase = weights.setdefault(hit.code, {})
        per_phrase[hit.phrase] = max(per_phrase.get(hit.phrase, 0.0), weight)
        first.setdefault(hit.code, hit.start)
    scored: list[tuple[float, int, str]] = []
    for code, per_phrase in weights.items():
        doubt = 1.0
        for weight in per_phrase.values():
            doubt *= 1.0 - weight
        confidence = round(1.0 - doubt, 4)
        if confidence >= threshold:
            scored.append((confidence, first[code], code))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [Scored(code, confidence) for confidence, _, code in scored]


def _detect(matcher: PhraseMatcher, text: str, threshold: float) -> list[Scored]:
    return _scores(matcher.find(matcher.prepare(text)), threshold)


def _affirmed(matcher: PhraseMatcher, text: str, *, not_yet_rules_out: bool) -> tuple[list[Hit], str]:
    """The matcher's hits the text does not rule out, and the text without those it does (unchanged
    when it rules none out)."""
    prepared = matcher.prepare(text)
    kept, cuts = split_negated(prepared, matcher.find(prepared), not_yet_rules_out=not_yet_rules_out)
    return kept, cut(prepared.text, cuts) if cuts else text


def without_ruled_out(text: str) -> str:
    """The text without any service it rules out ("ferries not tourism")."""
    return _affirmed(_area_matcher(), text, not_yet_rules_out=False)[1]


def model_evidence(text: str) -> list[Scored]:
    """Every kind of change a phrase in the text names (not one it rules out); best first."""
    # "a mutual rather than a trust"; "not yet gone to a trust" still means a trust
    return _scores(_affirmed(_model_matcher(), text, not_yet_rules_out=False)[0], OPTION_THRESHOLD)


def area_evidence(text: str) -> list[Scored]:
    """Every service area any phrase in the text points to, however weakly; best first."""
    return _detect(_area_matcher(), text, 0.0)


def service_words(text: str) -> str:
    """The text without the words that say the kind of change or the stage ("spin out as a staff mutual",
    "consultation running now"): what is left says which service. The learned model reads only that,
    since those words, common to every plan, pull its probability away from the service."""
    for matcher in (_model_matcher(), _stage_matcher()):
        prepared = matcher.prepare(text)
        text = cut(prepared.text, ((hit.start, hit.end) for hit in matcher.find(prepared) if hit.code))
    return text


# "it" is the pronoun unless written "IT": the model, which reads lower case, would take "got it" for ICT.
_NOT_IT = re.compile(r"\b(?!IT\b)[Ii][Tt]\b")


def _learned_areas(text: str) -> list[Scored]:
    """The learned model's likeliest areas, for words no phrase knows; its probability is the confidence."""
    # Imported here: the model brings scikit-learn and trains on first use.
    from matching.area_model import rank_areas

    words = _NOT_IT.sub(" ", service_words(text))
    words = words if words.strip() else _NOT_IT.sub(" ", text)
    if not words.strip():
        return []
    ranked = rank_areas(words, limit=MAX_AREAS)
    return [s for s in ranked if s.confidence >= LEARNED_THRESHOLD]


def understand(text: str, *, today: date, learned: bool = True, guess: bool = True) -> Understanding:
    """Read a plan description and return what it is about, confident parts only; `learned=False` keeps
    to the phrase rules (for telling a name from a plan, where the model's guesses would mislead), and
    `guess=False` never offers a single weak phrase as the service (nobody is there to confirm it)."""
    area_hits, said = _affirmed(_area_matcher(), text, not_yet_rules_out=False)  # "ferries, not tourism"
    areas = _scores(area_hits, AREA_THRESHOLD)[:MAX_AREAS]
    if not areas and learned:
        areas = _learned_areas(said)
    if not areas and learned and guess:
        # One weak phrase ("the tip", "rounds") is a better guess than none: the officer confirms it.
        areas = [s for s in _scores(area_hits, 0.0) if s.confidence >= WEAK_AREA_THRESHOLD][:1]
    models = model_evidence(text)
    # "we haven't gone out to tender yet" has not reached the tender
    found_stages = _scores(_affirmed(_stage_matcher(), text, not_yet_rules_out=True)[0], OPTION_THRESHOLD)
    stage = found_stages[0] if found_stages else None
    if stage is None and happened(text, today=today):
        stage = Scored(LIVE, PAST_DATE_CONFIDENCE)
    return Understanding(
        service_areas=tuple(areas),
        delivery_model=models[0] if models else None,
        stage=stage,
        timeline=parse_timeline(text, today=today, live=is_live(stage.code if stage else None)),
    )


def is_live(stage: str | None) -> bool | None:
    """Whether a plan at this stage is live: None when the stage is not known, for the words to decide."""
    return None if stage is None else stage == LIVE


def profile_from_text(plan_id: int, organisation_id: int, text: str, *, today: date) -> PlanProfile:
    """Build a plan profile from text alone, taking what understand() is confident about as confirmed."""
    understood = understand(text, today=today, guess=False)
    return PlanProfile(
        plan_id=plan_id,
        organisation_id=organisation_id,
        text=text,
        service_areas=tuple(s.code for s in understood.service_areas),
        delivery_model=understood.delivery_model.code if understood.delivery_model else None,
        stage=understood.stage.code if understood.stage else None,
    )
