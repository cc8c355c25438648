"""Turning one message into a plan draft, and correcting it field by field with choices."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from bot import wording
from bot.conversation.actions import (
    AdviseOthers,
    BackToDraft,
    BrowseChoices,
    ChangeDraft,
    ChooseDraftField,
    ConfirmDraft,
    DiscardDraft,
    DraftField,
    SetDraftField,
    SwitchDraft,
    encode,
)
from bot.conversation.steps import State, Step
from bot.domain.advising import can_advise
from bot.domain.summaries import PlanFields, service_names, summary
from bot.messages import Button, ButtonStyle, Message
from matching import taxonomy
from matching.guesses import likely_service_areas
from matching.understanding import MAX_AREAS, Timeline, is_live, parse_timeline, understand

# Below this the officer is asked rather than told what we guessed.
CONFIDENT = 0.5
# A stage read from a strong phrase; weak ones ("like to", "want to") leave a message's stage in doubt:
# "I'd like to meet them" reads as exploring, but says nothing about a plan.
SURE = 0.6
# Never more than a handful of choices at once: this many options, then "More" and a way back.
PAGE_SIZE = 5
MAX_GUESSES = 5
# The kinds of change officers choose most, shown first.
COMMON_MODELS = ("private_outsourcing", "shared_service", "staff_mutual", "charitable_trust", "insourcing")


@dataclass(frozen=True)
class Draft:
    """A plan being described: nothing is stored as a plan until the officer confirms it."""

    text: str
    areas: tuple[str, ...] = ()
    model: str | None = None
    stage: str | None = None
    year: int | None = None
    month: int | None = None
    plan_id: int | None = None  # set when editing an existing plan
    asked_model: bool = False
    advise: bool = False  # happy to advise others; only stored while the stage can advise
    stage_sure: bool = False  # the stage was read from a strong phrase, not only a weak one ("want to")
    # Other services the same message gave a change of their own ("... - maybe planning support as a
    # shared service too"): a second plan, which the summary says to describe after this one.
    also: tuple[str, ...] = ()
    next_text: str = ""  # the words of that second plan, drafted once this one is saved or discarded

    def advises(self) -> bool:
        """Whether the plan, stored as drafted, would offer to advise others."""
        return self.advise and can_advise(self.stage)

    def recognises_nothing(self) -> bool:
        """Whether no field at all was understood."""
        return not self.areas and self.model is None and self.stage is None and self.year is None

    def fields(self) -> PlanFields:
        """The confirmed fields this draft would store."""
        return PlanFields(self.areas, self.model, self.stage, self.year, self.month)

    def to_data(self) -> dict[str, Any]:
        """As JSON-ready data for the conversation row."""
        data = asdict(self)
        data["areas"] = list(self.areas)
        data["also"] = list(self.also)
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Draft:
        """Back from the conversation row."""
        known = {key: data[key] for key in cls.__dataclass_fields__ if key in data}
        known["areas"] = tuple(known.get("areas", ()))
        known["also"] = tuple(known.get("also", ()))
        return cls(**known)


def draft_from_text(text: str, *, today: date) -> Draft:
    """What we understood of an officer's message; unsure fields are left empty to be asked. A second
    plan in the same message is left out of this one and named in `also`, to be described next."""
    text, also, next_text = first_plan_in(text, today=today)
    understood = understand(text, today=today)
    areas = tuple(s.code for s in understood.service_areas if s.confidence >= CONFIDENT)
    model = understood.delivery_model
    stage = understood.stage
    timeline = understood.timeline
    return Draft(
        text=text,
        areas=areas,
        model=model.code if model and model.confidence >= CONFIDENT else None,
        stage=stage.code if stage and stage.confidence >= CONFIDENT else None,
        year=timeline.year if timeline else None,
        month=timeline.month if timeline else None,
        stage_sure=stage is not None and stage.confidence >= SURE,
        also=also,
        next_text=next_text,
    )


# Where one plan may end and another begin in a message: a sentence's end, a dash between words, "also".
_PARTS = re.compile(r"(?<=[.!?;])\s+|\s+[-\u2013\u2014]\s+|\s*\n\s*|,?\s+(?:and )?also\s+")
MAX_ALSO = 2


def first_plan_in(text: str, *, today: date) -> tuple[str, tuple[str, ...], str]:
    """The words of the message's first plan, the services of any other plan in it and its words: a part
    naming
    other services with a change of their own, unlike the first plan's ("Libraries to a trust. Separately,
    outsourcing parking enforcement" is two plans; "libraries to a trust, and museums to a trust" one)."""
    parts = [part for part in _PARTS.split(text) if part and part.strip()]
    if len(parts) < 2:
        return text, (), ""
    reads = [understand(part, today=today, learned=False, guess=False) for part in parts]
    first = next((read for read in reads if read.service_areas), None)
    if first is None or first.delivery_model is None:
        return text, (), ""
    ours = {area.code for area in first.service_areas}
    kept: list[str] = []
    others: list[str] = []
    also: list[str] = []
    for part, read in zip(parts, reads, strict=True):
        theirs = [area.code for area in read.service_areas if area.confidence >= CONFIDENT]
        model = read.delivery_model
        another = (
            read is not first
            and theirs
            and not ours.intersection(theirs)
            and model is not None
            and model.confidence >= CONFIDENT
            and model.code != first.delivery_model.code
            and not is_live(read.stage.code if read.stage else None)  # "ours went to a trust in 2019"
        )
        if another:
            also.extend(code for code in theirs if code not in also)
            others.append(part)
        else:
            kept.append(part)
    if not also:
        return text, (), ""
    return " ".join(kept), tuple(also[:MAX_ALSO]), " ".join(others)


