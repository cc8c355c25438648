"""Every button action as a small typed value, with the one encoder and the one decoder.

The encoded form is the one buttons have always carried ("proposal:12:accept", "draft:set:areas:libraries"),
so buttons already in officers' chats, and messages waiting to be delivered, keep working. Decoding is
strict: a string decodes only if it is exactly what `encode` makes of some action, so comparing encoded
strings is the same as comparing actions, and anything else (unknown, tampered, too long) is None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeAlias

from bot.storage.models import FollowUpAnswer

SEPARATOR = ":"
# The strictest limit a platform puts on where an action travels: a Slack menu option's value (a Slack
# button's value may hold 2,000 characters; its action_id is ours, not the action; a Teams card's data
# counts only towards the whole message's 28 KB).
MAX_ENCODED = 150
MAX_NUMBER = 2**31 - 1  # ids and plan numbers are 32-bit integers in PostgreSQL
_NUMBER = re.compile(r"0|[1-9][0-9]{0,9}")  # ASCII digits only: int() would also read "١٢"
_CODE = re.compile(r"[a-z0-9_]*")  # a taxonomy code, or "" for "not sure yet"
_COUNCIL_CODE = re.compile(r"[A-Z0-9]{1,10}")  # a council's code in the directory ("WYE")


class ActionTooLong(ValueError):
    """An action whose encoding a platform could not carry: a programming error, caught by the tests."""


class DraftField(StrEnum):
    """A field of a plan draft the officer can choose to change."""

    AREAS = "areas"
    MODEL = "model"
    STAGE = "stage"
    TIMELINE = "timeline"


def _check_number(number: int) -> None:
    if not 0 <= number <= MAX_NUMBER:
        raise ValueError(f"{number} is not a stored id or plan number")


@dataclass(frozen=True)
class AnswerProposal:
    """Introduce us (accept) or Not now, on a proposal or its reminder."""

    proposal_id: int
    accept: bool

    def __post_init__(self) -> None:
        _check_number(self.proposal_id)


@dataclass(frozen=True)
class AnswerCircle:
    """Join the circle (yes) or Not now, on a circle's offer."""

    circle_id: int
    yes: bool

    def __post_init__(self) -> None:
        _check_number(self.circle_id)


@dataclass(frozen=True)
class AnswerWelcome:
    """Say yes, or Not now, to a later officer who asks to join one's formed circle."""

    welcome_id: int
    yes: bool

    def __post_init__(self) -> None:
        _check_number(self.welcome_id)


@dataclass(frozen=True)
class NotRelevant:
    """Not relevant, on a proposal or its reminder: a decline that matching also learns from."""

    proposal_id: int

    def __post_init__(self) -> None:
        _check_number(self.proposal_id)


@dataclass(frozen=True)
class Reconsider:
    """Say yes after all, from my plans, to a proposal answered "Not now" that is still open."""

    proposal_id: int

    def __post_init__(self) -> None:
        _check_number(self.proposal_id)


@dataclass(frozen=True)
class ReconsiderCircle:
    """Say yes after all, from my plans, to a circle or a place in one answered "Not now", still open."""

    circle_id: int

    def __post_init__(self) -> None:
        _check_number(self.circle_id)


@dataclass(frozen=True)
class ReconsiderWelcome:
    """Say yes after all, from my plans, to a later officer asking to join one's circle, answered
    "Not now" while their request is still open."""

    welcome_id: int

    def __post_init__(self) -> None:
        _check_number(self.welcome_id)


@dataclass(frozen=True)
class AnswerFollowUp:
    """The answer to "Did you talk?" after an introduction."""

    follow_up_id: int
    answer: FollowUpAnswer

    def __post_init__(self) -> None:
        _check_number(self.follow_up_id)


@dataclass(frozen=True)
class KeepPlan:
    """Keep a plan the retention job warned about."""

    number: int

    def __post_init__(self) -> None:
        _check_number(self.number)


@dataclass(frozen=True)
class ConfirmDraft:
    """Looks right: store the plan as understood."""


@dataclass(frozen=True)
class ChangeDraft:
    """Change something: choose a field to correct."""


@dataclass(frozen=True)
class DiscardDraft:
    """Discard the draft."""


@dataclass(frozen=True)
class BackToDraft:
    """Back from choosing a field to the draft."""


@dataclass(frozen=True)
class ChooseDraftField:
    """Correct this field of the draft."""

    field: DraftField


@dataclass(frozen=True)
class SetDraftField:
    """Set a field of the draft to a taxonomy code; "" is "not sure yet"."""

    field: DraftField
    value: str

    def __post_init__(self) -> None:
        if not _CODE.fullmatch(self.value):
            raise ValueError("a draft field's value is a taxonomy code")


