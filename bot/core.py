"""The core's front door: one incoming event in, one transaction, messages out after commit; and the
periodic jobs, each in a transaction of its own."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection
from sqlalchemy import Engine as Database
from sqlalchemy import inspect as sa_inspect
from sqlmodel import Session

from bot import wording
from bot.admin.administration import Administration
from bot.clock import Clock, SystemClock
from bot.conversation.access import let_in
from bot.conversation.circling import send_circle_lapses, send_circle_reminders
from bot.conversation.following_up import (
    send_circle_follow_ups,
    send_follow_ups,
    send_welcome_follow_ups,
)
from bot.conversation.introducing import send_lapses, send_reminders
from bot.conversation.managing import plans_overview
from bot.conversation.retention_notices import apply_retention
from bot.conversation.routing import route
from bot.conversation.turn import Turn
from bot.conversation.welcoming import send_place_reminders, send_welcome_reminders
from bot.delivery import addresses
from bot.delivery.notifier import Notifier
from bot.delivery.sending import Batch, Sender
from bot.delivery.throttle import RateLimits, Verdict, admit, prune
from bot.domain.circles import due_circle_lapses, due_circle_reminders
from bot.domain.directory import CouncilDirectory
from bot.domain.follow_ups import due_circle_follow_ups, due_follow_ups
from bot.domain.landscape import prune_questions, take_snapshot_if_due
from bot.domain.limits import PlanLimits
from bot.domain.match_index import MatchIndex
from bot.domain.matchmaking import MatchRules
from bot.domain.newcomer_reminders import due_place_reminders, due_welcome_reminders
from bot.domain.newcomers import due_request_lapses
from bot.domain.officers import (
    arrive,
    find_officer,
    identity_of,
    officer_and_policy,
    officers_in,
)
from bot.domain.proposals import due_lapses, due_reminders
from bot.domain.reachability import first_time_seen, forget_old_event_ids, set_unreachable
from bot.domain.welcome_follow_ups import due_welcome_follow_ups
from bot.domain.workspaces import Policy
from bot.errors import UserFacingError
from bot.messages import HomePage, Identity, Incoming, Message, Outbox
from bot.settings import Settings
from bot.storage.database import transaction
from bot.storage.models import Officer
from bot.storage.vacuum import vacuum_after_erasure

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicWork:
    """One periodic job: its name (for the logs), what runs it, and whether to log only when it did
    something (it runs every few seconds and usually has nothing to do)."""

    name: str
    run: Callable[[], object]
    quiet: bool = False


class Core:
    """Runs each officer's turn in its own transaction and delivers its messages once committed."""

    def __init__(
        self,
        database: Database,
        notifier: Notifier,
        *,
        settings: Settings,
        clock: Clock | None = None,
        directory: CouncilDirectory | None = None,
        sweep_each_turn: bool = True,
        rebuild_index_inline: bool = True,
    ) -> None:
        """`sweep_each_turn`: let overdue proposals lapse before every turn, for a process that runs
        no periodic jobs of its own (the console); `serve` leaves it to its jobs or the worker.
        `rebuild_index_inline`: rebuild the matching index within a turn when it is due; `serve` instead
        calls `refresh_matching_index` in the background."""
        self._database = database
        self._sweep_each_turn = sweep_each_turn
        self._notifier = notifier
        self._settings = settings
        self.clock: Clock = clock or SystemClock()
        self._directory = directory or CouncilDirectory.builtin()
        self._match_index = MatchIndex(rebuild_inline=rebuild_index_inline)
        self._rules = MatchRules(
            threshold=settings.match_threshold,
            per_week=settings.proposals_per_week,
            expiry=timedelta(days=settings.proposal_expiry_days),
            prefer_ahead=settings.prefer_peers_ahead,
            adviser_per_month=settings.adviser_offers_per_month,
            circles=settings.offer_circles,
        )
        self._sender = Sender(
            database,
            notifier,
            now=lambda: self.clock.now(),
            attempts=settings.delivery_attempts,
            home=self._home_page,
            unreachable=self.officer_unreachable,
            lease=timedelta(seconds=settings.delivery_lease_seconds),
        )
        self._reminder_lead = timedelta(days=settings.proposal_reminder_days)
        self._follow_up_after = timedelta(days=settings.follow_up_days)
        self._plan_limits = PlanLimits(max_open=settings.max_open_plans, per_day=settings.plans_per_day)
        self._rate_limits = RateLimits(
            per_officer=settings.messages_per_minute, per_workspace=settings.workspace_messages_per_minute
        )
        self._service_defaults = {
            "proposal_expiry_days": settings.proposal_expiry_days,
            "proposals_per_week": settings.proposals_per_week,
            # Not overridable, but quoted to officers who ask what happens if they don't answer.
            "proposal_reminder_days": settings.proposal_reminder_days,
        }
        self.admin = Administration(
            database,
            self._sender,
            directory=self._directory,
            clock=self.clock,
            defaults=self._service_defaults,
        )

    @property
    def database(self) -> Database:
        """The database this core works on (for an adapter that keeps something of its own there)."""
        return self._database

    def handle(self, incoming: Incoming) -> None:
        """Handle one message, choice or conversation opening from an officer."""
        if self._sweep_each_turn:
            self.tick()
            self.follow_up()
        outbox = Outbox()
        # The count and the turn share one connection: every checkout from the pool costs a round trip.
        with self._database.connect() as connection:
            verdict = self._count(connection, incoming)
            if verdict == Verdict.ADMIT:
                batch = self._turn(connection, incoming, outbox)
            else:
                batch = self._refuse(connection, incoming, verdict)
            self._sender.send(batch, connection=connection)

    def _turn(self, connection: Connection, incoming: Incoming, outbox: Outbox) -> Batch:
        """Run the turn in one transaction, its messages written in it; returns them, to send after."""
        try:
            with transaction(connection) as session:
                now = self.clock.now()
                if incoming.event_id and not first_time_seen(session, incoming, now=now):
                    return Batch()  # a retry of an event already handled: its messages are in the outbox
                known, policy = officer_and_policy(session, incoming.identity)
                if let_in(session, incoming, policy, outbox, now=now, known=known):
                    self._take_turn(session, incoming, policy, outbox, now=now, known=known)
                # Written in the turn's own transaction: committed with it, or not at all.
                return self._sender.queue(session, outbox)
        except UserFacingError as error:
            outbox.clear()
            outbox.add(incoming.identity, Message(error.message))
        except Exception as error:
            reference = uuid.uuid4().hex[:8]
            # Ids and the error's type only: its text may quote what the officer wrote.
            log.error(
                "turn failed: reference=%s platform=%s error=%s",
                reference,
                incoming.identity.platform,
                type(error).__name__,
            )
            outbox.clear()
            outbox.add(incoming.identity, Message(wording.SOMETHING_WENT_WRONG.format(reference=reference)))
        return self._queue_apart(connection, outbox)

    def _queue_apart(self, connection: Connection, outbox: Outbox) -> Batch:
        """Write messages in a transaction of their own (the turn's was rolled back, or refused); if the
        database cannot take them either, send them at once, unkept."""
        try:
            with transaction(connection) as session:
                return self._sender.queue(session, outbox)
        except Exception as error:
            log.warning("messages not kept: error=%s", type(error).__name__)
            self._sender.send_unkept(outbox)
            return Batch()

    def _take_turn(
        self,
        session: Session,
        incoming: Incoming,
        policy: Policy,
        outbox: Outbox,
        *,
        now: datetime,
        known: Officer | None,
    ) -> None:
        arrival = arrive(
            session,
            incoming.identity,
            incoming.profile,
            policy=policy,
            directory=self._directory,
            now=now,
            known=known,
            looked_up=True,
        )
        # Held for the home page built as the turn's messages are written: the session holds its rows
        # only weakly, and the officer would be read again.
        session.info[_ACTING] = arrival.officer
        turn = Turn(
            session=session,
            officer=arrival.officer,
            now=now,
            outbox=outbox,
            rules=self._rules,
            match_index=self._match_index,
            directory=self._directory,
            max_message_chars=self._settings.max_message_chars,
            plan_limits=self._plan_limits,
            policy=policy,
            service_defaults=self._service_defaults,
            landscape_per_day=self._settings.landscape_questions_per_day,
        )
        route(turn, incoming, is_new=arrival.is_new)

    def admit(self, incoming: Incoming) -> bool:
        """For a turn an adapter runs itself (Teams' settings form): True once per event id and within the
        rate limits, as for every other event; otherwise False, and an officer over the limits is told
        politely, once."""
        with self._database.connect() as connection:
            with transaction(connection) as session:
                if incoming.event_id and not first_time_seen(session, incoming, now=self.clock.now()):
                    return False  # a retry of an event already handled
            verdict = self._count(connection, incoming)
            if verdict == Verdict.ADMIT:
                return True
            batch = self._refuse(connection, incoming, verdict)
        self._sender.send(batch)
        return False

    def _count(self, connection: Connection, incoming: Incoming) -> Verdict:
        """Count the message against the rate limits, committed apart so it counts even if the turn fails."""
        # Its commit does not wait for the disk (see `admit`): a count lost in a database crash harms nobody.
        with connection.begin():  # one statement: no ORM session needed
            return admit(connection, incoming.identity, self._rate_limits, now=self.clock.now())

    def _refuse(self, connection: Connection, incoming: Incoming, verdict: Verdict) -> Batch:
        """Drop a message over the rate limits, telling the officer politely the first time."""
        log.info("rate limited: platform=%s verdict=%s", incoming.identity.platform, verdict.value)
        polite = {
            Verdict.OFFICER_LIMITED: wording.RATE_LIMITED,
            Verdict.WORKSPACE_LIMITED: wording.WORKSPACE_BUSY,
        }
        if verdict not in polite:
            return Batch()
        outbox = Outbox()
        outbox.add(incoming.identity, Message(polite[verdict]))
        return self._queue_apart(connection, outbox)

    def remember_address(self, identity: Identity, reference: dict[str, Any]) -> None:
        """Store how the officer's platform can reach them later (before their turn is handled)."""
        with transaction(self._database) as session:
            addresses.remember(session, identity, reference, now=self.clock.now())

    def address_of(self, identity: Identity) -> dict[str, Any] | None:
        """How the officer's platform can reach them, if known."""
        with transaction(self._database) as session:
            return addresses.recall(session, identity)

    def warm_up(self) -> int:
        """Read the stored plans into this process's matching index; returns how many are active."""
        with transaction(self._database) as session:
            return self._match_index.warm(session, now=self.clock.now())

    def refresh_matching_index(self) -> bool:
        """Rebuild this process's matching index if it is due (old, or grown a lot); True if it was."""
        with transaction(self._database) as session:
            return self._match_index.rebuild_if_due(session, now=self.clock.now())

    def knows(self, identity: Identity) -> bool:
        """Whether this officer has been here before."""
        with transaction(self._database) as session:
            return find_officer(session, identity) is not None

    def overview(self, identity: Identity) -> str | None:
        """The officer's plans and proposals, for a platform's home page; None for someone unknown."""
        return self.home_page(identity).overview

    def home_page(self, identity: Identity) -> HomePage:
        """What the officer's own page on their platform shows (Slack's App Home), as they open it."""
        with transaction(self._database) as session:
            return self._home_page(session, identity)

    def _home_page(self, session: Session, identity: Identity) -> HomePage:
        officer = _loaded_officer(session, identity) or find_officer(session, identity)
        overview = (
            plans_overview(session, officer.id, now=self.clock.now()) if officer and officer.id else None
        )
        return HomePage(overview, self.admin.home_in(session, identity, officer))

    def workspace_removed(self, platform: str, workspace_id: str) -> int:
        """The bot was uninstalled: reach nobody there any more, and let their open proposals lapse."""
        with transaction(self._database) as session:
            officers = officers_in(session, platform, workspace_id)
            for officer in officers:
                set_unreachable(session, officer, now=self.clock.now())
        return len(officers)

    def officer_unreachable(self, identity: Identity) -> None:
        """The platform refused to deliver to this officer for good: stop sending, let proposals lapse."""
        with transaction(self._database) as session:
            officer = find_officer(session, identity)
            if officer is not None:
                set_unreachable(session, officer, now=self.clock.now())

    def periodic_work(self) -> list[PeriodicWork]:
        """Every periodic job a worker runs, in the order it runs them: each idempotent and safe to run in
        several processes at once. The console runs the same list as its clock moves on."""
        return [
            PeriodicWork("expire_proposals", self.tick),
            PeriodicWork("remind_proposals", self.remind),
            PeriodicWork("follow_up_introductions", self.follow_up),
            PeriodicWork("retention", self.apply_retention),
            PeriodicWork("landscape_snapshot", self.refresh_landscape, quiet=True),
            PeriodicWork("vacuum_after_erasure", self.vacuum_after_erasure, quiet=True),
        ]

    def tick(self) -> int:
        """Close proposals past their expiry and tell whom it concerns; returns how many were told."""
        outbox = Outbox()
        with transaction(self._database) as session:
            lapses = due_lapses(session, now=self.clock.now())
            prune(session, now=self.clock.now())
            send_lapses(session, outbox, lapses)
            # circles: lapse in the same words as pairs
            send_circle_lapses(session, outbox, due_circle_lapses(session, now=self.clock.now()))
            send_circle_lapses(session, outbox, due_request_lapses(session, now=self.clock.now()))
            batch = self._sender.queue(session, outbox)
        self._sender.send(batch)
        return len(outbox.deliveries)

    def apply_retention(self) -> int:
        """Warn owners of plans untouched too long, and delete those still untouched after the warning."""
        outbox = Outbox()
        with transaction(self._database) as session:
            handled = apply_retention(session, outbox, now=self.clock.now())
            forget_old_event_ids(session, now=self.clock.now())
            batch = self._sender.queue(session, outbox)
        self._sender.send(batch)
        return handled

    def remind(self) -> int:
        """Remind whoever has yet to answer a proposal that lapses soon, once; returns how many were told."""
        outbox = Outbox()
        with transaction(self._database) as session:
            reminders = due_reminders(session, now=self.clock.now(), lead=self._reminder_lead)
            send_reminders(session, outbox, reminders)
            # circles: the same one reminder to members yet to answer
            due = due_circle_reminders(session, now=self.clock.now(), lead=self._reminder_lead)
            send_circle_reminders(session, outbox, due)
            # a place in a formed circle: the later officer, and each member asked about them
            places = due_place_reminders(session, now=self.clock.now(), lead=self._reminder_lead)
            send_place_reminders(session, outbox, places)
            welcomes = due_welcome_reminders(session, now=self.clock.now(), lead=self._reminder_lead)
            send_welcome_reminders(session, outbox, welcomes)
            batch = self._sender.queue(session, outbox)
        self._sender.send(batch)
        return len(outbox.deliveries)

    def refresh_landscape(self) -> bool:
        """Take today's landscape snapshot unless one was taken today, and drop past days' question
        counts; True if this call took it (any number of processes may call it at once)."""
        with transaction(self._database) as session:
            prune_questions(session, today=self.clock.now().date())
            return take_snapshot_if_due(session, now=self.clock.now())

    def follow_up(self) -> int:
        """Ask each side of every introduction (a pair's, or a later officer's in a circle), and each member
        of every circle, made NOTALONE_FOLLOW_UP_DAYS ago whether they talked, once; returns how many were
        asked."""
        outbox = Outbox()
        with transaction(self._database) as session:
            questions = due_follow_ups(session, now=self.clock.now(), after=self._follow_up_after)
            send_follow_ups(session, outbox, questions)
            circles = due_circle_follow_ups(session, now=self.clock.now(), after=self._follow_up_after)
            send_circle_follow_ups(session, outbox, circles)
            welcomes = due_welcome_follow_ups(session, now=self.clock.now(), after=self._follow_up_after)
            send_welcome_follow_ups(session, outbox, welcomes)
            batch = self._sender.queue(session, outbox)
        self._sender.send(batch)
        return len(outbox.deliveries)

    def vacuum_after_erasure(self) -> bool:
        """On PostgreSQL, vacuum the tables an erasure touched since the last run, so the erased rows'
        sealed values leave the table files; True if it did."""
        return vacuum_after_erasure(self._database)

    def retry_deliveries(self) -> int:
        """Send what waits in the outbox once due (refused for now, or left by a process that died);
        returns how many went out."""
        return self._sender.retry_due()


_ACTING = "acting officer"  # in a turn's session's `info`


def _loaded_officer(session: Session, identity: Identity) -> Officer | None:
    """The officer if the turn has them loaded already (the acting officer, say): no query needed."""
    acting = session.info.get(_ACTING)
    if isinstance(acting, Officer) and identity_of(acting) == identity:
        # Unless erased in the turn: then, as for anyone unknown, there is no page to show.
        return acting if sa_inspect(acting).persistent else None
    for loaded in session.identity_map.values():
        if isinstance(loaded, Officer) and identity_of(loaded) == identity:
            return loaded
    return None
