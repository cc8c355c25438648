"""Routing one officer's event within their turn: a command, an answer to the pending step, a new plan,
or a button's action, each to the conversation module that handles it."""

from __future__ import annotations

from datetime import timedelta

from bot import wording
from bot.conversation import describing, managing, organisation, steps
from bot.conversation.actions import (
    Action,
    AdminAction,
    AnswerCircle,
    AnswerFollowUp,
    AnswerProposal,
    AnswerWelcome,
    ConfirmForget,
    ConfirmWithdraw,
    DraftAction,
    KeepPlan,
    NotRelevant,
    OrganisationAction,
    PlanFromQuestion,
    Reconsider,
    ReconsiderCircle,
    ReconsiderWelcome,
    ShowLandscape,
    SwitchDraft,
    decode,
)
from bot.conversation.administering import admin_menu, on_admin_action
from bot.conversation.advising import advising_in_words
from bot.conversation.answering import answer_in_words, anything_awaits
from bot.conversation.circle_change_of_mind import circle_yes_after_all, welcome_yes_after_all
from bot.conversation.circling import respond_circle
from bot.conversation.commands import Command, Parsed, clean
from bot.conversation.drafts import INTAKE_STEPS, Draft, adds_more, corrects, question_for, switch_question
from bot.conversation.folding import fold
from bot.conversation.following_up import follow_up_in_words, on_follow_up
from bot.conversation.introducing import respond, say_yes_after_all
from bot.conversation.landscape import asked_about, offer_plan_of_it, show_landscape
from bot.conversation.questions import Topic, also_asked, answer, facts_for_officer
from bot.conversation.reading import (
    Kind,
    Reading,
    is_aside,
    is_goodbye,
    is_greeting,
    is_small_talk,
    is_thanks,
    read,
)
from bot.conversation.replies import confirms, field_named, is_later, new_or_keep, place_of, yes_or_no
from bot.conversation.retention_notices import keep_plan
from bot.conversation.steps import State, Step
from bot.conversation.turn import Turn
from bot.conversation.welcoming import respond_request, respond_welcome
from bot.domain.newcomers import request_of
from bot.domain.plans import plans_of
from bot.errors import UserFacingError
from bot.messages import Incoming, IncomingKind, Message
from bot.storage.models import Plan, PlanStatus

_PLAN_OF_IT = wording.LANDSCAPE_PLAN_BUTTON.lower()  # typed rather than pressed


def route(turn: Turn, incoming: Incoming, *, is_new: bool) -> None:
    """Hand the event to what handles it, after welcoming a newcomer."""
    state = steps.load(turn.session, turn.officer_id, made_now=is_new)
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
    return f", {name}" if len(name) > 1 and name.isalpha() else ""  # never "Hello, D."


def _greet(turn: Turn, state: State | None, *, is_new: bool) -> None:
    if turn.officer.organisation_id is None and (state is None or state.step != Step.AWAITING_ORGANISATION):
        organisation.ask(turn, held_text=None)
        return
    if not is_new:
        turn.reply(wording.WELCOME_BACK.format(name=_first_name(turn)))
    if state is not None:
        _ask_again(turn, state)


def _ask_again(turn: Turn, state: State | None, *, reminder: bool = False) -> None:
    """Show the officer the question they still owe an answer to, if any."""
    if state is None:
        return
    if state.step == Step.AWAITING_ORGANISATION:
        organisation.ask_again(turn, state)
        return
    question = _question(state)
    if question is None:
        return
    if state.step in INTAKE_STEPS:
        turn.reply(wording.STILL_WRITING if reminder else wording.UNFINISHED_DRAFT)
    turn.reply(question)


def _question(state: State) -> Message | None:
    """The question the officer was last asked, with its choices (the organisation's aside)."""
    if state.step in INTAKE_STEPS:
        return question_for(state)
    if state.step == Step.SWITCH_DRAFT:
        return switch_question(with_text=bool(state.data.get("text")))
    if state.step == Step.CONFIRM_WITHDRAW:
        return managing.withdraw_question(int(state.data["number"]))
    if state.step == Step.CONFIRM_FORGET:
        return managing.forget_question()
    return None


