"""What the use cases ask of Slack during a request (nudges.service.peers), through the
request's own client."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.services import Services
from bot.slack import render
from bot.slack.people import actor_for, find_user_by_handle
from nudges.service import Actor
from nudges.service.figures import PlatformUnreachable
from nudges.service.peers import Notice

log = logging.getLogger(__name__)


class SlackPeers:
    def __init__(self, services: Services, client: WebClient, workspace: str) -> None:
        self.services, self.client, self.workspace = services, client, workspace

    def find_by_handle(self, handle: str) -> str | None:
        return find_user_by_handle(self.client, handle)

    def tell(self, user_id: str, notice: Notice) -> bool:
        """A courtesy: if it cannot be delivered, what the person did still stands."""
        try:
            partner = actor_for(self.services, self.client, team_id=self.workspace, user_id=user_id)
            message = render.notice(partner.locale, notice)
            self.client.chat_postMessage(channel=user_id, text=message.text, blocks=message.blocks)
            return True
        except (SlackApiError, SlackClientError, OSError):
            log.warning("could not tell a partner about a commitment", exc_info=True)
            return False

    def is_admin(self, actor: Actor) -> bool:
        try:
            user = self.client.users_info(user=actor.user_id)["user"]
        except (SlackApiError, SlackClientError, OSError) as error:
            raise PlatformUnreachable from error
        return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))

    def join(self, channel: str, team_id: int) -> bool:
        """Public channels can be joined; for a private one the reply says how to invite the bot."""
        try:
            self.client.conversations_join(channel=channel)
            return True
        except SlackApiError as error:
            data = error.response.data if error.response is not None else None
            return bool(isinstance(data, dict) and data.get("error") == "already_in_channel")
        except (SlackClientError, OSError):
            log.warning("could not join a channel for its digest", exc_info=True)
            return False
