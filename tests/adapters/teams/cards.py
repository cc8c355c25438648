"""What every card Notalone sends must be: valid against the official Adaptive Card 1.5 schema, within Teams'
28 KB message limit, and showing its text exactly as written (no markdown backslash escapes)."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft6Validator

from adapters.teams.translate import CARD_TYPE

SCHEMA = Path(__file__).parent / "schema" / "adaptive-card-1.5.json"
# Teams refuses a bot message over 28 KB, card included (Microsoft's "Format your bot messages" and bot
# limits pages); measured here as the activity's JSON, ASCII-escaped, which is at least what is sent.
MOST_BYTES = 28 * 1024
# A backslash before a markdown character: what escaping for TextBlock markdown leaves behind.
MARKDOWN_ESCAPE = re.compile(r"\\[\\`*_{}\[\]()#+\-.!|>~<]")


@cache
def validator() -> Draft6Validator:
    """The schema declares draft-06 (`$schema`), so its own validator class reads it."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-06/schema#"
    Draft6Validator.check_schema(schema)
    return Draft6Validator(schema)


def cards_of(activity: dict[str, Any]) -> list[dict[str, Any]]:
    """The Adaptive Cards attached to an activity."""
    return [a["content"] for a in activity.get("attachments") or [] if a.get("contentType") == CARD_TYPE]


def texts_of(card: dict[str, Any]) -> list[str]:
    """Every TextRun's text, every TextBlock's too (there should be none), in order."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("TextRun", "TextBlock") and isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card.get("body"))
    return found


# Keys whose strings are words (the card's text, titles, values): the schema only says they are strings.
WORDS = frozenset({"text", "title", "label", "value", "errorMessage", "placeholder", "shown", "summary"})
_checked: dict[str, list[str]] = {}


def _skeleton(node: object, key: str = "") -> object:
    if isinstance(node, dict):
        return {k: _skeleton(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_skeleton(v, key) for v in node]
    return "w" if isinstance(node, str) and (key in WORDS or key.startswith("notalone_")) else node


def schema_errors(card: dict[str, Any]) -> list[str]:
    """The card's errors against the schema. Validity never depends on the words, only on the structure
    (the schema's patterns and enums are on other keys), so each structure is validated once: it is slow."""
    key = json.dumps(_skeleton(card), sort_keys=True)
    if key not in _checked:
        _checked[key] = [
            f"schema: {error.message[:200]} at {list(error.absolute_path)}"
            for error in validator().iter_errors(card)
        ]
    return _checked[key]


def size_of(activity: dict[str, Any]) -> int:
    """Bytes of the serialised activity."""
    return len(json.dumps(activity).encode("utf-8"))


def card_problems(activity: dict[str, Any], *, written: str = "") -> list[str]:
    """Everything wrong with an outgoing activity; `written` is the text it carries, as the core wrote it
    (a backslash escape in the card that isn't in it is one of ours)."""
    problems: list[str] = []
    cards = cards_of(activity)
    if not cards:
        problems.append("no Adaptive Card")
    for card in cards:
        problems.extend(schema_errors(card))
        if any(element.get("type") == "TextBlock" for element in card.get("body") or []):
            problems.append("a TextBlock: its text is read as markdown")
        for text in texts_of(card):
            if any(escape not in written for escape in MARKDOWN_ESCAPE.findall(text)):
                problems.append(f"a backslash escape in {text[:80]!r}")
    if size_of(activity) > MOST_BYTES:
        problems.append(f"{size_of(activity)} bytes, over Teams' {MOST_BYTES}")
    return problems
