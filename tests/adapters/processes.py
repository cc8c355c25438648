"""`notalone` commands as real processes, as a Procfile platform starts them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(**variables: str) -> dict[str, str]:
    """This environment without any Slack or Teams configuration, plus these variables."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TEAMS_", "NOTALONE_"))}
    return {**base, "NOTALONE_LOG_FORMAT": "json", **variables}


def notalone(*arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run one `notalone` command to its end."""
    return subprocess.run(
        [sys.executable, "-m", "adapters.cli", *arguments],
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

    def stop(self, timeout: float = 60) -> tuple[int, str, str]:
        """SIGTERM, as a platform stops a process; returns the exit code, stdout and stderr."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
        out, err = self.popen.communicate(timeout=timeout)
        return self.popen.returncode, out, err


def start(command: str, env: dict[str, str], *, port: int | None = None) -> Process:
    """Start `notalone COMMAND`; for `serve`, wait until /healthz answers."""
    port = port or free_port()
    popen = subprocess.Popen(
        [sys.executable, "-m", "adapters.cli", command],
        env={**env, "PORT": str(port)},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    process = Process(popen, f"http://127.0.0.1:{port}")
    if command == "serve":
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
    return process
