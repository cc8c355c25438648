"""`notalone serve` with a trial page open stops promptly and cleanly on SIGTERM."""

from __future__ import annotations

import signal
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

from tests.adapters.processes import environment, start


def test_sigterm_with_an_open_event_stream_exits_at_once_and_cleanly(tmp_path: Path) -> None:
    env = environment(DATABASE_URL=f"sqlite:///{tmp_path / 'serve.db'}")
    server = start("serve", env)
    try:
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        with browser.open(urllib.request.Request(server.url + "/trial/start", method="POST"), timeout=60):
            pass
        stream = browser.open(server.url + "/trial/events", timeout=60)
        assert b"I'm Notalone" in stream.read1(65536)  # the page is open and listening
        began = time.monotonic()
        server.popen.send_signal(signal.SIGTERM)
        server.popen.wait(timeout=30)
        took = time.monotonic() - began
        stream.close()
    finally:
        code, _out, err = server.stop()
    assert code == 0, err[-2000:]
    # About 1.5 s on a busy two-core machine (it was over 15 s: streams waited out their keep-alive).
    assert took < 4, f"took {took:.1f} s to stop"
    assert "Traceback" not in err and "Task was destroyed" not in err and "exception" not in err.lower()
