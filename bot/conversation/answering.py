"""Answering a possible match in words ("introduce us", "not now #2") as well as with its buttons."""

from __future__ import annotations

import re

from bot import wording
from bot.conversation.circle_answers import JOIN, WELCOME, answered_circle, waiting_for
from bot.conversation.circle_change_of_mind import changed_mind_in_words
from bot.conversation.introducing import respond, say_yes_after_all
from bot.conversation.replies import yes_or_no
from bot.conversation.turn import Turn
from bot.domain.change_of_mind import may_reconsider
from bot.domain.numbering import numbered_proposals
from bot.domain.proposals import ViewerState, viewer_state
from bot.storage.models import Proposal

_ANSWER = re.compile(
    r"^(?:(?:ok|okay|yes|yes please|please|yeah|yep|sure) )*"  # "ok yes introduce us"
    r"(?P<answer>introduce us|introduce me|accept|join the circle|join|not now|no thanks|decline|"
    r"welcome them|happy for them to join|let them join|they can join|"
    r"not relevant|say yes after all|yes after all|say yes|yes)"
    r"(?: (?:to |for )?(?:possible match |match )?(?:#|no\.? ?|number )?(?P<number>\d{1,6}))?(?: please)?$"
)
_ACCEPT = frozenset(
    {"introduce us", "introduce me", "accept"}
    | JOIN  # circles: join
    | WELCOME  # a member, to a later officer asking to join their circle
    | {"say yes after all", "yes after all", "say yes", "yes"}
)
_NOT_RELEVANT = "not relevant"
_AFTER_ALL = frozenset({"say yes after all", "yes after all"})
# A change of mind in the officer's own words, read as "say yes after all".
_CHANGED_MIND = re.compile(
    r"^(?:actually |ok |on second thoughts? |on reflection |sorry )?"
    r"(?:(?:i d|i would|id) (?:like|love) to (?:meet|be introduced to|talk to|speak to) (?:them|him|her)"
    r"(?: after all)?|(?:i ve|i have|ive) changed my mind|introduce us after all|yes please after all)$"
)
# Bare, these are a yes or no to the one match waiting (replies.yes_or_no); here only with a match
# named as one ("yes to #2", "yes for match 2"), never a bare number such as a year ("yes 2027").
_NEEDS_NUMBER = frozenset({"say yes", "yes"})
_NAMES_A_MATCH = re.compile(r"#|\bto\b|\bfor\b|\bmatch\b")


def answer_in_words(turn: Turn, text: str, *, bare: bool) -> bool:
    """Whether the text answered a possible match awaiting this officer (and was handled); a bare yes
    or no counts only when `bare` (nothing else is being asked); with several awaiting, it asks which."""
    words = " ".join(re.sub(r"[^\w#. ]", " ", text.lower()).split()).strip(" .")
    words = "say yes after all" if _CHANGED_MIND.match(words) else words
    found = _ANSWER.match(words)
    needs_number = found is not None and found.group("answer") in _NEEDS_NUMBER
    if (
        found is not None
        and needs_number
        and (found.group("number") is None or not _NAMES_A_MATCH.search(words))
    ):
        found = None
    yes = yes_or_no(text) if found is None and bare else None
    if found is None and yes is None:
        return False  # not an answer: no need to read the officer's proposals (most messages)
    numbered = numbered_proposals(turn.session, turn.officer_id)
    if found is not None and found.group("number") is not None and found.group("answer") in _ACCEPT:
        # "yes to #2" for a possible match they said "Not now" to, still open: a change of mind.
        again = [
            p
            for n, p in numbered
            if n == int(found.group("number")) and may_reconsider(p, turn.officer_id, now=turn.now)
        ]
        if again and again[0].id is not None:
            say_yes_after_all(turn, again[0].id)
            return True
    if found is not None and found.group("number") is None and found.group("answer") in _AFTER_ALL:
        # "I'd like to meet them after all": the one possible match they said not now to, still open
        again = [p for _, p in numbered if may_reconsider(p, turn.officer_id, now=turn.now)]
        if len(again) == 1 and again[0].id is not None:
            say_yes_after_all(turn, again[0].id)
            return True
    awaiting = _awaiting(turn, numbered)
    # circles: a circle, a place in one or a later officer's request is one more numbered possible match
    waiting = waiting_for(turn, awaiting)
    phrase = None if found is None else found.group("answer")
    named = None if found is None or found.group("number") is None else int(found.group("number"))
    if (
        named is not None
        and phrase in _ACCEPT
        and named not in waiting.numbers()
        and changed_mind_in_words(turn, named)
    ):
        return True  # "yes to #3" for a circle, place or later officer they said not now to, still open
    if (waiting.of_circles or phrase in WELCOME) and answered_circle(
        turn,
        waiting,
        phrase=phrase,
        yes=bool(yes) if found is None else found.group("answer") in _ACCEPT,
        number=named,
    ):
        return True
    if found is None:
        if not awaiting:
            return False  # a bare yes or no answers a match only when one is waiting
        accept, number = bool(yes), None
    else:
        accept, number = found.group("answer") in _ACCEPT, found.group("number")
    not_relevant = found is not None and found.group("answer") == _NOT_RELEVANT
    if number is not None:
        chosen = [proposal for n, proposal in awaiting if n == int(number)]
    else:
        chosen = [proposal for _, proposal in awaiting]
    if len(chosen) == 1 and chosen[0].id is not None:
        respond(turn, chosen[0].id, accept=accept, not_relevant=not_relevant)
    elif not awaiting:
        turn.reply(wording.NO_MATCH_AWAITS)
    elif number is not None:
        turn.reply(wording.NO_SUCH_MATCH.format(number=number, numbers=_numbers(awaiting)))
    else:
        turn.reply(wording.WHICH_MATCH.format(numbers=_numbers(awaiting)))
    return True


def anything_awaits(turn: Turn) -> bool:
    """Whether a possible match, circle, place or later officer is waiting for this officer's answer."""
    numbered = numbered_proposals(turn.session, turn.officer_id)
    return waiting_for(turn, _awaiting(turn, numbered)).count > 0


def _awaiting(turn: Turn, numbered: list[tuple[int, Proposal]]) -> list[tuple[int, Proposal]]:
    return [
        (number, proposal)
        for number, proposal in numbered
        if viewer_state(proposal, turn.officer_id) == ViewerState.AWAITING_YOU
    ]


def _numbers(awaiting: list[tuple[int, Proposal]]) -> str:
    return ", ".join(f"#{number}" for number, _ in awaiting)
