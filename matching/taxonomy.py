"""Service areas, delivery models and stages, loaded once from data/taxonomy.json."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True)
class Option:
    """A delivery model or a stage."""

    code: str
    name: str
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class ServiceArea:
    """A council service area, grouped under a Local Government Service List top-level function."""

    code: str
    name: str
    group: str
    phrases: tuple[str, ...]
    lgsl: tuple[int, ...] = ()  # LGSL service codes (data/lgsl.json) that belong to this area


@cache
def _raw() -> dict[str, Any]:
    text = resources.files("matching.data").joinpath("taxonomy.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _all_phrases(entry: dict[str, Any]) -> tuple[str, ...]:
    return tuple(entry["phrases"]) + tuple(entry.get("weak_phrases", ()))


@cache
def service_areas() -> tuple[ServiceArea, ...]:
    """Return every service area in taxonomy order."""
    return tuple(
        ServiceArea(
            code=e["code"],
            name=e["name"],
            group=e["group"],
            phrases=_all_phrases(e),
            lgsl=tuple(e.get("lgsl", ())),
        )
        for e in _raw()["service_areas"]
    )


@cache
def delivery_models() -> tuple[Option, ...]:
    """Return every delivery model in taxonomy order."""
    return tuple(
        Option(code=e["code"], name=e["name"], phrases=_all_phrases(e)) for e in _raw()["delivery_models"]
    )


@cache
def stages() -> tuple[Option, ...]:
    """Return the stages from exploring to live, in order."""
    return tuple(Option(code=e["code"], name=e["name"], phrases=_all_phrases(e)) for e in _raw()["stages"])


@cache
def _areas_by_code() -> dict[str, ServiceArea]:
    return {a.code: a for a in service_areas()}


@cache
def _models_by_code() -> dict[str, Option]:
    return {m.code: m for m in delivery_models()}


@cache
def _stages_by_code() -> dict[str, Option]:
    return {s.code: s for s in stages()}


def service_area(code: str) -> ServiceArea:
    """Return the service area with this code; raise KeyError when unknown."""
    return _areas_by_code()[code]


def delivery_model(code: str) -> Option:
    """Return the delivery model with this code; raise KeyError when unknown."""
    return _models_by_code()[code]


def stage(code: str) -> Option:
    """Return the stage with this code; raise KeyError when unknown."""
    return _stages_by_code()[code]


@cache
def weak_phrases() -> frozenset[tuple[str, str]]:
    """Return (code, phrase) pairs whose phrase is only a weak signal for that code."""
    pairs: set[tuple[str, str]] = set()
    for kind in ("service_areas", "delivery_models", "stages"):
        for e in _raw()[kind]:
            pairs.update((e["code"], p) for p in e.get("weak_phrases", ()))
    return frozenset(pairs)


@cache
def blockers(kind: str) -> tuple[str, ...]:
    """Return phrases that must not count as signals for kind 'area', 'model' or 'stage'."""
    return tuple(_raw()[f"{kind}_blockers"])


@cache
def case_sensitive_tokens() -> frozenset[str]:
    """Return acronym tokens that only count when written in capitals (e.g. IT, SEND)."""
    return frozenset(_raw()["case_sensitive_tokens"])


@cache
def token_aliases() -> Mapping[str, str]:
    """Return spelling variants mapped to the form phrases use (e.g. center -> centre)."""
    return MappingProxyType(dict(_raw()["token_aliases"]))
