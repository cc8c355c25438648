"""Describing a plan: one message in, a draft to confirm or correct, and matching once confirmed."""

from __future__ import annotations

from bot import wording
from bot.conversation import steps
from bot.conversation.actions import (
    BackToDraft,
    ChangeDraft,
    ChooseDraftField,
    ConfirmDraft,
    DiscardDraft,
    DraftAction,
    SetDraftField,
)
from bot.conversation.drafts import (
    QUESTIONS,
    Draft,
    ask_field,
    draft_from_plan,
    draft_from_text,
    field_question,
    next_question,
    set_field,
    set_timeline_from_text,
    timeline_has_passed,
)
from bot.conversation.introducing import send_proposals
from bot.conversation.steps import State, Step
from bot.conversation.turn import Turn
from bot.domain.limits import check_new_plan
from bot.domain.matchmaking import find_matches
from bot.domain.plans import apply_fields, create_plan, fields_of
from bot.storage.models import Plan, PlanStatus

# A message this short in which nothing is recognised is not a plan description.
SHORT_WORDS = 4
SHORT_CHARACTERS = 30


def start(turn: Turn, text: str) -> None:
    """Understand a description and ask the officer to confirm or complete it."""
    draft = draft_from_text(text, today=turn.now.date())
    if draft.recognises_nothing() and _is_short(text):
        turn.reply(wording.UNKNOWN_INPUT)  # "hello", "thanks", "?!": not a plan
        return
    check_new_plan(turn.session, turn.officer_id, turn.plan_limits, now=turn.now)
    ask(turn, draft, first_time=True)


def _is_short(text: str) -> bool:
    return len(text.split()) < SHORT_WORDS and len(text) < SHORT_CHARACTERS


def ask(turn: Turn, draft: Draft, *, first_time: bool = False) -> None:
    """Ask the next question about a draft and remember where we are."""
    state, message = next_question(draft, first_time=first_time)
    steps.save(turn.session, turn.officer_id, state, now=turn.now)
    turn.reply(message)


def on_action(turn: Turn, state: State, action: DraftAction) -> bool:
    """Handle a choice about the draft; False if it doesn't fit where the officer is."""
    draft = Draft.from_data(state.data)
    confirming, choosing = state.step == Step.CONFIRM_PLAN, state.step == Step.CHOOSE_FIELD
    match action:
        case ConfirmDraft() if confirming:
            confirm(turn, draft)
        case ChangeDraft() if confirming:
            steps.save(turn.session, turn.officer_id, State(Step.CHOOSE_FIELD, state.data), now=turn.now)
            turn.reply(field_question())
        case DiscardDraft() if confirming:
            steps.clear(turn.session, turn.officer_id)
            turn.reply(wording.DRAFT_DISCARDED)
        case BackToDraft() if choosing:
            ask(turn, draft)
        case ChooseDraftField(field) if choosing:
            asked, question = ask_field(draft, field)
            steps.save(turn.session, turn.officer_id, asked, now=turn.now)
            turn.reply(question)
        case SetDraftField(field, value) if QUESTIONS[field][0] == state.step:
            changed = set_field(draft, field, value, today=turn.now.date())
            if changed is None:
                return False
            ask(turn, changed)
        case _:
            return False
    return True


def on_timeline_text(turn: Turn, state: State, text: str) -> None:
    """The officer typed when they hope it will happen."""
    draft = Draft.from_data(state.data)
    changed = set_timeline_from_text(draft, text, today=turn.now.date())
    if changed is None:
        passed = timeline_has_passed(draft, text, today=turn.now.date())
        turn.reply(wording.TIMELINE_PASSED if passed else wording.TIMELINE_NOT_UNDERSTOOD)
        return
    ask(turn, changed)


def confirm(turn: Turn, draft: Draft) -> None:
    """Store the plan privately, then look for comparable plans elsewhere."""
    steps.clear(turn.session, turn.officer_id)
    existing = turn.session.get(Plan, draft.plan_id) if draft.plan_id else None
    if existing is not None and existing.officer_id == turn.officer_id:
        apply_fields(existing, draft.fields(), now=turn.now)
        turn.session.add(existing)
        plan = existing
        turn.audit("plan_updated", "plan", plan.id)
        turn.reply(wording.PLAN_UPDATED.format(number=plan.number))
    else:
        number = check_new_plan(turn.session, turn.officer_id, turn.plan_limits, now=turn.now)
        plan = create_plan(
            turn.session, turn.officer_id, text=draft.text, fields=draft.fields(), now=turn.now, number=number
        )
        turn.audit("plan_created", "plan", plan.id)
        turn.reply(wording.PLAN_SAVED.format(number=plan.number))
    look_for_matches(turn, plan)


def look_for_matches(turn: Turn, plan: Plan) -> None:
    """Run matching for a plan and tell the officer how it went."""
    if not turn.officer.verified:
        turn.reply(wording.UNVERIFIED_NOT_MATCHED)
        return
    if plan.status == PlanStatus.PAUSED:
        turn.reply(wording.PLAN_PAUSED_NOT_MATCHED)
        return
    made = find_matches(
        turn.session,
        plan,
        turn.officer,
        rules=turn.rules,
        index=turn.match_index,
        directory=turn.directory,
        now=turn.now,
        own_policy=turn.policy,
    )
    if made:
        matches = "match" if len(made) == 1 else "matches"
        turn.reply(wording.FOUND_SOME.format(count=len(made), matches=matches))
        send_proposals(turn, made)
    else:
        turn.reply(wording.FOUND_NONE_YET)


def edit(turn: Turn, plan: Plan) -> None:
    """Start correcting an existing plan, field by field."""
    assert plan.id is not None
    draft = draft_from_plan(plan.id, plan.text, fields_of(plan))
    turn.reply(wording.EDITING.format(number=plan.number))
    steps.save(turn.session, turn.officer_id, State(Step.CHOOSE_FIELD, draft.to_data()), now=turn.now)
    turn.reply(field_question())
