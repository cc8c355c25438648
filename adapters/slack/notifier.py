"""Delivering the core's messages to Slack officers: their direct message, or a group DM for two
officers of one workspace being introduced. Runs in the core's worker thread, so it uses the blocking
Web API client.

When Slack refuses a message for now (429, or 5xx) it becomes the core's TemporaryFailure, and the core
keeps the message to send again later. Only a short wait is made in the request itself, by slack_sdk's
own rate-limit retry handler: a long one would hold up the officer's turn and its worker thread."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

from adapters.slack.translate import fallback_text, home_view, to_blocks
from bot import wording
from bot.delivery.notifier import Address, TemporaryFailure, is_temporary, retry_after_seconds
from bot.messages import HomePage, Identity, Message

log = logging.getLogger(__name__)

# Slack's Retry-After up to this many seconds is waited out in the request, once; longer, the core retries.
SHORT_WAIT_SECONDS = 2.0


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


class ShortRateLimitRetryHandler(RateLimitErrorRetryHandler):
    """slack_sdk's retry after a 429, sleeping for Slack's Retry-After, but only when that is short."""

    def _can_retry(
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
    """Posts messages to officers' direct messages and publishes their App Home, as the core wrote them."""

    def __init__(self, *, api_url: str, find_token: TokenFinder) -> None:
        self._api_url = api_url
        self._find_token = find_token
        self._channels: dict[tuple[str, str], str] = {}

    def _client(self, team_id: str) -> WebClient:
        token = self._find_token(team_id)
        if not token:
            raise LookupError("no Slack installation for this workspace")
        return WebClient(
            token=token,
            base_url=self._api_url,
            retry_handlers=[ConnectionErrorRetryHandler(), ShortRateLimitRetryHandler(max_retry_count=1)],
        )

    def _channel(self, client: WebClient, team_id: str, users: str) -> str:
        key = (team_id, users)
        if key not in self._channels:
            response = client.conversations_open(users=users)
            self._channels[key] = str(response["channel"]["id"])
        return self._channels[key]

    def send(self, recipient: Identity, message: Message, *, address: Address | None = None) -> None:
        """Post one message; an introduction within one workspace goes once, to a group DM of both."""
        client = self._client(recipient.workspace_id)
        with _temporary_failures():
            self._send(client, recipient, message)

    def publish_home(self, recipient: Identity, home: HomePage) -> None:
        """Publish the officer's App Home: their plans and proposals, and settings if they are an admin."""
        client = self._client(recipient.workspace_id)
        view = home_view(home.overview, wording.SLACK_HOME_WELCOME, admin=home.admin)
        with _temporary_failures():
            client.views_publish(user_id=recipient.user_id, view=view)

    def shows_home(self, platform: str) -> bool:
        """Slack officers have an App Home."""
        return True

    def needs_address(self, platform: str) -> bool:
        """Slack is reached by workspace and user ids alone."""
        return False

    def _send(self, client: WebClient, recipient: Identity, message: Message) -> None:
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
                self._post(client, self._channel(client, recipient.workspace_id, users), shared)
        else:
            self._post(client, self._channel(client, recipient.workspace_id, recipient.user_id), message)

    def _post(self, client: WebClient, channel: str, message: Message) -> None:
        client.chat_postMessage(
            channel=channel,
            text=fallback_text(message),
            blocks=to_blocks(message),
            mrkdwn=False,
            unfurl_links=False,
        )


@contextlib.contextmanager
def _temporary_failures() -> Iterator[None]:
    """Slack's 429 and 5xx become the core's TemporaryFailure, to be sent again later."""
    try:
        yield
    except SlackApiError as error:
        status = int(error.response.status_code)
        if not is_temporary(status):
            raise
        raise TemporaryFailure(status=status, retry_after=retry_after(error.response.headers)) from error
