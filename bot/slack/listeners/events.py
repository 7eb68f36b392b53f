"""Events: App Home opened; direct messages (answers to check-ins); the app removed from a
workspace or its tokens revoked (stop sending there)."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient

from bot.services import Services
from bot.slack import installs, render
from bot.slack.listeners.actions import publish_home
from bot.slack.listeners.common import kindly
from bot.slack.listeners.shapes import wanted_message
from bot.slack.peers import SlackPeers
from bot.slack.people import actor_for
from nudges.service import commands as c
from nudges.service import run

log = logging.getLogger(__name__)


def register(app: App, services: Services) -> frozenset[str]:
    """Returns the event types registered."""

    @app.event("app_uninstalled")
    def uninstalled(body: dict) -> None:
        _stop_sending(services, body.get("team_id", ""), "the app was uninstalled")

    @app.event("tokens_revoked")
    def tokens_revoked(event: dict, body: dict) -> None:
        if (event.get("tokens") or {}).get("bot"):  # user tokens alone do not stop the bot
            _stop_sending(services, body.get("team_id", ""), "its bot token was revoked")

    @app.event("app_home_opened")
    def home_opened(event: dict, body: dict, client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        with kindly(None, lambda: services.settings.default_locale, "App Home"):
            actor = actor_for(services, client, team_id=body.get("team_id", ""), user_id=event["user"])
            publish_home(services, client, actor)

    @app.event("message")
    def direct_message(event: dict, body: dict, client: WebClient) -> None:
        """Answers to a check-in become reflections; anything else gets a pointer to the commands."""
        if not wanted_message(event):
            return
        with kindly(None, lambda: services.settings.default_locale, "direct message"):
            actor = actor_for(services, client, team_id=body.get("team_id", ""), user_id=event.get("user", ""))
            message = c.Message(event.get("text") or "", channel=event.get("channel"), thread=event.get("thread_ts"))
            reply = render.reply(
                run(services.core, actor, message, SlackPeers(services, client, actor.workspace)), actor.locale
            )
            client.chat_postMessage(
                channel=event["channel"],
                thread_ts=event.get("thread_ts") or event.get("ts"),
                text=reply.text,
                blocks=reply.blocks,
            )

    return frozenset({"app_uninstalled", "tokens_revoked", "app_home_opened", "message"})


def _stop_sending(services: Services, team_id: str, why: str) -> None:
    """Nothing more goes to that workspace; with OAuth its stored tokens are deleted too. Its
    people's data stays until they erase it or retention removes it; a reinstall resumes."""
    settings = services.settings
    if settings.slack_oauth:
        store, _ = installs.stores(services.engine, settings.slack_client_id)
        store.delete_all(enterprise_id=None, team_id=team_id)
    installs.mark_uninstalled(services.engine, team_id, services.now())
    log.info("workspace %s: %s; nothing more is sent there", team_id, why)
