"""Events: App Home opened; direct messages (answered by the check-ins, later)."""

from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient

from bot.services import Services
from bot.slack import blocks, flows
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
    def direct_message(event: dict, body: dict, client: WebClient) -> None:
        """Answers to a check-in become reflections; anything else gets a pointer to the commands."""
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        with kindly(None, lambda: services.settings.default_locale, "direct message"):
            actor = actor_for(services, client, team_id=body.get("team_id", ""), user_id=event.get("user", ""))
            reply = flows.answer_to_checkin(services, client, actor, event)
            if reply is None:
                reply = blocks.help_reply(actor.locale, "reflect")
            client.chat_postMessage(
                channel=event["channel"],
                thread_ts=event.get("thread_ts") or event.get("ts"),
                text=reply.text,
                blocks=reply.blocks,
            )