def draft_from_plan(plan_id: int, text: str, fields: PlanFields, *, advise: bool = False) -> Draft:
    """A draft for editing an existing plan."""
    return Draft(
        text=text,
        areas=fields.service_areas,
        model=fields.delivery_model,
        stage=fields.stage,
        year=fields.timeline_year,
        month=fields.timeline_month,
        plan_id=plan_id,
        asked_model=True,
        advise=advise,
    )


def next_question(draft: Draft, *, first_time: bool) -> tuple[State, Message]:
    """Ask for what is missing, or show the summary to confirm."""
    if not draft.areas:
        prompt = wording.ASK_SERVICE_UNSURE if first_time else wording.ASK_SERVICE
        return _choice_state(Step.CHOOSE_AREA, draft), area_question(prompt, guesses=guesses_for(draft.text))
    if draft.model is None and not draft.asked_model:
        draft = replace(draft, asked_model=True)
        return _choice_state(Step.CHOOSE_MODEL, draft), model_question(areas=draft.areas)
    return State(Step.CONFIRM_PLAN, draft.to_data()), confirmation(draft)


def _choice_state(step: Step, draft: Draft) -> State:
    return State(step, draft.to_data())


def confirmation(draft: Draft) -> Message:
    """What we understood, the three ways on, and for a live plan the choice to advise others."""
    text = f"{wording.UNDERSTOOD_HEADER}\n{summary(draft.fields())}\n{wording.SHARE_NOTE}"
    buttons = (
        Button(wording.LOOKS_RIGHT, encode(ConfirmDraft()), ButtonStyle.PRIMARY),
        Button(wording.CHANGE_SOMETHING, encode(ChangeDraft())),
        Button(wording.DISCARD, encode(DiscardDraft()), ButtonStyle.DANGER),
    )
    if draft.also:
        text += "\n" + wording.ALSO_MENTIONED.format(services=service_names(draft.also, mid_sentence=True))
    if not can_advise(draft.stage):
        return Message(text, buttons)
    return Message(f"{text}\n{advise_note(draft)}", (*buttons, advise_toggle(draft)))


def advise_note(draft: Draft) -> str:
    """For a live plan: what being happy to advise others means, and what stays private."""
    return wording.ADVISE_ON if draft.advises() else wording.ADVISE_OFFER


def advise_toggle(draft: Draft) -> Button:
    """Happy to advise others, or stop: the choice that turns the other way."""
    if draft.advises():
        return Button(wording.STOP_ADVISING_BUTTON, encode(AdviseOthers(on=False)))
    return Button(wording.ADVISE_BUTTON, encode(AdviseOthers(on=True)))


def switch_question(*, with_text: bool = True) -> Message:
    """A new plan (or "new plan") arrived while a draft was open: which to go on with."""
    return Message(
        wording.SWITCH_QUESTION if with_text else wording.SWITCH_QUESTION_EMPTY,
        (
            Button(wording.START_NEW, encode(SwitchDraft(start_new=True)), ButtonStyle.PRIMARY),
            Button(wording.KEEP_DRAFT, encode(SwitchDraft(start_new=False))),
        ),
    )


# Words that add a service to the draft's rather than replace them.
_ADDING = re.compile(r"\b(?:too|as well|also|plus|in addition|besides)\b", re.IGNORECASE)
# Correcting what was said: "actually it's a staff mutual not a trust", "I meant a shared service".
_CORRECTING = re.compile(
    r"\b(?:actually|sorry|i meant|meant to say|not an? |rather than|instead|should (?:be|have said)"
    r"|make (?:it|that)|change (?:it|that) to|correction|my mistake|it's an? |it is an? |it'll be an? )",
    re.IGNORECASE,
)


