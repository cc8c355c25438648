"""Keeping the trained area model between processes: read instead of trained, never stale, never fatal."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from matching import area_model
from matching.area_model import NO_AREA, Example, keep, kept, kept_path, train

TINY = [
    Example("zorbing permits", "licensing"),
    Example("library and book vans", "libraries"),
    Example("hello there", NO_AREA),
]
TEXTS = ["zorbing", "book vans to a trust", "morning"]


@pytest.fixture
def kept_in(tmp_path: Path) -> Iterator[Path]:
    area_model.keep_in(tmp_path)
    area_model._trained.cache_clear()
    yield tmp_path
    area_model.keep_in(None)
    area_model._trained.cache_clear()


def test_a_kept_model_is_read_back_ranking_exactly_as_trained(tmp_path: Path) -> None:
    model = train(TINY)
    keep(model, tmp_path / "model.npz")
    read = kept(tmp_path / "model.npz")
    assert read is not None
    assert read.classes == model.classes
    assert read.rank(TEXTS) == model.rank(TEXTS)
    assert (read.probabilities(TEXTS) == model.probabilities(TEXTS)).all()


def test_a_process_starts_from_the_kept_model_instead_of_training(kept_in: Path) -> None:
    # What is kept under the packaged examples' name is what the process uses: here a model that only
    # knows three texts, so its answers show it was read, not trained on the packaged examples.
    packaged = area_model.examples(lgsl=area_model.default_lgsl())
    keep(train(TINY), kept_path(kept_in, packaged))
    assert area_model.trained().classes == tuple(sorted({e.area for e in TINY}))


def test_other_examples_name_another_file_so_a_stale_model_is_never_read(tmp_path: Path) -> None:
    changed = [*TINY[:-1], Example("hello there", "libraries")]
    assert kept_path(tmp_path, TINY) == kept_path(tmp_path, list(TINY))
    assert kept_path(tmp_path, TINY) != kept_path(tmp_path, changed)


def test_an_unreadable_kept_model_is_trained_again_and_replaced(kept_in: Path) -> None:
    path = kept_path(kept_in, TINY)
    path.write_bytes(b"not a model")
    assert kept(path) is None
    keep(train(TINY), path)
    assert kept(path) is not None
    assert [p.name for p in kept_in.iterdir()] == [path.name]  # no half-written file left beside it


def test_a_folder_that_cannot_be_written_only_means_training_next_time(tmp_path: Path) -> None:
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("", encoding="utf-8")
    keep(train(TINY), blocked / "model.npz")  # no exception
    assert kept(blocked / "model.npz") is None
