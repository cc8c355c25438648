"""Save and load a PlanIndex as one versioned .npz file (no pickle: arrays plus a JSON header).

Version 2 holds the fitted TfidfVectorizer as `vocabulary` (terms in column order, a unicode array) and `idf`,
and the text rows as the CSR triplet `indptr`, `indices`, `data`; loading rebuilds the vectorizer with
`vocabulary=` and `idf_` instead of refitting. Profiles are in the JSON header.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from matching.index import PlanIndex
from matching.profile import PlanProfile
from matching.text import TextModel

FORMAT = "notalone-plan-index"
FORMAT_VERSION = 2


class IndexFormatError(ValueError):
    """The file is not a plan index this version of Notalone can read."""


def save_index(index: PlanIndex, path: str | Path) -> None:
    """Write index to path with its vocabulary, idf, text rows and profiles."""
    profiles = index.profiles()
    rows = index.rows()
    header = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "profiles": [
            [p.plan_id, p.organisation_id, p.text, list(p.service_areas), p.delivery_model, p.stage]
            for p in profiles
        ],
    }
    with Path(path).open("wb") as handle:
        np.savez_compressed(
            handle,
            header=np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8),
            vocabulary=np.asarray(index.text_model.vocabulary, dtype=np.str_),
            idf=index.text_model.idf,
            indptr=rows.indptr.astype(np.int64),
            indices=rows.indices.astype(np.int32),
            data=rows.data.astype(np.float32),
        )


def _header(arrays: Any) -> dict[str, Any]:
    try:
        header: dict[str, Any] = json.loads(bytes(arrays["header"]).decode("utf-8"))
    except (KeyError, ValueError) as error:
        raise IndexFormatError("not a Notalone plan index (no readable header)") from error
    if header.get("format") != FORMAT:
        raise IndexFormatError("not a Notalone plan index")
    if header.get("version") != FORMAT_VERSION:
        raise IndexFormatError(
            f"plan index format version {header.get('version')} cannot be read by this version, "
            f"which reads version {FORMAT_VERSION}; rebuild the index from the plans"
        )
    return header


def load_index(path: str | Path) -> PlanIndex:
    """Read an index written by save_index; raise IndexFormatError when the format or version differs."""
    try:
        arrays = np.load(Path(path), allow_pickle=False)
    except (ValueError, OSError) as error:
        if isinstance(error, FileNotFoundError):
            raise
        raise IndexFormatError(f"not a Notalone plan index: {path}") from error
    with arrays:
        header = _header(arrays)
        text = TextModel(arrays["vocabulary"].tolist(), arrays["idf"])
        rows = sp.csr_matrix(
            (arrays["data"].astype(np.float32), arrays["indices"].astype(np.int32), arrays["indptr"]),
            shape=(len(header["profiles"]), text.size),
        )
    profiles = [
        PlanProfile(plan_id, org, text_, tuple(areas), model, stage)
        for plan_id, org, text_, areas, model, stage in header["profiles"]
    ]
    return PlanIndex.from_rows(text, profiles, rows)
