"""A word-boundary phrase matcher: longest phrase wins, blockers claim misleading text, light typo repair."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_TOKEN = re.compile(r"[^\W_]+")
_APOSTROPHES = re.compile(r"['\u2018\u2019`\u00b4]")
_WILDCARD = r"(?:[^\W_]+ ){0,3}"
_MIN_FUZZY_LENGTH = 6
_MIN_FUZZY_TARGET_LENGTH = 7
# Everyday words one letter away from a taxonomy word; never "repair" them.
_NOT_TYPOS = frozenset(
    {"packing", "parting", "barking", "talking", "walking", "marking", "heading", "leading"}
)


@dataclass(frozen=True)
class Prepared:
    """Text reduced to tokens joined by single spaces, with the spans of typo-repaired tokens."""

    text: str
    repaired: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Hit:
    """One matched phrase; code is None for a blocker."""

    code: str | None
    phrase: str
    start: int
    end: int
    weak: bool
    repaired: bool


def tokens(text: str, aliases: Mapping[str, str]) -> list[str]:
    """Split text into word tokens, dropping apostrophes and applying spelling aliases."""
    text = unicodedata.normalize("NFKC", text)
    text = _APOSTROPHES.sub("", text).replace("&", " and ")
    result: list[str] = []
    for token in _TOKEN.findall(text):
        alias = aliases.get(token.lower())
        result.extend(alias.split() if alias is not None else [token])
    return result


def _token_pattern(token: str, case_sensitive: frozenset[str], *, singular: bool = False) -> str:
    if token in case_sensitive:
        if len(token) <= 2:
            return f"(?-i:{re.escape(token.upper())})"
        # An acronym counts written with two capitals or more ("MOW", "MoW"), never in lower case or as a
        # capitalised word ("mow", "Mow the verges").
        return f"(?-i:(?=(?:[a-z]*[A-Z]){{2}}))(?i:{re.escape(token)})"
    escaped = re.escape(token)
    if token.isdigit():
        return escaped
    if len(token) <= 3:
        return escaped + "s?"
    if token.endswith("y") and token[-2] not in "aeiou":
        return re.escape(token[:-1]) + "(?:y|ies)"
    if token.endswith("s"):
        # A plural in a phrase also matches its singular ("rough sleeper"); blockers stay exact.
        if not singular or len(token) <= 4 or token.endswith(("ss", "us", "is")):
            return escaped
        if token.endswith("ies"):
            return re.escape(token[:-3]) + "(?:y|ies)"
        return re.escape(token[:-1]) + "s?"
    if token.endswith(("ch", "sh", "x")):
        return escaped + "(?:es)?"
    return escaped + "s?"


def _token_stem(token: str, case_sensitive: frozenset[str], *, singular: bool = False) -> str:
    """The lower-case letters that every match of `_token_pattern(token, ...)` starts with."""
    if token in case_sensitive or token.isdigit() or len(token) <= 3:
        return token
    if token.endswith("y") and token[-2] not in "aeiou":
        return token[:-1]
    if token.endswith("s") and singular and len(token) > 4 and not token.endswith(("ss", "us", "is")):
        return token[:-3] if token.endswith("ies") else token[:-1]
    return token


def first_stem(
    phrase: str, aliases: Mapping[str, str], case_sensitive: frozenset[str], *, singular: bool = False
) -> str:
    """The start of the first word every match of `compile_phrase(...)` has ('' if it has no words)."""
    for word in phrase.split():
        if word != "*":
            for t in tokens(word, aliases):
                return _token_stem(t.lower(), case_sensitive, singular=singular)
    return ""


def compile_phrase(
    phrase: str, aliases: Mapping[str, str], case_sensitive: frozenset[str], *, singular: bool = False
) -> re.Pattern[str]:
    """Compile a lower-case phrase ('*' = up to three words) into a case-insensitive whole-word regex."""
    parts: list[str] = []
    for word in phrase.split():
        if word == "*":
            parts.append(_WILDCARD)
        else:
            parts.extend(
                _token_pattern(t.lower(), case_sensitive, singular=singular) + " "
                for t in tokens(word, aliases)
            )
    body = "".join(parts).rstrip(" ")
    return re.compile(rf"\b{body}\b", re.IGNORECASE)


def _edit_distance_is_one(a: str, b: str) -> bool:
    """Return True when a and b differ by one insertion, deletion, substitution or adjacent swap."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        i = diffs[0]
        return len(diffs) == 2 and diffs[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


class PhraseMatcher:
    """Finds non-overlapping phrase hits for a set of coded phrases plus blockers."""

    def __init__(
        self,
        entries: Iterable[tuple[str | None, str, bool]],
        aliases: Mapping[str, str],
        case_sensitive: frozenset[str],
    ) -> None:
        """Compile (code or None for a blocker, phrase, weak) entries."""
        self._aliases = aliases
        self._case_sensitive = case_sensitive
        self._entries: list[tuple[str | None, str, bool, re.Pattern[str]]] = []
        # Entries by the start of their first word, so a text is tried only against phrases whose first
        # word could be in it (about 2,000 regular expressions each time otherwise); `_always` has the
        # few entries that cannot be keyed that way.
        self._by_stem: dict[str, list[int]] = {}
        self._always: list[int] = []
        vocabulary: set[str] = set()
        for code, phrase, weak in entries:
            # Capitals matter only for a lone acronym such as "IT" or "SEND", never inside blockers.
            sensitive = case_sensitive if code is not None and len(phrase.split()) == 1 else frozenset()
            singular = code is not None
            stem = first_stem(phrase, aliases, sensitive, singular=singular)
            if stem and stem.isascii():
                self._by_stem.setdefault(stem, []).append(len(self._entries))
            else:
                self._always.append(len(self._entries))
            self._entries.append(
                (code, phrase, weak, compile_phrase(phrase, aliases, sensitive, singular=singular))
            )
            vocabulary.update(t.lower() for t in tokens(phrase, aliases) if t.isalpha())
        self._vocabulary = frozenset(vocabulary)
        # Typo targets by first letter (a repair never changes it), in alphabetical order within each.
        self._fuzzy_targets: dict[str, list[str]] = {}
        for word in sorted(w for w in vocabulary if len(w) >= _MIN_FUZZY_TARGET_LENGTH):
            self._fuzzy_targets.setdefault(word[0], []).append(word)

    def _repair(self, token: str) -> str | None:
        lower = token.lower()
        if (
            len(lower) < _MIN_FUZZY_LENGTH
            or not lower.isalpha()
            or lower in self._vocabulary
            or lower in _NOT_TYPOS
        ):
            return None
        found = [
            w
            for w in self._fuzzy_targets.get(lower[0], ())
            if abs(len(w) - len(lower)) <= 1
            and not w.startswith(lower)
            and not lower.startswith(w)
            and _edit_distance_is_one(w, lower)
        ]
        return found[0] if len(found) == 1 else None

    def prepare(self, text: str) -> Prepared:
        """Tokenise text and repair single-letter typos of taxonomy words."""
        out: list[str] = []
        repaired: list[tuple[int, int]] = []
        position = 0
        for token in tokens(text, self._aliases):
            fixed = self._repair(token)
            word = fixed if fixed is not None else token
            if fixed is not None:
                repaired.append((position, position + len(word)))
            out.append(word)
            position += len(word) + 1
        return Prepared(text=" ".join(out), repaired=tuple(repaired))

    def _worth_trying(self, text: str) -> list[int]:
        """Entries that might match: all of them, unless the text is plain ASCII.

        Every match begins at a word of the prepared text with the entry's stem, compared case-blind; on
        ASCII text `str.lower` agrees exactly with the regular expressions' case-blindness (beyond ASCII
        it does not: the Kelvin sign matches "k"), so other texts try every entry as before."""
        if not text.isascii():
            return list(range(len(self._entries)))
        chosen = set(self._always)
        for word in set(text.lower().split(" ")):
            for end in range(1, len(word) + 1):
                chosen.update(self._by_stem.get(word[:end], ()))
        return sorted(chosen)

    def find(self, prepared: Prepared, *, every_entry: bool = False) -> list[Hit]:
        """Return non-overlapping hits, preferring longer phrases and then blockers.

        `every_entry` tries every phrase without the shortcut (to check the shortcut changes nothing)."""
        candidates: list[Hit] = []
        indices = range(len(self._entries)) if every_entry else self._worth_trying(prepared.text)
        for index in indices:
            code, phrase, weak, pattern = self._entries[index]
            for m in pattern.finditer(prepared.text):
                touched = any(s < m.end() and m.start() < e for s, e in prepared.repaired)
                candidates.append(Hit(code, phrase, m.start(), m.end(), weak, touched))
        candidates.sort(key=lambda h: (-(h.end - h.start), h.code is not None, h.start))
        chosen: list[Hit] = []
        for hit in candidates:
            if all(hit.end <= c.start or c.end <= hit.start for c in chosen):
                chosen.append(hit)
        chosen.sort(key=lambda h: h.start)
        return chosen
