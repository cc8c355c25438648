"""An officer asks how many other councils plan something comparable: answered from the daily snapshot,
in whole cells (a service and a kind of change), never counting their own council, small counts hidden."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session, col, select

from bot import wording
from bot.conversation import steps
from bot.conversation.actions import PlanFromQuestion, ShowLandscape, encode
from bot.conversation.drafts import Draft
from bot.conversation.steps import State, Step
from bot.conversation.turn import Turn
from bot.domain.landscape import (
    Cell,
    count_question,
    counted_kind,
    figure_line,
    figures,
    kind_name,
    latest_snapshot,
    take_snapshot_if_due,
    whole_landscape,
)
from bot.domain.plans import plan_by_number
from bot.domain.summaries import long_date, service_names
from bot.messages import Button, Message
from bot.storage.models import Plan, PlanStatus
from matching.understanding import understand

MOST_LINES = 6  # cells in one answer


def landscape_button(plan_number: int | None = None) -> Button:
    """'How many others?': for one plan, or (None) for all the officer's active plans."""
    return Button(wording.LANDSCAPE_BUTTON, encode(ShowLandscape(plan_number)))


def show_landscape(
    turn: Turn,
    *,
    text: str | None = None,
    plan_number: int | None = None,
    draft: Draft | None = None,
    topic: str | None = None,
    offer_plan: bool = False,
) -> None:
    """Answer the officer: about what their words name, one plan of theirs, the plan they are writing
    (`draft`), what they asked about just before (`topic`, their earlier words), or all their active plans.
    With `offer_plan` (nothing else under way), after an answer about a service their words named, offer
    to start a plan of the same thing unless they have one."""
    if not turn.officer.verified:
        # An unverified officer may say they work for any council, and so could take a different one out
        # of the count each time: only a council their email proves is ever taken out.
        turn.reply(wording.LANDSCAPE_UNVERIFIED)
        return
    if not count_question(turn.session, turn.officer, per_day=turn.landscape_per_day, now=turn.now):
        turn.reply(wording.LANDSCAPE_LIMITED.format(per_day=turn.landscape_per_day))
        return
    take_snapshot_if_due(turn.session, now=turn.now)
    snapshot = latest_snapshot(turn.session)
    assert snapshot is not None
    day = long_date(snapshot.taken_on)
    if plan_number is not None:
        plan = plan_by_number(turn.session, turn.officer_id, plan_number)
        if plan.delivery_model is None:
            turn.reply(wording.LANDSCAPE_NEEDS_MODEL.format(number=plan.number))
            return
        _reply(turn, _cells_of([plan]), day=day, asked=False)
        return
    areas, model = _named(turn, text)
    if not areas and not model and draft is not None and draft.areas and draft.model:
        # "How many others?" while writing a plan: about that plan, though it is not saved yet.
        _reply(turn, [Cell(area, draft.model) for area in draft.areas], day=day, asked=False)
        return
    words = text
    if not areas and not model and topic:
        # "And how many are at business case?" just after asking about a service: about that service.
        (areas, model), words = _named(turn, topic), topic
    own = _own_active_plans(turn.session, turn.officer_id)
    if areas and model:
        _reply(turn, [Cell(area, model) for area in areas], day=day, asked=True)
    elif areas:
        mine = [cell for cell in _cells_of(own) if cell.service_area in areas]
        if mine:
            _reply(turn, mine, day=day, asked=True)
        else:
            _any_kind_of_change(turn, areas, day=day)
    elif model:
        mine = [cell for cell in _cells_of(own) if counted_kind(cell.delivery_model) == counted_kind(model)]
        if mine:
            _reply(turn, mine, day=day, asked=True)
        else:
            _any_service(turn, model, day=day)
    elif own_cells := _cells_of(own):
        _reply(turn, own_cells, day=day, asked=False)
    else:
        turn.reply(wording.LANDSCAPE_WHAT_TO_ASK)
    if offer_plan and areas and words and not any(set(plan.service_areas) & set(areas) for plan in own):
        offer_plan_of_it(turn, words)


