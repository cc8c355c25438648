"""The settings form as a Slack modal, and a submitted modal's state read back as answers: pure functions.

Every field is an input block whose block_id is the field's key, so the core's mistakes (keyed by field)
go straight back to Slack as `response_action: errors` and the admin loses nothing they typed. All text
is plain_text: an admin's own words (a welcome message, a council's name) never render as markup.
"""

from __future__ import annotations

from typing import Any

from adapters.slack.translate import Block, plain
from bot import wording
from bot.admin.form import Choice, FieldKind, FormField, SettingsForm

CALLBACK_ID = "notalone_admin"
TOGGLE_ON = "on"
# Block Kit's limits.
MAX_BLOCKS = 100
MAX_LABEL = 2000
MAX_INPUT = 3000  # a plain_text_input's initial_value and max_length
MAX_OPTION_TEXT = 75
MAX_OPTION_VALUE = 150
MAX_OPTIONS = 100
MAX_RADIO = 5  # more choices than this become a menu
MAX_ERROR = 1000

# action_ids say how to read each element back; none starts with translate.ACTION_PREFIX, so an input
# can never be taken for a button.
TEXT, CHOICE, MULTI, TOGGLE = "text", "choice", "multi", "toggle"


def settings_view(form: SettingsForm) -> Block:
    """The modal for views.open: one input block per field, then Save and Cancel."""
    blocks: list[Block] = [{"type": "section", "text": plain(wording.SLACK_SETTINGS_INTRO)}]
    inputs: list[Block] = []
    for field in form.fields:
        element = _element(field)
        if element is None:
            # Showing a cut-down value would save it cut down: leave the setting as it is instead.
            note = wording.SLACK_SETTINGS_NOT_SHOWN.format(label=field.label)
            blocks.append({"type": "context", "elements": [plain(note[:MAX_INPUT])]})
            continue
        block: Block = {
            "type": "input",
            "block_id": field.key,
            "label": plain(field.label[:MAX_LABEL]),
            "element": element,
            # A toggle left unticked means "no", so it can never be required.
            "optional": field.kind == FieldKind.TOGGLE or not field.required,
        }
        if field.hint:
            block["hint"] = plain(field.hint[:MAX_LABEL])
        inputs.append(block)
    blocks = [*blocks, *inputs][:MAX_BLOCKS]
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "private_metadata": form.workspace,
        "title": plain(wording.SLACK_SETTINGS_TITLE[:24]),
        "submit": plain(wording.SLACK_SETTINGS_SAVE),
        "close": plain(wording.SLACK_SETTINGS_CANCEL),
        "blocks": blocks,
    }


def first_field(view: dict[str, Any]) -> str | None:
    """The block_id of the modal's first input, where a refusal is shown."""
    state = _dict(_dict(view.get("state")).get("values"))
    return next((key for key in state if isinstance(key, str)), None)


def answers_from(view: dict[str, Any]) -> dict[str, object]:
    """What the admin entered, by field key, in the types the core's `read_form` takes."""
    answers: dict[str, object] = {}
    for key, actions in list(_dict(_dict(view.get("state")).get("values")).items())[:MAX_BLOCKS]:
        if not isinstance(key, str) or not isinstance(actions, dict) or len(actions) != 1:
            continue
        ((action_id, state),) = actions.items()
        value = _read(action_id, _dict(state))
        if value is not None:
            answers[key] = value
    return answers


def errors_for(errors: dict[str, str]) -> dict[str, str]:
    """The core's mistakes by field, as Slack shows them under each input."""
    return {key: message[:MAX_ERROR] for key, message in errors.items()}


def _read(action_id: str, state: dict[str, Any]) -> object | None:
    if action_id == TEXT:
        value = state.get("value")
        return value if isinstance(value, str) else ""
    if action_id == CHOICE:
        return _dict(state.get("selected_option")).get("value") or ""
    selected = [
        option["value"]
        for option in state.get("selected_options") or []
        if isinstance(option, dict) and isinstance(option.get("value"), str)
    ]
    if action_id == MULTI:
        return selected
    if action_id == TOGGLE:
        return TOGGLE_ON in selected
    return None


def _element(field: FormField) -> Block | None:
    if field.kind == FieldKind.TOGGLE:
        yes = _option(Choice(TOGGLE_ON, wording.SLACK_SETTINGS_YES))
        toggle: Block = {"type": "checkboxes", "action_id": TOGGLE, "options": [yes]}
        if field.value is True:
            toggle["initial_options"] = [yes]
        return toggle
    if field.kind == FieldKind.CHOICE and _fits(field.choices):
        return _choice(field)
    if field.kind == FieldKind.MULTI_CHOICE and _fits(field.choices):
        return _multi_choice(field)
    # Text, numbers, and choices too many or too long for a menu: typed in, one per line.
    value = field.value if isinstance(field.value, str) else "\n".join(_values(field.value))
    if len(value) > MAX_INPUT:
        return None
    text: Block = {"type": "plain_text_input", "action_id": TEXT, "max_length": MAX_INPUT}
    if field.kind in (FieldKind.LONG_TEXT, FieldKind.MULTI_CHOICE):
        text["multiline"] = True
    if value:
        text["initial_value"] = value
    return text


def _choice(field: FormField) -> Block:
    options = [_option(choice) for choice in field.choices]
    kind = "radio_buttons" if len(options) <= MAX_RADIO else "static_select"
    element: Block = {"type": kind, "action_id": CHOICE, "options": options}
    if kind == "static_select":
        element["placeholder"] = plain(field.label[:MAX_OPTION_VALUE])
    chosen = [o for c, o in zip(field.choices, options, strict=True) if c.value == field.value]
    if chosen:
        element["initial_option"] = chosen[0]
    return element


def _multi_choice(field: FormField) -> Block:
    options = [_option(choice) for choice in field.choices]
    element: Block = {
        "type": "multi_static_select",
        "action_id": MULTI,
        "options": options,
        "placeholder": plain(field.label[:MAX_OPTION_VALUE]),
    }
    picked = set(_values(field.value))
    chosen = [o for c, o in zip(field.choices, options, strict=True) if c.value in picked]
    if chosen:
        element["initial_options"] = chosen
    return element


def _fits(choices: tuple[Choice, ...]) -> bool:
    return 0 < len(choices) <= MAX_OPTIONS and all(len(c.value) <= MAX_OPTION_VALUE for c in choices)


def _option(choice: Choice) -> Block:
    return {"text": plain(choice.label[:MAX_OPTION_TEXT]), "value": choice.value}


def _values(value: str | tuple[str, ...] | bool) -> tuple[str, ...]:
    if isinstance(value, tuple):
        return value
    return (value,) if isinstance(value, str) and value else ()


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
