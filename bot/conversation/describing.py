"""Describing a plan: one message in, a draft to confirm or correct, and matching once confirmed."""

from __future__ import annotations

import re
from dataclasses import replace

from bot import wording
from bot.conversation import steps
from bot.conversation.actions import (
    AdviseOthers,
    BackToDraft,
    BrowseChoices,
    ChangeDraft,
    ChooseDraftField,
    ConfirmDraft,
    DiscardDraft,
    DraftAction,
    DraftField,
    SetDraftField,
)
from bot.conversation.circling import send_circle_offer
from bot.conversation.drafts import (
    QUESTIONS,
    Draft,
    area_question,
    ask_field,
    browse_areas,
    draft_from_plan,
    draft_from_text,
    field_question,
    guesses_for,
    merge,
    model_question,
    next_question,
    set_field,
    set_timeline_from_text,
    timeline_has_passed,
)
from bot.conversation.introducing import send_proposals
from bot.conversation.landscape import landscape_button
from bot.conversation.replies import (
    advising_answer,
    confirms,
    field_named,
    is_not_sure,
    none_of_these,
    yes_or_no,
)
from bot.conversation.steps import State, Step
from bot.conversation.turn import Turn
from bot.domain.advising import can_advise
from bot.domain.directory import rank_councils
from bot.domain.gathering import offer_circle
from bot.domain.limits import check_new_plan, count_new_plan
from bot.domain.matchmaking import candidates_read_once, find_matches, rank_for
from bot.domain.officers import identity_of
from bot.domain.plans import apply_fields, create_plan, fields_of
from bot.messages import Message
from bot.storage.models import Plan, PlanStatus
from matching.understanding import MAX_AREAS

# A few words naming a service ("the bin rounds"), not a sentence about something else.
ANSWER_WORDS = 6
# Asked which service, a reply up to this long names one, known or not ("community use of schools and halls").
NAMING_WORDS = 10
# A message about a different service this long is a new plan, not a correction of the draft.
ANOTHER_PLAN_WORDS = 6
# How a correction of the draft starts: "it's mainly the museums", "no, it's libraries", "I meant...".
_CORRECTING = re.compile(
    r"\s*(?:no\b|nope\b|actually\b|sorry\b|oops\b|i mean\b|i meant\b|correction\b|rather\b|mainly\b"
    r"|mostly\b|more like\b|it['\u2019]?s\b|it is\b|they['\u2019]re\b|they are\b|the service is\b|should be\b"
    r"|not\b)",
    re.IGNORECASE,
)
# The one field a question asks for: a short answer to it sets that field alone.
_ASKED_FOR = {Step.CHOOSE_STAGE: DraftField.STAGE, Step.CHOOSE_MODEL: DraftField.MODEL}
# A message this short in which nothing is recognised is not a plan description.
SHORT_WORDS = 4
SHORT_CHARACTERS = 30


def start(turn: Turn, text: str, *, after: str | None = None, read: Draft | None = None) -> None:
    """Understand a description and ask the officer to confirm or complete it. `after`: the officer's
    words just before, which a description naming no service goes on from ("How many are moving day
    centres to a mutual?" then "We're at options appraisal"). `read`: the draft the reader already made
    of `text` this turn (understanding the words is a good part of a turn's cost)."""
    same = read is not None and read.text == text
    draft = read if read is not None and same else draft_from_text(text, today=turn.now.date())
    if after and not draft.areas:
        text = f"{after}\n{text}"
        draft = draft_from_text(text, today=turn.now.date())
    if draft.recognises_nothing() and _is_short(text):
        turn.reply(wording.UNKNOWN_INPUT)  # "hello", "thanks", "?!": not a plan
        return
    check_new_plan(turn.session, turn.officer_id, identity_of(turn.officer), turn.plan_limits, now=turn.now)
    ask(turn, draft, first_time=True)


def draft_the_next(turn: Turn, draft: Draft) -> None:
    """The second plan of the message this draft came from, if it had one: its summary, to confirm."""
    if draft.next_text:
        turn.reply(wording.NOW_THE_OTHER_PLAN)
        ask(turn, draft_from_text(draft.next_text, today=turn.now.date()), first_time=True)


def say_discarded(turn: Turn, draft: Draft) -> None:
    """A discarded draft said so: a new plan's was never saved; an edited plan stays as it was."""
    plan = turn.session.get(Plan, draft.plan_id) if draft.plan_id is not None else None
    if plan is not None and plan.officer_id == turn.officer_id:
        turn.reply(wording.EDIT_DISCARDED.format(number=plan.number))
    else:
        turn.reply(wording.DRAFT_DISCARDED)


