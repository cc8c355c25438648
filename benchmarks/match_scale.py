"""Matching at scale: with N plans already stored, how long a new plan takes from "Looks right" to its
proposals, end to end through the core. `python -m benchmarks.match_scale --plans 100000`.

Seeds N plans (synthetic, from the taxonomy, owned by officers of real councils) into a fresh PostgreSQL
schema (or a SQLite file with --sqlite), then times: starting the engine; building this process's index
from the database (which `serve` does in the background at start-up); and confirmations after that (each
reads only what changed)."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine as SQLEngine
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from bot.clock import SystemClock
from bot.conversation.actions import ConfirmDraft, encode
from bot.core import Core
from bot.delivery.notifier import RecordingNotifier
from bot.domain.directory import CouncilDirectory
from bot.messages import Identity, Incoming, IncomingKind, Profile
from bot.settings import Settings
from bot.storage import keys
from bot.storage.database import make_engine, normalise_url, upgrade
from bot.storage.models import Officer, Organisation, Plan
from matching.synthetic import synthetic_plans

DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BATCH = 2000
PLAN = "We're spinning our leisure centres out into a staff mutual, business case stage, live next April"


def database_url(arguments: argparse.Namespace) -> tuple[str, str | None]:
    """A fresh database: a new PostgreSQL schema (returned so it can be dropped) or a SQLite file."""
    if arguments.sqlite:
        return f"sqlite:///{Path(tempfile.mkdtemp()) / 'scale.db'}", None
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(arguments.database)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    url = make_url(normalise_url(arguments.database)).update_query_dict(
        {"options": f"-csearch_path={schema}"}
    )
    return url.render_as_string(hide_password=False), schema


def seed(url: str, count: int) -> None:
    """N plans, each owned by its own verified officer of one of the directory's councils; then ANALYZE."""
    database = make_engine(url)
    upgrade(database)
    councils = [c for c in CouncilDirectory.builtin() if c.domains]
    now = datetime.now(UTC) - timedelta(days=1)  # stored plans are not all brand new
    with Session(database) as session:
        organisations = [Organisation(directory_code=c.code, name=c.name, created_at=now) for c in councils]
        session.add_all(organisations)
        session.commit()
        started = time.perf_counter()
        batch: list[Plan] = []
        for profile in synthetic_plans(count, seed=7):
            organisation = organisations[profile.plan_id % len(organisations)]
            officer = Officer(
                platform="bench", workspace_id="seed", user_id=f"u{profile.plan_id}", email=None,
                organisation_id=organisation.id, verified=True, created_at=now, last_seen_at=now,
            )  # fmt: skip
            session.add(officer)
            session.flush()
            batch.append(
                Plan(
                    officer_id=officer.id or 0,
                    number=1,
                    text=profile.text,
                    service_areas=list(profile.service_areas),
                    delivery_model=profile.delivery_model,
                    stage=profile.stage,
                    status="active",
                    created_at=now,
                    updated_at=now,
                )
            )
            if len(batch) >= BATCH:
                session.add_all(batch)
                session.commit()
                batch.clear()
                done = profile.plan_id
                rate = done / (time.perf_counter() - started)
                print(
                    f"\rseeded {done:,}/{count:,} plans ({rate:,.0f}/s)", end="", file=sys.stderr, flush=True
                )
        session.add_all(batch)
        session.commit()
    print(file=sys.stderr)
    # Statistics as a production database keeps them (autovacuum may be off where this runs): without
    # them the planner guesses, and the figures vary from run to run.
    with database.begin() as connection:
        connection.execute(text("ANALYZE"))
    database.dispose()


class Counted:
    """Statements and commits sent while counting is on; no text is kept. The driver's own BEGIN and the
    pool's pre-ping are not statements SQLAlchemy executes, so they are not counted."""

    def __init__(self, database: SQLEngine) -> None:
        self.on = False
        self.statements = self.commits = 0
        event.listen(database, "before_cursor_execute", self._statement)
        event.listen(database, "commit", self._commit)

    def _statement(self, *_: object) -> None:
        if self.on:
            self.statements += 1

    def _commit(self, *_: object) -> None:
        if self.on:
            self.commits += 1


def confirm(engine: Core, notifier: RecordingNotifier, number: int, counted: Counted) -> float:
    """One new officer describes a plan and says "Looks right"; seconds the confirmation took."""
    who = Identity("bench", "run", f"officer{number}")
    profile = Profile(email=f"officer{number}@camden.gov.uk", name=f"Officer {number}")
    engine.handle(Incoming(who, IncomingKind.OPENED, profile=profile))
    engine.handle(Incoming(who, IncomingKind.MESSAGE, text=PLAN))
    counted.on = True
    started = time.perf_counter()
    engine.handle(Incoming(who, IncomingKind.ACTION, action=encode(ConfirmDraft())))
    elapsed = time.perf_counter() - started
    counted.on = False
    assert any("Saved as plan" in m.text for m in notifier.to(who)), "the plan was not saved"
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.match_scale", description=__doc__)
    parser.add_argument(
        "--plans", type=int, default=20_000, help="plans stored before timing (default 20,000)"
    )
    parser.add_argument("--confirmations", type=int, default=50, help="timed confirmations after the first")
    parser.add_argument("--database", default=DEFAULT_DATABASE, help="PostgreSQL to make a schema in")
    parser.add_argument("--sqlite", action="store_true", help="use a SQLite file instead of PostgreSQL")
    arguments = parser.parse_args()
    keys.install(keys.parse_keys(keys.generate_key()))
    url, schema = database_url(arguments)
    try:
        seed(url, arguments.plans)
        started = time.perf_counter()
        database = make_engine(url)
        upgrade(database)
        notifier = RecordingNotifier()
        # Its one workspace stands in for many councils: its own limit (600 a minute) would refuse them.
        settings = Settings(database_url=url, workspace_messages_per_minute=1_000_000)
        # As `serve` runs it: offers lapse in the periodic jobs, not before every turn.
        engine = Core(database, notifier, settings=settings, clock=SystemClock(), sweep_each_turn=False)
        start_seconds = time.perf_counter() - started
        started = time.perf_counter()
        indexed = engine.warm_up()  # `serve` does this in the background at start-up
        warm_seconds = time.perf_counter() - started
        counted = Counted(database)
        first = confirm(engine, notifier, 0, counted)
        counted.statements = counted.commits = 0
        timings = [confirm(engine, notifier, n, counted) for n in range(1, arguments.confirmations + 1)]
        timings.sort()
        p99 = timings[min(len(timings) - 1, round(0.99 * (len(timings) - 1)))]
        print(f"plans stored: {arguments.plans:,} ({'SQLite' if arguments.sqlite else 'PostgreSQL'})")
        print(f"engine ready: {start_seconds * 1000:.0f} ms (migrations checked, nothing loaded yet)")
        built = f"{indexed:,} plans, {warm_seconds:.1f} s"
        print(f"index built at start-up (by serve, in the background): {built}")
        print(f"first confirmation after that: {first * 1000:.0f} ms")
        print(
            f"later confirmations, end to end: p50 {statistics.median(timings) * 1000:.1f} ms, "
            f"p99 {p99 * 1000:.1f} ms over {len(timings)}"
        )
        print(
            f"per confirmation: {counted.statements / len(timings):.1f} statements, "
            f"{counted.commits / len(timings):.1f} commits"
        )
        database.dispose()
    finally:
        if schema:
            admin = make_engine(arguments.database)
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


if __name__ == "__main__":
    main()
