"""Compare our matching with text-only baselines on the evaluation plans: `python -m matching.evaluate`."""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from matching.feedback import live_line, live_rates
from matching.index import PlanIndex
from matching.profile import Candidate
from matching.reading_report import reading_table, report
from matching.reliability import BestMatch, reliability_table
from matching.threshold_scale import scale_line
from matching.understanding import profile_from_text, understand

_TODAY = date(2025, 6, 1)
_RANDOM_REPEATS = 50
SPLITS = ("heldout", "tune", "heldout_voices", "probes_2", "heldout_jargon", "heldout_teams")
# Splits written for tuning: their misses may be listed (never a held-out one).
TUNING_SPLITS = ("tune", "probes_2")


@dataclass(frozen=True)
class EvalPlan:
    """One hand-written plan with its service areas, and its delivery model and stage where labelled."""

    id: str
    org: str
    text: str
    areas: frozenset[str]
    model: str | None = None
    stage: str | None = None


@dataclass(frozen=True)
class Scores:
    """Retrieval quality of one method, averaged over queries that have at least one relevant plan."""

    name: str
    p_at_1: float
    p_at_3: float
    mrr: float
    ms_per_query: float


Ranker = Callable[[Sequence[EvalPlan]], list[list[int]]]


def load(split: str) -> list[EvalPlan]:
    """Read matching/data/eval/<split>.jsonl."""
    text = resources.files("matching.data").joinpath("eval", f"{split}.jsonl").read_text(encoding="utf-8")
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    return [
        EvalPlan(r["id"], r["org"], r["text"], frozenset(r["areas"]), r.get("model"), r.get("stage"))
        for r in rows
    ]


def _org_numbers(plans: Sequence[EvalPlan]) -> list[int]:
    numbers: dict[str, int] = {}
    return [numbers.setdefault(p.org, len(numbers)) for p in plans]


def is_relevant(query: EvalPlan, other: EvalPlan) -> bool:
    """Whether other counts as a right match for query: another council's plan sharing a gold area."""
    return other.org != query.org and bool(other.areas & query.areas)


def has_relevant(query: EvalPlan, plans: Sequence[EvalPlan]) -> bool:
    """Whether any plan is relevant to query; queries without one are left out of every figure."""
    return any(is_relevant(query, o) for o in plans)


def _candidates_ours(plans: Sequence[EvalPlan]) -> list[list[Candidate]]:
    orgs = _org_numbers(plans)
    profiles = [
        profile_from_text(i, org, p.text, today=_TODAY)
        for i, (org, p) in enumerate(zip(orgs, plans, strict=True))
    ]
    index = PlanIndex(profiles)
    return [index.rank(q, limit=len(plans)) for q in profiles]


def rank_ours(plans: Sequence[EvalPlan]) -> list[list[int]]:
    """Rank with understand() -> PlanProfile -> PlanIndex."""
    return [[c.plan_id for c in ranking] for ranking in _candidates_ours(plans)]


def best_matches(plans: Sequence[EvalPlan]) -> list[BestMatch]:
    """Return each query's best-ranked plan of another council by our ranking, with its score."""
    result = []
    for i, ranking in enumerate(_candidates_ours(plans)):
        if not has_relevant(plans[i], plans):
            continue
        best = ranking[0] if ranking else None
        result.append(
            BestMatch(
                score=None if best is None else best.score,
                right=best is not None and is_relevant(plans[i], plans[best.plan_id]),
            )
        )
    return result


def _rank_by_similarity(plans: Sequence[EvalPlan], vectorizer: TfidfVectorizer) -> list[list[int]]:
    matrix = vectorizer.fit_transform([p.text for p in plans])
    sims = (matrix @ matrix.T).toarray()
    result = []
    for i, plan in enumerate(plans):
        others = [j for j in range(len(plans)) if plans[j].org != plan.org]
        result.append(sorted(others, key=lambda j: (-sims[i, j], j)))
    return result


def rank_tfidf_words(plans: Sequence[EvalPlan]) -> list[list[int]]:
    """Rank by TF-IDF cosine over word 1-2 grams."""
    return _rank_by_similarity(plans, TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True))


def rank_tfidf_chars(plans: Sequence[EvalPlan]) -> list[list[int]]:
    """Rank by TF-IDF cosine over character 3-5 grams within word boundaries."""
    return _rank_by_similarity(
        plans, TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    )


def _rank_randomly(plans: Sequence[EvalPlan], seed: int) -> list[list[int]]:
    rng = random.Random(seed)
    result = []
    for plan in plans:
        others = [j for j in range(len(plans)) if plans[j].org != plan.org]
        rng.shuffle(others)
        result.append(others)
    return result


