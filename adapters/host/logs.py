"""Logs for operators: JSON lines when nobody is watching a terminal, one line per HTTP request.

Only ids, routes, statuses and timings are ever logged: never bodies, message or plan text, names or
emails (a request's query string is left out too: OAuth codes and states travel there)."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TextIO

from aiohttp import web

REQUESTS = logging.getLogger("adapters.http")
REQUEST_ID_HEADER = "X-Request-Id"
# A router's request id is reused only when it looks like one (it is echoed into logs and headers).
SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
OUR_LOGGERS = ("adapters", "bot", "matching")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and the record's `fields`."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info and record.exc_info[0] is not None:
            # The exception's type only: its text may quote what an officer wrote.
            entry["error"] = record.exc_info[0].__name__
        return json.dumps(entry, separators=(",", ":"))


def configure_logging(log_format: str | None, *, stream: TextIO | None = None) -> None:
    """JSON lines unless stderr is a terminal (or `NOTALONE_LOG_FORMAT` says); our loggers at INFO."""
    out = stream or sys.stderr
    as_json = log_format == "json" or (log_format is None and not out.isatty())
    handler = logging.StreamHandler(out)
    handler.setFormatter(
        JsonFormatter() if as_json else logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    for name in OUR_LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO)


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def request_log(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Log one line per request (method, path, status, duration, request id) and return the id."""
    given = request.headers.get(REQUEST_ID_HEADER, "")
    request_id = given if SAFE_REQUEST_ID.match(given) else uuid.uuid4().hex
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        if not response.prepared:
            response.headers[REQUEST_ID_HEADER] = request_id
        return response
    except web.HTTPException as error:
        status = error.status
        error.headers[REQUEST_ID_HEADER] = request_id
        raise
    finally:
        duration = round((time.perf_counter() - started) * 1000, 1)
        fields = {
            "request_id": request_id,
            "method": request.method,
            "path": request.path,
            "status": status,
            "duration_ms": duration,
        }
        REQUESTS.info(
            "%s %s %d %.1fms id=%s",
            request.method,
            request.path,
            status,
            duration,
            request_id,
            extra={"fields": fields},
        )
