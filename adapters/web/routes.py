"""The front door: `/` is the trial (nothing configured) or the landing page (platforms configured)."""

from __future__ import annotations

import asyncio
import json
from importlib.resources import files
from string import Template
from typing import Any

from aiohttp import web

from adapters.web.documents import site_page
from adapters.web.translate import nonce_of, to_incoming
from adapters.web.trial import IDLE_SECONDS, TooManyTrials, TrialRegistry, TrialsBusy, TrialSession
from bot import wording
from bot.admin.data_protection import service_facts
from bot.admin.notices import PRIVACY_PATH, TERMS_PATH, privacy, terms
from bot.settings import Settings

COOKIE = "notalone_trial"
KEEP_ALIVE_SECONDS = 15.0
STATIC = files("adapters.web") / "static"
CONTENT_TYPES = {".css": "text/css", ".js": "text/javascript", ".html": "text/html"}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
TRIALS = web.AppKey("trials", TrialRegistry)
CLOSING = web.AppKey("closing", asyncio.Event)
PROXIES = web.AppKey("trusted_proxies", int)  # see Settings.trusted_proxies


def trial_enabled(settings: Settings) -> bool:
    """The trial runs when nothing is configured, or when NOTALONE_TRIAL=1 says so."""
    if settings.trial is not None:
        return settings.trial
    return not settings.slack_enabled and not settings.teams_app_id


def mount_web(application: web.Application, settings: Settings) -> str:
    """Add the front door, the privacy and terms pages and static files; returns a line saying what `/`
    shows."""
    facts = service_facts(settings)
    application.router.add_get(PRIVACY_PATH, _generated(site_page(privacy(facts))))
    application.router.add_get(TERMS_PATH, _generated(site_page(terms(facts))))
    application.router.add_get("/static/{name}", _static)
    if not trial_enabled(settings):
        application.router.add_get("/", _landing(settings))
        return wording.WEB_LANDING
    application[TRIALS] = TrialRegistry(settings)
    application[PROXIES] = settings.trusted_proxies
    application[CLOSING] = asyncio.Event()
    application.router.add_get("/", _page("trial.html"))
    application.router.add_post("/trial/start", _start)
    application.router.add_get("/trial/events", _events)
    application.router.add_post("/trial/send", _send)

    async def closing(app: web.Application) -> None:
        app[CLOSING].set()  # open event streams end, so shutdown need not wait for them
        app[TRIALS].stop_listening()

    async def drop_trials(app: web.Application) -> None:
        app[TRIALS].close()

    application.on_shutdown.append(closing)
    application.on_cleanup.append(drop_trials)
    return wording.WEB_TRIAL.format(port=settings.port)


def _read(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def _page(name: str) -> Any:
    async def page(_request: web.Request) -> web.Response:
        return web.Response(text=_read(name), content_type="text/html", headers=SECURITY_HEADERS)

    return page


def _generated(html: str) -> Any:
    """A page made once at start-up from the configuration (it changes only when the settings do)."""

    async def page(_request: web.Request) -> web.Response:
        return web.Response(text=html, content_type="text/html", headers=SECURITY_HEADERS)

    return page


async def _static(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    suffix = name[name.rfind(".") :] if "." in name else ""
    if "/" in name or name.startswith(".") or suffix not in (".css", ".js"):
        raise web.HTTPNotFound()
    try:
        text = _read(name)
    except FileNotFoundError as error:
        raise web.HTTPNotFound() from error
    return web.Response(text=text, content_type=CONTENT_TYPES[suffix], headers=SECURITY_HEADERS)


def _landing(settings: Settings) -> Any:
    slack = (
        '<p><a class="button" href="/slack/install">Add to Slack</a></p>'
        if settings.slack_oauth
        else "<p>Slack: ask the person who runs Notalone for your organisation to install it.</p>"
    )
    html = Template(_read("landing.html")).substitute(slack=slack)

    async def landing(_request: web.Request) -> web.Response:
        return web.Response(text=html, content_type="text/html", headers=SECURITY_HEADERS)

    return landing


def _session(request: web.Request) -> TrialSession | None:
    return request.app[TRIALS].get(request.cookies.get(COOKIE))


async def _start(request: web.Request) -> web.Response:
    """This browser's trial: the one it has, or a new one with three officers."""
    session = _session(request)
    if session is None:
        try:
            session = await request.app[TRIALS].create(visitor=_visitor(request))
        except TooManyTrials:
            # The page says what to do: once one of the visitor's pages is closed, its trial makes way.
            return web.json_response({"error": "too many trials open from this address"}, status=429)
        except TrialsBusy:
            # Every trial is someone's in use: theirs are kept, and the page asks this visitor to come back.
            return web.json_response(
                {"error": "every trial is in use"}, status=503, headers={"Retry-After": "300"}
            )
    response = web.json_response({"panes": [pane.as_json() for pane in session.panes]})
    response.set_cookie(COOKIE, session.id, httponly=True, samesite="Strict", max_age=IDLE_SECONDS, path="/")
    return response


def _visitor(request: web.Request) -> str:
    """Where the request comes from: the connection's address, or behind N trusted proxies the address
    the outermost of them saw, which is the Nth from the end of X-Forwarded-For (each proxy appends the
    address it saw). Anything before that was written by the caller and is not believed."""
    proxies = request.app[PROXIES]
    if proxies:
        seen = [address.strip() for address in request.headers.get("X-Forwarded-For", "").split(",")]
        if len(seen) >= proxies and seen[-proxies]:
            return seen[-proxies]
    return request.remote or ""


async def _send(request: web.Request) -> web.Response:
    """A message or a choice from one pane; what follows arrives on the event stream."""
    session = _session(request)
    if session is None:
        return web.json_response({"error": "no trial here: reload the page"}, status=404)
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return web.json_response({"error": "malformed request"}, status=400)
    incoming = to_incoming(session.id, session.pane_ids, body)
    if incoming is None:
        return web.json_response({"error": "malformed request"}, status=400)
    if session.full:
        return web.json_response({"error": "this trial has taken all the messages it can"}, status=429)
    if session.accept(incoming, nonce_of(body)):  # a page retrying what already arrived is not answered twice
        await session.handle(incoming)
    return web.json_response({"ok": True}, status=202)


async def _events(request: web.Request) -> web.StreamResponse:
    """Server-sent events: everything already sent to this trial's panes, then each new message."""
    session = _session(request)
    if session is None:
        raise web.HTTPNotFound()
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})
    await response.prepare(request)
    queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
    session.listeners.add(queue)
    closing = request.app[CLOSING]
    try:
        for event in list(session.history):
            await response.write(_sse(event))
        await response.write(b"event: ready\ndata: {}\n\n")  # the page announces only what follows
        while not closing.is_set():
            try:
                news = await asyncio.wait_for(queue.get(), KEEP_ALIVE_SECONDS)
            except TimeoutError:
                await response.write(b": still here\n\n")
                continue
            if news is None:
                break  # the server is stopping
            await response.write(_sse(news))
    except ConnectionResetError:
        pass  # the page was closed
    finally:
        session.listeners.discard(queue)
    return response


def _sse(event: dict[str, Any]) -> bytes:
    return f"data: {json.dumps(event)}\n\n".encode()
