"""Teams activities at the web process: verified by the SDK's token middleware, translated, kept for the
worker's turn and answered at once, as Slack's events are (`adapters.runtime.inbound`).

Nothing is sent within the request, so it needs no connector client and no token of the bot's own (the
SDK's `CloudAdapter.process` would fetch one for every request); the worker answers proactively through
the conversation reference kept with the event. The event's id is the activity's id, so an activity
Teams sends again is handled once, by whichever process takes it.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import web
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import ClaimsIdentity
from pydantic import ValidationError

from adapters.runtime.inbound import Inbound
from adapters.runtime.inflight import InFlight
from adapters.teams.events import to_event
from adapters.teams.translate import invoke_answer, is_activity

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def receive(turns: Inbound, inflight: InFlight) -> Handler:
    """The `POST /api/messages` handler, to be wrapped in the SDK's token check."""

    async def handle(request: web.Request) -> web.StreamResponse:
        try:
            body = await request.json()
        except ValueError:  # not JSON, or not UTF-8
            body = None
        if not is_activity(body):
            return _malformed()
        try:
            activity = Activity.model_validate(body)
            payload = activity.model_dump(by_alias=True, exclude_none=True, mode="json")
            reference = activity.get_conversation_reference().model_dump(
                by_alias=True, exclude_none=True, mode="json"
            )
        except (ValidationError, ValueError, TypeError, KeyError):
            return _malformed()  # refused plainly, nothing kept
        if not _from_its_service(request, activity):
            log.warning("teams activity refused: reason=service url not the token's")
            return web.json_response({"error": "service url does not match the token"}, status=401)
        if activity.type == "invoke":
            # Answered here and now (Teams waits for the body); Notalone's cards use Action.Submit.
            return web.json_response(invoke_answer(activity.name))
        event = to_event(payload, reference)
        if event is not None:
            try:
                async with inflight.track():
                    await turns.accept(*event)
            except Exception as error:  # not kept: an error, so Teams does not take it as received
                log.error("teams activity not kept: error=%s", type(error).__name__)
                return web.Response(status=503)
        return web.Response(status=202)

    return handle


def _from_its_service(request: web.Request, activity: Activity) -> bool:
    """A Bot Framework token names the connector it was issued for; the activity must name the same host.
    The worker sends there with the bot's own token, so a token must not vouch for another address."""
    identity = request.get("claims_identity")
    claimed = identity.get_claim_value("serviceurl") if isinstance(identity, ClaimsIdentity) else None
    if not claimed:  # anonymous development runs carry no claims
        return True
    return _host(str(claimed)) == _host(activity.service_url or "")


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").casefold()
    except ValueError:
        return ""


def _malformed() -> web.Response:
    # Refused before anything else sees it: malformed activities can make the SDK leak connections.
    return web.json_response({"error": "malformed activity"}, status=400)
