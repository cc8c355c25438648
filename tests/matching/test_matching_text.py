"""The scikit-learn text model: same words meet, new words wait for a refit, stop words before plurals."""

from __future__ import annotations

import numpy as np
import pytest

from matching.text import TextModel, words


def similarity(model: TextModel, a: str, b: str) -> float:
    return float((model.transform(a) @ model.transform(b).T).toarray()[0, 0])


def test_plurals_and_spelling_variants_meet() -> None:
    model = TextModel.fit(["Libraries and leisure centres", "A library and a leisure center", "Bins"])
    assert similarity(model, "Libraries and leisure centres", "A library and a leisure center") == (
        pytest.approx(1.0)
    )


def test_words_unknown_at_fit_are_ignored_until_refit() -> None:
    model = TextModel.fit(["Leisure centres into a staff mutual", "Bin collection back in house"])
    row = model.transform("Zorbing arena leisure")
    assert row.shape == (1, model.size)
    assert row.nnz == 1
    assert similarity(model, "Zorbing arena", "Zorbing arena") == 0.0
    assert similarity(TextModel.fit(["Zorbing arena"]), "Zorbing arena", "Zorbing arena") == pytest.approx(
        1.0
    )


def test_stop_words_are_dropped_before_plurals_are_folded() -> None:
    assert words("tunbridge wells systems and the council services") == ["tunbridge", "well", "system"]


def test_rebuilt_model_describes_texts_exactly_like_the_fitted_one() -> None:
    texts = ["Leisure centres into a staff mutual", "Bin collection back in house", "Libraries to a trust"]
    fitted, rows = TextModel.fit_transform(texts)
    rebuilt = TextModel(fitted.vocabulary, fitted.idf)
    for i, text in enumerate(texts):
        np.testing.assert_array_equal(rebuilt.transform(text).toarray(), rows[i].toarray())


def test_a_corpus_without_words_gives_an_empty_model() -> None:
    model, rows = TextModel.fit_transform(["", "the and of", "council services"])
    assert model.size == 0
    assert rows.shape == (3, 0)
    assert model.transform("leisure centres").nnz == 0