def _on_text(turn: Turn, state: State | None, raw: str) -> None:
    text = clean(raw)
    if not text:
        turn.reply(wording.EMPTY_MESSAGE)
        return
    if len(text) > turn.max_message_chars:
        turn.reply(wording.TOO_LONG.format(length=len(text), limit=turn.max_message_chars, text=text))
        return
    chosen = _typed_choice(turn, state, text)
    if chosen is not None:
        _on_action(turn, state, chosen)
        return
    if turn.officer.organisation_id is None or (
        state is not None and state.step == Step.AWAITING_ORGANISATION
    ):
        organisation.on_text(turn, state, text, go_on=lambda held: _on_text(turn, None, held))
        return
    topic = asked_about(state)
    if topic is not None:  # what they asked how many others plan: kept for this message only
        steps.clear(turn.session, turn.officer_id)
        state = None
    reading = read(text, today=turn.now.date())
    if reading.kind == Kind.COMMAND and reading.command is not None:
        _run_command(turn, state, reading.command)
    elif reading.kind == Kind.QUESTION and reading.topic == Topic.LANDSCAPE:
        show_landscape(turn, text=text, draft=_draft_of(state), topic=topic, offer_plan=state is None)
        _ask_again(turn, state, reminder=True)
    elif reading.kind == Kind.QUESTION and reading.topic == Topic.WHAT_NEXT:
        _what_next(turn, state, topic=topic)
    elif topic is not None and (reading.kind == Kind.PLAN or _tells_stage_or_time(reading)):
        # "We're at options appraisal": of what they asked about
        describing.start(turn, text, after=topic, read=reading.draft)
    elif topic is not None and (yes_or_no(text) is True or _typed(text) == _PLAN_OF_IT):
        describing.start(turn, topic)
    elif topic is not None and yes_or_no(text) is False:
        turn.reply(wording.LANDSCAPE_PLAN_NOT)
    elif (reading.kind == Kind.QUESTION and reading.topic is not None) or reading.kind == Kind.OTHER_QUESTION:
        facts = facts_for_officer(turn)
        turn.reply(answer(reading.topic, facts, asked=text) if reading.topic else wording.CANNOT_ANSWER)
        also = also_asked(text, reading.topic) if reading.topic else None
        if also is not None:  # "Who runs this, and who can see what I type?": both answered
            turn.reply(answer(also, facts, asked=text))
        if topic is not None:  # "Is this confidential?" before describing their own plan of it
            steps.save(turn.session, turn.officer_id, State(Step.ASKED_ABOUT, {"text": topic}), now=turn.now)
        _ask_again(turn, state, reminder=True)
    elif (
        follow_up_in_words(turn, text, bare=False)
        or answer_in_words(turn, text, bare=state is None)
        or follow_up_in_words(turn, text, bare=state is None, plan_like=_names_a_plan(reading))
        or (state is not None and _answers_pending(turn, state, text, reading))
    ):
        return
    elif state is None and (plan := _plan_it_adds_to(turn, reading)) is not None:
        assert reading.draft is not None
        describing.add_to(turn, plan, reading.draft)
    elif reading.kind == Kind.PLAN and state is not None and state.step in INTAKE_STEPS:
        _ask_switch(turn, state, text)
    elif reading.kind == Kind.PLAN and state is not None and state.step == Step.SWITCH_DRAFT:
        _on_switch(turn, State(state.step, {**state.data, "text": text}), start_new=True)
    elif reading.kind == Kind.PLAN:
        describing.start(turn, text, read=reading.draft)
    elif state is None and advising_in_words(turn, text):
        return
    else:
        _not_a_plan(turn, reading, text, pending=state is not None and state.step != Step.ENTER_TIMELINE)
        _ask_again(turn, state, reminder=True)


def _tells_stage_or_time(reading: Reading) -> bool:
    """Whether the words give a stage or a date ("we're at options appraisal, hoping for April 2027")."""
    draft = reading.draft
    return draft is not None and (draft.stage is not None or draft.year is not None)


# A stage or a date told within this long of saving or changing a plan is taken as more about it.
ADDS_TO_RECENT = timedelta(hours=1)


