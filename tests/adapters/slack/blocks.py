"""What every Slack payload Notalone sends must be: parsed by slack_sdk's own Block Kit classes, and within
Block Kit's published limits (https://docs.slack.dev/reference/block-kit/blocks and .../block-elements)."""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

MOST_BLOCKS = 50  # in one message
MOST_HOME_BLOCKS = 100  # in a home tab (or modal) view
SECTION_TEXT = 3000
BUTTON_LABEL = 75
BUTTON_VALUE = 2000
ACTION_ID = 255
SELECT_OPTIONS = 100
OPTION_TEXT = 75
OPTION_VALUE = 150


def _element_problems(element: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    if len(element.get("action_id", "")) > ACTION_ID:
        problems.append("action_id too long")
    if element.get("type") == "button":
        if len(element["text"]["text"]) > BUTTON_LABEL:
            problems.append(f"button label over {BUTTON_LABEL}: {element['text']['text'][:40]!r}")
        if len(element.get("value", "")) > BUTTON_VALUE:
            problems.append("button value too long")
    if element.get("type") == "static_select":
        groups = element.get("option_groups") or [{"options": element.get("options", [])}]
        if len(groups) > SELECT_OPTIONS:
            problems.append(f"{len(groups)} option groups in a select")
        for group in groups:
            if not 0 < len(group["options"]) <= SELECT_OPTIONS:
                problems.append(f"{len(group['options'])} options in a select or group")
            if len(group.get("label", {}).get("text", "")) > OPTION_TEXT:
                problems.append("option group label too long")
        for option in (option for group in groups for option in group["options"]):
            if len(option["text"]["text"]) > OPTION_TEXT:
                problems.append(f"option text over {OPTION_TEXT}: {option['text']['text'][:40]!r}")
            if len(option["value"]) > OPTION_VALUE:
                problems.append("option value too long")
    return problems


def block_problems(blocks: list[dict[str, Any]], *, most: int = MOST_BLOCKS) -> list[str]:
    """Everything wrong with a message's blocks (or a view's, with `most` = 100)."""
    problems: list[str] = [] if 0 < len(blocks) <= most else [f"{len(blocks)} blocks, most {most}"]
    for raw in blocks:
        try:
            parsed = Block.parse(raw)
            assert parsed is not None, f"slack_sdk does not know a {raw.get('type')} block"
            parsed.validate_json()
            if parsed.to_dict() != raw:
                problems.append(f"slack_sdk reads the {raw['type']} block differently: {parsed.to_dict()}")
        except (SlackObjectFormationError, AssertionError) as error:
            problems.append(f"slack_sdk: {error}")
        text = raw.get("text")
        if raw.get("type") == "section" and isinstance(text, dict) and len(text["text"]) > SECTION_TEXT:
            problems.append(f"section text of {len(text['text'])} characters")
        for element in raw.get("elements", []):
            problems.extend(_element_problems(element))
    return problems


def view_problems(view: dict[str, Any]) -> list[str]:
    """Everything wrong with an App Home view."""
    problems = block_problems(view["blocks"], most=MOST_HOME_BLOCKS)
    try:
        View(**view).validate_json()
    except SlackObjectFormationError as error:
        problems.append(f"slack_sdk: {error}")
    return problems