def offer_plan_of_it(turn: Turn, words: str) -> None:
    """Remember what the officer asked about, so that their next words can describe their own plan of it."""
    steps.save(turn.session, turn.officer_id, State(Step.ASKED_ABOUT, {"text": words}), now=turn.now)
    button = Button(wording.LANDSCAPE_PLAN_BUTTON, encode(PlanFromQuestion()))
    turn.reply(Message(wording.LANDSCAPE_PLAN_TOO, (button,)))


def asked_about(state: State | None) -> str | None:
    """The words of the question of how many others the officer asked last, if that is where they are."""
    if state is None or state.step != Step.ASKED_ABOUT:
        return None
    return str(state.data.get("text") or "") or None


def _named(turn: Turn, text: str | None) -> tuple[list[str], str | None]:
    """The service areas and the kind of change the officer's words name (phrases only, no guessing)."""
    if not text:
        return [], None
    understood = understand(text, today=turn.now.date(), learned=False)
    model = understood.delivery_model.code if understood.delivery_model else None
    return [scored.code for scored in understood.service_areas], model


def _own_active_plans(session: Session, officer_id: int) -> list[Plan]:
    return list(
        session.exec(
            select(Plan)
            .where(Plan.officer_id == officer_id, Plan.status == PlanStatus.ACTIVE)
            .order_by(col(Plan.number))
        ).all()
    )


def _cells_of(plans: list[Plan]) -> list[Cell]:
    """The cells of these plans, in order, each once; plans with no kind of change have none."""
    cells: list[Cell] = []
    for plan in plans:
        if plan.delivery_model is None:
            continue
        for area in plan.service_areas:
            cell = Cell(area, plan.delivery_model)
            if cell not in cells:
                cells.append(cell)
    return cells


def _reply(turn: Turn, cells: list[Cell], *, day: str, asked: bool) -> None:
    if not cells:  # a plan with no service area yet
        turn.reply(wording.LANDSCAPE_WHAT_TO_ASK)
        return
    found = figures(turn.session, cells[:MOST_LINES], excluding=turn.officer.organisation_id)
    header = (wording.LANDSCAPE_HEADER_ASKED if asked else wording.LANDSCAPE_HEADER).format(day=day)
    lines = [header, *(figure_line(figure) for figure in found), "", wording.LANDSCAPE_FOOTER]
    turn.reply(Message("\n".join(lines)))


def _any_kind_of_change(turn: Turn, areas: list[str], *, day: str) -> None:
    """A service with no kind of change named: each kind of change that 5 or more other councils plan."""
    none = wording.LANDSCAPE_NONE_FOR_SERVICE.format(service=service_names(areas, mid_sentence=True), day=day)
    _cells_shown(turn, lambda cell: cell.service_area in areas, day=day, none=none)


def _any_service(turn: Turn, model: str, *, day: str) -> None:
    """A kind of change with no service named: each service that 5 or more other councils plan it for."""
    kind = counted_kind(model)
    none = wording.LANDSCAPE_NONE_FOR_KIND.format(kind=kind_name(kind), day=day)
    _cells_shown(turn, lambda cell: cell.delivery_model == kind, day=day, none=none)


def _cells_shown(turn: Turn, wanted: Callable[[Cell], bool], *, day: str, none: str) -> None:
    """The wanted cells that 5 or more other councils plan, up to MOST_LINES; `none` when there are none."""
    found = [
        figure
        for figure in whole_landscape(turn.session, excluding=turn.officer.organisation_id, limit=10_000)
        if wanted(figure.cell)
    ][:MOST_LINES]
    if not found:
        turn.reply(none)
        return
    lines = [wording.LANDSCAPE_HEADER_ASKED.format(day=day), *(figure_line(f) for f in found)]
    turn.reply(Message("\n".join([*lines, "", wording.LANDSCAPE_FOOTER])))