def add_to(turn: Turn, plan: Plan, told: Draft) -> None:
    """More about a plan just saved ("cabinet paper due in the spring", "go live in April 2028", "actually
    a staff mutual", "libraries too"): the plan with the stage, date, kind of change or added service just
    told, to confirm as any edit; nothing changes until the officer does."""
    assert plan.id is not None
    draft = draft_from_plan(plan.id, plan.text, fields_of(plan), advise=plan.advise_others)
    if told.stage is not None:
        draft = replace(draft, stage=told.stage)
    if told.year is not None:
        draft = replace(draft, year=told.year, month=told.month)
    if told.model is not None:
        draft = replace(draft, model=told.model)
    if told.areas and told.model is None:
        draft = replace(draft, areas=tuple(dict.fromkeys((*draft.areas, *told.areas)))[:MAX_AREAS])
    turn.reply(wording.ADDS_TO_PLAN.format(number=plan.number))
    ask(turn, draft)


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
            draft_the_next(turn, draft)
        case ChangeDraft() if confirming:
            steps.save(turn.session, turn.officer_id, State(Step.CHOOSE_FIELD, state.data), now=turn.now)
            turn.reply(field_question())
        case DiscardDraft() if confirming:
            steps.clear(turn.session, turn.officer_id)
            say_discarded(turn, draft)
            draft_the_next(turn, draft)
        case BackToDraft() if choosing:
            ask(turn, draft)
        case AdviseOthers(on) if confirming and can_advise(draft.stage):
            ask(turn, replace(draft, advise=on))
        case BrowseChoices(DraftField.AREAS, group, page) if state.step == Step.CHOOSE_AREA:
            turn.reply(browse_areas(group, page))
        case BrowseChoices(DraftField.MODEL, _, page) if state.step == Step.CHOOSE_MODEL:
            turn.reply(model_question(page, areas=draft.areas))
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


# A council's name alone, not a word that resembles one ("sure" is 0.8 like Surrey).
_COUNCIL_NAMED = 0.9
_COUNCIL_NAME_WORDS = 5


def _names_a_council(turn: Turn, text: str) -> bool:
    if len(text.split()) > _COUNCIL_NAME_WORDS:
        return False
    found = rank_councils(turn.directory, text, limit=1)
    return bool(found) and found[0].score >= _COUNCIL_NAMED


def on_text(turn: Turn, state: State, text: str, understood: Draft | None) -> bool:
    """A typed answer to the draft's pending question; False when the text doesn't answer it."""
    draft = Draft.from_data(state.data)
    step = state.step
    if (
        step == Step.CONFIRM_PLAN
        and can_advise(draft.stage)
        and (advise := advising_answer(text)) is not None
    ):
        return on_action(turn, state, AdviseOthers(on=advise))
    if step == Step.CONFIRM_PLAN:
        yes = True if confirms(text) else yes_or_no(text)
        if yes is not None:
            on_action(turn, state, ConfirmDraft() if yes else ChangeDraft())
            return True
        if is_not_sure(text):  # "dunno really": unsure whether the summary is right
            turn.reply(wording.CONFIRM_UNSURE)
            ask(turn, draft)
            return True
        if _names_a_council(turn, text):  # "Northumberland", as if asked where they work
            turn.reply(wording.COUNCIL_NOT_NEEDED)
            ask(turn, draft)
            return True
    if step == Step.CHOOSE_AREA and (yes := yes_or_no(text)) is not None:
        guesses = guesses_for(draft.text)
        if yes and len(guesses) == 1:  # "Is it one of these? Libraries / Something else": yes
            return on_action(turn, state, SetDraftField(DraftField.AREAS, guesses[0]))
        if not yes:  # none of those: the groups of services
            return on_action(turn, state, BrowseChoices(DraftField.AREAS))
    if step == Step.CHOOSE_FIELD and (field := field_named(text)) is not None:
        on_action(turn, state, ChooseDraftField(field))
        return True
    if step == Step.CHOOSE_MODEL and none_of_these(text):  # "something else": the rest of the kinds
        return on_action(turn, state, BrowseChoices(DraftField.MODEL, None, 1))
    if step in (Step.CHOOSE_MODEL, Step.CHOOSE_STAGE, Step.ENTER_TIMELINE) and is_not_sure(text):
        field = next(f for f, (asked, _) in QUESTIONS.items() if asked == step)
        on_action(turn, state, SetDraftField(field, ""))
        return True
    if step == Step.ENTER_TIMELINE:
        changed = set_timeline_from_text(draft, text, today=turn.now.date())
        if changed is not None:
            ask(turn, changed)
            return True
    asked_for = _ASKED_FOR.get(step)
    if understood is not None and asked_for is not None and len(text.split()) < ANOTHER_PLAN_WORDS:
        # "business case" asked how far along: the stage only, never a service guessed from "business"
        value = understood.stage if asked_for == DraftField.STAGE else understood.model
        if value and (changed := set_field(draft, asked_for, value, today=turn.now.date())) is not None:
            ask(turn, changed)
            return True
    if understood is not None and not understood.recognises_nothing():
        if _another_plan(draft, understood):
            return False
        ask(turn, merge(draft, understood, limit=turn.max_message_chars))
        return True
    naming = step == Step.CHOOSE_AREA and yes_or_no(text) is None and len(text.split()) <= NAMING_WORDS
    if naming and len(text.split()) <= ANSWER_WORDS and (guesses := guesses_for(text)):
        turn.reply(area_question(wording.IS_IT_ONE_OF, guesses=guesses))
        return True
    if naming:  # "community use of schools and the halls": a service the reader does not know
        turn.reply(wording.SERVICE_NOT_KNOWN)
        turn.reply(browse_areas(None, 0, prompt=wording.ASK_SERVICE_IN_WORDS))
        return True
    if step == Step.ENTER_TIMELINE:
        passed = timeline_has_passed(draft, text, today=turn.now.date())
        turn.reply(wording.TIMELINE_PASSED if passed else wording.TIMELINE_NOT_UNDERSTOOD)
        return True
    return False


