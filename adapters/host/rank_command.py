"""`notalone rank`: rank a JSON Lines file of plans against each other, never within one council."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import date
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


def _top(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return number


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `rank` command."""
    parser = subparsers.add_parser(
        "rank",
        help="rank plans from a JSON Lines file against each other",
        description='Reads lines of {"id": ..., "org": ..., "text": ...} and writes, for each plan in the '
        "same order, its best matches among other organisations' plans, best first.",
    )
    parser.add_argument("--plans", required=True, type=Path, metavar="FILE.jsonl", help="the plans to rank")
    parser.add_argument("--top", type=_top, default=5, metavar="K", help="matches per plan (default 5)")


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


def rank_plans(plans: list[InputPlan], *, top: int, today: date) -> list[dict[str, Any]]:
    """Return, per plan in order, its top matches among other organisations' plans."""
    # Imported here: `notalone --help` reads this module for its options, and must not wait for
    # scikit-learn.
    from matching import PlanIndex, profile_from_text

    organisations: dict[str, int] = {}
    profiles = [
        profile_from_text(
            number, organisations.setdefault(plan.org, len(organisations)), plan.text, today=today
        )
        for number, plan in enumerate(plans)
    ]
    index = PlanIndex(profiles)
    return [
        {
            "id": plan.id,
            "matches": [
                {"id": plans[c.plan_id].id, "score": round(c.score, 4)}
                for c in index.rank(profile, limit=top)
            ],
        }
        for plan, profile in zip(plans, profiles, strict=True)
    ]


def run(args: argparse.Namespace) -> int:
    """Run `notalone rank`; exit 0 if every line was good, 1 if some were bad, 2 if unreadable."""
    path: Path = args.plans
    try:
        content = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        print(f"notalone rank: no such file: {path}", file=sys.stderr)
        return 2
    except (OSError, UnicodeDecodeError) as error:
        print(f"notalone rank: cannot read {path}: {error}", file=sys.stderr)
        return 2
    plans, problems = read_plans(content)
    for number, problem in problems:
        print(f"notalone rank: {path}: line {number}: {problem}; line skipped", file=sys.stderr)
    for result in rank_plans(plans, top=args.top, today=date.today()):
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 1 if problems else 0
