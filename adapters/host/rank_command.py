"""`notalone rank`: rank a JSON Lines file of plans against each other, never within one council."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from adapters.host.plans_file import InputPlan, load_plans
from matching.profile import DEFAULT_MIN_SCORE


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
        "same order, its best matches among other organisations' plans, best first, each with a score: the "
        f"calibrated chance (0-1) that the two plans are comparable, a good match from {DEFAULT_MIN_SCORE}.",
    )
    parser.add_argument("--plans", required=True, type=Path, metavar="FILE.jsonl", help="the plans to rank")
    parser.add_argument("--top", type=_top, default=5, metavar="K", help="matches per plan (default 5)")


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
    loaded = load_plans(args.plans, command="rank")
    if loaded is None:
        return 2
    plans, skipped = loaded
    # Every result is worked out before the first is written, so a failure leaves no half output.
    results = rank_plans(plans, top=args.top, today=date.today())
    for result in results:
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 1 if skipped else 0
