"""A learned guess at the service area of a text, for the words the phrase rules have never seen.

The rules in `understanding` are precise but only know their phrases. This model is linear (logistic
loss, fitted by scikit-learn's SGDClassifier) over word 1-2-grams and character 3-5-grams, so it also
reads clipped words ("libs"), acronyms it was shown ("MOW") and services described by what they do
("book vans"). It learns from every area's name and phrases, the tuning plans, hand-written examples
(`data/area_examples.jsonl`) and, when present, the Local Government Service List services in
`data/lgsl.json`. A "no service" class learns from the taxonomy's blockers and a little chat, so that
"hello" puts its probability there rather than on an area.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from matching import area_model_store, taxonomy
from matching.area_model_store import Kept
from matching.scored import Scored

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

__all__ = ["NO_AREA", "AreaModel", "Example", "examples", "rank_areas", "train"]

NO_AREA = "-"
SEED = 20250301
# Regularisation of the logistic regression (weaker than the default: the training texts are few and short).
ALPHA = 1e-5
# Passes over the examples: 25 reads the probe sentences and the evaluation sets as well as 50 did, in
# half the time (about 2.5 s against 4.9 s with the LGSL descriptions on this machine).
EPOCHS = 25


@dataclass(frozen=True)
class Example:
    """One training text and the area it is an example of (NO_AREA for none)."""

    text: str
    area: str


def _data_text(name: str) -> str | None:
    path = resources.files("matching.data").joinpath(name)
    return path.read_text(encoding="utf-8") if path.is_file() else None


def default_lgsl() -> Path | None:
    """The LGSL services file shipped in the package, when there is one."""
    path = resources.files("matching.data").joinpath("lgsl.json")
    return Path(str(path)) if path.is_file() else None


def _taxonomy_examples() -> Iterable[Example]:
    for area in taxonomy.service_areas():
        yield Example(area.name, area.code)
        yield from (Example(phrase, area.code) for phrase in area.phrases)
    # What the taxonomy says is no service: the phrases that block a misleading reading. The phrases of
    # kinds of change and stages are left out: every plan has them, and hundreds of them as "no service"
    # drowned short service words ("libs") in plans that also say "trust".
    for kind in ("area", "model", "stage"):
        yield from (Example(phrase.replace("*", " "), NO_AREA) for phrase in taxonomy.blockers(kind))


def _jsonl_examples(text: str | None) -> Iterable[Example]:
    for line in (text or "").splitlines():
        if line.strip():
            row = json.loads(line)
            yield from (Example(row["text"], area) for area in row["areas"] or [NO_AREA])


def _lgsl_examples(path: Path | None) -> Iterable[Example]:
    if path is None or not path.is_file():
        return
    known = {a.code for a in taxonomy.service_areas()}
    for service in json.loads(path.read_text(encoding="utf-8"))["services"]:
        area = service.get("area")
        if area not in known:
            continue
        for field in ("label", "plain_name", "description"):
            if service.get(field):
                yield Example(str(service[field]), area)


def examples(*, lgsl: Path | None, tune: bool = True) -> list[Example]:
    """Every training example: taxonomy, hand-written examples, tuning plans and LGSL services."""
    found = [
        *_taxonomy_examples(),
        *_jsonl_examples(_data_text("area_examples.jsonl")),
        *_lgsl_examples(lgsl),
    ]
    if tune:
        found.extend(_jsonl_examples(_data_text("eval/tune.jsonl")))
    return found


def vectorisers() -> tuple[Any, ...]:
    """The model's feature extractors, not yet fitted: word 1-2-grams and character 3-5-grams."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return (
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
    )


def _pipeline() -> Pipeline:
    from sklearn.linear_model import SGDClassifier
    from sklearn.pipeline import FeatureUnion, Pipeline

    words, chars = vectorisers()
    features = FeatureUnion([("words", words), ("chars", chars)])
    # Logistic loss fitted by stochastic gradient descent: as accurate as lbfgs on our probe sentences,
    # about four times faster to train.
    classifier = SGDClassifier(loss="log_loss", alpha=ALPHA, max_iter=EPOCHS, tol=None, random_state=SEED)
    return Pipeline([("features", features), ("classifier", classifier)])


