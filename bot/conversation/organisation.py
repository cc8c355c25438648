"""Settling which organisation an officer works for when their email domain is not one we know.

What they type is looked up among the directory's councils and the closest few offered as choices, with
"Another organisation" for anything else. Neither verifies them: only an email domain does. A plan sent
before or instead of the name is held, never stored as the name, and taken up once the organisation is
settled.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from bot import wording
from bot.conversation import managing, questions, steps
from bot.conversation.actions import (
    Action,
    AnotherOrganisation,
    ChooseOrganisation,
    ConfirmForget,
    KeepOrganisationName,
    RetypeOrganisation,
    encode,
)
from bot.conversation.commands import Command, Parsed, parse
from bot.conversation.reading import is_small_talk
from bot.conversation.replies import confirms, yes_or_no
from bot.conversation.steps import State, Step
from bot.conversation.turn import Turn
from bot.domain.directory import rank_councils
from bot.domain.officers import set_unverified_council, set_unverified_organisation
from bot.domain.workspaces import email_domain
from bot.messages import Button, Message
from matching.understanding import understand

ORGANISATION_NAME_LIMIT = 120
NAME_WORDS = 10  # more words than this is a sentence, not an organisation's name
_HELD = "held_text"  # plan text sent before the organisation was settled
_TYPED = "typed"  # the name typed, while its matches (or that there are none) are on screen
_OFFERED = "offered"  # the codes of the councils offered
_NAMING = "naming"  # they chose Another organisation: what they type next is its name
_SMALL_WORDS = frozenset({"of", "and", "the", "for", "in", "on", "at", "a", "an", "to", "with", "upon"})
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")


def ask(turn: Turn, *, held_text: str | None) -> None:
    """Ask which organisation the officer works for, keeping any plan text they already sent."""
    domain = email_domain(turn.officer.email) if turn.officer.email else "(none)"
    _save(turn, {_HELD: held_text} if held_text else {})
    turn.reply(wording.ASK_ORGANISATION.format(domain=domain))


def ask_again(turn: Turn, state: State) -> None:
    """Ask again, still holding what they sent before."""
    ask(turn, held_text=state.data.get(_HELD))


def reads_as_plan(text: str, *, today: date) -> bool:
    """Whether a reply to "which organisation?" describes a plan rather than naming an organisation.

    Long text is a plan. So is text naming a service or a kind of change, unless it is written as a
    name: "Riverside Leisure Trust" names both, but its capitals say it is an organisation."""
    if len(text) > ORGANISATION_NAME_LIMIT or len(text.split()) > NAME_WORDS:
        return True
    understood = understand(text, today=today, learned=False)
    if not understood.service_areas and understood.delivery_model is None:
        return False
    words = [w for w in _WORD.findall(text) if w.casefold() not in _SMALL_WORDS]
    return not (words and all(w[0].isupper() for w in words))


_BRUSH_OFF = re.compile(
    r"\b(?:never ?mind|leave it|forget it|skip(?: it| this)?|rather not|prefer not|not telling|no idea"
    r"|don'?t know|dunno|not sure|does it matter|why do you need)\b",
    re.IGNORECASE,
)


def could_be_a_name(text: str) -> bool:
    """Whether a reply to "which organisation?" could be a name at all: not a question, a yes, a nod or
    a brush-off ("looks ok", "never mind, leave it")."""
    return not (
        "?" in text
        or questions.asks_something(text)
        or confirms(text)
        or yes_or_no(text) is not None
        or _BRUSH_OFF.search(text)
    )


def on_text(turn: Turn, state: State | None, text: str, *, go_on: Callable[[str], None]) -> None:
    """What an officer without an organisation wrote; once it is settled, `go_on` continues with any
    plan text they sent before."""
    parsed = parse(text)
    topic = questions.topic_of(text) if parsed is None else None
    if topic is not None:
        # A question about Notalone is answered, wherever they are; the organisation question stays open.
        turn.reply(questions.answer(topic, questions.facts_for_officer(turn), asked=text))
        if state is not None and state.step == Step.AWAITING_ORGANISATION:
            _remind(turn, dict(state.data))
        elif state is None:
            ask(turn, held_text=None)
        else:
            turn.reply(managing.forget_question())
        return
    if parsed is None and is_small_talk(text) and (state is None or state.step == Step.AWAITING_ORGANISATION):
        ask(turn, held_text=state.data.get(_HELD) if state is not None else None)
        return
    if state is not None and state.step == Step.CONFIRM_FORGET:
        _while_forgetting(turn, state, parsed)
    elif state is None or state.step != Step.AWAITING_ORGANISATION:
        _before_asking(turn, text, parsed)
    elif parsed is not None:
        _command(turn, dict(state.data), parsed)
    else:
        _answer(turn, dict(state.data), text, go_on=go_on)


def on_action(
    turn: Turn, state: State | None, action: Action | None, *, go_on: Callable[[str], None]
) -> None:
    """A button pressed by an officer without an organisation, or one of this module's buttons."""
    if isinstance(action, ConfirmForget) and state is not None and state.step == Step.CONFIRM_FORGET:
        held = state.data.get(_HELD)
        steps.clear(turn.session, turn.officer_id)
        if action.yes:
            managing.forget(turn)
            return
        turn.reply(wording.KEPT)
        ask(turn, held_text=held)
        return
    if turn.officer.organisation_id is not None or state is None or state.step != Step.AWAITING_ORGANISATION:
        turn.reply(wording.NOT_A_CHOICE)
        if turn.officer.organisation_id is None:
            ask(turn, held_text=state.data.get(_HELD) if state is not None else None)
        return
    data = dict(state.data)
    held = data.get(_HELD)
    if isinstance(action, ChooseOrganisation) and action.code in data.get(_OFFERED, ()):
        council = turn.directory.by_code(action.code)
        if council is not None:
            set_unverified_council(turn.session, turn.officer, council, now=turn.now)
            turn.audit("organisation_chosen", "officer", turn.officer_id)
            _settled(turn, wording.ORGANISATION_CHOSEN.format(organisation=council.name), held, go_on)
            return
    elif isinstance(action, AnotherOrganisation) and _OFFERED in data:
        _save(turn, _held(held) | {_NAMING: True})
        turn.reply(wording.ASK_ORGANISATION_NAME)
        return
    elif isinstance(action, KeepOrganisationName) and _TYPED in data and _OFFERED not in data:
        _name(turn, data[_TYPED], held, go_on)
        return
    elif isinstance(action, RetypeOrganisation) and _TYPED in data:
        _save(turn, _held(held))
        turn.reply(wording.ASK_ORGANISATION_AGAIN)
        return
    turn.reply(wording.NOT_A_CHOICE)
    _remind(turn, data)


