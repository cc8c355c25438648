"""With TEAMS_APP_ID set, every request must carry a valid Bot Framework token."""

from __future__ import annotations

import base64
import json
import threading
import time

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt import PyJWKClient
from jwt.algorithms import RSAAlgorithm
from microsoft_agents.hosting.core.authorization._entra_issuers import BOTFRAMEWORK_JWKS_URIS
from microsoft_agents.hosting.core.authorization.jwt.jwt_token_validator import (
    JwtTokenValidator,
    _JwkClientCacheEntry,
)

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
        {"Authorization": "Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0."},  # no key id: once a 500
    ):
        reply = teams.post(activity, headers=headers)
        assert reply.status == 401, (headers, reply.status, reply.body)
    assert teams.connector.sent == []
    assert count(teams.database, "inbound_event") == 0  # nothing kept for a turn either
    assert not teams.engine.knows(Identity("teams", JANE.tenant, JANE.aad))


APP_ID = "00000000-0000-0000-0000-000000000001"
TENANT = "00000000-0000-0000-0000-0000000000aa"
BOT_FRAMEWORK = "https://api.botframework.com"


class SigningService:
    """The far side of the token check: a key that signs tokens, and its JWKS served on 127.0.0.1, which
    the SDK's key lookup is pointed at instead of Microsoft's (out of reach from here)."""

    def __init__(self, loop: Loop) -> None:
        self.private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        public = json.loads(RSAAlgorithm.to_jwk(self.private_key.public_key()))
        keys = {"keys": [{**public, "kid": "test-key", "use": "sig", "alg": "RS256"}]}

        async def serve_keys(_request: web.Request) -> web.Response:
            return web.json_response(keys)

        application = web.Application()
        application.router.add_get("/keys", serve_keys)
        url = loop.serve(application) + "/keys"
        manager = JwtTokenValidator._jwk_client_manager
        self._before = dict(manager._cache)
        for uri in (
            BOTFRAMEWORK_JWKS_URIS[BOT_FRAMEWORK],
            f"https://login.microsoftonline.com/{TENANT}/discovery/v2.0/keys",
        ):
            manager._cache[uri] = _JwkClientCacheEntry(PyJWKClient(url), threading.Lock())

    def restore(self) -> None:
        JwtTokenValidator._jwk_client_manager._cache = self._before

    def token(self, service_url: str, *, header: dict[str, str] | None = None, **claims: object) -> str:
        payload: dict[str, object] = {
            "aud": APP_ID,
            "iss": BOT_FRAMEWORK,
            "exp": int(time.time()) + 3600,
            "nbf": int(time.time()) - 60,
            "serviceurl": service_url,
            **claims,
        }
        payload = {k: v for k, v in payload.items() if v is not None}
        headers = {"kid": "test-key"} if header is None else header
        return jwt.encode(payload, self.private_key, algorithm="RS256", headers=headers)


def test_only_a_signed_token_from_bot_framework_or_our_tenant_that_expires_is_accepted(
    databases: DatabaseFactory, clock: ManualClock, loop: Loop, connector: tuple[FakeConnector, str]
) -> None:
    signing = SigningService(loop)
    try:
        teams = start_teams(
            loop,
            clock,
            databases.url(),
            *connector,
            env="production",
            teams_app_id=APP_ID,
            teams_app_password="secret",
            teams_app_tenant_id=TENANT,
        )
        databases.track(teams.database)
        teams.join(JANE)
        service = teams.connector_url + "/"

        def status(token: str) -> int:
            return teams.post(
                teams.activity(JANE, text="help"), headers={"Authorization": f"Bearer {token}"}
            ).status

        other_tenant = "00000000-0000-0000-0000-0000000000bb"
        refused = {
            "no key id": signing.token(service, header={}),
            "no expiry": signing.token(service, exp=None),
            "a stranger's issuer": signing.token(service, iss="https://issuer.example.org"),
            "another tenant's issuer": signing.token(service, iss=f"https://sts.windows.net/{other_tenant}/"),
            "expired": signing.token(service, exp=int(time.time()) - 3600),
            "another audience": signing.token(service, aud="00000000-0000-0000-0000-000000000999"),
        }
        for why, token in refused.items():
            assert status(token) == 401, why  # never a 5xx
        assert count(teams.database, "inbound_event") == 0
        # The same key, issuer and audience as Microsoft would use: accepted (so the refusals are real).
        assert status(signing.token(service)) == 202
        assert status(signing.token(service, iss=f"https://sts.windows.net/{TENANT}/", tid=TENANT)) == 202
    finally:
        signing.restore()
