"""A fake Slack Web API: a real HTTP server on 127.0.0.1 that answers the methods Notalone calls and
records every call, as bolt-python's own tests do. Plus a background event loop to run servers in."""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web


@dataclass(frozen=True)
class Call:
    """One Web API call as Slack would have received it."""

    method: str
    token: str | None
    params: dict[str, Any]
    response: dict[str, Any]


EXPIRED_TRIGGER = "0.expired"


@dataclass(frozen=True)
class Workspace:
    team_id: str
    name: str
    bot_token: str
    bot_user_id: str
    user_token: str | None = None  # given to the installer when the app asks for user scopes


@dataclass
class FakeSlack:
    """Answers auth.test, oauth.v2.access, users.info, conversations.open, chat.postMessage, chat.update,
    views.publish and views.open; anything else answers `unknown_method`."""

    workspaces: dict[str, Workspace] = field(default_factory=dict)  # by OAuth code
    users: dict[str, dict[str, Any]] = field(default_factory=dict)  # by user id
    calls: list[Call] = field(default_factory=list)
    # Per method, answers to give before answering normally: (status, Retry-After seconds or None).
    refusals: dict[str, list[tuple[int, int | None]]] = field(default_factory=dict)
    refused: list[Call] = field(default_factory=list)
    delay: float = 0.0  # seconds each answer takes: a slow Slack keeps the bot's work in flight
    _timestamps: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def application(self) -> web.Application:
        application = web.Application()
        application.router.add_route("*", "/api/{method}", self._handle)
        return application

    def add_user(
        self, user_id: str, team_id: str, *, name: str, email: str, title: str = "", admin: bool = False
    ) -> None:
        self.users[user_id] = {
            "id": user_id,
            "team_id": team_id,
            "real_name": name,
            "is_bot": False,
            "is_admin": admin,
            "is_owner": False,
            "profile": {"real_name": name, "email": email, "title": title},
        }

    def _team_of(self, token: str | None) -> Workspace | None:
        return next((w for w in self.workspaces.values() if w.bot_token == token), None)

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        raw = await request.text()
        if request.content_type == "application/json":
            params: dict[str, Any] = json.loads(raw or "{}")
        else:
            params = dict(parse_qsl(raw))
        params.update(request.query)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else params.get("token")
        if self.delay:
            await asyncio.sleep(self.delay)
        with self._lock:
            refusal = self.refusals[method].pop(0) if self.refusals.get(method) else None
        if refusal is not None:
            status, retry_after = refusal
            body = {"ok": False, "error": "ratelimited" if status == 429 else "service_unavailable"}
            with self._lock:
                self.refused.append(Call(method, token, params, body))
            headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
            return web.json_response(body, status=status, headers=headers)
        response = self._answer(method, token, params)
        with self._lock:
            self.calls.append(Call(method, token, params, response))
        return web.json_response(response)

    def _answer(self, method: str, token: str | None, params: dict[str, Any]) -> dict[str, Any]:
        if method == "oauth.v2.access":
            workspace = self.workspaces.get(str(params.get("code")))
            if workspace is None:
                return {"ok": False, "error": "invalid_code"}
            return {
                "ok": True,
                "app_id": "A0NOTALONE",
                "authed_user": {"id": "UADMIN"}
                if workspace.user_token is None
                else {"id": "UADMIN", "access_token": workspace.user_token, "scope": "users:read"},
                "scope": "chat:write,im:history,im:write,mpim:write,users:read,users:read.email,commands",
                "token_type": "bot",
                "access_token": workspace.bot_token,
                "bot_user_id": workspace.bot_user_id,
                "team": {"id": workspace.team_id, "name": workspace.name},
                "enterprise": None,
                "is_enterprise_install": False,
            }
        team = self._team_of(token)
        if team is None:
            return {"ok": False, "error": "invalid_auth"}
        if method == "auth.test":
            return {
                "ok": True,
                "team_id": team.team_id,
                "team": team.name,
                "user_id": team.bot_user_id,
                "bot_id": f"B{team.team_id}",
                "url": "https://example.slack.com/",
            }
        if method == "users.info":
            user = self.users.get(str(params.get("user")))
            return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if method == "conversations.open":
            users = str(params.get("users"))
            prefix = "G" if "," in users else "D"
            return {"ok": True, "channel": {"id": prefix + users.replace(",", "")}}
        if method == "chat.postMessage":
            return {
                "ok": True,
                "channel": params.get("channel"),
                "ts": f"1700000000.{next(self._timestamps):06d}",
            }
        if method in ("chat.update", "views.publish"):
            return {"ok": True}
        if method == "views.open":
            if params.get("trigger_id") == EXPIRED_TRIGGER:
                return {"ok": False, "error": "expired_trigger_id"}
            return {"ok": True, "view": {"id": f"V{next(self._timestamps):06d}"}}
        return {"ok": False, "error": "unknown_method"}

    # --- reading what was sent ---------------------------------------------------------------

    def posted(self, channel: str) -> list[Call]:
        """Messages posted to one conversation, oldest first."""
        return [
            c
            for c in list(self.calls)
            if c.method == "chat.postMessage" and c.params.get("channel") == channel
        ]

    def opened(self) -> list[Call]:
        """Every views.open call, oldest first."""
        return [c for c in list(self.calls) if c.method == "views.open"]

    def published(self, user: str) -> list[Call]:
        """Every App Home published for one user, oldest first."""
        calls = list(self.calls)
        return [c for c in calls if c.method == "views.publish" and c.params.get("user_id") == user]

    def wait_for(self, predicate: Callable[[], bool], *, timeout: float = 15.0) -> None:
        """Wait until the bot's background work has made the predicate true."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.02)
        raise AssertionError("timed out waiting for Slack calls")


def blocks_of(call: Call) -> list[dict[str, Any]]:
    """The Block Kit blocks of a posted message."""
    blocks = call.params.get("blocks")
    loaded = json.loads(blocks) if isinstance(blocks, str) else blocks
    return list(loaded or [])


def text_of(call: Call) -> str:
    """Everything an officer can read in a posted message: fallback text and every text object."""
    parts = [str(call.params.get("text") or "")]
    for block in blocks_of(call):
        if "text" in block:
            parts.append(str(block["text"].get("text", "")))
        for element in block.get("elements", []):
            if isinstance(element.get("text"), dict):
                parts.append(str(element["text"].get("text", "")))
            for option in element.get("options", []):
                parts.append(str(option["text"]["text"]))
    return "\n".join(parts)


class Loop:
    """An event loop in a background thread, serving aiohttp applications on ephemeral ports."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()
        self._runners: list[web.AppRunner] = []

    def serve(self, application: web.Application) -> str:
        """Start serving; returns the base URL."""
        return asyncio.run_coroutine_threadsafe(self._serve(application), self.loop).result(timeout=30)

    async def _serve(self, application: web.Application) -> str:
        runner = web.AppRunner(application)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._runners.append(runner)
        server = site._server
        assert server is not None
        port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return f"http://127.0.0.1:{port}"

    def close(self) -> None:
        for runner in reversed(self._runners):
            asyncio.run_coroutine_threadsafe(runner.cleanup(), self.loop).result(timeout=30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)
        self.loop.close()
