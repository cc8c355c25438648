"""Keep a trained area model on disk, so that a process starts with it instead of training for seconds.

One `.npz` file per set of training inputs (no pickle: arrays only, read with `allow_pickle=False`), named
by a fingerprint of everything training depends on: the examples, the code of `area_model` and the
versions of scikit-learn and NumPy. A change to any of them names a different file, so a stale model is
never read. Loading rebuilds each vectoriser with `vocabulary=` and `idf_`, as `index_file` does. The
store is a cache: a missing, unreadable or unwritable file only means training again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
PREFIX = "area-model-"
# Files of other inputs (older releases, other checkouts) are removed once unused for this long.
UNUSED_DAYS = 14


@dataclass(frozen=True)
class Kept:
    """What a trained area model is made of: fitted vectorisers, weights, intercepts and class codes."""

    vectorisers: tuple[Any, ...]
    weights: Any
    intercepts: Any
    classes: tuple[str, ...]


def path_for(directory: Path, examples: Sequence[tuple[str, str]], code: Path) -> Path:
    """Where the model trained on these (text, area) examples by this code is kept in directory: named by
    a fingerprint of the examples, the code and the versions of scikit-learn and NumPy."""
    import numpy
    import sklearn

    digest = hashlib.sha256()
    digest.update(f"{FORMAT_VERSION} {sklearn.__version__} {numpy.__version__}\n".encode())
    digest.update(code.read_bytes())
    digest.update(json.dumps([list(e) for e in examples], ensure_ascii=False).encode("utf-8"))
    return directory / f"{PREFIX}{digest.hexdigest()[:32]}.npz"


def load(path: Path, vectorisers: Callable[[], tuple[Any, ...]]) -> Kept | None:
    """The model kept at path, its vectorisers rebuilt from fresh ones; None when there is none or it
    cannot be read."""
    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as arrays:
            fitted = vectorisers()
            for i, vectoriser in enumerate(fitted):
                terms = arrays[f"vocabulary_{i}"].tolist()
                vectoriser.set_params(vocabulary={term: column for column, term in enumerate(terms)})
                vectoriser.idf_ = arrays[f"idf_{i}"]
            kept = Kept(
                vectorisers=fitted,
                weights=np.ascontiguousarray(arrays["weights"]),
                intercepts=arrays["intercepts"],
                classes=tuple(str(code) for code in arrays["classes"].tolist()),
            )
        if kept.weights.shape != (sum(len(v.vocabulary) for v in fitted), len(kept.classes)):
            raise ValueError("the weights do not fit the vocabularies")
    except FileNotFoundError:
        return None
    except Exception:  # a cache: anything unreadable is trained again (and overwritten)
        log.warning("The kept area model %s could not be read; training it again", path.name, exc_info=True)
        return None
    os.utime(path)  # in use: not removed as unused
    return kept


def save(kept: Kept, path: Path) -> None:
    """Keep a model at path (written whole, then renamed, so a reader never sees half a file)."""
    import numpy as np

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays = {"weights": kept.weights, "intercepts": kept.intercepts}
        arrays["classes"] = np.asarray(kept.classes, dtype=np.str_)
        for i, vectoriser in enumerate(kept.vectorisers):
            arrays[f"vocabulary_{i}"] = np.asarray(vectoriser.get_feature_names_out(), dtype=np.str_)
            arrays[f"idf_{i}"] = vectoriser.idf_
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".writing-", delete=False) as handle:
            try:
                np.savez(handle, **arrays)
            except BaseException:
                Path(handle.name).unlink(missing_ok=True)
                raise
        os.replace(handle.name, path)
        _remove_unused(path.parent, keep=path)
    except OSError:
        log.warning("The area model could not be kept in %s; it will be trained again next time", path.parent)


def _remove_unused(directory: Path, *, keep: Path) -> None:
    cutoff = time.time() - UNUSED_DAYS * 86_400
    for other in directory.glob(f"{PREFIX}*.npz"):
        if other != keep and other.stat().st_mtime < cutoff:
            other.unlink(missing_ok=True)