def _plan_it_adds_to(turn: Turn, reading: Reading) -> Plan | None:
    """The plan a message giving only a stage or a date goes on about, or correcting its kind of change
    ("actually it's a staff mutual not a trust") or adding a service ("add libraries too"): the officer's
    plan saved or changed in the last hour ("not sure yet, early days, cabinet paper due in the spring"
    just after saving it), or else their only plan ("the timeline is more like 2029")."""
    draft = reading.draft
    if reading.kind not in (Kind.PLAN, Kind.UNCLEAR) or draft is None:
        return None
    other_change = draft.model is not None and not draft.areas and corrects(draft.text)
    more_services = bool(draft.areas) and draft.model is None and adds_more(draft.text)
    if not (other_change or more_services):
        if draft.areas or draft.model:
            return None
        if draft.year is None and not (draft.stage and draft.stage_sure):
            return None  # neither a date nor a stage said surely
    open_plans = [
        plan for plan in plans_of(turn.session, turn.officer_id) if plan.status != PlanStatus.WITHDRAWN
    ]
    recent = [plan for plan in open_plans if plan.updated_at >= turn.now - ADDS_TO_RECENT]
    if recent:
        return max(recent, key=lambda plan: plan.updated_at)
    return open_plans[0] if len(open_plans) == 1 else None


def _names_a_plan(reading: Reading) -> bool:
    """Whether a message read as a plan names a kind of change: a service alone may be what two officers
    talked about ("we had a quick call about their libraries"), a kind of change is a plan's own."""
    draft = reading.draft
    return reading.kind == Kind.PLAN and draft is not None and draft.model is not None


def _what_next(turn: Turn, state: State | None, *, topic: str | None) -> None:
    """ "What now?", answered from where the officer is."""
    if topic is not None:
        offer_plan_of_it(turn, topic)
    elif state is not None and state.step in INTAKE_STEPS:
        turn.reply(wording.WHAT_NEXT_DRAFTING)
        turn.reply(question_for(state))
    elif state is not None:
        _ask_again(turn, state)
    elif any(plan.status == PlanStatus.ACTIVE for plan in plans_of(turn.session, turn.officer_id)):
        turn.reply(wording.WHAT_NEXT_WAITING)
    else:
        turn.reply(answer(Topic.WHAT_NEXT, facts_for_officer(turn)))


def _typed_choice(turn: Turn, state: State | None, text: str) -> Action | None:
    """The choice whose label (or number, in the order shown) the officer typed, if any."""
    if state is None:
        return None
    if state.step == Step.AWAITING_ORGANISATION:
        choices = organisation.choices(turn, state)
    else:
        question = _question(state)
        choices = question.buttons if question is not None else ()
    typed, place = _typed(text), place_of(text)
    for number, button in enumerate(choices, start=1):
        if typed == button.label.lower().rstrip("…") or place == number:
            return decode(button.action)
    return None


def _typed(text: str) -> str:
    """The words as a choice's label would be compared with them."""
    return " ".join(fold(text).strip(" .!").split())


def _answers_pending(turn: Turn, state: State, text: str, reading: Reading) -> bool:
    """Whether the text answered the question the officer was last asked (and was handled)."""
    if state.step in INTAKE_STEPS:
        return describing.on_text(turn, state, text, reading.draft)
    if state.step in (Step.CONFIRM_WITHDRAW, Step.CONFIRM_FORGET):
        yes = yes_or_no(text)
        if yes is None:
            return False
        _on_confirmation(turn, state, yes=yes)
        return True
    if state.step == Step.SWITCH_DRAFT:
        choice = new_or_keep(text)
        if choice is None:
            return False
        _on_switch(turn, state, start_new=choice)
        return True
    return False


def _not_a_plan(turn: Turn, reading: Reading, text: str, *, pending: bool) -> None:
    """Small talk, Welsh or something unclear: say so kindly, and what the officer can do."""
    later = is_later(text)
    nod = confirms(text) and not is_thanks(text)
    if not pending and (later or nod) and anything_awaits(turn):
        # "maybe later" or "ok go on then" with a possible match waiting: no answer to it, but say how
        turn.reply(wording.DECIDE_LATER if later else wording.SAY_INTRODUCE_US)
        return
    if reading.kind == Kind.SMALL_TALK and is_goodbye(text):
        turn.reply(wording.GOODBYE)
    elif reading.kind == Kind.SMALL_TALK and is_thanks(text):
        turn.reply(wording.YOU_ARE_WELCOME_PENDING if pending else wording.YOU_ARE_WELCOME)
    elif reading.kind == Kind.SMALL_TALK:
        chat = is_small_talk(text) or is_greeting(text)
        turn.reply(wording.HELLO_AGAIN if chat else wording.NOTED)  # "ok fair enough": no hello
    elif reading.kind == Kind.WELSH:
        turn.reply(wording.ENGLISH_ONLY)
    elif not pending and confirms(text) and not anything_awaits(turn):
        turn.reply(wording.NOTHING_TO_CONFIRM)  # "Looks right" typed again after the plan was saved
    elif pending and is_aside(text):
        turn.reply(wording.NO_RUSH)
    elif pending:
        turn.reply(wording.PICK_ONE)
    else:
        turn.reply(wording.NOT_UNDERSTOOD)


