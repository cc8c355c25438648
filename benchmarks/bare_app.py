"""The floor: a bolt AsyncApp on aiohttp whose listeners only acknowledge. `python -m benchmarks.bare_app`"""

from __future__ import annotations

import os
import re

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient


def build() -> web.Application:
    """The same route, signature check, authorisation and bolt mode as ours (`process_before_response`:
    answered when the listener returns), and no work at all."""
    client = AsyncWebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = AsyncApp(
        client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"], process_before_response=True
    )

    @app.event("message")
    async def on_message() -> None:
        return None

    @app.action(re.compile("^notalone_"))
    async def on_action(ack: AsyncAck) -> None:
        await ack()

    async def events(request: web.Request) -> web.StreamResponse:
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    async def healthz(_request: web.Request) -> web.Response:
        return web.Response(text="ok")

    application = web.Application()
    application.router.add_post("/slack/events", events)
    application.router.add_get("/healthz", healthz)
    return application


if __name__ == "__main__":
    web.run_app(build(), port=int(os.environ["PORT"]), access_log=None, print=None)
