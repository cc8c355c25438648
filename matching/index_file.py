"""Save and load a PlanIndex as one versioned .npz file (no pickle: arrays plus a JSON header)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from matching.index import PlanIndex
from matching.profile import PlanProfile
from matching.text import SparseRow, TextModel

FORMAT = "notalone-plan-index"
FORMAT_VERSION = 1


class IndexFormatError(ValueError):
    """The file is not a plan index this version of Notalone can read."""


def save_index(index: PlanIndex, path: str | Path) -> None:
    """Write index to path with its vocabulary, idf, text rows and profiles."""
    profiles = index.profiles()
    rows = index.rows()
    lengths = np.fromiter((len(r.indices) for r in rows), dtype=np.int64, count=len(rows))
    header = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "vocabulary": list(index.text_model.vocabulary),
        "profiles": [
            [p.plan_id, p.organisation_id, p.text, list(p.service_areas), p.delivery_model, p.stage]
            for p in profiles
        ],
    }
    with Path(path).open("wb") as handle:
        np.savez_compressed(
            handle,
            header=np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8),
            idf=index.text_model.idf,
            lengths=lengths,
            indices=np.concatenate([r.indices for r in rows]) if rows else np.zeros(0, dtype=np.int32),
            data=np.concatenate([r.data for r in rows]) if rows else np.zeros(0, dtype=np.float32),
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
        text = TextModel(header["vocabulary"], arrays["idf"].tolist())
        lengths = arrays["lengths"].astype(np.int64)
        indices = arrays["indices"].astype(np.int32)
        data = arrays["data"].astype(np.float32)
    ends = np.cumsum(lengths)
    starts = ends - lengths
    rows = [SparseRow(indices[s:e], data[s:e]) for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]
    profiles = [
        PlanProfile(plan_id, org, text_, tuple(areas), model, stage)
        for plan_id, org, text_, areas, model, stage in header["profiles"]
    ]
    return PlanIndex.from_rows(text, profiles, rows)
