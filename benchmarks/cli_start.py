"""How long `notalone --help` and `notalone --version` take, as a person at a terminal waits for them.
`python -m benchmarks.cli_start [--against DIR] [--runs 5]`

Starts each command as a new process `--runs` times and prints the median and the min-max wall time in
ms, beside `python -c pass` (the interpreter's own start: the floor). `--against DIR` times another
checkout too, in a column of its own, e.g. the commit before a change:
`git worktree add /tmp/wt-before main` then `python -m benchmarks.cli_start --against /tmp/wt-before`.

Every checkout runs what the installed `notalone` script runs (`from adapters.host.cli import main`),
with this interpreter and its packages, from the checkout's own directory: only the code differs. Runs
are interleaved (each round times every command once) so that a busy moment of a shared machine falls
on all of them alike, after one untimed round that brings the files into the page cache.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The body of the `notalone` script pip writes (see [project.scripts] in pyproject.toml).
NOTALONE = "import sys; from adapters.host.cli import main; sys.exit(main())"


@dataclass
class Timed:
    """One command in one checkout, and what its runs took."""

    label: str
    command: list[str]
    checkout: Path
    seconds: list[float] = field(default_factory=list)
    exit_codes: set[int] = field(default_factory=set)

    def run(self) -> float:
        """Start the command once, wait for it to end; seconds it took."""
        # PYTHONPATH first, so the checkout's own code is imported, not the installed (editable) one.
        env = {**os.environ, "PYTHONPATH": str(self.checkout)}
        started = time.perf_counter()
        finished = subprocess.run(
            self.command, cwd=self.checkout, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        elapsed = time.perf_counter() - started
        self.exit_codes.add(finished.returncode)
        return elapsed

    def summary(self) -> str:
        """Median (min-max) in ms, and any exit code but 0."""
        ms = [s * 1000 for s in self.seconds]
        text = f"{statistics.median(ms):.0f} ms ({min(ms):.0f}-{max(ms):.0f})"
        failed = sorted(self.exit_codes - {0})
        return text + (f", exit {', '.join(map(str, failed))}" if failed else "")


def commit_of(checkout: Path) -> str:
    """The checkout's short commit id, for the column's heading."""
    found = subprocess.run(
        ["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    return found.stdout.strip() or "not a git checkout"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cli_start", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each command (default 5)")
    parser.add_argument(
        "--against", type=Path, action="append", default=[], metavar="DIR", help="another checkout to time"
    )
    arguments = parser.parse_args()
    checkouts = [ROOT, *(path.resolve() for path in arguments.against)]
    floor = Timed("`python -c pass`", [sys.executable, "-c", "pass"], ROOT)
    rows: dict[str, list[Timed]] = {
        label: [Timed(label, [sys.executable, "-c", NOTALONE, *argv], checkout) for checkout in checkouts]
        for label, argv in (("`notalone --help`", ["--help"]), ("`notalone --version`", ["--version"]))
    }
    everything = [floor, *(timed for row in rows.values() for timed in row)]
    for timed in everything:
        timed.run()  # untimed: the page cache, not the code, would decide the first run
    for round_number in range(arguments.runs):
        print(f"\rround {round_number + 1}/{arguments.runs}", end="", file=sys.stderr, flush=True)
        for timed in everything:
            timed.seconds.append(timed.run())
    print(file=sys.stderr)

    headings = [f"{'this checkout' if c == ROOT else c} ({commit_of(c)})" for c in checkouts]
    print(f"{arguments.runs} runs each, median (min-max) wall time; Python {sys.version.split()[0]}")
    print()
    print(f"| command | {' | '.join(headings)} |")
    print(f"|---|{'---|' * len(checkouts)}")
    print(f"| {floor.label} | {floor.summary()} |{' - |' * (len(checkouts) - 1)}")
    for label, row in rows.items():
        print(f"| {label} | {' | '.join(timed.summary() for timed in row)} |")


if __name__ == "__main__":
    main()
