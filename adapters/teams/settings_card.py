"""The workspace settings form as an Adaptive Card, and an admin's submitted answers read back; pure.

Inputs carry the core's field keys as their ids, so Teams hands the answers back keyed the way the core
reads them. Labels and hints are the core's wording; mistakes are shown under the field they concern.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from adapters.teams.translate import ACTION_KEY, CARD_TYPE, Json, rich_text
from bot import wording
from bot.admin.form import FieldKind, FormField, SettingsForm
from bot.conversation.actions import ChangeSettings, SaveSettings, encode

# Teams can show a form, so these two are answered by the adapter rather than in the core's chat. Encoding
# is canonical, so a string in this set decodes to one of them.
FORM_ACTIONS = frozenset({encode(ChangeSettings()), encode(SaveSettings())})
WORKSPACE_KEY = "workspace"
CARD_VERSION = "1.5"  # input labels and isRequired need 1.3; Teams renders up to 1.5
MULTI_SEPARATOR = ","  # how Teams joins the values chosen in a multi-select


def settings_activity(
    form: SettingsForm,
    *,
    answers: Mapping[str, object] | None = None,
    errors: Mapping[str, str] | None = None,
) -> Json:
    """The form as an outgoing activity: current settings, or the admin's answers with their mistakes."""
    return {
        "type": "message",
        "summary": wording.TEAMS_SETTINGS_INTRO[:120],
        "attachments": [
            {"contentType": CARD_TYPE, "content": settings_card(form, answers=answers, errors=errors)}
        ],
    }


def settings_card(
    form: SettingsForm,
    *,
    answers: Mapping[str, object] | None = None,
    errors: Mapping[str, str] | None = None,
) -> Json:
    """An Adaptive Card with one input per setting and a Save button that names the workspace."""
    answers = answers or {}
    errors = errors or {}
    body: list[Json] = [rich_text(wording.TEAMS_SETTINGS_INTRO)]
    if errors:
        body.append(_attention(wording.TEAMS_SETTINGS_FIX))
    for field in form.fields:
        value = answers.get(field.key, field.value)
        body.append(to_input(field, value))
        if field.key in errors:
            body.append(_attention(errors[field.key]))
        if field.hint:
            body.append({**rich_text(field.hint, isSubtle=True, size="Small"), "spacing": "None"})
    save = {
        "type": "Action.Submit",
        "title": wording.TEAMS_SETTINGS_SAVE,
        "style": "positive",
        "data": {ACTION_KEY: encode(SaveSettings()), WORKSPACE_KEY: form.workspace},
    }
    return {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": CARD_VERSION,
        "body": body,
        "actions": [save],
    }


def saved_activity() -> Json:
    """What a submitted form becomes once saved: no inputs and no button, so it can't be sent twice."""
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": CARD_VERSION,
        "body": [rich_text(wording.TEAMS_SETTINGS_SAVED)],
    }
    return {"type": "message", "attachments": [{"contentType": CARD_TYPE, "content": card}]}


def _attention(text: str) -> Json:
    return {**rich_text(text, color="Attention"), "spacing": "None"}


def to_input(field: FormField, value: object) -> Json:
    """One setting as the Adaptive Card input for its kind, showing `value`."""
    element: Json = {"id": field.key, "label": field.label}
    if field.kind == FieldKind.TOGGLE:
        # A toggle's title sits beside the switch; a label as well would say it twice.
        element = {
            "type": "Input.Toggle",
            "id": field.key,
            "title": field.label,
            "valueOn": "true",
            "valueOff": "false",
            "value": "true" if _truthy(value) else "false",
        }
    elif field.kind == FieldKind.CHOICE:
        element.update(type="Input.ChoiceSet", style="compact", value=_text(value))
        element["choices"] = [{"title": c.label, "value": c.value} for c in field.choices]
    elif field.kind == FieldKind.MULTI_CHOICE:
        element.update(type="Input.ChoiceSet", isMultiSelect=True, value=_text(value, MULTI_SEPARATOR))
        element["choices"] = [{"title": c.label, "value": c.value} for c in field.choices]
    elif field.kind == FieldKind.NUMBER:
        element["type"] = "Input.Number"
        number = _whole_number(_text(value))
        if number is not None:
            element["value"] = number
    else:
        element.update(type="Input.Text", value=_text(value))
        if field.kind == FieldKind.LONG_TEXT:
            element["isMultiline"] = True
    if field.required:
        element["isRequired"] = True
        element["errorMessage"] = wording.TEAMS_SETTINGS_NEEDED
    if element.get("value") in ("", None):
        element.pop("value", None)
    return element


def answers_from(value: Mapping[str, Any], form: SettingsForm) -> dict[str, object]:
    """The answers for the core, keyed by field, from what Teams submitted.

    Every field of the form is answered: Teams leaves an input out when it is empty, so a missing field
    means the admin cleared it.
    """
    answers: dict[str, object] = {}
    for field in form.fields:
        raw = value.get(field.key)
        if field.kind == FieldKind.MULTI_CHOICE:
            items = raw if isinstance(raw, list) else _text(raw).split(MULTI_SEPARATOR)
            answers[field.key] = [str(item).strip() for item in items if str(item).strip()]
        elif field.kind == FieldKind.TOGGLE:
            answers[field.key] = _truthy(raw)
        else:
            answers[field.key] = _text(raw, "\n")
    return answers


def _text(value: object, separator: str = "\n") -> str:
    if value is None or isinstance(value, dict):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return separator.join(str(item) for item in value)
    return str(value)


def _truthy(value: object) -> bool:
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value.strip().lower() == "true"


def _whole_number(text: str) -> int | None:
    try:
        return int(text.strip())
    except ValueError:
        return None
