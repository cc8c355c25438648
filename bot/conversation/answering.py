"""Answering a possible match in words ("introduce us", "not now #2") as well as with its buttons."""

from __future__ import annotations

import re

from bot import wording
from bot.conversation.introducing import respond
from bot.conversation.replies import yes_or_no
from bot.conversation.turn import Turn
from bot.domain.numbering import numbered_proposals
from bot.domain.proposals import ViewerState, viewer_state
from bot.storage.models import Proposal

_ANSWER = re.compile(
    r"^(?:ok |yes |yes please |please )?"
    r"(?P<answer>introduce us|introduce me|accept|not now|no thanks|decline)"
    r"(?: (?:to |for )?(?:possible match |match )?(?:#|no\.? ?|number )?(?P<number>\d{1,6}))?(?: please)?$"
)
_ACCEPT = frozenset({"introduce us", "introduce me", "accept"})


def answer_in_words(turn: Turn, text: str, *, bare: bool) -> bool:
    """Whether the text answered a possible match awaiting this officer (and was handled); a bare yes
    or no counts only when `bare` (nothing else is being asked); with several awaiting, it asks which."""
    words = " ".join(re.sub(r"[^\w#. ]", " ", text.lower()).split()).strip(" .")
    found = _ANSWER.match(words)
    yes = yes_or_no(text) if found is None and bare else None
    if found is None and yes is None:
        return False  # not an answer: no need to read the officer's proposals (most messages)
    awaiting = [
        (number, proposal)
        for number, proposal in numbered_proposals(turn.session, turn.officer_id)
        if viewer_state(proposal, turn.officer_id) == ViewerState.AWAITING_YOU
    ]
    if found is None:
        if not awaiting:
            return False  # a bare yes or no answers a match only when one is waiting
        accept, number = bool(yes), None
    else:
        accept, number = found.group("answer") in _ACCEPT, found.group("number")
    if number is not None:
        chosen = [proposal for n, proposal in awaiting if n == int(number)]
    else:
        chosen = [proposal for _, proposal in awaiting]
    if len(chosen) == 1 and chosen[0].id is not None:
        respond(turn, chosen[0].id, accept=accept)
    elif not awaiting:
        turn.reply(wording.NO_MATCH_AWAITS)
    elif number is not None:
        turn.reply(wording.NO_SUCH_MATCH.format(number=number, numbers=_numbers(awaiting)))
    else:
        turn.reply(wording.WHICH_MATCH.format(numbers=_numbers(awaiting)))
    return True


def _numbers(awaiting: list[tuple[int, Proposal]]) -> str:
    return ", ".join(f"#{number}" for number, _ in awaiting)
