"""Routing one officer's event within their turn: a command, an answer to the pending step, a new plan,
or a button's action, each to the conversation module that handles it."""

from __future__ import annotations

from bot import wording
from bot.conversation import describing, managing, organisation, steps
from bot.conversation.actions import (
    Action,
    AdminAction,
    AnswerProposal,
    ConfirmForget,
    ConfirmWithdraw,
    DraftAction,
    KeepPlan,
    OrganisationAction,
    decode,
)
from bot.conversation.administering import admin_menu, on_admin_action
from bot.conversation.commands import Command, Parsed, clean, parse
from bot.conversation.drafts import INTAKE_STEPS, question_for
from bot.conversation.introducing import respond
from bot.conversation.retention_notices import keep_plan
from bot.conversation.steps import State, Step
from bot.conversation.turn import Turn
from bot.messages import Incoming, IncomingKind

# Commands that start a flow of their own, so they wait until an unfinished draft is done.
STARTS_A_FLOW = frozenset({Command.NEW_PLAN, Command.EDIT, Command.WITHDRAW, Command.FORGET_ME})


def route(turn: Turn, incoming: Incoming, *, is_new: bool) -> None:
    """Hand the event to what handles it, after welcoming a newcomer."""
    state = steps.load(turn.session, turn.officer_id)
    if is_new:
        turn.reply(wording.WELCOME.format(name=_first_name(turn)))
        if turn.policy.welcome_message:
            turn.reply(wording.FROM_YOUR_ADMINS.format(message=turn.policy.welcome_message))
    if incoming.kind == IncomingKind.OPENED:
        _greet(turn, state, is_new=is_new)
    elif incoming.kind == IncomingKind.ACTION:
        _on_action(turn, state, decode(incoming.action))
    else:
        _on_text(turn, state, incoming.text)


def _first_name(turn: Turn) -> str:
    name = (turn.officer.name or "").split(" ")[0]
    return f", {name}" if name else ""


def _greet(turn: Turn, state: State | None, *, is_new: bool) -> None:
    if turn.officer.organisation_id is None and (state is None or state.step != Step.AWAITING_ORGANISATION):
        organisation.ask(turn, held_text=None)
        return
    if not is_new:
        turn.reply(wording.WELCOME_BACK.format(name=_first_name(turn)))
    if state is not None:
        _ask_again(turn, state)


def _ask_again(turn: Turn, state: State) -> None:
    """Show the officer the question they still owe an answer to."""
    if state.step in INTAKE_STEPS:
        turn.reply(wording.UNFINISHED_DRAFT)
        turn.reply(question_for(state))
    elif state.step == Step.CONFIRM_WITHDRAW:
        turn.reply(managing.withdraw_question(int(state.data["number"])))
    elif state.step == Step.CONFIRM_FORGET:
        turn.reply(managing.forget_question())
    elif state.step == Step.AWAITING_ORGANISATION:
        organisation.ask_again(turn, state)


def _on_text(turn: Turn, state: State | None, raw: str) -> None:
    text = clean(raw)
    if not text:
        turn.reply(wording.EMPTY_MESSAGE)
        return
    if len(text) > turn.max_message_chars:
        turn.reply(wording.TOO_LONG.format(length=len(text), limit=turn.max_message_chars, text=text))
        return
    if turn.officer.organisation_id is None or (
        state is not None and state.step == Step.AWAITING_ORGANISATION
    ):
        organisation.on_text(turn, state, text, go_on=lambda held: _on_text(turn, None, held))
        return
    parsed = parse(text)
    if parsed is not None:
        _run_command(turn, state, parsed)
    elif state is not None and state.step == Step.ENTER_TIMELINE:
        describing.on_timeline_text(turn, state, text)
    elif state is not None and state.step in INTAKE_STEPS | {Step.CONFIRM_WITHDRAW, Step.CONFIRM_FORGET}:
        turn.reply(wording.CHOOSE_FROM_ABOVE)
        _ask_again(turn, state)
    else:
        describing.start(turn, text)


def _run_command(turn: Turn, state: State | None, parsed: Parsed) -> None:
    drafting = state is not None and state.step in INTAKE_STEPS
    if drafting and parsed.command in STARTS_A_FLOW:
        assert state is not None
        _ask_again(turn, state)
        return
    if state is not None and not drafting and parsed.command != Command.CANCEL:
        steps.clear(turn.session, turn.officer_id)  # an unanswered yes/no question is dropped
    command = parsed.command
    if command == Command.HELP:
        turn.reply(wording.HELP)
    elif command == Command.NEW_PLAN:
        turn.reply(wording.NEW_PLAN)
    elif command == Command.MY_PLANS:
        managing.my_plans(turn)
    elif command == Command.EDIT:
        managing.edit(turn, parsed.target)
    elif command in (Command.PAUSE, Command.RESUME):
        managing.pause_or_resume(turn, parsed.target, pause=command == Command.PAUSE)
    elif command == Command.WITHDRAW:
        managing.ask_withdraw(turn, parsed.target)
    elif command == Command.EXPORT:
        managing.export(turn)
    elif command == Command.FORGET_ME:
        managing.ask_forget(turn)
    elif command == Command.ADMIN:
        admin_menu(turn)
    elif command == Command.CANCEL:
        _cancel(turn, state)
        return
    if drafting and command not in STARTS_A_FLOW:
        assert state is not None
        _ask_again(turn, state)


def _cancel(turn: Turn, state: State | None) -> None:
    if state is None:
        turn.reply(wording.NOTHING_TO_CANCEL)
        return
    steps.clear(turn.session, turn.officer_id)
    turn.reply(wording.DRAFT_DISCARDED if state.step in INTAKE_STEPS else wording.KEPT)


def _on_action(turn: Turn, state: State | None, action: Action | None) -> None:
    """A button's action; None (unknown, malformed or tampered with) changes nothing."""
    if isinstance(action, AnswerProposal):
        respond(turn, action.proposal_id, accept=action.accept)
        return
    if isinstance(action, AdminAction):
        on_admin_action(turn, action)
        return
    if isinstance(action, KeepPlan):
        keep_plan(turn, action.number)
        return
    if turn.officer.organisation_id is None or isinstance(action, OrganisationAction):
        organisation.on_action(turn, state, action, go_on=lambda held: _on_text(turn, None, held))
        return
    step = state.step if state is not None else None
    handled = False
    if isinstance(action, DraftAction) and state is not None and step in INTAKE_STEPS:
        handled = describing.on_action(turn, state, action)
    elif isinstance(action, ConfirmWithdraw) and state is not None and step == Step.CONFIRM_WITHDRAW:
        steps.clear(turn.session, turn.officer_id)
        if action.yes:
            managing.withdraw(turn, int(state.data["number"]))
        else:
            turn.reply(wording.KEPT)
        handled = True
    elif isinstance(action, ConfirmForget) and step == Step.CONFIRM_FORGET:
        steps.clear(turn.session, turn.officer_id)
        if action.yes:
            managing.forget(turn)
        else:
            turn.reply(wording.KEPT)
        handled = True
    if not handled:
        turn.reply(wording.NOT_A_CHOICE)
