"""With TEAMS_APP_ID set, every request must carry a valid Bot Framework token."""

from __future__ import annotations

import base64
import json

from bot.clock import ManualClock
from bot.messages import Identity
from tests.adapters.slack.fake_slack import Loop
from tests.adapters.teams.conftest import start_teams
from tests.adapters.teams.fake_connector import FakeConnector
from tests.adapters.teams.test_teams_flow import JANE, JANE_PLAN
from tests.conftest import DatabaseFactory
from tests.support import count


def _segment(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_missing_malformed_and_forged_tokens_get_401_and_change_nothing(
    databases: DatabaseFactory, clock: ManualClock, loop: Loop, connector: tuple[FakeConnector, str]
) -> None:
    teams = start_teams(
        loop,
        clock,
        databases.url(),
        *connector,
        env="production",
        teams_app_id="00000000-0000-0000-0000-000000000001",
        teams_app_password="secret",
        teams_app_tenant_id="00000000-0000-0000-0000-0000000000aa",
    )
    databases.track(teams.database)
    teams.join(JANE)
    activity = teams.activity(JANE, text=JANE_PLAN)
    forged = ".".join(
        [
            _segment({"alg": "RS256", "kid": "made-up", "typ": "JWT"}),
            _segment(
                {
                    "aud": "00000000-0000-0000-0000-000000000001",
                    "iss": "https://api.botframework.com",
                    "exp": 4102444800,
                    "serviceurl": teams.connector_url,
                }
            ),
            _segment({"sig": "nope"}),
        ]
    )
    for headers in (
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer not-a-jwt"},
        {"Authorization": "Bearer a.b.c"},
        {"Authorization": f"Bearer {forged}"},
    ):
        reply = teams.post(activity, headers=headers)
        assert reply.status == 401, (headers, reply.status, reply.body)
    assert teams.connector.sent == []
    assert count(teams.database, "inbound_event") == 0  # nothing kept for a turn either
    assert not teams.engine.knows(Identity("teams", JANE.tenant, JANE.aad))
