"""What the SDK's token check leaves to us: a token it cannot even look up is refused with 401 before it.

The Microsoft 365 Agents SDK verifies the signature, audience, issuer (we opt in: VALIDATE_ISSUER) and
expiry when the token has one. It answers 500 to a token whose header names no signing key (a KeyError
in its key lookup), and it accepts a signed token that never expires. SECURITY.md promises 401 and never
a 5xx to anything a stranger can send; and a token that never expires could be replayed for ever."""

from __future__ import annotations

import logging

import jwt
from aiohttp import web

from adapters.teams.inbound import Handler

log = logging.getLogger(__name__)

REFUSED = {"error": "Invalid token or authentication failed."}  # the SDK's own words for a refusal


def refuse_unusable_tokens(handler: Handler) -> Handler:
    """Wrap the SDK's token check: a bearer token without a key id or without an expiry gets 401."""

    async def checked(request: web.Request) -> web.StreamResponse:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.strip().partition(" ")
        if scheme.lower() == "bearer" and token.strip() and not _usable(token.strip()):
            log.warning("teams request refused: reason=token without key id or expiry")
            return web.json_response(REFUSED, status=401)
        return await handler(request)

    return checked


def _usable(token: str) -> bool:
    """Names the key that signed it and says when it expires (read unverified: the SDK verifies after)."""
    try:
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return True  # malformed: the SDK refuses it with 401 itself
    return bool(header.get("kid")) and isinstance(claims.get("exp"), int | float)
