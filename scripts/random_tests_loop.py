"""Run the tests that draw random data many times in a row, stopping at the first failure.

The tests marked `random_data` (pyproject.toml) rest on random data: Hypothesis examples, or ciphertext
under a fresh key searched for clear text. One pass proves little about them, so this runs them again and
again, each run a new pytest process with its own Hypothesis seed and its own encryption keys, and prints
the seed of a failing run so that it can be run again. Set NOTALONE_TEST_DATABASE_URL to include the
PostgreSQL runs. Usage: python scripts/random_tests_loop.py [--runs N] [--seed S] [-- PYTEST ARGS]
"""

from __future__ import annotations

import argparse
import os
import secrets
import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = "random_data"
POSTGRES_ENV = "NOTALONE_TEST_DATABASE_URL"
NO_TESTS_COLLECTED = 5  # pytest's exit code when the selection is empty


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=(
            f"Run the tests marked {MARKER!r} N times in a row, each with a new Hypothesis seed and new "
            "keys; stop at the first failure and print the command that repeats it. Arguments after "
            "'--' go to pytest (e.g. -- -k leak)."
        )
    )
    parser.add_argument("--runs", type=int, default=200, help="how many runs in a row (default 200)")
    parser.add_argument(
        "--seed",
        type=int,
        default=None,
        help="the first run's Hypothesis seed; run i uses SEED+i (default: a random seed for each run)",
    )
    parser.add_argument("--marker", default=MARKER, help=f"the pytest marker to select (default {MARKER})")
    parser.add_argument("pytest_args", nargs="*", help="further pytest arguments, after '--'")
    options = parser.parse_args(argv)
    if options.runs < 1:
        parser.error("--runs must be at least 1")
    return options


def command(marker: str, seed: int, extra: list[str]) -> list[str]:
    """The pytest command for one run."""
    return [
        sys.executable, "-m", "pytest", "-q", "-m", marker, f"--hypothesis-seed={seed}",
        "-p", "no:cacheprovider", *extra,
    ]  # fmt: skip


def summary(output: str) -> str:
    """pytest's last line ("50 passed, 3113 deselected in 424.87s")."""
    lines = [line for line in output.strip().splitlines() if line.strip()]
    return lines[-1].strip("= ") if lines else "(no output)"


def clock(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}"


def main(argv: list[str] | None = None) -> int:
    options = parse(sys.argv[1:] if argv is None else argv)
    if not os.environ.get(POSTGRES_ENV):
        print(f"note: {POSTGRES_ENV} is not set, so the PostgreSQL runs are skipped", flush=True)
    started = time.monotonic()
    for run in range(1, options.runs + 1):
        seed = secrets.randbelow(2**32) if options.seed is None else options.seed + run - 1
        argv_run = command(options.marker, seed, options.pytest_args)
        began = time.monotonic()
        done = subprocess.run(argv_run, cwd=ROOT, capture_output=True, text=True, check=False)
        took, elapsed = time.monotonic() - began, time.monotonic() - started
        line = f"run {run}/{options.runs}  seed {seed}  {took:.0f} s  elapsed {clock(elapsed)}"
        if done.returncode == NO_TESTS_COLLECTED:
            print(f"{line}  no test selected (marker {options.marker!r} and the arguments given)", flush=True)
            return 2
        if done.returncode != 0:
            print(done.stdout + done.stderr, flush=True)
            print(f"{line}  FAILED ({summary(done.stdout)}); failures 1, after {run - 1} passed runs")
            print(f"repeat it with: cd {ROOT} && {shlex.join(['python', *argv_run[1:]])}")
            return 1
        print(f"{line}  {summary(done.stdout)}  failures 0", flush=True)
    print(f"all {options.runs} runs passed in {clock(time.monotonic() - started)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