def _ask_switch(turn: Turn, state: State, text: str, *, edit: str | None = None) -> None:
    """A new plan (or an edit) while one is being written: keep both until the officer says which."""
    data = {"text": text, "edit": edit, "resume": steps.stash(state)}
    steps.save(turn.session, turn.officer_id, State(Step.SWITCH_DRAFT, data), now=turn.now)
    turn.reply(switch_question(with_text=bool(text)))


def _on_switch(turn: Turn, state: State, *, start_new: bool) -> None:
    resume = steps.unstash(state.data.get("resume"))
    text = state.data.get("text")
    steps.clear(turn.session, turn.officer_id)
    if start_new:
        turn.reply(wording.DRAFT_SET_ASIDE)
        if state.data.get("edit"):
            managing.edit(turn, state.data["edit"])
        elif text:
            describing.start(turn, text)
        else:
            turn.reply(wording.NEW_PLAN)
        return
    if resume is not None:
        steps.save(turn.session, turn.officer_id, resume, now=turn.now)
        turn.reply(wording.KEEP_GOING)
        turn.reply(question_for(resume))


def _on_confirmation(turn: Turn, state: State, *, yes: bool) -> None:
    """The answer to "Withdraw plan N?" or "Erase everything?"; then back to any draft it interrupted."""
    resume = steps.unstash(state.data.get("resume"))
    steps.clear(turn.session, turn.officer_id)
    if state.step == Step.CONFIRM_FORGET and yes:
        managing.forget(turn)
        return
    if state.step == Step.CONFIRM_WITHDRAW and yes:
        managing.withdraw(turn, int(state.data["number"]))
    else:
        turn.reply(wording.KEPT)
    if resume is not None:
        steps.save(turn.session, turn.officer_id, resume, now=turn.now)
        _ask_again(turn, resume)


def _run_command(turn: Turn, state: State | None, parsed: Parsed) -> None:
    """Every command works wherever the officer is; a draft or question it interrupts is kept."""
    command = parsed.command
    drafting = state is not None and state.step in INTAKE_STEPS
    if command == Command.CANCEL:
        _cancel(turn, state)
        return
    if command == Command.FORGET_ME:
        managing.ask_forget(turn, resume=_interrupted(state))
        return
    if command == Command.WITHDRAW:
        try:
            managing.ask_withdraw(turn, parsed.target, resume=_interrupted(state))
        except UserFacingError as error:
            if state is None:
                raise
            turn.reply(error.message)  # "You don't have a plan 1": nothing changed; back to where they were
            _ask_again(turn, state, reminder=True)
        return
    if state is not None and not drafting:
        resume = steps.unstash(state.data.get("resume"))
        steps.clear(turn.session, turn.officer_id)  # an unanswered question is dropped, its draft kept
        state, drafting = resume, resume is not None and resume.step in INTAKE_STEPS
        if resume is not None:
            steps.save(turn.session, turn.officer_id, resume, now=turn.now)
    if drafting and command in (Command.NEW_PLAN, Command.EDIT):
        assert state is not None
        _ask_switch(turn, state, "", edit=parsed.target if command == Command.EDIT else None)
        return
    try:
        _run(turn, parsed, draft=_draft_of(state) if drafting else None)
    except UserFacingError as error:
        if not drafting:
            raise
        turn.reply(error.message)  # "You don't have a plan 4": nothing was changed, and the draft stays
    if command == Command.EDIT and not drafting:
        return
    if drafting:
        assert state is not None
        _ask_again(turn, state, reminder=True)