def _another_plan(draft: Draft, understood: Draft) -> bool:
    """A whole description of a different service, rather than more about this one ("it's mainly the
    museums and the archive" corrects the draft, however long)."""
    different = bool(understood.areas) and bool(draft.areas) and not set(understood.areas) & set(draft.areas)
    long = len(understood.text.split()) >= ANOTHER_PLAN_WORDS
    return different and long and not _CORRECTING.match(understood.text)


def confirm(turn: Turn, draft: Draft) -> None:
    """Store the plan privately, then look for comparable plans elsewhere."""
    steps.clear(turn.session, turn.officer_id)
    existing = turn.session.get(Plan, draft.plan_id) if draft.plan_id else None
    if existing is not None and existing.officer_id == turn.officer_id:
        apply_fields(existing, draft.fields(), now=turn.now)
        plan = existing
        plan.advise_others = draft.advises()
        turn.session.add(plan)
        turn.audit("plan_updated", "plan", plan.id)
        turn.reply(wording.PLAN_UPDATED.format(number=plan.number))
    else:
        number = check_new_plan(
            turn.session, turn.officer_id, identity_of(turn.officer), turn.plan_limits, now=turn.now
        )
        count_new_plan(turn.session, identity_of(turn.officer), now=turn.now)
        plan = create_plan(
            turn.session, turn.officer_id, text=draft.text, fields=draft.fields(), now=turn.now, number=number
        )
        plan.advise_others = draft.advises()
        turn.audit("plan_created", "plan", plan.id)
        turn.reply(wording.PLAN_SAVED.format(number=plan.number))
    if plan.advise_others:
        turn.reply(wording.ADVISING_SAVED.format(number=plan.number))
    look_for_matches(turn, plan)


def look_for_matches(turn: Turn, plan: Plan) -> None:
    """Run matching for a plan and tell the officer how it went."""
    if not turn.officer.verified:
        turn.reply(wording.UNVERIFIED_NOT_MATCHED)
        return
    if plan.status == PlanStatus.PAUSED:
        turn.reply(wording.PLAN_PAUSED_NOT_MATCHED)
        return
    # Ranked once, then a circle of three or more councils first, then pairs with anyone not in it.
    candidates = rank_for(
        turn.session,
        plan,
        turn.officer,
        rules=turn.rules,
        index=turn.match_index,
        now=turn.now,
        own_policy=turn.policy,
    )
    with candidates_read_once(turn.session):
        circle = offer_circle(
            turn.session,
            plan,
            turn.officer,
            candidates,
            rules=turn.rules,
            directory=turn.directory,
            now=turn.now,
            own_policy=turn.policy,
        )
        made = find_matches(
            turn.session,
            plan,
            turn.officer,
            candidates,
            rules=turn.rules,
            directory=turn.directory,
            now=turn.now,
            own_policy=turn.policy,
            exclude=circle.members if circle else frozenset(),
        )
    found = len(made) + (1 if circle else 0)
    if found:
        matches = "match" if found == 1 else "matches"
        turn.reply(wording.FOUND_SOME.format(count=found, matches=matches))
        if circle:
            send_circle_offer(turn, circle)
        send_proposals(turn, made)
    else:
        # Only when nothing was found: with possible matches, their own buttons are the choice to make.
        turn.reply(Message(wording.FOUND_NONE_YET, (landscape_button(plan.number),)))


def edit(turn: Turn, plan: Plan, *, field: DraftField | None = None, quiet: bool = False) -> None:
    """Start correcting an existing plan, field by field, or (`field`) one field at once; `quiet` when the
    field's answer follows, so that its question need not be shown."""
    assert plan.id is not None
    draft = draft_from_plan(plan.id, plan.text, fields_of(plan), advise=plan.advise_others)
    turn.reply(wording.EDITING.format(number=plan.number))
    if field is None:
        steps.save(turn.session, turn.officer_id, State(Step.CHOOSE_FIELD, draft.to_data()), now=turn.now)
        turn.reply(field_question())
        return
    asked, question = ask_field(draft, field)
    steps.save(turn.session, turn.officer_id, asked, now=turn.now)
    if not quiet:
        turn.reply(question)