def adds_more(text: str) -> bool:
    """Whether the words add to what was said before ("libraries too", "and museums as well")."""
    return bool(_ADDING.search(text))


def corrects(text: str) -> bool:
    """Whether the words correct what was said before ("actually it's a staff mutual, not a trust")."""
    return bool(_CORRECTING.search(text))


def merge(draft: Draft, understood: Draft, *, limit: int) -> Draft:
    """The draft with what a later message added or corrected; its words join the plan's text."""
    text = (
        f"{draft.text}\n{understood.text}" if len(draft.text) + len(understood.text) < limit else draft.text
    )
    areas = understood.areas or draft.areas
    if understood.areas and _ADDING.search(understood.text):  # "it's libraries and museums too"
        areas = tuple(dict.fromkeys((*draft.areas, *understood.areas)))[:MAX_AREAS]
    return replace(
        draft,
        text=text,
        areas=areas,
        model=understood.model or draft.model,
        stage=understood.stage or draft.stage,
        year=understood.year if understood.year is not None else draft.year,
        month=understood.month if understood.year is not None else draft.month,
    )


def field_question() -> Message:
    """Which field to change."""
    return Message(
        wording.WHICH_FIELD,
        (
            Button("Service", encode(ChooseDraftField(DraftField.AREAS))),
            Button("Kind of change", encode(ChooseDraftField(DraftField.MODEL))),
            Button("Stage", encode(ChooseDraftField(DraftField.STAGE))),
            Button("Timeline", encode(ChooseDraftField(DraftField.TIMELINE))),
            Button(wording.BACK, encode(BackToDraft())),
        ),
    )


def area_question(prompt: str = wording.ASK_SERVICE, *, guesses: Sequence[str] = ()) -> Message:
    """The likeliest services as choices, and "Something else"; with no guesses, the groups of services."""
    if not guesses:
        return browse_areas(None, 0, prompt=wording.ASK_SERVICE_IN_WORDS)
    options = tuple(_area_button(taxonomy.service_area(code)) for code in guesses[:MAX_GUESSES])
    return Message(
        prompt, (*options, Button(wording.SOMETHING_ELSE, encode(BrowseChoices(DraftField.AREAS))))
    )


def guesses_for(text: str) -> tuple[str, ...]:
    """The services a text most likely means, most likely first."""
    return tuple(s.code for s in likely_service_areas(text, limit=MAX_GUESSES))


def _area_button(area: taxonomy.ServiceArea) -> Button:
    return Button(area.name, encode(SetDraftField(DraftField.AREAS, area.code)))


def area_groups() -> tuple[tuple[str, tuple[taxonomy.ServiceArea, ...]], ...]:
    """The groups of services in taxonomy order, each with its services."""
    groups: dict[str, list[taxonomy.ServiceArea]] = {}
    for area in taxonomy.service_areas():
        groups.setdefault(area.group, []).append(area)
    return tuple((name, tuple(areas)) for name, areas in groups.items())


def browse_areas(group: int | None, page: int, *, prompt: str = wording.ASK_SERVICE_GROUP) -> Message:
    """One page of the groups of services, or of the services in one group: a few choices at a time."""
    groups = area_groups()
    if group is None or not 0 <= group < len(groups):
        options = tuple(
            Button(name, encode(BrowseChoices(DraftField.AREAS, index)))
            for index, (name, _) in enumerate(groups)
        )
        every_area = tuple(_area_button(area) for area in taxonomy.service_areas())
        return Message(
            prompt, _paged(options, page, DraftField.AREAS, None, back=None), searchable=every_area
        )
    name, areas = groups[group]
    back = Button(wording.BACK_TO_GROUPS, encode(BrowseChoices(DraftField.AREAS)))
    options = tuple(_area_button(area) for area in areas)
    return Message(
        wording.ASK_SERVICE_IN_GROUP.format(group=name),
        _paged(options, page, DraftField.AREAS, group, back=back),
    )


