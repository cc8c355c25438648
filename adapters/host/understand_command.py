"""`notalone understand`: what Notalone reads in each plan of a JSON Lines file, as taxonomy codes."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from adapters.host.plans_file import InputPlan, load_plans


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `understand` command."""
    parser = subparsers.add_parser(
        "understand",
        help="say what each plan in a JSON Lines file is about: service areas, kind of change, stage, when",
        description='Reads lines of {"id": ..., "org": ..., "text": ...} and writes, for each plan in the '
        'same order, {"id", "areas": [{"code", "confidence"}, ...], "model", "stage", "timeline"} with '
        'taxonomy codes; "model", "stage" and "timeline" are null when the text does not say. "timeline" '
        'is "YYYY-MM", or "YYYY" when only the year is given.',
    )
    parser.add_argument("--plans", required=True, type=Path, metavar="FILE.jsonl", help="the plans to read")


def understand_plans(plans: list[InputPlan], *, today: date) -> list[dict[str, Any]]:
    """Return, per plan in order, what was understood from its text alone."""
    # Imported here: `notalone --help` reads this module for its options and should not load the
    # taxonomy; the reader itself needs no scikit-learn.
    from matching.understanding import understand

    results: list[dict[str, Any]] = []
    for plan in plans:
        read = understand(plan.text, today=today)
        timeline = read.timeline
        results.append(
            {
                "id": plan.id,
                "areas": [{"code": a.code, "confidence": a.confidence} for a in read.service_areas],
                "model": read.delivery_model.code if read.delivery_model else None,
                "stage": read.stage.code if read.stage else None,
                "timeline": None
                if timeline is None
                else f"{timeline.year:04d}"
                if timeline.month is None
                else f"{timeline.year:04d}-{timeline.month:02d}",
            }
        )
    return results


def run(args: argparse.Namespace) -> int:
    """Run `notalone understand`; exit 0 if every line was good, 1 if some were bad, 2 if unreadable."""
    loaded = load_plans(args.plans, command="understand")
    if loaded is None:
        return 2
    plans, skipped = loaded
    # Every result is worked out before the first is written, so a failure leaves no half output.
    results = understand_plans(plans, today=date.today())
    for result in results:
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 1 if skipped else 0
