"""One validated settings object, read from the environment and `.env`.

Settings are read once, at start-up, by the entry point and passed down: nothing reads the
environment at import time. A missing or malformed value stops start-up with a single line
that names the variable and says how to fix it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

LOCALES = ("sv", "en")
DEFAULT_SLACK_API_URL = "https://slack.com/api/"


class SettingsError(Exception):
    """A setting is missing or malformed; the message is the one line shown to the operator."""


TEAMS_PREFIX = "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__"


@dataclass(frozen=True)
class TeamsSettings:
    """Microsoft Teams through the Microsoft 365 Agents SDK, under the SDK's own variable names."""

    client_id: str | None
    client_secret: str | None
    tenant_id: str | None
    anonymous_allowed: bool  # local testing only: no token is checked or sent
    connections: dict[str, str]  # every CONNECTIONS__… variable, as the SDK reads them
    # The organisation's own pages, named in the Teams app package (Teams admin validation
    # rejects placeholders); only `leadbot teams-manifest` needs them.
    privacy_url: str | None = None
    terms_url: str | None = None

    @property
    def app_id(self) -> str:
        return self.client_id or "00000000-0000-0000-0000-000000000000"


@dataclass(frozen=True)
class Settings:
    slack_bot_token: str | None
    slack_signing_secret: str | None
    slack_app_token: str | None
    slack_api_url: str
    database_url: str
    host: str
    port: int
    default_locale: str
    timezone: str
    scheduler: bool
    holidays: str = "SE"
    retention_months: int | None = None
    # User ids (Slack U…, Teams Entra object ids) who may see workspace figures; on Slack the
    # workspace's own admins and owners may too.
    admins: frozenset[str] = frozenset()
    tick_seconds: int = 60
    log_format: str = "text"
    slack_timeout: int = 10
    slack_client_id: str | None = None
    slack_client_secret: str | None = None
    slack_redirect_uri: str | None = None
    teams: TeamsSettings | None = None
    # Where leadbot is reached over HTTP, e.g. https://leadbot.kommun.example: the admin page's
    # one-time sign-in links start with it. Only issuing a link needs it.
    public_url: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, *, dotenv_path: str | None = ".env") -> Settings:
        """Reads `environ` (default: the process environment) over the values in `.env`."""
        values: dict[str, str] = {}
        if dotenv_path and os.path.exists(dotenv_path):
            values.update({k: v for k, v in dotenv_values(dotenv_path).items() if v is not None})
        values.update(os.environ if environ is None else environ)
        get = lambda name: (values.get(name) or "").strip() or None  # noqa: E731

        return cls(
            slack_bot_token=_prefixed(get, "SLACK_BOT_TOKEN", "xoxb-", "the Bot User OAuth Token"),
            slack_signing_secret=get("SLACK_SIGNING_SECRET"),
            slack_app_token=_prefixed(get, "SLACK_APP_TOKEN", "xapp-", "an app-level token with connections:write"),
            slack_api_url=_api_url(get("SLACK_API_URL") or DEFAULT_SLACK_API_URL),
            database_url=_database_url(get("DATABASE_URL") or "sqlite:///leadbot.db"),
            host=get("HOST") or "0.0.0.0",
            port=_port(get("PORT") or "3000"),
            default_locale=_choice(get, "LEADBOT_DEFAULT_LOCALE", LOCALES, "en"),
            timezone=_timezone(get("LEADBOT_TIMEZONE") or "Europe/Stockholm"),
            scheduler=_choice(get, "LEADBOT_SCHEDULER", ("on", "off"), "on") == "on",
            holidays=_country(get("LEADBOT_HOLIDAYS") or "SE"),
            retention_months=_whole(get, "LEADBOT_RETENTION_MONTHS", None, low=1, high=1200, example="24"),
            admins=frozenset(part.strip() for part in (get("LEADBOT_ADMINS") or "").split(",") if part.strip()),
            tick_seconds=_whole(get, "LEADBOT_TICK_SECONDS", 60, low=1, high=3600, example="60"),
            log_format=_choice(get, "LEADBOT_LOG_FORMAT", ("text", "json"), "text"),
            slack_timeout=_whole(get, "LEADBOT_SLACK_TIMEOUT", 10, low=1, high=120, example="10"),
            slack_client_id=get("SLACK_CLIENT_ID"),
            slack_client_secret=get("SLACK_CLIENT_SECRET"),
            slack_redirect_uri=get("SLACK_REDIRECT_URI"),
            teams=_teams(values, get),
            public_url=_public_url(get("LEADBOT_PUBLIC_URL")),
        )

    @property
    def slack(self) -> bool:
        """Whether Slack is configured at all (Teams alone needs none of it)."""
        return bool(self.slack_signing_secret or self.slack_bot_token or self.slack_client_id or self.slack_app_token)

    def require_front_end(self) -> None:
        """`leadbot run` needs Slack, Teams, or both, each configured completely."""
        if not self.slack and self.teams is None:
            raise SettingsError(
                "neither Slack nor Teams is configured: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN for Slack, "
                f"or {TEAMS_PREFIX}CLIENTID, …CLIENTSECRET and …TENANTID for Teams (see .env.example)"
            )
        if self.slack:
            self.require_slack()

    @property
    def slack_oauth(self) -> bool:
        """Installable into many workspaces (OAuth), rather than one workspace's bot token."""
        return bool(self.slack_client_id and self.slack_client_secret)

    def require_slack(self) -> None:
        """Serving Slack needs a signing secret and a bot token (or OAuth credentials); say
        exactly which is missing."""
        if not self.slack_signing_secret:
            raise SettingsError(
                "SLACK_SIGNING_SECRET is not set: copy the Signing Secret from your Slack app's "
                "'Basic Information' page into .env (see .env.example)"
            )
        if bool(self.slack_client_id) != bool(self.slack_client_secret):
            missing = "SLACK_CLIENT_SECRET" if self.slack_client_id else "SLACK_CLIENT_ID"
            raise SettingsError(
                f"{missing} is not set: installing into many workspaces needs both the Client ID and the Client "
                "Secret from your Slack app's 'Basic Information' page (or neither, with SLACK_BOT_TOKEN)"
            )
        if self.slack_oauth and self.slack_bot_token:
            raise SettingsError(
                "SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set: use the bot token for one workspace, or the "
                "client id and secret to install into many, not both"
            )
        if not self.slack_bot_token and not self.slack_oauth:
            raise SettingsError(
                "SLACK_BOT_TOKEN is not set: install the app to your workspace and copy the "
                "Bot User OAuth Token (xoxb-…) from 'OAuth & Permissions' into .env, or set SLACK_CLIENT_ID and "
                "SLACK_CLIENT_SECRET to install into many workspaces (see .env.example)"
            )


