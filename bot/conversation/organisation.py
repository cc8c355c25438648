"""Settling which organisation an officer works for when their email domain is not one we know."""

from __future__ import annotations

from collections.abc import Callable

from bot import wording
from bot.conversation import steps
from bot.conversation.commands import Command, parse
from bot.conversation.steps import State, Step
from bot.conversation.turn import Turn
from bot.domain.officers import set_unverified_organisation
from bot.domain.workspaces import email_domain

ORGANISATION_NAME_LIMIT = 120


def ask(turn: Turn, *, held_text: str | None) -> None:
    """Ask which organisation the officer works for, keeping any plan text they already sent."""
    domain = email_domain(turn.officer.email) if turn.officer.email else "(none)"
    data = {"held_text": held_text} if held_text else {}
    steps.save(turn.session, turn.officer_id, State(Step.AWAITING_ORGANISATION, data), now=turn.now)
    turn.reply(wording.ASK_ORGANISATION.format(domain=domain))


def ask_again(turn: Turn, state: State) -> None:
    """Ask again, still holding what they sent before."""
    ask(turn, held_text=state.data.get("held_text"))


def on_text(turn: Turn, state: State, text: str, *, go_on: Callable[[str], None]) -> None:
    """The officer's answer; once settled, `go_on` continues with any plan text they sent before."""
    held = state.data.get("held_text")
    parsed = parse(text)
    if parsed is not None or len(text) > ORGANISATION_NAME_LIMIT:
        if parsed is not None and parsed.command == Command.HELP:
            turn.reply(wording.HELP)
        # A description sent before the organisation's name is kept, not mistaken for the name.
        ask(turn, held_text=held if parsed is not None else text)
        return
    set_unverified_organisation(turn.session, turn.officer, text, now=turn.now)
    turn.audit("organisation_named", "officer", turn.officer_id)
    turn.reply(wording.ORGANISATION_NOTED.format(organisation=text))
    steps.clear(turn.session, turn.officer_id)
    if held:
        go_on(held)
