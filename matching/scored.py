"""A taxonomy code with how confident a reader is that a text means it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scored:
    """A taxonomy code with how confident we are that the text means it (0..1)."""

    code: str
    confidence: float
