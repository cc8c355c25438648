"""Answering a circle in words: its offer, a place in one that has formed, or a later officer's request.

The same rules as a pair's answer in words: a number picks the one it names ("yes #3", "not now #3");
without one, the one thing waiting is answered, "join the circle" picks the one circle or place waiting,
"welcome them" the one later officer waiting, and with several the officer is asked which. Two later
officers asking to join one circle share its number, so then only their buttons tell them apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import wording
from bot.conversation.circling import respond_circle
from bot.conversation.turn import Turn
from bot.conversation.welcoming import respond_request, respond_welcome
from bot.domain.circles import awaiting as awaiting_circles
from bot.domain.newcomers import awaiting_requests, awaiting_welcomes
from bot.storage.models import CircleRequest, Proposal

JOIN = frozenset({"join the circle", "join"})  # only a circle, or a place in one, is joined
WELCOME = frozenset({"welcome them", "happy for them to join", "let them join", "they can join"})


@dataclass(frozen=True)
class Waiting:
    """Everything waiting for this officer's answer, each under their own match number."""

    pairs: list[tuple[int, Proposal]]
    circles: list[tuple[int, int]]
    requests: list[tuple[int, CircleRequest]]
    welcomes: list[tuple[int, int]]

    @property
    def of_circles(self) -> bool:
        return bool(self.circles or self.requests or self.welcomes)

    @property
    def count(self) -> int:
        return len(self.pairs) + len(self.circles) + len(self.requests) + len(self.welcomes)

    def numbers(self) -> set[int]:
        found = {n for n, _ in self.pairs} | {n for n, _ in self.circles}
        return found | {n for n, _ in self.requests} | {n for n, _ in self.welcomes}

    def listed(self) -> str:
        return ", ".join(f"#{n}" for n in sorted(self.numbers()))


def waiting_for(turn: Turn, pairs: list[tuple[int, Proposal]]) -> Waiting:
    """The pairs given, and every circle, place and later officer's request waiting for this officer."""
    return Waiting(
        pairs=pairs,
        circles=awaiting_circles(turn.session, turn.officer_id, now=turn.now),
        requests=awaiting_requests(turn.session, turn.officer_id, now=turn.now),
        welcomes=awaiting_welcomes(turn.session, turn.officer_id, now=turn.now),
    )


def answered_circle(
    turn: Turn, waiting: Waiting, *, phrase: str | None, yes: bool, number: int | None
) -> bool:
    """Answer the circle, place or request meant, or ask which; False leaves it to a pair's answer."""
    if number is not None:
        return _by_number(turn, waiting, yes=yes, number=number)
    if phrase in JOIN and len(waiting.circles) + len(waiting.requests) == 1:
        _answer_joinable(turn, waiting, yes=yes)  # "join the circle": the one circle or place waiting
        return True
    if phrase in WELCOME and len(waiting.welcomes) == 1:
        respond_welcome(turn, waiting.welcomes[0][1], yes=yes)
        return True
    if phrase not in WELCOME and waiting.count == 1:
        if waiting.pairs:
            return False
        if waiting.welcomes:
            respond_welcome(turn, waiting.welcomes[0][1], yes=yes)
        else:
            _answer_joinable(turn, waiting, yes=yes)
        return True
    if waiting.count == 0:
        turn.reply(wording.NO_MATCH_AWAITS)
    elif len({n for n, _ in waiting.welcomes}) == 1 and waiting.count == len(waiting.welcomes):
        turn.reply(wording.CIRCLE_WELCOME_WHICH.format(match=waiting.welcomes[0][0]))
    else:
        turn.reply(wording.WHICH_MATCH.format(numbers=waiting.listed()))
    return True


def _by_number(turn: Turn, waiting: Waiting, *, yes: bool, number: int) -> bool:
    circles = [circle_id for n, circle_id in waiting.circles if n == number]
    requests = [request for n, request in waiting.requests if n == number]
    welcomes = [welcome_id for n, welcome_id in waiting.welcomes if n == number]
    if circles:
        respond_circle(turn, circles[0], yes=yes)
    elif requests:
        respond_request(turn, requests[0], yes=yes)
    elif len(welcomes) == 1:
        respond_welcome(turn, welcomes[0], yes=yes)
    elif welcomes:
        turn.reply(wording.CIRCLE_WELCOME_WHICH.format(match=number))
    elif any(n == number for n, _ in waiting.pairs):
        return False  # a pair's number: answered as a pair
    else:
        turn.reply(wording.NO_SUCH_MATCH.format(number=number, numbers=waiting.listed()))
    return True


def _answer_joinable(turn: Turn, waiting: Waiting, *, yes: bool) -> None:
    if waiting.circles:
        respond_circle(turn, waiting.circles[0][1], yes=yes)
    else:
        respond_request(turn, waiting.requests[0][1], yes=yes)
