"""`notalone admin`: operators configure workspaces, and read their statistics and audit log.

Operators are trusted (they run the database); every change they make is recorded in the workspace's
audit log as made by "operator". Messages that a change sends (e.g. to a newly appointed admin) are
written to the outbox, and a worker (or `serve` on the embedded default) sends them within seconds.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

# `notalone --help` reads this module for its options: what runs an action (the database, the settings)
# is imported inside the functions that use it.
if TYPE_CHECKING:
    from bot.admin.administration import Administration
    from bot.domain.workspaces import WorkspaceRef
    from bot.settings import Settings

# Command-line option -> settings form field.
OPTIONS = {
    "organisation": "organisation",
    "allowed_domains": "allowed_domains",
    "match_scope": "match_scope",
    "match_regions": "match_regions",
    "match_councils": "match_councils",
    "never_councils": "never_councils",
    "same_organisation": "same_organisation",
    "matching_paused": "matching_paused",
    "retention_months": "retention_months",
    "expiry_days": "proposal_expiry_days",
    "per_week": "proposals_per_week",
    "welcome": "welcome_message",
}


def _workspace(text: str) -> WorkspaceRef:
    from bot.domain.workspaces import WorkspaceRef

    try:
        return WorkspaceRef.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _yes_no(text: str) -> bool:
    if text.lower() in ("yes", "on", "true"):
        return True
    if text.lower() in ("no", "off", "false"):
        return False
    raise argparse.ArgumentTypeError("write yes or no")


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `admin` command and its actions."""
    parser = subparsers.add_parser(
        "admin",
        help="configure workspaces; their statistics and audit log",
        description="A workspace is written platform:id, e.g. slack:T0123ABCD or teams:<tenant id>. "
        "`notalone admin workspaces` lists them.",
    )
    actions = parser.add_subparsers(dest="admin_command", metavar="ACTION", required=True)
    actions.add_parser("workspaces", help="list the workspaces Notalone knows")
    show = actions.add_parser("show", help="show a workspace's settings")
    show.add_argument("workspace", type=_workspace)
    change = actions.add_parser(
        "set",
        help="change a workspace's settings",
        description="Only the options given change. Lists are separated by new lines or semicolons; "
        "an empty value ('') clears a list or returns a number to the service's default.",
    )
    change.add_argument("workspace", type=_workspace)
    change.add_argument(
        "--new",
        action="store_true",
        help="configure a workspace nobody has used yet (otherwise an unknown workspace is refused)",
    )
    change.add_argument("--organisation", help="a council's name or code; '' for a community workspace")
    change.add_argument("--allowed-domains", help="email domains that may use it, e.g. 'camden.gov.uk'")
    change.add_argument("--match-scope", choices=("everyone", "regions", "listed"))
    change.add_argument("--match-regions", help="e.g. 'London; South East'")
    change.add_argument("--match-councils", help="councils to match with, when --match-scope listed")
    change.add_argument("--never-councils", help="councils never to match with")
    change.add_argument("--same-organisation", type=_yes_no, metavar="yes|no")
    change.add_argument("--matching-paused", type=_yes_no, metavar="yes|no")
    change.add_argument("--retention-months", help="1 to 120")
    change.add_argument("--expiry-days", help="days a possible match stays open, 1 to 365")
    change.add_argument("--per-week", help="possible matches per officer per week, 1 to 100")
    change.add_argument("--welcome", help="welcome message shown on first contact ('' for none)")
    appoint = actions.add_parser("appoint", help="make a platform user an admin of a workspace")
    appoint.add_argument("workspace", type=_workspace)
    appoint.add_argument("user", help="the platform user id (Slack U…, Teams AAD object id)")
    remove = actions.add_parser("remove", help="stop a user being an appointed admin of a workspace")
    remove.add_argument("workspace", type=_workspace)
    remove.add_argument("user")
    stats = actions.add_parser("stats", help="a workspace's statistics (counts below 5 suppressed)")
    stats.add_argument("workspace", type=_workspace)
    output = stats.add_mutually_exclusive_group()
    output.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    output.add_argument(
        "--json",
        action="store_true",
        help="print JSON with totals (for python -m matching.evaluate --live FILE)",
    )
    audit = actions.add_parser("audit", help="the audit log, as CSV (one workspace, or all)")
    audit.add_argument("workspace", type=_workspace, nargs="?")