def _teams(values: Mapping[str, str], get) -> TeamsSettings | None:
    connections = {k: v for k, v in values.items() if k.startswith("CONNECTIONS__") and v}
    client_id, secret, tenant = (get(TEAMS_PREFIX + name) for name in ("CLIENTID", "CLIENTSECRET", "TENANTID"))
    anonymous = (get(TEAMS_PREFIX + "ANONYMOUS_ALLOWED") or "false").lower() in ("true", "1", "yes")
    if not (client_id or secret or tenant or anonymous):
        return None
    if anonymous and client_id:
        raise SettingsError(
            f"{TEAMS_PREFIX}ANONYMOUS_ALLOWED is for local testing without a bot registration: unset it "
            "when CLIENTID is set, so that every Teams request must carry a valid token"
        )
    if not anonymous:
        for name, value in (("CLIENTID", client_id), ("CLIENTSECRET", secret), ("TENANTID", tenant)):
            if not value:
                raise SettingsError(
                    f"{TEAMS_PREFIX}{name} is not set: Teams needs the Azure Bot's app id (CLIENTID), a client "
                    "secret (CLIENTSECRET) and the tenant id (TENANTID); see README 'Connect to Microsoft Teams'"
                )
    privacy = _https(get, "LEADBOT_TEAMS_PRIVACY_URL", "your privacy statement", "privacy")
    terms = _https(get, "LEADBOT_TEAMS_TERMS_URL", "your terms of use", "terms")
    return TeamsSettings(client_id, secret, tenant, anonymous, connections, privacy, terms)


def _https(get, name: str, what: str, page: str) -> str | None:
    value = get(name)
    parsed = urlparse(value or "")
    if value is not None and (parsed.scheme != "https" or not parsed.netloc):
        raise SettingsError(
            f"{name} must be the https URL of {what}, e.g. https://kommun.example/leadbot/{page} (got {value!r})"
        )
    return value


def _public_url(value: str | None) -> str | None:
    parsed = urlparse(value or "")
    if value is not None and (parsed.scheme not in ("http", "https") or not parsed.netloc or value.endswith("/")):
        raise SettingsError(
            "LEADBOT_PUBLIC_URL must be the http(s) address where leadbot is reached, without a trailing slash, "
            f"e.g. https://leadbot.kommun.example (got {value!r})"
        )
    return value


def _prefixed(get, name: str, prefix: str, what: str) -> str | None:
    value = get(name)
    if value is not None and not value.startswith(prefix):
        raise SettingsError(f"{name} must start with '{prefix}': set it to {what}")
    return value


def _api_url(value: str) -> str:
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise SettingsError(f"SLACK_API_URL must be an http(s) URL such as {DEFAULT_SLACK_API_URL} (got {value!r})")
    return value if value.endswith("/") else value + "/"


def _database_url(value: str) -> str:
    try:
        url = make_url(value)
    except ArgumentError:
        raise SettingsError(
            "DATABASE_URL is not a database URL: use sqlite:///leadbot.db or "
            "postgresql+psycopg://user:password@host:5432/dbname"
        ) from None
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise SettingsError("DATABASE_URL must point at SQLite (sqlite:///…) or PostgreSQL (postgresql+psycopg://…)")
    if url.get_backend_name() == "postgresql" and url.get_driver_name() != "psycopg":
        raise SettingsError("DATABASE_URL for PostgreSQL must start with postgresql+psycopg:// (psycopg 3)")
    return value


def _port(value: str) -> int:
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise SettingsError(f"PORT must be a number from 1 to 65535 (got {value!r})")
    return int(value)


def _whole(get, name: str, default: int | None, *, low: int, high: int, example: str) -> int | None:
    value = get(name)
    if value is None:
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise SettingsError(f"{name} must be a whole number from {low} to {high}, e.g. {example} (got {value!r})")
    return int(value)


def _choice(get, name: str, allowed: tuple[str, ...], default: str) -> str:
    value = (get(name) or default).lower()
    if value not in allowed:
        raise SettingsError(f"{name} must be one of {', '.join(allowed)} (got {value!r})")
    return value


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            f"LEADBOT_TIMEZONE must be an IANA time zone such as Europe/Stockholm (got {value!r})"
        ) from None
    return value


def _country(value: str) -> str:
    from nudges.calendar import valid_country

    if not valid_country(value):
        raise SettingsError(
            f"LEADBOT_HOLIDAYS must be a country code known to the holidays library, e.g. SE (got {value!r})"
        )
    return value.upper()
