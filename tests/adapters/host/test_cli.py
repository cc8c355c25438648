"""`notalone` answers `--help` and `--version` at once: no heavy library is loaded until a command runs."""

from __future__ import annotations

import socket
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from adapters.host.cli import installed_version
from tests.adapters.processes import ROOT, environment, notalone

# Each takes from a tenth of a second to over a second to import; together they made every command,
# even `--help`, wait 2 to 5 seconds.
HEAVY = (
    "sklearn", "scipy", "numpy", "slack_bolt", "slack_sdk", "microsoft_agents", "aiohttp",
    "sqlalchemy", "sqlmodel", "alembic", "pydantic_settings",
)  # fmt: skip

# In a fresh interpreter (this one loaded all of them long ago): run the command's main() on these
# arguments, which end in argparse's exit, then list what got imported.
PROBE = """
import contextlib, io, sys
from adapters.host import cli
if sys.argv[1:]:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        cli.main(sys.argv[1:])
print(sorted({{name.split(".")[0] for name in sys.modules}} & {heavy!r}))
"""


@pytest.mark.parametrize(
    "arguments",
    [
        [],  # only imported, as the `notalone` script does before parsing
        ["--help"],
        ["--version"],
        ["admin", "set", "--help"],
        ["keys", "rotate", "--help"],
        ["rank", "--help"],
        ["understand", "--help"],
        ["db", "--help"],
        ["serve", "--help"],
        ["governance", "--help"],
    ],
    ids=lambda arguments: " ".join(arguments) or "import",
)
def test_help_and_version_load_no_heavy_library(arguments: list[str]) -> None:
    probe = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=set(HEAVY)), *arguments],
        cwd=ROOT,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == "[]"


def test_version_prints_the_installed_version() -> None:
    shown = notalone("--version", env=environment())
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout == f"notalone {version('notalone')}\n"


def test_version_without_an_installed_package_says_so() -> None:
    assert installed_version("notalone-never-installed") == "unknown (not installed)"


def test_a_wrong_setting_is_a_configuration_problem_not_a_traceback(tmp_path: Path) -> None:
    # pydantic is imported only once the settings are built; its error must still be recognised.
    env = environment(DATABASE_URL=f"sqlite:///{tmp_path / 'notalone.db'}", NOTALONE_PROPOSALS_PER_WEEK="0")
    shown = notalone("db", "status", env=env)
    assert shown.returncode == 2
    assert shown.stderr.startswith("notalone: configuration problem:")
    assert "proposals_per_week" in shown.stderr and "Traceback" not in shown.stderr


def one_sentence(result: subprocess.CompletedProcess[str]) -> str:
    """The failure as the operator reads it: exit code 2, one line, no traceback."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("notalone: "), result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("database_url", "said"),
    [
        ("mysql://notalone@localhost/notalone", "does not run on (mysql). Use PostgreSQL"),
        ("sqlite:////no/such/folder/notalone.db", "file /no/such/folder/notalone.db: the file cannot be"),
        ("postgresql://postgres@127.0.0.1:1/notalone", "nothing answers there"),  # nothing listens on 1
    ],
    ids=["unsupported", "no folder", "refused"],
)
def test_a_database_that_cannot_be_used_is_one_sentence(database_url: str, said: str) -> None:
    result = notalone("db", "upgrade", env=environment(DATABASE_URL=database_url))
    assert said in one_sentence(result)
    # ...and the details are there for whoever asks.
    detailed = notalone("--debug", "db", "upgrade", env=environment(DATABASE_URL=database_url))
    assert detailed.returncode != 0 and "Traceback" in detailed.stderr


def test_a_port_already_taken_is_one_sentence(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = environment(DATABASE_URL=f"sqlite:///{tmp_path / 'notalone.db'}", PORT=str(port))
        result = notalone("serve", env=env)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("notalone: The port is already in use")