def _administration(settings: Settings) -> Administration:
    from bot.admin.administration import Administration
    from bot.clock import SystemClock
    from bot.delivery.notifier import Address, WithoutHomePage
    from bot.delivery.sending import Sender
    from bot.domain.directory import CouncilDirectory
    from bot.messages import Identity, Message
    from bot.storage.database import make_engine

    class LeftForTheWorker(WithoutHomePage):
        """The command line reaches no platform: what it writes waits in the outbox for a worker."""

        def send(self, recipient: Identity, message: Message, *, address: Address | None = None) -> None:
            """Never called: the sender is told it sends nothing here."""
            raise NotImplementedError

        def needs_address(self, platform: str) -> bool:
            """Whatever the platform: the worker's notifier may need it."""
            return True

    database = make_engine(settings.database_url)
    return Administration(
        database,
        Sender(database, LeftForTheWorker(), now=SystemClock().now, attempts=1, sends_here=False),
        directory=CouncilDirectory.builtin(),
        clock=SystemClock(),
        defaults={
            "proposal_expiry_days": settings.proposal_expiry_days,
            "proposals_per_week": settings.proposals_per_week,
        },
    )


def run(arguments: argparse.Namespace, settings: Settings) -> int:
    """Run one `notalone admin` action; 0 on success, 2 when the input was wrong (nothing changed)."""
    from bot.admin.stats import stats_csv, stats_json, stats_text
    from bot.domain.audit import audit_csv
    from bot.storage.database import is_current, make_engine

    if not is_current(make_engine(settings.database_url)):
        print("notalone: the database needs `notalone db upgrade` first.", file=sys.stderr)
        return 2
    admin = _administration(settings)
    action = arguments.admin_command
    if action == "workspaces":
        for workspace in admin.workspaces():
            print(workspace)
        return 0
    if getattr(arguments, "workspace", None) is not None and not getattr(arguments, "new", False):
        known = admin.workspaces()
        if arguments.workspace not in known:
            _unknown_workspace(arguments.workspace, known, may_create=action == "set")
            return 2
    if action == "show":
        print(admin.operator_summary(arguments.workspace))
        return 0
    if action == "set":
        return _set(admin, arguments)
    if action in ("appoint", "remove"):
        changed = admin.operator_appoint(arguments.workspace, arguments.user, appoint=action == "appoint")
        done = "is now an admin" if action == "appoint" else "is no longer an appointed admin"
        same = "was already an admin" if action == "appoint" else "was not an appointed admin"
        print(
            f"{arguments.user} {done} of {arguments.workspace}." if changed else f"{arguments.user} {same}."
        )
        return 0
    if action == "stats":
        report = admin.stats(arguments.workspace)
        if arguments.json:
            print(stats_json(report))
        elif arguments.csv:
            print(stats_csv(report), end="")
        else:
            print(stats_text(report))
        return 0
    print(audit_csv(admin.audit(arguments.workspace)), end="")
    return 0


def _unknown_workspace(workspace: WorkspaceRef, known: list[WorkspaceRef], *, may_create: bool) -> None:
    """Say that nobody has used this workspace, and which ones exist: a typo must not make a new one."""
    listed = ", ".join(str(w) for w in known) if known else "none yet"
    print(f"notalone: no workspace {workspace} is known. Known workspaces: {listed}.", file=sys.stderr)
    if may_create:
        print("notalone: to set up one nobody has used yet, add --new. Nothing was changed.", file=sys.stderr)


def _set(admin: Administration, arguments: argparse.Namespace) -> int:
    answers: dict[str, Any] = {
        field: getattr(arguments, option)
        for option, field in OPTIONS.items()
        if getattr(arguments, option) is not None
    }
    if not answers:
        print("notalone: nothing to change: give at least one option (see --help)", file=sys.stderr)
        return 2
    if "match_regions" in answers:
        answers["match_regions"] = [r.strip() for r in answers["match_regions"].split(";") if r.strip()]
    saved = admin.operator_save(arguments.workspace, answers)
    if saved.errors:
        for field, message in saved.errors.items():
            option = next(o for o, f in OPTIONS.items() if f == field) if field in OPTIONS.values() else field
            print(f"notalone: --{option.replace('_', '-')}: {message}", file=sys.stderr)
        print("notalone: nothing was changed.", file=sys.stderr)
        return 2
    print(
        f"Changed: {', '.join(saved.changed)}."
        if saved.changed
        else "Nothing was different; nothing changed."
    )
    return 0
