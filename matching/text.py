"""A small TF-IDF text model: word unigrams and bigrams, frozen vocabulary, cheap single-text transform."""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from matching import taxonomy

_WORD = re.compile(r"[a-z0-9]+")
_APOSTROPHES = re.compile(r"['\u2018\u2019`]")
# Words every plan uses; they only add noise to similarity.
_NOISE = frozenset(
    {"council", "councils", "service", "services", "plan", "plans", "looking", "currently", "new", "want"}
)
_STOP = frozenset(ENGLISH_STOP_WORDS) | _NOISE

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int32]


def _stem(word: str) -> str:
    """Fold plurals so 'libraries' meets 'library' and 'centres' meets 'centre'."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def terms(text: str, aliases: Mapping[str, str] | None = None) -> list[str]:
    """Return the unigram and bigram terms of text, stop words dropped and plurals folded."""
    aliases = taxonomy.token_aliases() if aliases is None else aliases
    words: list[str] = []
    for raw in _WORD.findall(_APOSTROPHES.sub("", text.lower())):
        for word in aliases.get(raw, raw).split():
            if word not in _STOP:
                words.append(_stem(word))
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


@dataclass(frozen=True)
class SparseRow:
    """One L2-normalised row: sorted column indices and their weights."""

    indices: IntArray
    data: FloatArray


class TextModel:
    """Vocabulary and inverse document frequencies fitted once; later texts reuse them unchanged."""

    def __init__(self, vocabulary: Sequence[str] = (), idf: Iterable[float] = ()) -> None:
        """Build from a fitted vocabulary (column order) and its idf weights."""
        self.vocabulary: tuple[str, ...] = tuple(vocabulary)
        self.idf: FloatArray = np.asarray(list(idf), dtype=np.float32)
        if len(self.vocabulary) != len(self.idf):
            raise ValueError("vocabulary and idf differ in length")
        self._columns = {term: i for i, term in enumerate(self.vocabulary)}
        self._aliases = taxonomy.token_aliases()

    @classmethod
    def fit(cls, texts: Iterable[str]) -> TextModel:
        """Fit vocabulary and smoothed idf on texts."""
        return cls.fit_transform(texts)[0]

    @classmethod
    def fit_transform(cls, texts: Iterable[str]) -> tuple[TextModel, list[SparseRow]]:
        """Fit on texts and return the model with each text's row, reading every text once."""
        aliases = taxonomy.token_aliases()
        counted = [Counter(terms(text, aliases)) for text in texts]
        document_frequency: Counter[str] = Counter()
        for counts in counted:
            document_frequency.update(counts.keys())
        vocabulary = sorted(document_frequency)
        n = len(counted)
        idf = [math.log((1 + n) / (1 + document_frequency[t])) + 1.0 for t in vocabulary]
        model = cls(vocabulary, idf)
        return model, [model._row({model._columns[t]: c for t, c in counts.items()}) for counts in counted]

    def _row(self, counts: Mapping[int, int]) -> SparseRow:
        if not counts:
            return SparseRow(np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))
        columns = np.fromiter(sorted(counts), dtype=np.int32, count=len(counts))
        tf = np.fromiter((1.0 + math.log(counts[c]) for c in columns.tolist()), dtype=np.float32)
        weights = tf * self.idf[columns]
        return SparseRow(columns, (weights / np.linalg.norm(weights)).astype(np.float32))

    @property
    def size(self) -> int:
        """Return the number of columns."""
        return len(self.vocabulary)

    def transform(self, text: str) -> SparseRow:
        """Return the L2-normalised sublinear TF-IDF row of text; unknown terms are ignored."""
        counts = Counter(
            c for c in (self._columns.get(t) for t in terms(text, self._aliases)) if c is not None
        )
        return self._row(counts)
