"""Whatever arrives at /api/messages (malformed, mistyped, missing, huge, oddly encoded), the answer is a
4xx, or the 2xx Teams expects for a well-formed activity we ignore; never a 5xx, a crash or a stored row."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.adapters.teams.harness import Teams
from tests.adapters.teams.test_teams_flow import JANE
from tests.support import count

STORED = (
    "officer",
    "plan",
    "conversation",
    "processed_event",
    "conversation_reference",
    "organisation",
    "inbound_event",
)

MALFORMED: list[tuple[str, bytes]] = [
    ("empty", b""),
    ("truncated json", b'{"type": "message", "conversation": {'),
    ("json list", b"[1, 2, 3]"),
    ("json null", b"null"),
    ("json string", b'"message"'),
    ("not utf-8", b'{"type": "message", "text": "\xff\xfe"}'),
    ("utf-16", json.dumps({"type": "message"}).encode("utf-16")),
    ("no conversation", b'{"type": "message", "text": "hello"}'),
    ("conversation not an object", b'{"type": "message", "conversation": "a:1"}'),
    ("conversation id a list", b'{"type": "message", "conversation": {"id": ["a"]}}'),
    ("type a number", b'{"type": 7, "conversation": {"id": "a:1"}}'),
    ("from a string", b'{"type": "message", "conversation": {"id": "a:1"}, "from": "someone"}'),
    ("value a string", b'{"type": "message", "conversation": {"id": "a:1"}, "value": "x"}'),
    ("huge", b'{"type": "message", "text": "' + b"x" * (2 * 1024 * 1024) + b'"}'),
]


def stored(teams: Teams) -> list[int]:
    return [count(teams.database, table) for table in STORED]


@pytest.mark.parametrize(("name", "body"), MALFORMED, ids=[name for name, _ in MALFORMED])
def test_malformed_activities_get_a_4xx_and_store_nothing(teams: Teams, name: str, body: bytes) -> None:
    before = stored(teams)
    reply = teams.post({}, raw=body)
    assert 400 <= reply.status < 500, (name, reply.status, reply.body[:200])
    assert stored(teams) == before
    assert teams.connector.sent == []


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


FIELDS = ["type", "conversation", "from", "recipient", "value", "text", "channelData", "id", "serviceUrl"]


@pytest.mark.random_data
@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(field=st.sampled_from(FIELDS), value=JSON)
def test_any_mistyped_field_is_never_a_5xx(teams: Teams, field: str, value: Any) -> None:
    activity = teams.activity(JANE, text="help")
    activity[field] = value
    reply = teams.post(activity)
    assert reply.status < 500, (field, value, reply.status, reply.body[:200])
