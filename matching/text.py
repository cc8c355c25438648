"""The plan text model: scikit-learn TF-IDF over word 1-2-grams, fitted once and frozen until refitted."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn import config_context
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from matching import taxonomy

_WORD = re.compile(r"[a-z0-9]+")
_APOSTROPHES = re.compile(r"['\u2018\u2019`]")
# Words every plan uses; they only add noise to similarity.
_NOISE = frozenset(
    {"council", "councils", "service", "services", "plan", "plans", "looking", "currently", "new", "want"}
)
_STOP = frozenset(ENGLISH_STOP_WORDS) | _NOISE

FloatArray = npt.NDArray[np.float32]
# A scipy.sparse CSR matrix of float32 L2-normalised TF-IDF rows (scipy ships no type hints).
Rows = Any


def _stem(word: str) -> str:
    """Fold plurals so 'libraries' meets 'library' and 'centres' meets 'centre'."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def preprocess(text: str) -> str:
    """Lower-case text and drop apostrophes so "council's" reads as "councils"."""
    return _APOSTROPHES.sub("", text.lower())


def words(text: str, aliases: Mapping[str, str] | None = None) -> list[str]:
    """Return the words of preprocessed text, aliased, stop words dropped and plurals folded."""
    aliases = taxonomy.token_aliases() if aliases is None else aliases
    found: list[str] = []
    for raw in _WORD.findall(text):
        for word in aliases.get(raw, raw).split():
            # Stop words are dropped here, before folding plurals, not by the vectorizer's stop_words
            # (which filters folded words): otherwise "wells" -> "well" and "systems" -> "system" would go.
            if word not in _STOP:
                found.append(_stem(word))
    return found


def _vectorizer(aliases: Mapping[str, str], vocabulary: Mapping[str, int] | None = None) -> TfidfVectorizer:
    return TfidfVectorizer(
        preprocessor=preprocess,
        tokenizer=partial(words, aliases=aliases),
        token_pattern=None,
        lowercase=False,
        ngram_range=(1, 2),
        sublinear_tf=True,
        norm="l2",
        dtype=np.float32,
        vocabulary=vocabulary,
    )


def empty_rows(count: int, columns: int) -> Rows:
    """Return count all-zero rows of width columns."""
    return sp.csr_matrix((count, columns), dtype=np.float32)


class TextModel:
    """A TfidfVectorizer fitted once; later texts are described with its vocabulary and idf unchanged."""

    def __init__(self, vocabulary: Sequence[str] = (), idf: Iterable[float] = ()) -> None:
        """Rebuild from a fitted vocabulary (column order) and its idf weights, without refitting."""
        self.vocabulary: tuple[str, ...] = tuple(vocabulary)
        self.idf: FloatArray = np.asarray(idf if isinstance(idf, np.ndarray) else list(idf), np.float32)
        if len(self.vocabulary) != len(self.idf):
            raise ValueError("vocabulary and idf differ in length")
        self._aliases = taxonomy.token_aliases()
        self._vectorizer: TfidfVectorizer | None = None
        if self.vocabulary:
            self._vectorizer = _vectorizer(self._aliases, {t: i for i, t in enumerate(self.vocabulary)})
            self._vectorizer.idf_ = self.idf

    @classmethod
    def fit(cls, texts: Iterable[str]) -> TextModel:
        """Fit vocabulary and smoothed idf on texts."""
        return cls.fit_transform(texts)[0]

    @classmethod
    def fit_transform(cls, texts: Iterable[str]) -> tuple[TextModel, Rows]:
        """Fit on texts and return the model with a CSR matrix of their rows, reading every text once."""
        texts = list(texts)
        aliases = taxonomy.token_aliases()
        vectorizer = _vectorizer(aliases)
        try:
            rows = vectorizer.fit_transform(texts)
        except ValueError:
            # scikit-learn refuses a corpus without a single word ("empty vocabulary"); we allow it.
            if any(words(preprocess(t), aliases) for t in texts):
                raise
            return cls(), empty_rows(len(texts), 0)
        model = cls(vectorizer.get_feature_names_out().tolist(), vectorizer.idf_)
        return model, rows

    @property
    def size(self) -> int:
        """Return the number of columns."""
        return len(self.vocabulary)

    def transform(self, text: str) -> Rows:
        """Return the L2-normalised TF-IDF row of text as a 1-row CSR matrix; words new since fit count 0."""
        if self._vectorizer is None:
            return empty_rows(1, 0)
        # Input checks are about a third of the cost of one short text, and ours are known to be clean.
        with config_context(assume_finite=True, skip_parameter_validation=True):
            return self._vectorizer.transform([text])