@dataclass(frozen=True)
class AreaModel:
    """A trained classifier from text to service area, and how long it took to train."""

    vectorisers: tuple[Any, ...]
    weights: Any  # features x classes, laid out for one sparse product per call
    intercepts: Any
    classes: tuple[str, ...]
    seconds: float

    def probabilities(self, texts: Sequence[str]) -> Any:
        """One row per text, one column per class, as SGDClassifier.predict_proba gives them."""
        import numpy as np
        from scipy.sparse import hstack
        from scipy.special import expit

        # The same sums as Pipeline.predict_proba without its checks, joblib and transposed copy of the
        # weights, which cost ~5 ms a call.
        features = hstack([vectoriser.transform(texts) for vectoriser in self.vectorisers]).tocsr()
        scores = expit(features @ self.weights + self.intercepts)
        totals = scores.sum(axis=1, keepdims=True)
        return np.asarray(scores / np.where(totals == 0, 1.0, totals))

    def rank(self, texts: Sequence[str], *, limit: int = 5) -> list[tuple[Scored, ...]]:
        """For each text, up to `limit` areas with their probabilities, most likely first."""
        ranked = []
        for row in self.probabilities(texts):
            pairs = sorted(
                ((float(p), code) for p, code in zip(row, self.classes, strict=True) if code != NO_AREA),
                key=lambda pair: -pair[0],
            )
            ranked.append(tuple(Scored(code, round(p, 4)) for p, code in pairs[:limit]))
        return ranked


def train(training: Sequence[Example]) -> AreaModel:
    """Fit the classifier on these examples; deterministic for the same examples."""
    import numpy as np

    started = time.perf_counter()
    pipeline = _pipeline()
    pipeline.fit([e.text for e in training], [e.area for e in training])
    classifier = pipeline.named_steps["classifier"]
    return AreaModel(
        vectorisers=tuple(v for _, v in pipeline.named_steps["features"].transformer_list),
        weights=np.ascontiguousarray(classifier.coef_.T),
        intercepts=classifier.intercept_,
        classes=tuple(str(code) for code in classifier.classes_),
        seconds=time.perf_counter() - started,
    )


WARM_UP_THREAD = "area-model-warm-up"
_TRAINING = threading.Lock()  # one training at a time: a turn waits for the warm-up rather than repeat it


_kept_in: Path | None = None  # where trained models are kept between processes; None keeps none


def keep_in(directory: Path | None) -> None:
    """Keep trained models in directory from now on, and start from one kept there (None: train always)."""
    global _kept_in
    _kept_in = directory


def kept_path(directory: Path, training: Sequence[Example]) -> Path:
    """Where the model trained on these examples by this code is kept in directory."""
    return area_model_store.path_for(directory, [(e.text, e.area) for e in training], Path(__file__))


def keep(model: AreaModel, path: Path) -> None:
    """Keep model at path for the next process (a cache: failing to write only costs a training)."""
    area_model_store.save(Kept(model.vectorisers, model.weights, model.intercepts, model.classes), path)


def kept(path: Path) -> AreaModel | None:
    """The model kept at path, or None when there is none or it cannot be read."""
    started = time.perf_counter()
    found = area_model_store.load(path, vectorisers)
    if found is None:
        return None
    return AreaModel(
        found.vectorisers, found.weights, found.intercepts, found.classes, time.perf_counter() - started
    )


@cache
def _trained(lgsl: Path | None, kept_in: Path | None) -> AreaModel:
    training = examples(lgsl=lgsl or default_lgsl())
    if kept_in is None:
        return train(training)
    path = kept_path(kept_in, training)
    model = kept(path)
    if model is None:
        model = train(training)
        keep(model, path)
    return model


