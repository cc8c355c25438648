"""Deterministic synthetic plans built from taxonomy phrases, for benchmarks and scale tests."""

from __future__ import annotations

import random
from collections.abc import Iterator

from matching import taxonomy
from matching.profile import PlanProfile

_OPENERS = (
    "We are looking at",
    "Members have asked us to consider",
    "Early thoughts on",
    "Proposal:",
    "Our cabinet wants",
    "I'm leading work on",
    "Officers are exploring",
    "Plan for",
)
_LINKS = ("moving", "putting", "transferring", "taking", "shifting", "changing")
_PLACES = (
    "north", "south", "east", "west", "valley", "coastal", "rural", "town", "city", "borough", "county",
    "district", "market", "riverside", "moor", "forest", "vale", "downs", "fen", "heath",
)  # fmt: skip
_ORGANISATIONS = 400


def _strong(phrases: tuple[str, ...], code: str) -> list[str]:
    weak = taxonomy.weak_phrases()
    return [p for p in phrases if (code, p) not in weak and "*" not in p]


def synthetic_plans(count: int, *, seed: int = 0, first_id: int = 1) -> Iterator[PlanProfile]:
    """Yield count plans with one or two service areas, a model and a stage, always the same for a seed."""
    rng = random.Random(seed)
    areas = [(a.code, _strong(a.phrases, a.code)) for a in taxonomy.service_areas()]
    models = [(m.code, _strong(m.phrases, m.code)) for m in taxonomy.delivery_models()]
    stages = [(s.code, _strong(s.phrases, s.code)) for s in taxonomy.stages()]
    for plan_id in range(first_id, first_id + count):
        chosen = rng.sample(areas, 2 if rng.random() < 0.2 else 1)
        model_code, model_phrases = rng.choice(models)
        stage_code, stage_phrases = rng.choice(stages)
        area_words = " and ".join(rng.choice(phrases) for _, phrases in chosen)
        text = (
            f"{rng.choice(_OPENERS)} {rng.choice(_LINKS)} our {rng.choice(_PLACES)} {area_words} "
            f"into a {rng.choice(model_phrases)}; {rng.choice(stage_phrases)} "
            f"(ref {rng.randrange(10_000)})"
        )
        yield PlanProfile(
            plan_id=plan_id,
            organisation_id=rng.randrange(_ORGANISATIONS),
            text=text,
            service_areas=tuple(code for code, _ in chosen),
            delivery_model=model_code,
            stage=stage_code,
        )