def _paged(
    options: tuple[Button, ...], page: int, field: DraftField, group: int | None, *, back: Button | None
) -> tuple[Button, ...]:
    """A page of options with "More" and a way back: never more than a handful of choices at once."""
    pages = max(1, -(-len(options) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = options[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    more: tuple[Button, ...] = ()
    if page + 1 < pages:
        more = (Button(wording.MORE_CHOICES, encode(BrowseChoices(field, group, page + 1))),)
    elif page > 0:
        more = (Button(wording.BACK, encode(BrowseChoices(field, group, 0))),)
    return (*shown, *more, *((back,) if back is not None else ()))


def model_question(page: int = 0, *, areas: tuple[str, ...] = ()) -> Message:
    """The kinds of change, the commonest first, a page at a time; for the services read, when given,
    so that a service read wrongly shows before anything else is asked."""
    models = sorted(
        taxonomy.delivery_models(),
        key=lambda m: COMMON_MODELS.index(m.code) if m.code in COMMON_MODELS else len(COMMON_MODELS),
    )
    options = tuple(Button(m.name, encode(SetDraftField(DraftField.MODEL, m.code))) for m in models)
    not_sure = Button(wording.NOT_SURE_YET, encode(SetDraftField(DraftField.MODEL, "")))
    text = wording.ASK_MODEL_FOR.format(service=service_names(areas, mid_sentence=True)) if areas else None
    return Message(
        text or wording.ASK_MODEL, (*_paged(options, page, DraftField.MODEL, None, back=None), not_sure)
    )


def stage_question() -> Message:
    """Every stage, in order, to choose one."""
    stages = taxonomy.stages()
    options = tuple(Button(s.name, encode(SetDraftField(DraftField.STAGE, s.code))) for s in stages)
    not_sure = Button(wording.NOT_SURE_YET, encode(SetDraftField(DraftField.STAGE, "")))
    return Message(wording.ASK_STAGE, (*options, not_sure))


def timeline_question() -> Message:
    """Ask for a date in the officer's own words."""
    not_sure = Button(wording.NOT_SURE_YET, encode(SetDraftField(DraftField.TIMELINE, "")))
    return Message(wording.ASK_TIMELINE, (not_sure,))


QUESTIONS: dict[DraftField, tuple[Step, Callable[[Draft], Message]]] = {
    DraftField.AREAS: (Step.CHOOSE_AREA, lambda draft: area_question(guesses=guesses_for(draft.text))),
    DraftField.MODEL: (Step.CHOOSE_MODEL, lambda draft: model_question(areas=draft.areas)),
    DraftField.STAGE: (Step.CHOOSE_STAGE, lambda _: stage_question()),
    DraftField.TIMELINE: (Step.ENTER_TIMELINE, lambda _: timeline_question()),
}


def ask_field(draft: Draft, field: DraftField) -> tuple[State, Message]:
    """The question for one field, and the state that waits for its answer."""
    step, question = QUESTIONS[field]
    return State(step, draft.to_data()), question(draft)


def set_field(draft: Draft, field: DraftField, value: str, *, today: date) -> Draft | None:
    """The draft with one field set from a choice; None if the choice isn't valid."""
    try:
        if field == DraftField.AREAS:
            return replace(draft, areas=(taxonomy.service_area(value).code,))
        if field == DraftField.MODEL:
            return replace(draft, model=taxonomy.delivery_model(value).code if value else None)
        if field == DraftField.STAGE:
            return _without_a_past_target(
                replace(draft, stage=taxonomy.stage(value).code if value else None), today
            )
        if field == DraftField.TIMELINE and not value:
            return replace(draft, year=None, month=None)
    except KeyError:
        return None
    return None


def _without_a_past_target(draft: Draft, today: date) -> Draft:
    """A plan not live (yet) keeps no date in the past: it would say the plan is late, not when it is due."""
    if draft.year is None or is_live(draft.stage) is not False:
        return draft
    if Timeline(draft.year, draft.month).is_past(today):
        return replace(draft, year=None, month=None)
    return draft


def set_timeline_from_text(draft: Draft, text: str, *, today: date) -> Draft | None:
    """The draft with the timeline the officer typed; None if no date could be read."""
    timeline = parse_timeline(text, today=today, live=is_live(draft.stage))
    if timeline is None:
        return None
    return replace(draft, year=timeline.year, month=timeline.month)


def timeline_has_passed(draft: Draft, text: str, *, today: date) -> bool:
    """Whether the officer typed only a date gone by, for a plan not yet live."""
    if is_live(draft.stage):
        return False
    typed = parse_timeline(text, today=today, live=True)
    return typed is not None and typed.is_past(today)


def question_for(state: State) -> Message:
    """Ask again whatever the officer was last asked (after a restart, or a command in between)."""
    draft = Draft.from_data(state.data)
    if state.step == Step.CONFIRM_PLAN:
        return confirmation(draft)
    if state.step == Step.CHOOSE_FIELD:
        return field_question()
    for step, question in QUESTIONS.values():
        if state.step == step:
            return question(draft)
    raise ValueError(f"no intake question for {state.step}")


INTAKE_STEPS = frozenset({Step.CONFIRM_PLAN, Step.CHOOSE_FIELD, *(step for step, _ in QUESTIONS.values())})
