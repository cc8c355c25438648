"""The one settings object, built at start-up from the environment and passed down."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_cache_path, user_data_path
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# From its own small module, which imports nothing heavy: the matcher (scikit-learn) loads only when used.
from matching.profile import DEFAULT_MIN_SCORE

# An address's shape only (something@domain.tld, no spaces or brackets): enough to catch a typo.
EMAIL_SHAPE = r"^[^@\s<>()\[\],;:\"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,63}$"


def default_database_url() -> str:
    """A SQLite file in the user's data directory: the embedded default."""
    folder: Path = user_data_path("notalone", appauthor=False, ensure_exists=True)
    return f"sqlite:///{folder / 'notalone.db'}"


def default_key_file() -> Path:
    """Where the embedded default keeps its encryption key (made on first run, owner-only)."""
    return user_data_path("notalone", appauthor=False) / "notalone.key"


def default_model_cache() -> Path:
    """Where trained models are kept between runs, so that a process needn't train them again."""
    return user_cache_path("notalone", appauthor=False)


class Settings(BaseSettings):
    """Everything an operator can configure; each has a safe default."""

    model_config = SettingsConfigDict(
        env_prefix="NOTALONE_", extra="ignore", frozen=True, populate_by_name=True
    )

    database_url: str = Field(default_factory=default_database_url, validation_alias="DATABASE_URL")
    proposal_expiry_days: int = Field(default=14, ge=1, le=365)
    # One reminder to each side yet to answer, this many days before a proposal lapses; 0 sends none.
    proposal_reminder_days: int = Field(default=2, ge=0, le=365)
    proposals_per_week: int = Field(default=3, ge=1, le=100)
    # Each side of an introduction is asked once, this many days after it, whether they talked.
    follow_up_days: int = Field(default=21, ge=1, le=365)
    match_threshold: float = Field(default=DEFAULT_MIN_SCORE, ge=0.0, le=1.0)
    max_message_chars: int = Field(default=4000, ge=100)
    # Among good matches, peers one or two stages ahead (and advisers further ahead) are proposed first.
    prefer_peers_ahead: bool = True
    # Offers of advice a "been there" adviser gets in any 30 days, on top of the weekly cap.
    adviser_offers_per_month: int = Field(default=4, ge=1, le=100)
    offer_circles: bool = True  # circles: three or more councils with comparable plans offered together

    # Encryption at rest: Fernet keys, newest first; without them, a key file made on first run.
    secret_key: SecretStr | None = None
    key_file: Path = Field(default_factory=default_key_file)
    # Trained models (public training data only, nothing an officer typed), kept to start in milliseconds.
    model_cache: Path = Field(default_factory=default_model_cache)

    # Abuse limits.
    max_open_plans: int = Field(default=10, ge=1, le=1000)
    plans_per_day: int = Field(default=5, ge=1, le=1000)
    messages_per_minute: int = Field(default=30, ge=1, le=100_000)
    workspace_messages_per_minute: int = Field(default=600, ge=1, le=1_000_000)
    # Questions about how many other councils plan something comparable, per officer per day.
    landscape_questions_per_day: int = Field(default=10, ge=1, le=1000)

    port: int = Field(default=3978, ge=1, le=65535, validation_alias="PORT")
    slack_signing_secret: str | None = Field(default=None, validation_alias="SLACK_SIGNING_SECRET")
    slack_bot_token: str | None = Field(default=None, validation_alias="SLACK_BOT_TOKEN")
    slack_client_id: str | None = Field(default=None, validation_alias="SLACK_CLIENT_ID")
    slack_client_secret: str | None = Field(default=None, validation_alias="SLACK_CLIENT_SECRET")
    slack_api_url: str = Field(default="https://slack.com/api/", validation_alias="SLACK_API_URL")

    teams_app_id: str | None = Field(default=None, validation_alias="TEAMS_APP_ID")
    teams_app_password: str | None = Field(default=None, validation_alias="TEAMS_APP_PASSWORD")
    teams_app_tenant_id: str | None = Field(default=None, validation_alias="TEAMS_APP_TENANT_ID")
    env: str = Field(default="production", pattern="^(production|development)$")
    # NOTALONE_TRIAL: the browser trial at `/`; unset means on only when no platform is configured.
    trial: bool | None = None
    # How many proxies (a platform's router, a load balancer) stand in front of `serve`, each adding the
    # address it saw to X-Forwarded-For. 0 trusts no such header: anyone can write it, so the trial's
    # per-address limit could be dodged. Set it to 1 behind one router (Heroku, Render, most PaaS).
    trusted_proxies: int = Field(default=0, ge=0, le=10)

    in_process_jobs: bool | None = None
    job_interval_seconds: float = Field(default=60.0, gt=0, le=3600)
    # A message a platform refused for now is tried this many times in all, then dropped.
    delivery_attempts: int = Field(default=8, ge=1, le=50)
    # How long a process holds an officer's turn, and the messages a turn wrote while it sends them;
    # past it (the process died), another process takes them over.
    turn_lease_seconds: float = Field(default=120.0, ge=1, le=3600)
    delivery_lease_seconds: float = Field(default=60.0, ge=1, le=3600)
    # How much the worker lowers its own CPU priority (Unix nice): on a machine it shares with web
    # processes, acknowledging a platform's request never waits behind a turn. 0 keeps it as it is.
    worker_nice: int = Field(default=10, ge=0, le=19)
    log_format: str | None = Field(default=None, pattern="^(json|text)$")

    # Data protection (notalone governance, /privacy, /terms): the organisation that runs this service
    # (the data controller), where officers and its data protection officer can be written to, and the
    # service's public address (links from the Slack App Home). Unset, the pages say the operator must
    # set them.
    controller_name: str | None = Field(default=None, min_length=1, max_length=200)
    contact_email: str | None = Field(default=None, max_length=254, pattern=EMAIL_SHAPE)
    dpo_email: str | None = Field(default=None, max_length=254, pattern=EMAIL_SHAPE)
    public_url: str | None = Field(
        default=None, max_length=200, pattern=r"^https?://[A-Za-z0-9.-]+(:\d+)?/?$"
    )

    # A web process answers Slack and Teams as soon as an event is in its buffer, a few milliseconds
    # before the database has it (adapters/runtime/buffer.py): a process killed outright (kill -9, no
    # SIGTERM) in between loses what it answered. True stores each event before answering, for 2-3 ms
    # more per request.
    store_before_ack: bool = False

    @property
    def site(self) -> str | None:
        """The public address without a trailing slash, if set."""
        return self.public_url.rstrip("/") if self.public_url else None

    @property
    def serve_runs_jobs(self) -> bool:
        """Whether `notalone serve` runs officers' turns and the periodic jobs itself (embedded SQLite, or
        when told to); otherwise `notalone worker` runs them."""
        if self.in_process_jobs is not None:
            return self.in_process_jobs
        return self.database_url.startswith("sqlite")

    @property
    def teams_mode(self) -> str | None:
        """'authenticated' with an app id; 'anonymous' only in development; None when Teams is off."""
        if self.teams_app_id:
            return "authenticated"
        return "anonymous" if self.env == "development" else None

    @property
    def slack_enabled(self) -> bool:
        """Slack runs when requests can be verified and there is a token or an OAuth app."""
        has_oauth = bool(self.slack_client_id and self.slack_client_secret)
        return bool(self.slack_signing_secret and (self.slack_bot_token or has_oauth))

    @property
    def slack_oauth(self) -> bool:
        """Many workspaces install through OAuth (otherwise one workspace runs on SLACK_BOT_TOKEN)."""
        return self.slack_enabled and not self.slack_bot_token
