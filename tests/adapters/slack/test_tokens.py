"""A workspace's bot token is read from the installation store once for a turn's several uses, and
afresh once it may have changed."""

from __future__ import annotations

from adapters.slack.tokens import REMEMBER_SECONDS, RememberedTokens


class Store:
    """Installations as the store holds them, counting how often it is asked."""

    def __init__(self) -> None:
        self.tokens: dict[str, str] = {"T0CAMDEN": "xoxb-camden-1"}
        self.asked = 0

    def find(self, team_id: str) -> str | None:
        self.asked += 1
        return self.tokens.get(team_id)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_token_is_read_once_for_a_turn_and_afresh_after_a_few_seconds() -> None:
    store, clock = Store(), Clock()
    tokens = RememberedTokens(store.find, clock=clock)
    assert [tokens("T0CAMDEN") for _ in range(5)] == ["xoxb-camden-1"] * 5
    assert store.asked == 1
    store.tokens["T0CAMDEN"] = "xoxb-camden-2"  # reinstalled, through another process
    clock.now += REMEMBER_SECONDS
    assert tokens("T0CAMDEN") == "xoxb-camden-2"


def test_an_uninstalled_workspace_is_forgotten_at_once_and_a_new_one_found_at_once() -> None:
    store, clock = Store(), Clock()
    tokens = RememberedTokens(store.find, clock=clock)
    assert tokens("T0HACKNEY") is None
    store.tokens["T0HACKNEY"] = "xoxb-hackney"  # installed a moment later
    assert tokens("T0HACKNEY") == "xoxb-hackney"
    assert tokens("T0CAMDEN") == "xoxb-camden-1"
    del store.tokens["T0CAMDEN"]  # uninstalled, through this process
    tokens.forget("T0CAMDEN")
    assert tokens("T0CAMDEN") is None