def _run(turn: Turn, parsed: Parsed, *, draft: Draft | None) -> None:
    """A command that needs no confirmation; it raises UserFacingError before changing anything. `draft`
    is the plan the officer is writing, if any."""
    command, drafting = parsed.command, draft is not None
    if command == Command.HELP:
        turn.reply(wording.HELP)
    elif command == Command.NEW_PLAN:
        turn.reply(wording.NEW_PLAN)
    elif command == Command.MY_PLANS:
        managing.my_plans(turn, drafting=drafting)
    elif command == Command.EDIT:
        field = field_named(parsed.field) if parsed.field else None
        managing.edit(turn, parsed.target, field=field, quiet=field is not None and bool(parsed.value))
        if field is not None and parsed.value:  # "change the timeline to 2028": answered at once
            _on_text(turn, steps.load(turn.session, turn.officer_id), parsed.value)
    elif command in (Command.PAUSE, Command.RESUME):
        managing.pause_or_resume(turn, parsed.target, pause=command == Command.PAUSE)
    elif command == Command.EXPORT:
        managing.export(turn)
    elif command == Command.ADMIN:
        admin_menu(turn)
    elif command == Command.LANDSCAPE:
        show_landscape(turn, draft=draft)


def _draft_of(state: State | None) -> Draft | None:
    """The plan the officer is writing, if they are at one of its questions."""
    return Draft.from_data(state.data) if state is not None and state.step in INTAKE_STEPS else None


def _interrupted(state: State | None) -> State | None:
    """The draft or question a confirmation interrupts, to come back to afterwards."""
    if state is None:
        return None
    if state.step in INTAKE_STEPS:
        return state
    return steps.unstash(state.data.get("resume"))


def _cancel(turn: Turn, state: State | None) -> None:
    if state is None:
        turn.reply(wording.NOTHING_TO_CANCEL)
        return
    steps.clear(turn.session, turn.officer_id)
    if state.step in INTAKE_STEPS:
        describing.say_discarded(turn, Draft.from_data(state.data))
        return
    turn.reply(wording.KEPT)
    resume = steps.unstash(state.data.get("resume"))
    if resume is not None and state.step != Step.SWITCH_DRAFT:
        steps.save(turn.session, turn.officer_id, resume, now=turn.now)
        _ask_again(turn, resume)
    elif resume is not None:
        turn.reply(wording.DRAFT_DISCARDED)


def _on_action(turn: Turn, state: State | None, action: Action | None) -> None:
    """A button's action; None (unknown, malformed or tampered with) changes nothing."""
    if isinstance(action, AnswerProposal):
        respond(turn, action.proposal_id, accept=action.accept)
        return
    if isinstance(action, AnswerCircle):  # circles
        request = request_of(turn.session, action.circle_id, turn.officer_id)
        if request is not None:  # a place offered in a circle that had formed already
            respond_request(turn, request, yes=action.yes)
        else:
            respond_circle(turn, action.circle_id, yes=action.yes)
        return
    if isinstance(action, AnswerWelcome):
        respond_welcome(turn, action.welcome_id, yes=action.yes)
        return
    if isinstance(action, NotRelevant):
        respond(turn, action.proposal_id, accept=False, not_relevant=True)
        return
    if isinstance(action, Reconsider):
        say_yes_after_all(turn, action.proposal_id)
        return
    if isinstance(action, ReconsiderCircle):
        circle_yes_after_all(turn, action.circle_id)
        return
    if isinstance(action, ReconsiderWelcome):
        welcome_yes_after_all(turn, action.welcome_id)
        return
    if isinstance(action, AnswerFollowUp):
        on_follow_up(turn, action.follow_up_id, action.answer)
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
    if isinstance(action, ShowLandscape):
        show_landscape(turn, plan_number=action.plan_number)
        _ask_again(turn, state, reminder=True)
        return
    if isinstance(action, PlanFromQuestion):
        topic = asked_about(state)
        if topic is None:  # a later message moved on from the question
            turn.reply(wording.NOT_A_CHOICE)
            return
        steps.clear(turn.session, turn.officer_id)
        describing.start(turn, topic)
        return
    step = state.step if state is not None else None
    handled = False
    if isinstance(action, DraftAction) and state is not None and step in INTAKE_STEPS:
        handled = describing.on_action(turn, state, action)
    elif isinstance(action, SwitchDraft) and state is not None and step == Step.SWITCH_DRAFT:
        _on_switch(turn, state, start_new=action.start_new)
        handled = True
    elif state is not None and (
        (isinstance(action, ConfirmWithdraw) and step == Step.CONFIRM_WITHDRAW)
        or (isinstance(action, ConfirmForget) and step == Step.CONFIRM_FORGET)
    ):
        _on_confirmation(turn, state, yes=action.yes)
        handled = True
    if not handled:
        turn.reply(wording.NOT_A_CHOICE)