@dataclass(frozen=True)
class BrowseChoices:
    """Show a page of a long list of choices for a draft field, a few at a time.

    For service areas `group` picks one group of areas (None: the list of groups); other fields have
    no groups.
    """

    field: DraftField
    group: int | None = None
    page: int = 0

    def __post_init__(self) -> None:
        _check_number(self.page)
        if self.group is not None:
            _check_number(self.group)


@dataclass(frozen=True)
class AdviseOthers:
    """Happy to advise others (on) or not (off): a live plan's "been there" choice, on its draft."""

    on: bool


@dataclass(frozen=True)
class SwitchDraft:
    """The answer to "Start a new plan with this, or keep going with the one we were writing?"."""

    start_new: bool


@dataclass(frozen=True)
class ConfirmWithdraw:
    """The answer to "Withdraw plan N?"."""

    yes: bool


@dataclass(frozen=True)
class ConfirmForget:
    """The answer to "Erase everything?"."""

    yes: bool


@dataclass(frozen=True)
class ChangeSettings:
    """An admin asks for the workspace's settings form."""


@dataclass(frozen=True)
class ShowStats:
    """An admin asks for the workspace's statistics."""


@dataclass(frozen=True)
class ShowAudit:
    """An admin asks for the workspace's audit log."""


@dataclass(frozen=True)
class SaveSettings:
    """An admin saves the settings form (Teams' card; its answers travel beside the action)."""


@dataclass(frozen=True)
class ChooseOrganisation:
    """This council of the directory is the officer's organisation (by its directory code)."""

    code: str

    def __post_init__(self) -> None:
        if not _COUNCIL_CODE.fullmatch(self.code):
            raise ValueError("a council's code is a few capital letters or digits")


@dataclass(frozen=True)
class AnotherOrganisation:
    """None of the councils offered: the officer will type their organisation's name."""


@dataclass(frozen=True)
class KeepOrganisationName:
    """Keep the name the officer typed, which is not a council we know, as their organisation."""


@dataclass(frozen=True)
class RetypeOrganisation:
    """Try typing the organisation's name again."""


@dataclass(frozen=True)
class ShowLandscape:
    """How many other councils plan something comparable: to one plan (its number), or to each of the
    officer's active plans (None)."""

    plan_number: int | None = None

    def __post_init__(self) -> None:
        if self.plan_number is not None:
            _check_number(self.plan_number)


@dataclass(frozen=True)
class PlanFromQuestion:
    """Start a plan from the officer's question of how many others plan the same thing."""


DraftAction: TypeAlias = (
    ConfirmDraft
    | ChangeDraft
    | DiscardDraft
    | BackToDraft
    | ChooseDraftField
    | SetDraftField
    | BrowseChoices
    | AdviseOthers
)
AdminAction: TypeAlias = ChangeSettings | ShowStats | ShowAudit | SaveSettings
OrganisationAction: TypeAlias = (
    ChooseOrganisation | AnotherOrganisation | KeepOrganisationName | RetypeOrganisation
)
Action: TypeAlias = (
    AnswerProposal
    | AnswerCircle
    | AnswerWelcome
    | NotRelevant
    | Reconsider
    | ReconsiderCircle
    | ReconsiderWelcome
    | AnswerFollowUp
    | KeepPlan
    | DraftAction
    | SwitchDraft
    | ConfirmWithdraw
    | ConfirmForget
    | AdminAction
    | OrganisationAction
    | ShowLandscape
    | PlanFromQuestion
)


def encode(action: Action) -> str:
    """The string a button carries for this action; ActionTooLong if a platform could not carry it."""
    text = SEPARATOR.join(_parts(action))
    if len(text) > MAX_ENCODED:
        raise ActionTooLong(
            f"{type(action).__name__} encodes to {len(text)} characters; "
            f"a Slack menu option's value holds at most {MAX_ENCODED}"
        )
    return text


