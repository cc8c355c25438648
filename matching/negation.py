"""Leave out what a text says a plan is not: "ferries not tourism", "a mutual rather than a trust".

A phrase right after a negation ("not", "isn't", "rather than", "instead of", "as opposed to") names what
the officer rules out, so reading it as evidence turns the sentence round. Only a phrase directly after
the negation, or after a few small words ("not a trust", "haven't yet gone out to tender"), is left out:
"not just libraries" and "not sure if it will be a trust" keep theirs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from matching.phrases import Hit, Prepared

# Matched at the end of the prepared text before a phrase (apostrophes are dropped: "isnt", "havent").
_NEGATED_BEFORE = re.compile(
    r"(?:^|\s)(?:not|never|nor|isnt|arent|wasnt|werent|wont|dont|doesnt|didnt|havent|hasnt|hadnt"
    r"|rather than|instead of|as opposed to)"
    r"(?:\s+(?:a|an|the|our|any|yet|to|be|been|go|gone|going|got|looking at))*\s+$",
    re.IGNORECASE,
)
_YET = re.compile(r"\byet\b", re.IGNORECASE)


def split_negated(
    prepared: Prepared, hits: Iterable[Hit], *, not_yet_rules_out: bool
) -> tuple[list[Hit], list[tuple[int, int]]]:
    """The hits the text does not rule out, and the spans (negation and phrase) of those it does.

    "Not yet" rules a phrase out only when `not_yet_rules_out`: "we haven't gone out to tender yet" has
    not reached the stage, but still means to outsource."""
    kept: list[Hit] = []
    cuts: list[tuple[int, int]] = []
    for hit in hits:
        negation = None if hit.code is None else _NEGATED_BEFORE.search(prepared.text, 0, hit.start)
        after = prepared.text[hit.end : hit.end + 5].strip()
        if negation is not None and (
            not_yet_rules_out or not (_YET.search(negation.group()) or _YET.match(after))
        ):
            cuts.append((negation.start(), hit.end))
        else:
            kept.append(hit)
    return kept, cuts


def cut(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The text without these spans (in order), its words joined by single spaces."""
    pieces: list[str] = []
    position = 0
    for start, end in spans:
        pieces.append(text[position:start])
        position = max(position, end)
    pieces.append(text[position:])
    return " ".join(" ".join(pieces).split())
