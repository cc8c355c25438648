"""Managing my data: my plans, pause, resume, withdraw, edit, export, forget me."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot import wording
from bot.conversation import describing, steps
from bot.conversation.actions import ConfirmForget, ConfirmWithdraw, DraftField, Reconsider, encode
from bot.conversation.circle_change_of_mind import circle_change_buttons, welcome_change_lines
from bot.conversation.circling import circle_lines
from bot.conversation.landscape import landscape_button
from bot.conversation.steps import State, Step
from bot.conversation.turn import Turn
from bot.conversation.welcoming import pending_welcome_buttons, pending_welcome_lines, request_lines
from bot.domain.advising import can_advise
from bot.domain.change_of_mind import may_reconsider
from bot.domain.circles import step_back_from_circles
from bot.domain.erasure import erase_officer
from bot.domain.export import export_json
from bot.domain.feedback import said_not_relevant
from bot.domain.newcomers import step_back_from_requests
from bot.domain.numbering import numbered_kinds, numbered_proposals
from bot.domain.plans import PlanHeading, plan_by_number, plan_headings, plans_of, set_status
from bot.domain.proposals import (
    OPEN_STATES,
    ViewerState,
    other_officer_id,
    own_plan_id,
    proposals_of,
    step_back,
    viewer_state,
)
from bot.domain.summaries import long_date, model_name, service_names
from bot.errors import UserFacingError
from bot.messages import Attachment, Button, ButtonStyle, Message
from bot.storage.models import Officer, Plan, PlanStatus, Proposal

# At most this many "Say yes after all" buttons under my plans: never more than a handful of choices.
MOST_CHANGES_OF_MIND = 4
# Of those, at most this many go to "Say yes" for later officers asking to join the officer's circles.
MOST_WELCOMES = 2


def my_plans(turn: Turn, *, drafting: bool = False) -> None:
    """Each plan with its status and its proposals' states, as this officer may see them; a possible
    match (a pair, a circle, a place in one, a later officer asking to join) they said "Not now" to and
    still open can be said yes to after all, and a later officer asking to join their circle can be said
    yes to."""
    overview = plans_overview(turn.session, turn.officer_id, now=turn.now)
    if drafting:  # the draft is shown again next, with its own buttons
        turn.reply(wording.NO_SAVED_PLANS if overview == wording.NO_PLANS else overview)
        return
    welcomes = pending_welcome_buttons(turn.session, turn.officer_id, now=turn.now, most=MOST_WELCOMES)
    pairs = [
        (number, Button(wording.SAY_YES_AFTER_ALL.format(match=number), encode(Reconsider(proposal.id))))
        for number, proposal in numbered_proposals(turn.session, turn.officer_id)
        if proposal.id is not None and _may_say_yes(turn.session, proposal, turn.officer_id, now=turn.now)
    ]
    circles = circle_change_buttons(turn.session, turn.officer_id, now=turn.now)
    # The newest changes of mind, in the order of their numbers, after the questions still waiting.
    open_again = sorted(pairs + circles, key=lambda numbered: numbered[0])
    open_again = open_again[len(welcomes) - MOST_CHANGES_OF_MIND :]
    buttons = welcomes + tuple(button for _, button in open_again)
    if any(plan.status == PlanStatus.ACTIVE for plan in plans_of(turn.session, turn.officer_id)):
        # Where a platform has no home page of ours (Teams, the console, the trial), its button is here.
        buttons += (landscape_button(),)
    text = f"{overview}\n\n{wording.CHANGED_YOUR_MIND_HINT}" if open_again else overview
    turn.reply(Message(text, buttons))


def _may_say_yes(session: Session, proposal: Proposal, officer_id: int, *, now: datetime) -> bool:
    plan_id = own_plan_id(proposal, officer_id)
    own = session.get(Plan, plan_id) if plan_id is not None else None
    return (
        proposal.id is not None
        and may_reconsider(proposal, officer_id, now=now)
        and not said_not_relevant(session, proposal.id, officer_id)
        and own is not None
        and own.status != PlanStatus.WITHDRAWN  # withdrawing it said no to everything it had open
    )


def _declined_label(session: Session, proposal: Proposal, officer_id: int, *, now: datetime | None) -> str:
    """Not relevant, or not now (and until when they may still say yes)."""
    assert proposal.id is not None
    if said_not_relevant(session, proposal.id, officer_id):
        return wording.YOU_SAID_NOT_RELEVANT
    if now is not None and _may_say_yes(session, proposal, officer_id, now=now):
        return wording.YOU_SAID_NOT_NOW_OPEN.format(expires=long_date(proposal.expires_at.date()))
    return wording.PROPOSAL_STATES[ViewerState.YOU_DECLINED.value]


def plans_overview(session: Session, officer_id: int, *, now: datetime | None = None) -> str:
    """The officer's plans and their proposals' states, as text only they may see."""
    plans = plan_headings(session, officer_id)
    if not plans:
        return wording.NO_PLANS
    by_plan: dict[int | None, list[str]] = {}
    has = numbered_kinds(session, officer_id)  # one query, rather than four of the five finding nothing
    for number, proposal in numbered_proposals(session, officer_id) if has.proposals else []:
        state = viewer_state(proposal, officer_id)
        met = state == ViewerState.MET_IN_CIRCLE
        label = wording.PAIR_MET_IN_CIRCLE if met else wording.PROPOSAL_STATES[state.value]
        if state == ViewerState.INTRODUCED:
            label = label.format(name=_other_name(session, other_officer_id(proposal, officer_id)))
        elif state == ViewerState.YOU_DECLINED and proposal.id is not None:
            label = _declined_label(session, proposal, officer_id, now=now)
        line = wording.PROPOSAL_LINE.format(match=number, state=label)
        by_plan.setdefault(own_plan_id(proposal, officer_id), []).append(line)
    # circles: each plan's circles after its pairs
    for plan_id, circle_lines_of_plan in (
        circle_lines(session, officer_id, now=now) if has.circles else {}
    ).items():
        by_plan.setdefault(plan_id, []).extend(circle_lines_of_plan)
    for plan_id, place_lines in (request_lines(session, officer_id, now=now) if has.places else {}).items():
        by_plan.setdefault(plan_id, []).extend(place_lines)
    if now is not None and has.welcomes:  # questions about later officers waiting for this member, or not now
        for plan_id, welcome_lines in pending_welcome_lines(session, officer_id, now=now).items():
            by_plan.setdefault(plan_id, []).extend(welcome_lines)
        for plan_id, welcome_lines in welcome_change_lines(session, officer_id, now=now).items():
            by_plan.setdefault(plan_id, []).extend(welcome_lines)
    lines = [wording.MY_PLANS_HEADER]
    for plan in plans:
        lines.append(
            wording.PLAN_LINE.format(
                number=plan.number,
                service=service_names(plan.service_areas),
                model=model_name(plan.delivery_model),
                status=wording.PLAN_STATUS[plan.status],
            )
        )
        lines.extend(_advising_line(plan))
        lines.extend(by_plan.get(plan.id, []))
    return "\n".join(lines)


def _advising_line(plan: PlanHeading) -> list[str]:
    """Under a live plan still matched: whether it offers to advise others, and how to change that."""
    if not can_advise(plan.stage) or plan.status == PlanStatus.WITHDRAWN:
        return []
    return [wording.PLAN_ADVISING[bool(plan.advise_others)].format(number=plan.number)]


def _other_name(session: Session, officer_id: int | None) -> str:
    officer = session.get(Officer, officer_id) if officer_id else None
    return officer.name or officer.email or wording.NOT_GIVEN if officer else wording.NOT_GIVEN


def _the_only_plan(turn: Turn, target: str | None, command: str, prefer: PlanStatus | None = None) -> str:
    """The plan a command without a number means: the officer's only open plan, or else their only plan
    with the status the command changes (the only active one to pause); otherwise they are asked which."""
    if target is not None:
        return target
    open_plans = [p for p in plans_of(turn.session, turn.officer_id) if p.status != PlanStatus.WITHDRAWN]
    preferred = [p for p in open_plans if p.status == prefer]
    for plans in (open_plans, preferred):
        if len(plans) == 1:
            return str(plans[0].number)
    if not open_plans:
        raise UserFacingError(wording.NO_PLANS_TO_CHANGE)
    raise UserFacingError(wording.GIVE_PLAN_NUMBER.format(command=command))


def _targets(turn: Turn, target: str | None, command: str) -> list[Plan]:
    if target is None:
        changes = PlanStatus.ACTIVE if command == "pause" else PlanStatus.PAUSED
        target = _the_only_plan(turn, target, command, changes)
    if target == "all":
        return [p for p in plans_of(turn.session, turn.officer_id) if p.status != PlanStatus.WITHDRAWN]
    return [plan_by_number(turn.session, turn.officer_id, int(target))]


def pause_or_resume(turn: Turn, target: str | None, *, pause: bool) -> None:
    """Stop or restart matching for one plan or all of them."""
    plans = _targets(turn, target, "pause" if pause else "resume")
    wanted, unwanted = (
        (PlanStatus.PAUSED, PlanStatus.ACTIVE) if pause else (PlanStatus.ACTIVE, PlanStatus.PAUSED)
    )
    if not plans:
        raise UserFacingError(wording.NO_PLANS_TO_CHANGE)
    if target != "all":
        plan = plans[0]
        if plan.status == PlanStatus.WITHDRAWN:
            raise UserFacingError(wording.WITHDRAWN_CANNOT_CHANGE.format(number=plan.number))
        if plan.status == wanted:
            already = wording.ALREADY_PAUSED if pause else wording.ALREADY_ACTIVE
            raise UserFacingError(already.format(number=plan.number))
    changed = [p for p in plans if p.status == unwanted]
    for plan in changed:
        set_status(turn.session, plan, wanted, now=turn.now)
        turn.audit("plan_paused" if pause else "plan_resumed", "plan", plan.id)
    which = "all your plans" if target == "all" else f"plan {plans[0].number}"
    turn.reply((wording.PAUSED if pause else wording.RESUMED).format(which=which))
    if not pause:
        for plan in changed:
            describing.look_for_matches(turn, plan)


def ask_withdraw(turn: Turn, target: str | None, *, resume: State | None = None) -> None:
    """Ask before withdrawing a plan for good."""
    if target == "all":
        raise UserFacingError(wording.GIVE_PLAN_NUMBER.format(command="withdraw"))
    target = _the_only_plan(turn, target, "withdraw")
    plan = plan_by_number(turn.session, turn.officer_id, int(target))
    if plan.status == PlanStatus.WITHDRAWN:
        raise UserFacingError(wording.WITHDRAWN_CANNOT_CHANGE.format(number=plan.number))
    data: dict[str, Any] = {"number": plan.number}
    if resume is not None:
        data["resume"] = steps.stash(resume)
    steps.save(turn.session, turn.officer_id, State(Step.CONFIRM_WITHDRAW, data), now=turn.now)
    turn.reply(withdraw_question(plan.number))


def withdraw_question(number: int) -> Message:
    """Withdraw plan N? with two choices."""
    return Message(
        wording.CONFIRM_WITHDRAW.format(number=number),
        (
            Button(wording.WITHDRAW, encode(ConfirmWithdraw(yes=True)), ButtonStyle.DANGER),
            Button(wording.KEEP_IT, encode(ConfirmWithdraw(yes=False))),
        ),
    )


def withdraw(turn: Turn, number: int) -> None:
    """Withdraw a plan: open proposals lapse for the other side at their expiry, as with a decline."""
    plan = plan_by_number(turn.session, turn.officer_id, number)
    set_status(turn.session, plan, PlanStatus.WITHDRAWN, now=turn.now)
    for proposal in proposals_of(turn.session, turn.officer_id):
        if own_plan_id(proposal, turn.officer_id) == plan.id and proposal.state in OPEN_STATES:
            step_back(turn.session, proposal, turn.officer_id, now=turn.now)
    step_back_from_circles(turn.session, plan_id=plan.id)  # circles
    step_back_from_requests(turn.session, plan_id=plan.id)
    turn.audit("plan_withdrawn", "plan", plan.id)
    turn.reply(wording.WITHDRAWN.format(number=plan.number))


def edit(turn: Turn, target: str | None, *, field: DraftField | None = None, quiet: bool = False) -> None:
    """Correct an existing plan, field by field; with `field`, that field's question at once (`quiet`: not
    even that, as its answer is already given)."""
    if target == "all":
        raise UserFacingError(wording.GIVE_PLAN_NUMBER.format(command="edit"))
    target = _the_only_plan(turn, target, "edit")
    plan = plan_by_number(turn.session, turn.officer_id, int(target))
    if plan.status == PlanStatus.WITHDRAWN:
        raise UserFacingError(wording.WITHDRAWN_CANNOT_CHANGE.format(number=plan.number))
    describing.edit(turn, plan, field=field, quiet=quiet)


def export(turn: Turn) -> None:
    """Everything held about the officer, as a JSON file for them alone."""
    turn.audit("exported", "officer", turn.officer_id)
    content = export_json(turn.session, turn.officer, now=turn.now)
    turn.reply(Message(wording.EXPORT_READY, attachment=Attachment("notalone-export.json", content)))


def ask_forget(turn: Turn, *, resume: State | None = None) -> None:
    """Ask before erasing everything."""
    data = {"resume": steps.stash(resume)} if resume is not None else {}
    steps.save(turn.session, turn.officer_id, State(Step.CONFIRM_FORGET, data), now=turn.now)
    turn.reply(forget_question())


def forget_question() -> Message:
    """Erase everything? with two choices."""
    return Message(
        wording.CONFIRM_FORGET,
        (
            Button(wording.ERASE, encode(ConfirmForget(yes=True)), ButtonStyle.DANGER),
            Button(wording.KEEP_MY_DATA, encode(ConfirmForget(yes=False))),
        ),
    )


def forget(turn: Turn) -> None:
    """Erase the officer completely; the goodbye is the last thing they receive."""
    turn.reply(wording.FORGOTTEN)
    erase_officer(turn.session, turn.officer, now=turn.now)