def trained(lgsl: Path | None = None) -> AreaModel:
    """The model trained once per process on every example (the packaged LGSL file when not given), or
    read from where `keep_in` said trained models are kept (after any training started for it there)."""
    child = _training_child
    if child is not None and lgsl is None:
        child.wait()  # training the model to keep: read it once kept rather than train it twice
    with _TRAINING:
        return _trained(lgsl, _kept_in)


# Trains and keeps the packaged model in the folder given: the warm-up's separate process.
_TRAIN_AND_KEEP = (
    "import sys; from pathlib import Path; from matching import area_model; "
    "area_model.keep_in(Path(sys.argv[1])); area_model.trained()"
)


def warm_in_background(kept_in: Path | None = None) -> None:
    """Have the packaged model ready before the first officer whose words the rules can't place needs
    it, instead of making them wait the seconds training takes. Idempotent.

    With kept_in (what every host passes): when no model is kept there yet, a separate process trains
    and keeps it, and `trained` reads it from there. A process may end at any moment without waiting for
    it, and one that ends early leaves the training to finish for the next start. Without: a thread
    trains it here, and a process that ends during training waits for it. That thread is not a daemon: a
    daemon thread stopped by the interpreter's exit in the middle of scikit-learn's and SciPy's compiled
    code aborts the whole process ("terminate called without an active exception", exit 134) about once
    in fifty early exits, after its work was done."""
    global _warming, _training_child
    with _WARMING:
        if _warming:
            return
        _warming = True
    if kept_in is not None:
        keep_in(kept_in)
        if kept_path(kept_in, examples(lgsl=default_lgsl())).is_file():
            return  # read in milliseconds when first needed
        _training_child = subprocess.Popen(
            [sys.executable, "-c", _TRAIN_AND_KEEP, str(kept_in)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return
    # scikit-learn imports joblib, which imports this module, which registers a handler for the exit; an
    # exit already under way refuses new handlers, so a thread that imported it then would fail (~30 ms).
    import concurrent.futures.process  # noqa: F401

    threading.Thread(target=trained, name=WARM_UP_THREAD, daemon=False).start()


_WARMING = threading.Lock()
_warming = False
_training_child: subprocess.Popen[bytes] | None = None


def rank_areas(text: str, *, limit: int = 5) -> tuple[Scored, ...]:
    """Up to `limit` service areas the text may be about, with probabilities, most likely first."""
    if not text.strip():
        return ()
    return trained().rank([text], limit=limit)[0]


def cross_validate(*, folds: int = 5, lgsl: Path | None = None) -> list[tuple[float, bool]]:
    """Each tuning plan's top probability and whether that area is right, from a model not trained on it."""
    tune = [json.loads(line) for line in (_data_text("eval/tune.jsonl") or "").splitlines() if line.strip()]
    base = examples(lgsl=lgsl, tune=False)
    found: list[tuple[float, bool]] = []
    for fold in range(folds):
        held = tune[fold::folds]
        rest = [Example(r["text"], a) for i, r in enumerate(tune) if i % folds != fold for a in r["areas"]]
        model = train(base + rest)
        for row, ranked in zip(held, model.rank([r["text"] for r in held], limit=1), strict=True):
            found.append((ranked[0].confidence, ranked[0].code in row["areas"]))
    return found


def main() -> None:
    """Print training and prediction times, and top-1 precision by threshold in cross-validation."""
    model = trained()
    started = time.perf_counter()
    for _ in range(200):
        model.rank(["hot meals taken to older people's homes"])
    print(f"trained in {model.seconds:.2f} s; {(time.perf_counter() - started) * 5:.2f} ms per text")
    found = cross_validate()
    for threshold in (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6):
        kept = [right for p, right in found if p >= threshold]
        precision = sum(kept) / len(kept) if kept else 0.0
        print(f"threshold {threshold:.2f}: keeps {len(kept)}/{len(found)}, top-1 right {precision:.3f}")


if __name__ == "__main__":
    main()
