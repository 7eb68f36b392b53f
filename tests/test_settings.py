"""Settings as CONTRACT.md lists them; a bad value stops start-up with one line naming it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.settings import Settings, SettingsError


def load(**env) -> Settings:
    return Settings.from_env(env, dotenv_path=None)


def test_defaults():
    settings = load()
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.database_url == "sqlite:///leadbot.db"
    assert (settings.host, settings.port) == ("0.0.0.0", 3000)
    assert (settings.default_locale, settings.timezone, settings.scheduler) == ("en", "Europe/Stockholm", True)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SLACK_BOT_TOKEN", "xoxp-user-token"),
        ("SLACK_APP_TOKEN", "xoxb-not-an-app-token"),
        ("SLACK_API_URL", "slack.com/api"),
        ("DATABASE_URL", "mysql://x@y/z"),
        ("DATABASE_URL", "postgresql://x@y/z"),
        ("DATABASE_URL", "::::"),
        ("PORT", "http"),
        ("PORT", "70000"),
        ("LEADBOT_DEFAULT_LOCALE", "de"),
        ("LEADBOT_TIMEZONE", "Mars/Olympus"),
        ("LEADBOT_SCHEDULER", "maybe"),
    ],
)
def test_a_malformed_value_names_the_variable(name, value):
    with pytest.raises(SettingsError) as error:
        load(**{name: value})
    assert str(error.value).startswith(name)
    assert "\n" not in str(error.value)


def test_api_url_gets_a_trailing_slash():
    assert load(SLACK_API_URL="http://127.0.0.1:9/api").slack_api_url == "http://127.0.0.1:9/api/"


def test_dotenv_is_read_and_the_environment_wins(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("LEADBOT_DEFAULT_LOCALE=sv\nPORT=4000\n")
    settings = Settings.from_env({"PORT": "5000"}, dotenv_path=str(env_file))
    assert (settings.default_locale, settings.port) == ("sv", 5000)


def test_run_without_slack_settings_says_exactly_what_to_set(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("leadbot: neither Slack nor Teams is configured")
    assert "SLACK_SIGNING_SECRET" in lines[0] and "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID" in lines[0]

    half = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "SLACK_BOT_TOKEN": "xoxb-1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert half.returncode == 2
    assert half.stderr.strip().startswith("leadbot: SLACK_SIGNING_SECRET is not set")


def test_manifest_has_commands_events_and_scopes():
    import json

    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "manifest", "--url", "https://leadbot.example.org"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    manifest = json.loads(result.stdout)
    commands = {c["command"]: c for c in manifest["features"]["slash_commands"]}
    assert set(commands) == {"/commit", "/reflect", "/leadbot"}
    assert all(c["should_escape"] and c["url"] == "https://leadbot.example.org/slack/events" for c in commands.values())
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == {
        "app_home_opened",
        "message.im",
        "app_uninstalled",
        "tokens_revoked",
    }
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "users:read", "im:history", "files:write"} <= scopes
    assert manifest["oauth_config"]["redirect_urls"] == ["https://leadbot.example.org/slack/oauth_redirect"]
    assert manifest["settings"]["socket_mode_enabled"] is False
