"""One way of folding an officer's message before it is compared with words Notalone knows."""

from __future__ import annotations

# Typographic quotes, as phones and Word type them, read as the plain ones our word lists use.
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def fold(text: str) -> str:
    """The text in lower case, with plain quotes and single spaces: "We\u2019re  OK" is "we're ok"."""
    return " ".join(text.lower().translate(_QUOTES).split())
