"""Understand council officers' plan descriptions and rank comparable plans of other councils."""

from matching.index import PlanIndex
from matching.index_file import IndexFormatError
from matching.model import DEFAULT_MIN_SCORE, Candidate, Matcher, PlanProfile
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
