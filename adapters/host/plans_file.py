"""Reading a JSON Lines file of plans for `notalone rank` and `notalone understand`, naming each bad line."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_FIELDS = ("id", "org", "text")
_JSON_TYPES = {dict: "an object", list: "a list", int: "a number", float: "a number", bool: "true/false"}


@dataclass(frozen=True)
class InputPlan:
    """One well-formed input line."""

    id: str
    org: str
    text: str


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _problem(line: str) -> tuple[InputPlan | None, str | None]:
    """Return the plan on line, or what is wrong with it."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as error:
        return None, f"not valid JSON ({error.msg})"
    if not isinstance(row, dict):
        return None, f"expected a JSON object, got {_describe(row)}"
    for field in _FIELDS:
        if field not in row:
            return None, f'missing field "{field}"'
        if not isinstance(row[field], str):
            return None, f'field "{field}" must be a string, got {_describe(row[field])}'
        if field != "text" and not row[field].strip():
            return None, f'field "{field}" is empty'
    return InputPlan(row["id"], row["org"], row["text"]), None


def read_plans(text: str) -> tuple[list[InputPlan], list[tuple[int, str]]]:
    """Return the well-formed plans and (line number, problem) for every bad line; blank lines are skipped."""
    plans: list[InputPlan] = []
    problems: list[tuple[int, str]] = []
    first_line: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        plan, problem = _problem(line)
        if plan is None:
            problems.append((number, problem or "unreadable"))
        elif plan.id in first_line:
            problems.append((number, f'duplicate id "{plan.id}" (first used on line {first_line[plan.id]})'))
        else:
            first_line[plan.id] = number
            plans.append(plan)
    return plans, problems


def load_plans(path: Path, *, command: str) -> tuple[list[InputPlan], bool] | None:
    """The plans in path and whether a bad line was skipped (each named on stderr); None if unreadable."""
    try:
        content = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        print(f"notalone {command}: no such file: {path}", file=sys.stderr)
        return None
    except (OSError, UnicodeDecodeError) as error:
        print(f"notalone {command}: cannot read {path}: {error}", file=sys.stderr)
        return None
    plans, problems = read_plans(content)
    for number, problem in problems:
        print(f"notalone {command}: {path}: line {number}: {problem}; line skipped", file=sys.stderr)
    return plans, bool(problems)
