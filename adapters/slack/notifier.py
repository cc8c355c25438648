"""Delivering the core's messages to Slack officers: their direct message, or a group DM for two
officers of one workspace being introduced. Runs in the core's worker thread, so it uses the blocking
Web API client."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

from adapters.slack.translate import fallback_text, home_view, to_blocks
from bot import wording
from bot.messages import Identity, Message

log = logging.getLogger(__name__)

TokenFinder = Callable[[str], str | None]
Overview = Callable[[Identity], str | None]


def token_from_store(store: SQLAlchemyInstallationStore) -> TokenFinder:
    """Find a workspace's bot token among OAuth installations."""

    def find(team_id: str) -> str | None:
        bot = store.find_bot(enterprise_id=None, team_id=team_id)
        return bot.bot_token if bot is not None else None

    return find


class SlackNotifier:
    """Posts messages to officers' direct messages and keeps their App Home up to date."""

    def __init__(
        self,
        *,
        api_url: str,
        find_token: TokenFinder,
        overview: Overview,
        admin_home: Overview = lambda _who: None,
    ) -> None:
        self._api_url = api_url
        self._find_token = find_token
        self._overview = overview
        self._admin_home = admin_home
        self._channels: dict[tuple[str, str], str] = {}

    def _client(self, team_id: str) -> WebClient:
        token = self._find_token(team_id)
        if not token:
            raise LookupError("no Slack installation for this workspace")
        return WebClient(token=token, base_url=self._api_url)

    def _channel(self, client: WebClient, team_id: str, users: str) -> str:
        key = (team_id, users)
        if key not in self._channels:
            response = client.conversations_open(users=users)
            self._channels[key] = str(response["channel"]["id"])
        return self._channels[key]

    def send(self, recipient: Identity, message: Message) -> None:
        """Post one message; an introduction within one workspace goes once, to a group DM of both."""
        client = self._client(recipient.workspace_id)
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
        self.refresh_home(recipient, client=client)

    def _post(self, client: WebClient, channel: str, message: Message) -> None:
        client.chat_postMessage(
            channel=channel,
            text=fallback_text(message),
            blocks=to_blocks(message),
            mrkdwn=False,
            unfurl_links=False,
        )

    def refresh_home(self, recipient: Identity, *, client: WebClient | None = None) -> None:
        """Publish the officer's App Home: their plans and proposals, and settings if they are an admin."""
        client = client or self._client(recipient.workspace_id)
        view = home_view(
            self._overview(recipient), wording.SLACK_HOME_WELCOME, admin=self._admin_home(recipient)
        )
        client.views_publish(user_id=recipient.user_id, view=view)