def _before_asking(turn: Turn, text: str, parsed: Parsed | None) -> None:
    """A message before the question was asked: usually their plan, to hold; perhaps a council's name."""
    if parsed is not None and parsed.command in (Command.FORGET_ME, Command.CANCEL):
        _command(turn, {}, parsed)
    elif parsed is not None:
        _run(turn, parsed)
        ask(turn, held_text=None)
    elif reads_as_plan(text, today=turn.now.date()):
        turn.reply(wording.PLAN_KEPT_FOR_LATER)
        ask(turn, held_text=text)
    elif rank_councils(turn.directory, text):
        _offer(turn, {}, text)
    else:
        ask(turn, held_text=None)  # "hello" is no answer: nothing had been asked


def _answer(turn: Turn, data: dict[str, Any], text: str, *, go_on: Callable[[str], None]) -> None:
    held = data.get(_HELD)
    if text == held:
        held = None  # sent again after we took it for a plan: it is their organisation's name after all
    elif not could_be_a_name(text):  # "looks ok", "never mind, leave it", "what does active mean?"
        asks = "?" in text or questions.asks_something(text)
        turn.reply(wording.CANNOT_ANSWER if asks else wording.NOT_AN_ORGANISATION)
        _remind(turn, data)
        return
    elif reads_as_plan(text, today=turn.now.date()):
        turn.reply(wording.PLAN_NOT_A_NAME)
        _remind(turn, data | _held(text))  # the latest plan text is the one to come back to
        return
    if data.get(_NAMING):
        _name(turn, text, held, go_on)
    else:
        _offer(turn, _held(held), text)


