"""Events: App Home opened; direct messages (answered by the check-ins, later)."""

from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient

from bot.services import Services
from bot.slack import flows
from bot.slack.listeners.common import kindly
from bot.slack.people import actor_for


def register(app: App, services: Services) -> None:
    @app.event("app_home_opened")
    def home_opened(event: dict, body: dict, client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        with kindly(None, lambda: services.settings.default_locale, "App Home"):
            actor = actor_for(services, client, team_id=body.get("team_id", ""), user_id=event["user"])
            flows.publish_home(services, client, actor)

    @app.event("message")
    def direct_message(event: dict) -> None:
        """Acknowledged so Slack does not retry; replies in check-in threads are read by the nudges."""
