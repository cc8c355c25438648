"""Short typed answers to a pending question: yes or no, new or keep, not sure, a field's name, a place."""

from __future__ import annotations

import re

from bot.conversation.actions import DraftField
from bot.conversation.folding import fold

_WORDS = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
_YES = frozenset(
    {
        "yes",
        "y",
        "yeah",
        "yep",
        "yup",
        "yes please",
        "ok",
        "okay",
        "sure",
        "correct",
        "confirm",
        "go ahead",
        "do it",
        "that's right",
        "thats right",
        "looks right",
        "looks good",
        "right",
        "fine",
        "that's fine",
        "yes that's right",
        "spot on",
        "perfect",
        "great",
        "ie",
        "ydw",
        "do",
    }
)
_NO = frozenset(
    {
        "no",
        "n",
        "nope",
        "nah",
        "no thanks",
        "no thank you",
        "not right",
        "wrong",
        "that's wrong",
        "change",
        "change it",
        "change something",
        "not quite",
        "na",
        "nac ydw",
        "don't",
        "dont",
    }
)
_NEW = frozenset(
    {"new", "new one", "the new one", "start new", "start a new one", "new plan", "start afresh"}
)
_KEEP = frozenset(
    {"keep", "keep going", "keep it", "old", "the old one", "carry on", "continue", "the first one"}
)
_NOT_SURE = frozenset(
    {
        "not sure",
        "not sure yet",
        "unsure",
        "don't know",
        "dont know",
        "do not know",
        "no idea",
        "dunno",
        "dunno really",
        "not really sure",
        "not sure really",
        "i'm not sure",
        "im not sure",
        "tbc",
        "to be confirmed",
        "undecided",
        "not decided",
        "haven't decided",
        "unknown",
        "skip",
        "pass",
        "n/a",
        "na",
        "idk",
        "i dunno",
        "i don't know",
        "i dont know",
        "don't know yet",
        "dont know yet",
        "no clue",
        "not a clue",
        "haven't a clue",
        "beats me",
        "not sure tbh",
        "idk tbh",
        "no idea yet",
        "hard to say",
        "too early to say",
        "too soon to say",
        "tbd",
        "to be decided",
    }
)
_FIELDS = {
    "service": DraftField.AREAS,
    "the service": DraftField.AREAS,
    "service area": DraftField.AREAS,
    "area": DraftField.AREAS,
    "kind of change": DraftField.MODEL,
    "the kind of change": DraftField.MODEL,
    "model": DraftField.MODEL,
    "delivery model": DraftField.MODEL,
    "type": DraftField.MODEL,
    "stage": DraftField.STAGE,
    "the stage": DraftField.STAGE,
    "timeline": DraftField.TIMELINE,
    "the timeline": DraftField.TIMELINE,
    "date": DraftField.TIMELINE,
    "the date": DraftField.TIMELINE,
    "when": DraftField.TIMELINE,
    "timing": DraftField.TIMELINE,
}


# "the second one", "2nd": a choice by its place in the list.
_PLACES = {
    word: place
    for place, words in enumerate(
        (("first", "1st"), ("second", "2nd"), ("third", "3rd"), ("fourth", "4th"), ("fifth", "5th")),
        start=1,
    )
    for word in words
}


def _words(text: str) -> str:
    return " ".join(_WORDS.findall(fold(text)))


# A yes said in a few affirmations ("yes that's it", "yep, looks good thanks"), nothing else.
_AFFIRMATION = re.compile(
    r"(?:yes|yeah|yep|yup|ok|okay|sure|right|great|perfect|lovely|brilliant|fab|grand|spot on|correct"
    r"|(?:that's|thats|that is) (?:it|right|correct|fine|great|perfect|spot on|all correct|about right"
    r"|roughly right|good|ok|okay)"
    r"|fine|good|sounds (?:right|good|fine)|that(?:'ll| will) do|that works|happy with (?:that|it|this)"
    r"|(?:looks|that's|thats) (?:about|roughly|more or less) right|near enough|close enough|good enough"
    r"|looks (?:right|good|fine|great|ok|okay)|all (?:good|correct|fine|right)|save it|go ahead"
    r"|go on(?: then)?|go for it|why not|let's do it|lets do it|do it"
    r"|please|thanks|thank you|cheers|ta)"
)
_AFFIRMATIONS = re.compile(rf"{_AFFIRMATION.pattern}(?: {_AFFIRMATION.pattern})*")
_COURTESY = frozenset({"please", "thanks", "thank you", "cheers", "ta"})


