"""A fake Bot Framework connector: a real HTTP server on 127.0.0.1 standing in for `serviceUrl`.

It records every activity the bot posts or updates (on a catch-all route: proactive sends carry a reply
id too) and answers member look-ups, after `member_delay` seconds if a test wants a slow Teams."""

from __future__ import annotations

import asyncio
import itertools
import threading
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass(frozen=True)
class Sent:
    """One activity as the connector received it."""

    method: str
    conversation_id: str
    activity: dict[str, Any]
    id: str


@dataclass
class FakeConnector:
    members: dict[str, dict[str, Any]] = field(default_factory=dict)  # by Teams user id (29:...)
    sent: list[Sent] = field(default_factory=list)
    refuse: dict[str, int] = field(default_factory=dict)  # conversation id -> status to answer
    # Per conversation, answers to give before accepting again: (status, Retry-After seconds or None).
    throttle: dict[str, list[tuple[int, int | None]]] = field(default_factory=dict)
    throttled: list[str] = field(default_factory=list)  # conversation ids, one per refused send
    member_delay: float = 0.0  # seconds each member look-up takes
    requests: int = 0  # every request the bot made, of any kind
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def application(self) -> web.Application:
        application = web.Application()
        application.router.add_route("GET", "/v3/conversations/{conversation}/members/{member}", self._member)
        application.router.add_route(
            "*", "/v3/conversations/{conversation}/activities{rest:.*}", self._activity
        )
        return application

    async def _member(self, request: web.Request) -> web.Response:
        self.requests += 1
        if self.member_delay:
            await asyncio.sleep(self.member_delay)
        member = self.members.get(request.match_info["member"])
        if member is None:
            return web.json_response({"error": {"code": "MemberNotFound"}}, status=404)
        return web.json_response(member)

    async def _activity(self, request: web.Request) -> web.Response:
        self.requests += 1
        conversation = request.match_info["conversation"]
        status = self.refuse.get(conversation)
        if status is not None:
            return web.json_response(
                {"error": {"code": "Forbidden", "message": "bot blocked"}}, status=status
            )
        with self._lock:
            pending = self.throttle.get(conversation)
            throttled = pending.pop(0) if pending and request.method == "POST" else None
            if throttled is not None:
                self.throttled.append(conversation)
        if throttled is not None:
            status, retry_after = throttled
            headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
            return web.json_response(
                {"error": {"code": "Throttled", "message": "slow down"}}, status=status, headers=headers
            )
        body = await request.json()
        with self._lock:
            activity_id = f"activity-{next(self._ids)}"
            self.sent.append(Sent(request.method, conversation, body, activity_id))
        return web.json_response({"id": activity_id})


def card_texts(activity: dict[str, Any]) -> str:
    """Everything a person can read in a sent activity: text and every card text and button."""
    parts = [str(activity.get("text") or "")]
    for attachment in activity.get("attachments") or []:
        content = attachment.get("content") or {}
        for element in content.get("body") or []:
            if element.get("type") == "RichTextBlock":
                parts.append(block_text(element))
            for choice in element.get("choices") or []:
                parts.append(str(choice.get("title", "")))
        for action in content.get("actions") or []:
            parts.append(str(action.get("title", "")))
    return "\n".join(parts)


def block_text(element: dict[str, Any]) -> str:
    """The words of one RichTextBlock, exactly as Teams shows them (TextRuns are never markdown)."""
    return "".join(
        run if isinstance(run, str) else str(run.get("text", "")) for run in element.get("inlines") or []
    )


def body_texts(card: dict[str, Any]) -> list[str]:
    """Each text block of a card, in order."""
    return [
        block_text(element) for element in card.get("body") or [] if element.get("type") == "RichTextBlock"
    ]