def score(name: str, plans: Sequence[EvalPlan], rankings: list[list[int]], seconds: float) -> Scores:
    """Return precision@1, precision@3 and MRR of rankings, skipping queries with nothing relevant."""
    p1: list[float] = []
    p3: list[float] = []
    rr: list[float] = []
    for i, ranking in enumerate(rankings):
        plan = plans[i]
        if not has_relevant(plan, plans):
            continue
        assert all(plans[j].org != plan.org for j in ranking), "a method ranked a plan of the same council"
        hits = [is_relevant(plan, plans[j]) for j in ranking]
        p1.append(float(hits[:1] == [True]))
        p3.append(sum(hits[:3]) / 3)
        rr.append(1.0 / (hits.index(True) + 1) if True in hits else 0.0)
    return Scores(
        name, float(np.mean(p1)), float(np.mean(p3)), float(np.mean(rr)), 1000 * seconds / len(plans)
    )


def evaluate(plans: Sequence[EvalPlan]) -> list[Scores]:
    """Score every method on plans."""
    results = []
    methods: list[tuple[str, Ranker]] = [
        ("ours (understand + index)", rank_ours),
        ("tf-idf words 1-2", rank_tfidf_words),
        ("tf-idf char_wb 3-5", rank_tfidf_chars),
    ]
    for name, method in methods:
        started = time.perf_counter()
        rankings = method(plans)
        results.append(score(name, plans, rankings, time.perf_counter() - started))
    randoms = [score("random", plans, _rank_randomly(plans, seed), 0.0) for seed in range(_RANDOM_REPEATS)]
    results.append(
        Scores(
            f"random (mean of {_RANDOM_REPEATS})",
            float(np.mean([r.p_at_1 for r in randoms])),
            float(np.mean([r.p_at_3 for r in randoms])),
            float(np.mean([r.mrr for r in randoms])),
            0.0,
        )
    )
    return results


def table(results: Sequence[Scores]) -> str:
    """Format results as a plain-text table."""
    lines = [f"{'method':<28} {'P@1':>6} {'P@3':>6} {'MRR':>6} {'ms/query':>9}"]
    lines += [
        f"{r.name:<28} {r.p_at_1:6.3f} {r.p_at_3:6.3f} {r.mrr:6.3f} {r.ms_per_query:9.2f}" for r in results
    ]
    return "\n".join(lines)


def misses(plans: Sequence[EvalPlan]) -> list[str]:
    """Return the plans read wrongly: areas missing a gold one or adding another, and, where labelled, a
    kind of change or stage missed or wrong, or found without a label (for tuning, never on held-out)."""
    lines = []
    for plan in plans:
        understood = understand(plan.text, today=_TODAY)
        found = {s.code for s in understood.service_areas}
        if not found & plan.areas or found - plan.areas:
            lines.append(f"{plan.id}: gold {sorted(plan.areas)} found {sorted(found)}: {plan.text}")
        for what, label, read in (
            ("kind", plan.model, understood.delivery_model),
            ("stage", plan.stage, understood.stage),
        ):
            code = read.code if read else None
            if code != label:
                lines.append(f"{plan.id}: {what} {label} found {code}: {plan.text}")
    return lines


def read_live_counts(path: str) -> dict[str, int | None]:
    """The totals of a `notalone admin stats --json` file (counts below 5 are null there)."""
    with open(path, encoding="utf-8") as file:
        totals = json.load(file).get("totals", {})
    return {key: value if isinstance(value, int) else None for key, value in totals.items()}


def main(argv: Sequence[str] | None = None) -> int:
    """Print the comparison table for one split, how well the reader understood it, and score reliability."""
    parser = argparse.ArgumentParser(prog="python -m matching.evaluate", description=__doc__)
    parser.add_argument("--split", choices=SPLITS, default="heldout")
    parser.add_argument(
        "--worst",
        type=int,
        default=10,
        metavar="N",
        help="how many service areas to list, worst recall first (0 lists all)",
    )
    parser.add_argument(
        "--scale",
        type=int,
        default=100_000,
        metavar="N",
        help="synthetic plans to add for the threshold's scale line (default 100000; 0 leaves it out)",
    )
    parser.add_argument(
        "--show-misses",
        action="store_true",
        help="list plans read wrongly (tuning splits only, to keep held-out honest)",
    )
    parser.add_argument(
        "--live",
        metavar="FILE",
        help="also print live acceptance and usefulness rates from `notalone admin stats W --json` output",
    )
    args = parser.parse_args(argv)
    if args.show_misses and args.split not in TUNING_SPLITS:
        parser.error("--show-misses is only allowed with a tuning split: " + ", ".join(TUNING_SPLITS))
    plans = load(args.split)
    queries = sum(has_relevant(p, plans) for p in plans)
    print(f"split {args.split}: {len(plans)} plans, {queries} queries with at least one relevant plan")
    print(table(evaluate(plans)))
    print()
    print(reading_table(report(plans), worst=args.worst))
    print()
    print(reliability_table(best_matches(plans)))
    if args.scale > 0:
        print(
            scale_line(
                [p.text for p in plans],
                [p.org for p in plans],
                [p.areas for p in plans],
                background=args.scale,
                today=_TODAY,
            )
        )
    if args.live:
        print()
        print(live_line(live_rates(read_live_counts(args.live))))
    if args.show_misses:
        print("\n".join(misses(plans)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
