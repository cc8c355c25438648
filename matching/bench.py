"""Time fitting, ranking and adding at several corpus sizes: `python -m matching.bench --sizes 1000 10000`."""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matching.index import PlanIndex
from matching.profile import DEFAULT_MIN_SCORE
from matching.synthetic import synthetic_plans

_QUERIES = 1000
_ADDS = 1000
_SEED = 7


@dataclass(frozen=True)
class Result:
    """Figures for one corpus size; times in milliseconds unless named otherwise."""

    size: int
    fit_seconds: float
    peak_mb: float
    query_p50: float
    query_p99: float
    good_query_p50: float
    good_query_p99: float
    add_p50: float
    add_p99: float
    remove_p50: float


def _ms(samples: list[float], quantile: float) -> float:
    return float(np.quantile(np.asarray(samples), quantile) * 1000)


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure(size: int) -> Result:
    """Build an index of size synthetic plans and time its operations (run in a fresh process)."""
    _progress(f"[{size}] generating plans")
    plans = list(synthetic_plans(size, seed=_SEED))
    queries = list(synthetic_plans(_QUERIES, seed=_SEED + 1, first_id=size + 1))
    extra = list(synthetic_plans(_ADDS, seed=_SEED + 2, first_id=size + _QUERIES + 1))
    _progress(f"[{size}] fitting")
    started = time.perf_counter()
    index = PlanIndex(plans)
    fit_seconds = time.perf_counter() - started
    _progress(f"[{size}] ranking {_QUERIES} queries twice")
    plain: list[float] = []
    good: list[float] = []
    for query in queries:
        started = time.perf_counter()
        index.rank(query, limit=10)
        plain.append(time.perf_counter() - started)
        started = time.perf_counter()
        index.rank(query, limit=50, min_score=DEFAULT_MIN_SCORE)
        good.append(time.perf_counter() - started)
    _progress(f"[{size}] adding and removing {_ADDS} plans")
    adds: list[float] = []
    for plan in extra:
        started = time.perf_counter()
        index.add(plan)
        adds.append(time.perf_counter() - started)
    removes: list[float] = []
    for plan in extra:
        started = time.perf_counter()
        index.remove(plan.plan_id)
        removes.append(time.perf_counter() - started)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return Result(
        size=size,
        fit_seconds=fit_seconds,
        peak_mb=peak_mb,
        query_p50=_ms(plain, 0.5),
        query_p99=_ms(plain, 0.99),
        good_query_p50=_ms(good, 0.5),
        good_query_p99=_ms(good, 0.99),
        add_p50=_ms(adds, 0.5),
        add_p99=_ms(adds, 0.99),
        remove_p50=_ms(removes, 0.5),
    )


def table(results: Sequence[Result]) -> str:
    """Format results as a plain-text table."""
    header = (
        f"{'plans':>8} {'fit s':>7} {'peak MB':>8} {'query p50':>10} {'query p99':>10} "
        f"{'good p50':>9} {'good p99':>9} {'add p50':>8} {'add p99':>8} {'remove p50':>11}"
    )
    lines = [header]
    for r in results:
        lines.append(
            f"{r.size:>8} {r.fit_seconds:7.2f} {r.peak_mb:8.0f} {r.query_p50:10.2f} {r.query_p99:10.2f} "
            f"{r.good_query_p50:9.2f} {r.good_query_p99:9.2f} {r.add_p50:8.2f} {r.add_p99:8.2f} "
            f"{r.remove_p50:11.3f}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, each size in its own process so peak memory is that size's alone."""
    parser = argparse.ArgumentParser(prog="python -m matching.bench", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    args = parser.parse_args(argv)
    context = multiprocessing.get_context("spawn")
    results = []
    for size in args.sizes:
        with context.Pool(1) as pool:
            results.append(pool.apply(measure, (size,)))
    print(
        "times in ms unless marked; 'query' = rank(limit=10), "
        f"'good' = rank(limit=50, min_score={DEFAULT_MIN_SCORE});"
    )
    print(
        "peak MB = peak resident memory of the process running that size (interpreter and libraries included)"
    )
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