def choices(turn: Turn, state: State) -> tuple[Button, ...]:
    """The choices the organisation question last offered, so that typing one's label chooses it."""
    data = state.data
    if data.get(_NAMING):
        return ()
    if _OFFERED in data:
        councils = (turn.directory.by_code(code) for code in data[_OFFERED])
        buttons = [Button(c.name, encode(ChooseOrganisation(c.code))) for c in councils if c is not None]
        return (*buttons, Button(wording.ANOTHER_ORGANISATION, encode(AnotherOrganisation())))
    if _TYPED in data:
        return (
            Button(wording.KEEP_ORGANISATION_NAME, encode(KeepOrganisationName())),
            Button(wording.RETYPE_ORGANISATION, encode(RetypeOrganisation())),
        )
    return ()


def _offer(turn: Turn, data: dict[str, Any], typed: str) -> None:
    """The councils closest to what they typed, and Another organisation; or, if none is close, keeping
    the name as typed or typing it again."""
    matches = rank_councils(turn.directory, typed)
    if matches:
        _save(turn, data | {_TYPED: typed, _OFFERED: [m.council.code for m in matches]})
        buttons = [Button(m.council.name, encode(ChooseOrganisation(m.council.code))) for m in matches]
        buttons.append(Button(wording.ANOTHER_ORGANISATION, encode(AnotherOrganisation())))
        turn.reply(Message(wording.ORGANISATION_CHOICES, tuple(buttons)))
        return
    _save(turn, data | {_TYPED: typed})
    keep = Button(wording.KEEP_ORGANISATION_NAME, encode(KeepOrganisationName()))
    retype = Button(wording.RETYPE_ORGANISATION, encode(RetypeOrganisation()))
    turn.reply(Message(wording.ORGANISATION_NOT_FOUND.format(typed=typed), (keep, retype)))


def _command(turn: Turn, data: dict[str, Any], parsed: Parsed) -> None:
    """Commands still work while we wait for the organisation; the question stays open after them."""
    if parsed.command == Command.FORGET_ME:
        steps.save(
            turn.session, turn.officer_id, State(Step.CONFIRM_FORGET, _held(data.get(_HELD))), now=turn.now
        )
        turn.reply(managing.forget_question())
        return
    if parsed.command == Command.CANCEL:
        # What they wrote is dropped; the question is not, as nothing can happen until it is answered.
        turn.reply(wording.ORGANISATION_CANCELLED if data else wording.NOTHING_TO_CANCEL)
        _save(turn, {})
        turn.reply(wording.ASK_ORGANISATION_AGAIN)
        return
    _run(turn, parsed)
    _remind(turn, data)


def _run(turn: Turn, parsed: Parsed) -> None:
    if parsed.command == Command.HELP:
        turn.reply(wording.HELP)
    elif parsed.command == Command.MY_PLANS:
        managing.my_plans(turn)
    elif parsed.command == Command.EXPORT:
        managing.export(turn)
    else:  # the rest need an organisation: plans, editing, administration
        turn.reply(wording.ORGANISATION_FIRST)


def _while_forgetting(turn: Turn, state: State, parsed: Parsed | None) -> None:
    """Typing instead of answering "Erase everything?": cancel keeps their data, anything else asks again."""
    if parsed is not None and parsed.command == Command.CANCEL:
        turn.reply(wording.KEPT)
        ask(turn, held_text=state.data.get(_HELD))
        return
    turn.reply(wording.CHOOSE_FROM_ABOVE)
    turn.reply(managing.forget_question())


def _name(turn: Turn, name: str, held: str | None, go_on: Callable[[str], None]) -> None:
    set_unverified_organisation(turn.session, turn.officer, name, now=turn.now)
    turn.audit("organisation_named", "officer", turn.officer_id)
    _settled(turn, wording.ORGANISATION_NOTED.format(organisation=name), held, go_on)


def _settled(turn: Turn, noted: str, held: str | None, go_on: Callable[[str], None]) -> None:
    turn.reply(noted)
    steps.clear(turn.session, turn.officer_id)
    if held:
        go_on(held)


def _remind(turn: Turn, data: dict[str, Any]) -> None:
    """Keep where they were (choices on screen stay valid) and ask the open question again."""
    _save(turn, data)
    turn.reply(wording.ASK_ORGANISATION_NAME if data.get(_NAMING) else wording.ASK_ORGANISATION_AGAIN)


def _held(held: str | None) -> dict[str, Any]:
    return {_HELD: held} if held else {}


def _save(turn: Turn, data: dict[str, Any]) -> None:
    steps.save(turn.session, turn.officer_id, State(Step.AWAITING_ORGANISATION, data), now=turn.now)
