"""`notalone` commands as real processes, as a Procfile platform starts them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import TEST_SECRET

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(**variables: str) -> dict[str, str]:
    """This environment without any Slack or Teams configuration, plus these variables.

    Processes get the tests' own encryption key, so they read what the tests wrote (and never make a key
    file in the user's data folder)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TEAMS_", "NOTALONE_"))}
    return {**base, "NOTALONE_LOG_FORMAT": "json", "NOTALONE_SECRET_KEY": TEST_SECRET, **variables}


def notalone(*arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run one `notalone` command to its end."""
    return subprocess.run(
        [sys.executable, "-m", "adapters.host.cli", *arguments],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@dataclass
class Process:
    """A long-running `notalone` process (serve or worker)."""

    popen: subprocess.Popen[str]
    url: str
    # Files, not pipes: a busy server would block writing logs into a pipe nobody reads.
    stdout: tempfile._TemporaryFileWrapper[str]
    stderr: tempfile._TemporaryFileWrapper[str]

    def stop(self, timeout: float = 60) -> tuple[int, str, str]:
        """SIGTERM, as a platform stops a process; returns the exit code, stdout and stderr."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
        self.popen.wait(timeout=timeout)
        outputs = []
        for file in (self.stdout, self.stderr):
            if file.closed:  # stopped before
                outputs.append("")
                continue
            file.seek(0)
            outputs.append(file.read())
            file.close()
        return self.popen.returncode, outputs[0], outputs[1]


def start(command: str, env: dict[str, str], *, port: int | None = None, root: Path = ROOT) -> Process:
    """Start `notalone COMMAND`; for `serve`, wait until /healthz answers."""
    process = launch(["-m", "adapters.host.cli", command], env, port=port, root=root)
    return wait_until_up(process, command == "serve")


def launch(
    arguments: list[str], env: dict[str, str], *, port: int | None = None, root: Path = ROOT
) -> Process:
    """Start `python ARGUMENTS` in the repository (or another checkout, `root`) with PORT set; its output
    goes to temporary files."""
    port = port or free_port()
    stdout = tempfile.NamedTemporaryFile("w+", encoding="utf-8")  # noqa: SIM115  # closed by stop()
    stderr = tempfile.NamedTemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
    popen = subprocess.Popen(
        [sys.executable, *arguments],
        env={**env, "PORT": str(port)},
        cwd=root,
        stdout=stdout,
        stderr=stderr,
        text=True,
    )
    return Process(popen, f"http://127.0.0.1:{port}", stdout, stderr)


def wait_until_up(process: Process, serving: bool = True) -> Process:
    """Wait until the process answers /healthz, or (a worker) says it has started."""
    popen = process.popen
    if serving:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(process.url + "/healthz", timeout=2):
                    break
            except OSError:
                if popen.poll() is not None or time.monotonic() > deadline:
                    _, _out, err = process.stop()
                    raise AssertionError(f"serve did not start: {err[-2000:]}") from None
                time.sleep(0.1)
    else:
        # A worker is up once it says so: only then does SIGTERM meet its handler rather than kill it.
        deadline = time.monotonic() + 90
        while "worker started" not in Path(process.stderr.name).read_text(encoding="utf-8"):
            if popen.poll() is not None or time.monotonic() > deadline:
                _, _out, err = process.stop()
                raise AssertionError(f"worker did not start: {err[-2000:]}")
            time.sleep(0.1)
    return process