def yes_or_no(text: str) -> bool | None:
    """True for yes, False for no, None when the text is neither."""
    words = _words(text)
    if words in _YES:
        return True
    if words in _NO:
        return False
    return None


def confirms(text: str) -> bool:
    """A yes, also in a few affirmations ("yes that's it", "yep, looks good thanks"): for confirming one's
    own draft only. An introduction's consent takes a plain yes (yes_or_no), never "great thanks"."""
    words = _words(text)
    return yes_or_no(text) is True or (words not in _COURTESY and bool(_AFFIRMATIONS.fullmatch(words)))


_NONE_OF_THESE = frozenset(
    {"something else", "none of these", "none of them", "none of those", "other", "another", "neither",
     "not those", "none", "more", "more options", "others"}
)  # fmt: skip


def none_of_these(text: str) -> bool:
    """The officer wants a choice that isn't among those shown ("something else")."""
    return _words(text) in _NONE_OF_THESE


def new_or_keep(text: str) -> bool | None:
    """True to start the new plan, False to keep the draft, None when the text is neither."""
    words = _words(text)
    if words in _NEW:
        return True
    if words in _KEEP:
        return False
    return None


def is_not_sure(text: str) -> bool:
    """The officer does not know yet."""
    return _words(text) in _NOT_SURE


def field_named(text: str) -> DraftField | None:
    """The field of a draft the officer names ("the stage", "timeline"), if any."""
    return _FIELDS.get(_words(text).removeprefix("change ").removeprefix("the "))


def place_of(text: str) -> int | None:
    """The place in a list of choices the officer typed ("2", "the second one", "3rd"), if any."""
    words = _words(text).removeprefix("the ").removeprefix("option ").removeprefix("number ")
    words = words.removesuffix(" one").removesuffix(" please").removesuffix(" option")
    if words.isdigit() and len(words) < 3:
        return int(words)
    return _PLACES.get(words)


# "Been there": a live plan's owner saying, at the confirm step, whether they are happy to advise others.
_ADVISE_OFF = re.compile(
    r"\b(?:stop (?:offering )?advi[cs]|(?:not|never|rather not|don't|dont|do not|won't|wont|no longer)"
    r"(?: be)?(?: happy| want| able| willing)?(?: to)? advis|no advi[cs]e)"
)
_ADVISE_ON = re.compile(
    r"\b(?:happy|glad|willing|able|keen|pleased|can|could|will|i'll|ill) (?:to )?advise\b"
)


def advising_answer(text: str) -> bool | None:
    """True for "I'm happy to advise others", False for "I'd rather not advise", None for anything else."""
    words = _words(text)
    if _ADVISE_OFF.search(words):
        return False
    if _ADVISE_ON.search(words) or words in ("advise others", "happy to advise others"):
        return True
    return None


# Putting off an answer to a possible match ("maybe later", "let me think about it").
_LATER = re.compile(
    r"(?:maybe |perhaps |probably |i'll (?:decide |answer )?|i will (?:decide |answer )?)?later(?: on)?"
    r"|(?:let me|i'll|i will|i need to|i'd like to|need to) (?:think(?: about it)?|have a think|sleep on it"
    r"|check with (?:my )?\w+(?: first)?|mull it over|get back to you)(?: first)?"
    r"|(?:i'll |i will )?(?:come|get) back to (?:you|this|it)(?: later)?"
)


def is_later(text: str) -> bool:
    """The officer will answer later, without saying yes or no now."""
    return bool(_LATER.fullmatch(_words(text)))
