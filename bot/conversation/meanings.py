"""What a kind of change means, for an officer who asks ("what's a staff mutual?", "a trust or an ALEO?").

Officers new to this work meet the words first in the kind-of-change question. One plain sentence for
each kind they name (two at most, for "the difference between a trust and an ALEO") is worth more than
"I can't answer that": the choice only has to be roughly right, and the answer says so.
"""

from __future__ import annotations

import re

from bot import wording
from bot.conversation.folding import fold

MAX_EXPLAINED = 2
_ASKS_MEANING = re.compile(
    r"\b(?:what(?:s|'s| s| is| are)(?: an?| the)? (?!(?:the )?(?:difference|point|catch|best)\b)"
    r"(?!(?:the )?(?:others?|other councils?|councils?|people|everyone|anyone|they|you|we|my|our|your"
    r"|their|most|many|options?|chances?|odds|number|count)\b)"
    r"|what does .* (?:mean|stand for)|difference between|what do you mean by|meaning of"
    r"|definition of|define|explain (?:what )?)"
)


def kinds_asked_about(text: str) -> tuple[str, ...]:
    """The kinds of change whose meaning the text asks about, surest first; empty if none."""
    words = fold(text)
    if not _ASKS_MEANING.search(words):
        return ()
    # Imported here: the reader's phrases are compiled on first use, and most questions never need them.
    from matching.understanding import model_evidence

    named = (scored.code for scored in model_evidence(words) if scored.code in wording.KIND_MEANINGS)
    return tuple(named)[:MAX_EXPLAINED]


def explain(text: str) -> str:
    """One sentence for each kind of change asked about, then why it need only be roughly right."""
    kinds = kinds_asked_about(text)
    if not kinds:
        return wording.ANSWER_MEANING
    return " ".join(wording.KIND_MEANINGS[kind] for kind in kinds) + " " + wording.MEANING_ROUGHLY
