"""The load benchmark's Slack Web API, in a process of its own: `python -m benchmarks.fake_slack_app`.

Its own process, so answering the worker's Slack calls never competes with the load generator for one
interpreter lock, which would show as acknowledgement latency that the server under test did not cause.
Every officer exists: `users.info` makes up a profile for any user id it has not seen."""

from __future__ import annotations

import os
from collections import defaultdict
from typing import Any

from aiohttp import web

from tests.adapters.slack.fake_slack import FakeSlack, Workspace, text_of

TEAM = Workspace("T0BENCH", "Bench Council", "xoxb-bench", "UBOTBENCH")
COUNCILS = ("camden.gov.uk", "hackney.gov.uk", "leeds.gov.uk", "bristol.gov.uk", "manchester.gov.uk")


class EveryoneSlack(FakeSlack):
    """A fake Slack in which any user id is an officer of the benchmark's workspace."""

    def _answer(self, method: str, token: str | None, params: dict[str, Any]) -> dict[str, Any]:
        user = str(params.get("user") or "")
        if method == "users.info" and user not in self.users:
            number = int("".join(c for c in user if c.isdigit()) or 0)
            council = COUNCILS[number % len(COUNCILS)]
            self.add_user(user, TEAM.team_id, name=f"Officer {user}", email=f"{user.lower()}@{council}")
        return super()._answer(method, token, params)


def build() -> web.Application:
    """The fake's Web API, `/healthz`, and `/_posted?containing=WORDS&containing=...`: per DM channel, how
    many messages were posted to it, then how many of those contain each of the words."""
    fake = EveryoneSlack()
    fake.workspaces = {"code-bench": TEAM}
    application = fake.application()

    async def healthz(_request: web.Request) -> web.Response:
        return web.Response(text="ok")

    async def posted(request: web.Request) -> web.Response:
        wanted = request.query.getall("containing", [])
        counts: dict[str, list[int]] = defaultdict(lambda: [0] * (1 + len(wanted)))
        for call in list(fake.calls):
            if call.method == "chat.postMessage":
                count, said = counts[str(call.params.get("channel"))], text_of(call)
                count[0] += 1
                for index, words in enumerate(wanted, start=1):
                    count[index] += words in said
        return web.json_response(counts)

    application.router.add_get("/healthz", healthz)
    application.router.add_get("/_posted", posted)
    return application


if __name__ == "__main__":
    web.run_app(build(), host="127.0.0.1", port=int(os.environ["PORT"]), access_log=None, print=None)