def _parts(action: Action) -> tuple[str, ...]:
    match action:
        case AnswerProposal(proposal_id, accept):
            return ("proposal", str(proposal_id), "accept" if accept else "decline")
        case AnswerCircle(circle_id, yes):
            return ("circle", str(circle_id), "yes" if yes else "notnow")
        case AnswerWelcome(welcome_id, yes):
            return ("welcome", str(welcome_id), "yes" if yes else "notnow")
        case NotRelevant(proposal_id):
            return ("proposal", str(proposal_id), "not_relevant")
        case Reconsider(proposal_id):
            return ("proposal", str(proposal_id), "reconsider")
        case ReconsiderCircle(circle_id):
            return ("circle", str(circle_id), "reconsider")
        case ReconsiderWelcome(welcome_id):
            return ("welcome", str(welcome_id), "reconsider")
        case AnswerFollowUp(follow_up_id, answer):
            return ("followup", str(follow_up_id), answer.value)
        case KeepPlan(number):
            return ("plan", str(number), "keep")
        case ConfirmDraft():
            return ("draft", "confirm")
        case ChangeDraft():
            return ("draft", "change")
        case DiscardDraft():
            return ("draft", "discard")
        case BackToDraft():
            return ("draft", "back")
        case ChooseDraftField(field):
            return ("draft", "field", field.value)
        case SetDraftField(field, value):
            return ("draft", "set", field.value, value)
        case BrowseChoices(field, group, page):
            return ("draft", "browse", field.value, "" if group is None else str(group), str(page))
        case AdviseOthers(on):
            return ("draft", "advise", "on" if on else "off")
        case SwitchDraft(start_new):
            return ("draft", "switch", "new" if start_new else "keep")
        case ConfirmWithdraw(yes):
            return ("withdraw", "yes" if yes else "no")
        case ConfirmForget(yes):
            return ("forget", "yes" if yes else "no")
        case ChangeSettings():
            return ("admin", "settings")
        case ShowStats():
            return ("admin", "stats")
        case ShowAudit():
            return ("admin", "audit")
        case SaveSettings():
            return ("admin", "save")
        case ChooseOrganisation(code):
            return ("organisation", "council", code)
        case AnotherOrganisation():
            return ("organisation", "another")
        case KeepOrganisationName():
            return ("organisation", "keep")
        case RetypeOrganisation():
            return ("organisation", "retype")
        case ShowLandscape(plan_number):
            return ("landscape", "" if plan_number is None else str(plan_number))
        case PlanFromQuestion():
            return ("landscape", "plan")


def decode(text: str | None) -> Action | None:
    """The action a button carried; None for anything unknown, malformed, tampered with or too long."""
    if not isinstance(text, str) or len(text) > MAX_ENCODED:
        return None
    try:
        return _action(text.split(SEPARATOR))
    except ValueError:  # a number, field or code out of shape: the values' own checks say so
        return None


def _action(parts: list[str]) -> Action | None:
    match parts:
        case ["proposal", number, "accept" | "decline" as answer]:
            return AnswerProposal(_number(number), accept=answer == "accept")
        case ["circle", number, "yes" | "notnow" as answer]:
            return AnswerCircle(_number(number), yes=answer == "yes")
        case ["welcome", number, "yes" | "notnow" as answer]:
            return AnswerWelcome(_number(number), yes=answer == "yes")
        case ["proposal", number, "not_relevant"]:
            return NotRelevant(_number(number))
        case ["proposal", number, "reconsider"]:
            return Reconsider(_number(number))
        case ["circle", number, "reconsider"]:
            return ReconsiderCircle(_number(number))
        case ["welcome", number, "reconsider"]:
            return ReconsiderWelcome(_number(number))
        case ["followup", number, answer]:
            return AnswerFollowUp(_number(number), FollowUpAnswer(answer))
        case ["plan", number, "keep"]:
            return KeepPlan(_number(number))
        case ["draft", "confirm"]:
            return ConfirmDraft()
        case ["draft", "change"]:
            return ChangeDraft()
        case ["draft", "discard"]:
            return DiscardDraft()
        case ["draft", "back"]:
            return BackToDraft()
        case ["draft", "field", field]:
            return ChooseDraftField(DraftField(field))
        case ["draft", "set", field, value]:
            return SetDraftField(DraftField(field), value)
        case ["draft", "browse", field, group, page]:
            return BrowseChoices(DraftField(field), _number(group) if group else None, _number(page))
        case ["draft", "advise", "on" | "off" as answer]:
            return AdviseOthers(on=answer == "on")
        case ["draft", "switch", "new" | "keep" as answer]:
            return SwitchDraft(start_new=answer == "new")
        case ["withdraw", "yes" | "no" as answer]:
            return ConfirmWithdraw(yes=answer == "yes")
        case ["forget", "yes" | "no" as answer]:
            return ConfirmForget(yes=answer == "yes")
        case ["admin", "settings"]:
            return ChangeSettings()
        case ["admin", "stats"]:
            return ShowStats()
        case ["admin", "audit"]:
            return ShowAudit()
        case ["admin", "save"]:
            return SaveSettings()
        case ["organisation", "council", code]:
            return ChooseOrganisation(code)
        case ["organisation", "another"]:
            return AnotherOrganisation()
        case ["organisation", "keep"]:
            return KeepOrganisationName()
        case ["organisation", "retype"]:
            return RetypeOrganisation()
        case ["landscape", "plan"]:
            return PlanFromQuestion()
        case ["landscape", number]:
            return ShowLandscape(_number(number) if number else None)
    return None


def _number(text: str) -> int:
    if not _NUMBER.fullmatch(text):
        raise ValueError("not a number as encode writes one")
    return int(text)
