"""The phrase matcher's shortcut (trying only phrases whose first word is in the text) finds exactly
what trying every phrase finds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.phrases import PhraseMatcher
from matching.understanding import _area_matcher, _model_matcher, _stage_matcher

MATCHERS = {"area": _area_matcher, "model": _model_matcher, "stage": _stage_matcher}


def phrases_of(matcher: PhraseMatcher) -> list[str]:
    return [phrase.replace("*", "our") for _code, phrase, _weak, _pattern in matcher._entries]


def same_hits(matcher: PhraseMatcher, text: str) -> None:
    prepared = matcher.prepare(text)
    assert matcher.find(prepared) == matcher.find(prepared, every_entry=True), text


@pytest.mark.parametrize("kind", MATCHERS)
def test_every_phrase_in_every_form_is_found_as_before(kind: str) -> None:
    matcher = MATCHERS[kind]()
    for phrase in phrases_of(matcher):
        for form in (phrase, phrase.upper(), phrase.title(), phrase + "s", phrase[:-1], phrase + "es"):
            same_hits(matcher, f"We are reviewing {form}, and {form.replace(' ', '  ')}, next year")


# Beyond the taxonomy's own words: capitals, acronyms, accents, a long s and a Kelvin sign (which the
# regular expressions read as "s" and "k"), a dotted capital I, typos and punctuation.
ODD_WORDS = [
    "Leisure",
    "SEND",
    "send",
    "\u017fervices",
    "\u212aare",
    "\u0130T",
    "it",
    "caf\u00e9",
    "-",
    "'s",
    "recyclng",
]
TAXONOMY_WORDS = sorted(
    {word for make in MATCHERS.values() for p in phrases_of(make()) for word in p.split()}
)
words = st.sampled_from([*TAXONOMY_WORDS, *ODD_WORDS])


@pytest.mark.random_data
@given(st.lists(words, min_size=1, max_size=25), st.sampled_from(list(MATCHERS)))
@settings(max_examples=300, deadline=None)
def test_any_text_of_taxonomy_words_is_found_as_before(chosen: list[str], kind: str) -> None:
    same_hits(MATCHERS[kind](), " ".join(chosen))
