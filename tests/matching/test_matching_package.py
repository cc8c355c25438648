"""The package's public names load their modules only when asked for, and are the modules' own objects."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import matching

ROOT = Path(__file__).resolve().parents[2]
NUMERICAL = {"numpy", "scipy", "sklearn"}


def test_the_threshold_and_the_taxonomy_come_without_the_numerical_libraries() -> None:
    # A fresh process: this one has long since loaded them for other tests.
    code = (
        "import sys\n"
        "from matching import DEFAULT_MIN_SCORE, service_areas, taxonomy\n"
        "assert 0 < DEFAULT_MIN_SCORE < 1 and service_areas()\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {NUMERICAL!r}))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    assert found.stdout.strip() == "[]"


def test_every_public_name_is_the_object_its_module_defines() -> None:
    for name in matching.__all__:
        home = importlib.import_module(matching._HOMES[name])
        assert getattr(matching, name) is getattr(home, name), name
    exec("from matching import *", namespace := {})  # star-import resolves every name too
    assert set(matching.__all__) <= set(namespace)


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        matching.not_a_name  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as error:
        assert "not_a_name" in str(error)
    else:
        raise AssertionError("an unknown name did not raise AttributeError")
