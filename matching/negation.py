"""Leave out what a text says a plan is not: "ferries not tourism", "a mutual rather than a trust".

A phrase right after a negation ("not", "isn't", "rather than", "instead of", "as opposed to") names what
the officer rules out, so reading it as evidence turns the sentence round. Only a phrase directly after
the negation, or after a few small words ("not a trust", "haven't yet gone out to tender"), is left out:
"not just libraries" and "not sure if it will be a trust" keep theirs.
"""

from __future__ import annotations

import re

from matching.phrases import PhraseMatcher

# Matched at the end of the prepared text before a phrase (apostrophes are dropped: "isnt", "havent").
_NEGATED_BEFORE = re.compile(
    r"(?:^|\s)(?:not|never|nor|isnt|arent|wasnt|werent|wont|dont|doesnt|didnt|havent|hasnt|hadnt"
    r"|rather than|instead of|as opposed to)"
    r"(?:\s+(?:a|an|the|our|any|yet|to|be|been|go|gone|going|got|looking at))*\s+$",
    re.IGNORECASE,
)


_YET = re.compile(r"\byet\b", re.IGNORECASE)


def without_negated(text: str, matcher: PhraseMatcher, *, not_yet_rules_out: bool) -> str:
    """The text without each of the matcher's phrases it negates, and the negation with it; unchanged
    when none is. "Not yet" rules a phrase out only when `not_yet_rules_out`: "we haven't gone out to
    tender yet" has not reached the stage, but still means to outsource."""
    prepared = matcher.prepare(text)
    cuts: list[tuple[int, int]] = []
    for hit in matcher.find(prepared):
        if hit.code is None:
            continue
        negation = _NEGATED_BEFORE.search(prepared.text, 0, hit.start)
        if negation is None:
            continue
        after = prepared.text[hit.end : hit.end + 5]
        if not not_yet_rules_out and (_YET.search(negation.group()) or _YET.match(after.strip())):
            continue
        cuts.append((negation.start(), hit.end))
    if not cuts:
        return text
    pieces: list[str] = []
    position = 0
    for start, end in cuts:
        pieces.append(prepared.text[position:start])
        position = max(position, end)
    pieces.append(prepared.text[position:])
    return " ".join(" ".join(pieces).split())
