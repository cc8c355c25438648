"""Delivering the core's messages to Slack officers: their direct message, or a group DM for two
officers of one workspace being introduced. Called from the threads that run turns, it sends with the
process's one async Web API client stack, on the server's event loop, over kept-alive connections.

When Slack refuses a message for now (429, or 5xx) it becomes the core's TemporaryFailure, and the core
keeps the message to send again later. Only a short wait is made in the request itself, by slack_sdk's
own rate-limit retry handler: a long one would hold up the officer's turn and its worker thread."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.translate import home_view, in_posts, post_text, to_blocks
from bot import wording
from bot.delivery.notifier import Address, TemporaryFailure, is_temporary, retry_after_seconds
from bot.messages import HomePage, Identity, Message

log = logging.getLogger(__name__)

# Slack's Retry-After up to this many seconds is waited out in the request, once; longer, the core retries.
SHORT_WAIT_SECONDS = 2.0
SEND_TIMEOUT_SECONDS = 30.0
MAX_CLIENTS = 1000  # Web API clients kept, one per workspace token


def _retry_after_header(headers: Mapping[str, Any]) -> str | None:
    for name, value in headers.items():
        if name.lower() == "retry-after":
            # slack_sdk gives headers as strings, or as lists of strings to its retry handlers.
            first = value[0] if isinstance(value, list | tuple) and value else value
            return None if first is None else str(first).strip()
    return None


def retry_after(headers: Mapping[str, Any]) -> float | None:
    """Slack's Retry-After header, in seconds."""
    return retry_after_seconds(_retry_after_header(headers))


class ShortRateLimitRetryHandler(AsyncRateLimitErrorRetryHandler):
    """slack_sdk's retry after a 429, sleeping for Slack's Retry-After, but only when that is short."""

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or response.status_code != 429:
            return False
        # Whole seconds only: the handler it extends reads the header with int().
        wait = _retry_after_header(response.headers)
        return wait is not None and wait.isdigit() and int(wait) <= SHORT_WAIT_SECONDS


TokenFinder = Callable[[str], str | None]


def token_from_store(store: SQLAlchemyInstallationStore) -> TokenFinder:
    """Find a workspace's bot token among OAuth installations."""

    def find(team_id: str) -> str | None:
        bot = store.find_bot(enterprise_id=None, team_id=team_id)
        return bot.bot_token if bot is not None else None

    return find


class SlackNotifier:
    """Posts messages to officers' direct messages and publishes their App Home, as the core wrote them.

    Called from the threads that run turns; each call runs on the server's event loop with the async
    client whose connections every Slack call of this process shares (kept alive), and is waited for."""

    def __init__(
        self,
        *,
        base: AsyncWebClient,
        find_token: TokenFinder,
        loop: Callable[[], asyncio.AbstractEventLoop],
        site: str | None = None,
    ) -> None:
        self._base = base  # its address, timeout and, while the server runs, its pool of connections
        self._site = site  # the service's public address: the App Home links to /privacy and /terms
        self._find_token = find_token
        self._loop = loop
        self._channels: dict[tuple[str, str], str] = {}  # touched on the event loop only
        # A client for each token seen: a turn sends two or three times, each send made a client anew.
        self._clients: dict[str, AsyncWebClient] = {}

    def send(self, recipient: Identity, message: Message, *, address: Address | None = None) -> None:
        """Post one message; an introduction within one workspace goes once, to a group DM of both."""
        client = self._client(recipient.workspace_id)
        self._wait(self._send(client, recipient, message))

    def publish_home(self, recipient: Identity, home: HomePage) -> None:
        """Publish the officer's App Home: their plans and proposals, and settings if they are an admin."""
        client = self._client(recipient.workspace_id)
        view = home_view(home.overview, wording.SLACK_HOME_WELCOME, admin=home.admin, site=self._site)
        self._wait(client.views_publish(user_id=recipient.user_id, view=view))

    def shows_home(self, platform: str) -> bool:
        """Slack officers have an App Home."""
        return True

    def needs_address(self, platform: str) -> bool:
        """Slack is reached by workspace and user ids alone."""
        return False

    def _client(self, team_id: str) -> AsyncWebClient:
        token = self._find_token(team_id)  # here, in the calling thread: it may read the database
        if not token:
            raise LookupError("no Slack installation for this workspace")
        client = self._clients.get(token)
        if client is None or client.session is not self._base.session:  # made before the pool opened
            if len(self._clients) >= MAX_CLIENTS:
                self._clients.clear()  # tokens replaced over months: start afresh rather than keep them all
            client = AsyncWebClient(
                token=token,
                base_url=self._base.base_url,
                session=self._base.session,
                timeout=self._base.timeout,
                retry_handlers=[
                    AsyncConnectionErrorRetryHandler(),
                    ShortRateLimitRetryHandler(max_retry_count=1),
                ],
            )
            self._clients[token] = client  # two threads making one at once: either will do
        return client

    def _wait(self, work: Coroutine[Any, Any, object]) -> None:
        future = asyncio.run_coroutine_threadsafe(_refusals(work), self._loop())
        future.result(timeout=SEND_TIMEOUT_SECONDS)

    async def _channel(self, client: AsyncWebClient, team_id: str, users: str) -> str:
        key = (team_id, users)
        if key not in self._channels:
            response = await client.conversations_open(users=users)
            self._channels[key] = str(response["channel"]["id"])
        return self._channels[key]

    async def _send(self, client: AsyncWebClient, recipient: Identity, message: Message) -> None:
        peer = message.peer
        same_workspace = (
            peer is not None
            and peer.platform == recipient.platform
            and peer.workspace_id == recipient.workspace_id
        )
        if peer is not None and same_workspace and message.shared_text:
            if recipient.user_id < peer.user_id:  # the pair's other message is the same one: post once
                users = f"{recipient.user_id},{peer.user_id}"
                shared = Message(message.shared_text, ref=message.ref)
                await self._post(client, await self._channel(client, recipient.workspace_id, users), shared)
        else:
            channel = await self._channel(client, recipient.workspace_id, recipient.user_id)
            await self._post(client, channel, message)

    async def _post(self, client: AsyncWebClient, channel: str, message: Message) -> None:
        # A message longer than Slack's 50 blocks (an export, say) goes as several posts, in order.
        for blocks in in_posts(to_blocks(message)):
            await client.chat_postMessage(
                channel=channel,
                text=post_text(blocks, message),
                blocks=blocks,
                mrkdwn=False,
                unfurl_links=False,
            )


async def _refusals(work: Coroutine[Any, Any, object]) -> None:
    """Slack's 429 and 5xx become the core's TemporaryFailure, to be sent again later."""
    try:
        await work
    except SlackApiError as error:
        status = int(error.response.status_code)
        if not is_temporary(status):
            raise
        raise TemporaryFailure(status=status, retry_after=retry_after(error.response.headers)) from error
