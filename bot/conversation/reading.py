"""What an officer's message is, read before any pending question may take it as its answer.

Every text is one of: a command (also in natural words: "show me my plans"), a question about
Notalone or about who else is doing this, small talk, a plan description, Welsh we cannot read yet,
or something unclear. Routing decides what each means where the officer is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.conversation import questions
from bot.conversation.commands import Parsed, parse
from bot.conversation.drafts import Draft, draft_from_text
from bot.conversation.folding import fold

# A text with no recognised service or kind of change is a plan only if it is this long and speaks
# of "we" or "our" doing something.
PLAN_WORDS = 8
# A question this long is a question, even one Notalone cannot answer ("libraries?" is an answer).
QUESTION_WORDS = 3
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")
_FIRST_PERSON = frozenset({"we", "our", "us", "we're", "were", "i'm", "im", "i", "my", "ours"})
_SMALL_TALK = frozenset(
    {
        "hi",
        "hello",
        "hey",
        "hiya",
        "morning",
        "good morning",
        "good afternoon",
        "good evening",
        "afternoon",
        "thanks",
        "thank you",
        "thank you very much",
        "thanks very much",
        "many thanks",
        "cheers",
        "ta",
        "ok",
        "okay",
        "ok thanks",
        "okay thanks",
        "great",
        "lovely",
        "cool",
        "fine",
        "bye",
        "goodbye",
        "see you",
        "how are you",
        "hello there",
        "hi there",
        "test",
        "testing",
        "bore da",
        "prynhawn da",
        "noswaith dda",
        "shwmae",
        "su'mae",
        "sut mae",
        "helo",
        "diolch",
        "diolch yn fawr",
        "hwyl",
        "hwyl fawr",
    }
)
_THANKS = frozenset({"thanks", "thank", "cheers", "ta", "diolch", "bye", "goodbye", "hwyl"})
# Common Welsh words that are not English words.
_WELSH = frozenset(
    {
        "ydw",
        "ydyn",
        "rydyn",
        "rydym",
        "dw",
        "mae",
        "yn",
        "ein",
        "eich",
        "gyda",
        "ar",
        "gan",
        "i'r",
        "a'r",
        "y",
        "yr",
        "ni'n",
        "rwy'n",
        "mae'n",
        "ydy",
        "hefyd",
        "ond",
        "neu",
        "gwasanaeth",
        "gwasanaethau",
        "cyngor",
        "llyfrgell",
        "llyfrgelloedd",
        "ystyried",
        "trosglwyddo",
        "cynllun",
        "ymddiriedolaeth",
        "hamdden",
        "canolfannau",
        "newid",
        "blwyddyn",
        "nesaf",
        "diolch",
        "bore",
        "da",
        "sut",
        "beth",
        "pwy",
        "ble",
        "pryd",
        "dydd",
        "cydweithredol",
        "staff",
        "fawr",
        "ydych",
        "chi'n",
        "chi",
        "siarad",
        "cymraeg",
        "gymraeg",
        "allwch",
        "gallwch",
        "oes",
        "dych",
    }
)
_WELSH_ONLY = _WELSH - {"staff", "da", "ar", "y", "i'r"}


# "Do you speak Welsh?": answered as a message in Welsh is.
_ASKS_FOR_WELSH = re.compile(
    r"\b(?:speak|understand|read|write|reply in|answer in|talk in|chat in)"
    r" (?:welsh|cymraeg|gaelic|gàidhlig)\b(?!-)"
    r"|\b(?:welsh|cymraeg)(?: language)? (?:version|option)\b",
    re.IGNORECASE,
)
# "can I delete that?", "undo what I wrote": the answer is how to withdraw a plan or erase everything.
_TAKE_BACK = re.compile(
    r"\b(?:delete|remove|undo|take back|unsend|retract)\b.{0,20}"
    r"\b(?:that|it|this|what i (?:wrote|said|sent|shared|typed)|my (?:plan|message|last message))\b"
)


class Kind(StrEnum):
    COMMAND = "command"
    QUESTION = "question"  # about Notalone or the landscape, answered
    OTHER_QUESTION = "other question"  # a question Notalone cannot answer; never a plan
    SMALL_TALK = "small talk"
    PLAN = "plan"
    WELSH = "welsh"
    UNCLEAR = "unclear"


@dataclass(frozen=True)
class Reading:
    """What a message is, with what was read from it."""

    kind: Kind
    command: Parsed | None = None
    topic: questions.Topic | None = None
    draft: Draft | None = None  # what a plan description was understood to say


def read(text: str, *, today: date) -> Reading:
    """Read one message on its own, before any pending question sees it."""
    command = parse(text)
    if command is not None:
        return Reading(Kind.COMMAND, command=command)
    topic = questions.Topic.ERASE if _TAKE_BACK.search(text.lower()) else questions.topic_of(text)
    asks = questions.asks_something(text)
    said = topic is not None and not asks  # a worry said, not asked
    draft = draft_from_text(text, today=today) if said else None
    if topic is not None and not (draft is not None and draft.areas):
        return Reading(Kind.QUESTION, topic=topic)
    # A plan said beside a worry ("care homes might go to a not-for-profit, very early and hush hush") is
    # the plan: its confirmation says what stays private.
    words = [w.lower() for w in _WORD.findall(text)]
    if _is_welsh(words) or (len(words) <= ASIDE_WORDS and _ASKS_FOR_WELSH.search(text)):
        # Mostly Welsh: the reader knows Welsh service names, but not enough Welsh to read a plan in it.
        return Reading(Kind.WELSH)
    if len(words) >= QUESTION_WORDS and asks:
        return Reading(Kind.OTHER_QUESTION)
    if is_small_talk(text):
        return Reading(Kind.SMALL_TALK)
    draft = draft or draft_from_text(text, today=today)
    if draft.recognises_nothing() and not _CHANGE.search(_JOB_TITLE.sub(" ", text)):
        # "Hi there, my director said to try this": no service, change, stage or date, nor any word of
        # changing something: a hello, or something unclear, never a plan whose service is then asked.
        chat = _GREETING.match(text) or _ACKNOWLEDGING.match(text)
        return Reading(Kind.SMALL_TALK if chat else Kind.UNCLEAR, draft=draft)
    if draft.areas or draft.model is not None or _speaks_of_a_plan(words):
        return Reading(Kind.PLAN, draft=draft)
    return Reading(Kind.UNCLEAR, draft=draft)


# A message opening with a greeting ("hi there, ...", "Morning all -", "shwmae,").
_GREETING = re.compile(
    r"^\W*(?:hi|hello|hey|hiya|morning|afternoon|evening|good (?:morning|afternoon|evening)|shwmae|helo"
    r"|bore da|prynhawn da)\b",
    re.IGNORECASE,
)
# A message opening with thanks or a nod ("thanks, that's helpful", "ok fair enough", "got it").
_ACKNOWLEDGING = re.compile(
    r"^\W*(?:thanks|thank you|many thanks|cheers|ta|diolch|great|lovely|perfect|brilliant|fab|super"
    r"|excellent|ok|okay|right|fair enough|got it|understood|noted|helpful|useful|good"
    r"|that(?:'s|\u2019s| is) (?:great|helpful|useful|clear|fine|good|lovely|brilliant)"
    # after a Welsh greeting: "sorry, English is fine"
    r"|(?:sorry\W+)?(?:english|saesneg) (?:is |'s )?(?:fine|ok|okay|good|please|iawn))\b",
    re.IGNORECASE,
)
# Job titles that hold a word of change but say nothing of a plan ("our head of service asked me to ...").
_JOB_TITLE = re.compile(
    r"\b(?:head|director|manager|lead|officer)s? of (?:the )?services?\b"
    r"|\bservices? (?:manager|director|lead|head)s?\b"
    r"|\b(?:contracts?|commissioning) (?:manager|officer|lead)s?\b"
    r"|\bplanning officers?\b",
    re.IGNORECASE,
)
# Any word of changing how a service is run: with one, a message that names nothing else may still be a
# plan ("we're thinking of changing how we run one of our services"), and its service is asked.
_CHANGE = re.compile(
    r"\b(?:chang|mov|spin|spun|outsourc|transfer|shar|bring|brought|insourc|in-hous|in hous|merg|tender"
    r"|procur|restructur|redesign|review|plan|consider|explor|think|propos"
    r"|look(?:ing)? (?:at|into) (?!this\b|it\b|you\b|the bot\b|notalone\b)"
    r"|set(?:ting)? up|creat|form|establish|partner|deliver|run|option|commission|decid|future|service"
    r"|contract|model|mutual|trust|compan|arm's|arms|co-?op)",
    re.IGNORECASE,
)


def is_small_talk(text: str) -> bool:
    """A greeting, thanks or a one-word reply, and nothing else."""
    words = " ".join(w.lower() for w in _WORD.findall(text))
    words = re.sub(r"\b(notalone|bot|there|everyone|all)\b", "", words).strip()
    return " ".join(words.split()) in _SMALL_TALK


# An aside while something is under way: "sorry, got pulled into a meeting", "one sec", "back now".
_ASIDE = re.compile(
    r"^\W*(?:sorry|apologies|ugh|oops|argh|brb|be right back|back now|i'm back|im back|one sec|one moment"
    r"|just a (?:sec|second|moment|minute)|hang on|hold on|give me a (?:sec|second|moment|minute)"
    r"|bear with me|got (?:pulled|called|dragged) (?:into|away)|in a meeting|phone rang)\b",
    re.IGNORECASE,
)
ASIDE_WORDS = 12


def is_aside(text: str) -> bool:
    """A short aside that neither answers nor asks ("sorry, got pulled into a meeting")."""
    return len(_WORD.findall(text)) <= ASIDE_WORDS and bool(_ASIDE.search(fold(text)))


def is_greeting(text: str) -> bool:
    """A message that opens with hello."""
    return bool(_GREETING.match(text))


_GOODBYE = frozenset({"bye", "goodbye", "hwyl", "cheerio", "laters"})


def is_goodbye(text: str) -> bool:
    """Goodbye without thanks ("bye", "hwyl fawr")."""
    words = {w.lower() for w in _WORD.findall(text)}
    return bool(words & _GOODBYE) and not words & (_THANKS - _GOODBYE)


def is_thanks(text: str) -> bool:
    """Thanks or goodbye, rather than hello."""
    return any(w.lower() in _THANKS for w in _WORD.findall(text))


def _speaks_of_a_plan(words: list[str]) -> bool:
    return len(words) >= PLAN_WORDS and any(w in _FIRST_PERSON for w in words)


def _is_welsh(words: list[str]) -> bool:
    welsh = sum(1 for w in words if w in _WELSH_ONLY)
    return welsh >= 2 and welsh * 3 >= len(words)
