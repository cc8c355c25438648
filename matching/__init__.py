"""Understand council officers' plan descriptions and rank comparable plans of other councils."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matching.index import PlanIndex
    from matching.index_file import IndexFormatError
    from matching.model import Matcher
    from matching.profile import DEFAULT_MIN_SCORE, Candidate, PlanProfile
    from matching.taxonomy import (
        Option,
        ServiceArea,
        delivery_model,
        delivery_models,
        service_area,
        service_areas,
        stage,
        stages,
    )
    from matching.understanding import (
        Scored,
        Timeline,
        Understanding,
        parse_timeline,
        profile_from_text,
        understand,
    )

# Each public name and the module that defines it. The package imports none of them up front: the index
# brings in numpy, scipy and scikit-learn (over a second), and a caller wanting only a constant or the
# taxonomy (the settings, `notalone --help`) should not wait for them (PEP 562).
_HOMES = {
    "DEFAULT_MIN_SCORE": "matching.profile",
    "Candidate": "matching.profile",
    "IndexFormatError": "matching.index_file",
    "Matcher": "matching.model",
    "Option": "matching.taxonomy",
    "PlanIndex": "matching.index",
    "PlanProfile": "matching.profile",
    "Scored": "matching.understanding",
    "ServiceArea": "matching.taxonomy",
    "Timeline": "matching.understanding",
    "Understanding": "matching.understanding",
    "delivery_model": "matching.taxonomy",
    "delivery_models": "matching.taxonomy",
    "parse_timeline": "matching.understanding",
    "profile_from_text": "matching.understanding",
    "service_area": "matching.taxonomy",
    "service_areas": "matching.taxonomy",
    "stage": "matching.taxonomy",
    "stages": "matching.taxonomy",
    "understand": "matching.understanding",
}

__all__ = [
    "DEFAULT_MIN_SCORE",
    "Candidate",
    "IndexFormatError",
    "Matcher",
    "Option",
    "PlanIndex",
    "PlanProfile",
    "Scored",
    "ServiceArea",
    "Timeline",
    "Understanding",
    "delivery_model",
    "delivery_models",
    "parse_timeline",
    "profile_from_text",
    "service_area",
    "service_areas",
    "stage",
    "stages",
    "understand",
]


def __getattr__(name: str) -> object:
    """Import a public name's module the first time the name is asked for."""
    home = _HOMES.get(name)
    if home is None:
        # Also how `from matching import taxonomy` finds a submodule: the import system tries the
        # attribute first and imports the submodule only after this AttributeError.
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value  # later look-ups find it directly, without coming back here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
