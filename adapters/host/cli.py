"""The `notalone` command: wires the core to its adapters.

Every command starts here, so this module imports only what builds the options: each command's
libraries (the database, the settings, scikit-learn, the platform SDKs; seconds together) are imported
in the branch that runs it, and `notalone --help` answers at once (tests/adapters/host/test_cli.py).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

# Each of these declares its options cheaply and imports what runs it only when it runs.
from adapters.host.admin_command import add_parser as add_admin_parser
from adapters.host.governance_command import add_parser as add_governance_parser
from adapters.host.keys_command import add_parser as add_keys_parser
from adapters.host.rank_command import add_parser as add_rank_parser
from adapters.host.understand_command import add_parser as add_understand_parser
from bot.errors import ConfigurationError

if TYPE_CHECKING:
    from bot.settings import Settings


def installed_version(distribution: str = "notalone") -> str:
    """The installed package's version; "unknown (not installed)" from a checkout never installed."""
    # Imported here: importlib.metadata takes about as long to import as this whole module, and only
    # `--version` needs it.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "unknown (not installed)"


class _VersionAction(argparse.Action):
    """`--version`, reading the version only when asked (argparse's own wants it when the parser is built)."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> NoReturn:
        print(f"{parser.prog} {installed_version()}")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="notalone",
        description="Notalone: private matching of council officers planning comparable service changes.",
    )
    parser.add_argument("--version", action=_VersionAction, help="print the version and exit")
    parser.add_argument(
        "--debug", action="store_true", help="log in detail, and show the traceback of any failure"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    chat = commands.add_parser(
        "chat",
        help="try Notalone in a local console, playing several officers (scriptable from a file)",
        description="Type /as EMAIL to be an officer, then talk to the bot. /wait DAYS moves time on; "
        "/quit leaves. When standard input is not a terminal, lines are read one by one and every "
        "message is printed prefixed with its recipient's email. Without options it carries on with the "
        "database of the last session (DATABASE_URL).",
    )
    start = chat.add_mutually_exclusive_group()
    start.add_argument(
        "--fresh",
        action="store_true",
        help="start with nobody and nothing: an empty database for this session only, deleted at the end "
        "(the saved one is left as it was)",
    )
    start.add_argument(
        "--database",
        metavar="URL_OR_FILE",
        help="keep this session in this database: a URL (as DATABASE_URL) or a SQLite file's path",
    )
    commands.add_parser(
        "serve",
        help="run the web server (browser trial, Slack, Teams, health checks) on PORT",
        description="Serves, on PORT (default 3978): the browser trial at / (or a landing page), /privacy "
        "and /terms; Slack at POST /slack/events, GET /slack/install and GET /slack/oauth_redirect when "
        "SLACK_SIGNING_SECRET and either SLACK_BOT_TOKEN or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are "
        "set; Teams at POST /api/messages when TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_APP_TENANT_ID "
        "are set; GET /healthz and GET /readyz. On SQLite it also runs officers' turns and the periodic "
        "jobs; on PostgreSQL, notalone worker runs them.",
    )
    commands.add_parser(
        "worker",
        help="run the periodic jobs (possible matches lapsing, retention) until stopped",
        description="Runs the periodic jobs every NOTALONE_JOB_INTERVAL_SECONDS (default 60) until SIGTERM "
        "or SIGINT, finishing the job under way first. Any number of workers may run at once.",
    )
    add_rank_parser(commands)
    add_understand_parser(commands)
    add_keys_parser(commands)
    add_admin_parser(commands)
    add_governance_parser(commands)
    package = commands.add_parser("teams-package", help="build the Teams app package (a zip to upload)")
    package.add_argument("--app-id", required=True, help="the bot's Microsoft App ID (a GUID)")
    package.add_argument("--host", required=True, help="the public host name, e.g. notalone.example.gov.uk")
    package.add_argument(
        "--output", type=Path, default=Path("notalone-teams.zip"), help="where to write the zip"
    )
    manifest = commands.add_parser("slack-manifest", help="print the Slack app manifest for your address")
    manifest.add_argument(
        "--url", required=True, help="the public address, e.g. https://notalone.example.gov.uk"
    )
    db = commands.add_parser("db", help="manage the database schema")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_commands.add_parser("upgrade", help="apply every migration not yet applied (safe to repeat)")
    db_commands.add_parser("status", help="say whether every migration is applied")
    return parser


def _run(arguments: argparse.Namespace) -> int:
    if arguments.command == "rank":
        from adapters.host.rank_command import run as run_rank

        return run_rank(arguments)
    if arguments.command == "understand":
        from adapters.host.understand_command import run as run_understand

        return run_understand(arguments)
    if arguments.command == "keys":
        from adapters.host.keys_command import run as run_keys

        return run_keys(arguments)
    if arguments.command == "teams-package":
        from adapters.teams.package import build_package

        try:
            written = build_package(arguments.app_id, arguments.host, arguments.output)
        except ValueError as error:
            print(f"notalone: {error}", file=sys.stderr)
            return 2
        print(f"Wrote {written}: upload it in Teams (Apps, Manage your apps, Upload an app).")
        return 0
    if arguments.command == "slack-manifest":
        from adapters.slack.manifest import manifest_for

        try:
            print(manifest_for(arguments.url), end="")
        except ValueError as error:
            print(f"notalone: {error}", file=sys.stderr)
            return 2
        return 0
    from bot.settings import Settings
    from bot.storage.database import is_current, make_engine, prepare_encryption, upgrade

    settings = Settings()
    if arguments.command == "chat":
        return _chat(arguments, settings)
    if arguments.command == "governance":  # from the configuration and the code: no database, no keys
        from adapters.host.governance_command import run as run_governance

        return run_governance(arguments, settings)
    prepare_encryption(settings)  # every command below reads or writes encrypted data
    if arguments.command == "serve":
        from adapters.host.server import serve

        serve(settings)
    elif arguments.command == "admin":
        from adapters.host.admin_command import run as run_admin

        return run_admin(arguments, settings)
    elif arguments.command == "worker":
        from adapters.host.worker import run_worker

        return run_worker(settings)
    elif arguments.db_command == "upgrade":
        upgrade(make_engine(settings.database_url))
        print("Database is up to date.")
    else:
        current = is_current(make_engine(settings.database_url))
        print("Database is up to date." if current else "Database needs `notalone db upgrade`.")
        return 0 if current else 1
    return 0


def _chat(arguments: argparse.Namespace, settings: Settings) -> int:
    """The console on the saved database, on a file of the person's choosing, or on a fresh one."""
    from adapters.console.app import run_console
    from bot.storage.database import prepare_encryption

    if arguments.database is not None:
        chosen = arguments.database if "://" in arguments.database else f"sqlite:///{arguments.database}"
        settings = settings.model_copy(update={"database_url": chosen})
    if not arguments.fresh:
        prepare_encryption(settings)
        run_console(settings)
        return 0
    with tempfile.TemporaryDirectory(prefix="notalone-chat-") as folder:
        settings = settings.model_copy(update={"database_url": f"sqlite:///{Path(folder) / 'chat.db'}"})
        prepare_encryption(settings)
        run_console(settings)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `notalone` command."""
    arguments = _parser().parse_args(argv)
    debug = arguments.debug or os.environ.get("NOTALONE_LOG_LEVEL", "").lower() == "debug"
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        stream=sys.stderr,
        format="%(levelname)s %(name)s %(message)s",
    )
    try:
        return _run(arguments)
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        problem = _operator_problem(error)
        if problem is None or debug:
            raise
        print(f"notalone: {problem}", file=sys.stderr)
        return 2


def _operator_problem(error: Exception) -> str | None:
    """One sentence for a failure the operator can mend; None for a fault of ours."""
    if isinstance(error, ConfigurationError):
        return f"configuration problem: {error}"
    # pydantic and SQLAlchemy are not imported up front (see the module's docstring); an error of
    # theirs can only have come after something imported them.
    from pydantic import ValidationError

    if isinstance(error, ValidationError):
        return f"configuration problem: {error}"
    from adapters.host.operator_errors import DEBUG_HINT, explain

    sentence = explain(error, os.environ.get("DATABASE_URL"))
    return f"{sentence} {DEBUG_HINT}" if sentence else None


if __name__ == "__main__":
    sys.exit(main())
