"""What the use cases ask of Teams during a turn (nudges.service.peers)."""

from __future__ import annotations

import logging

from microsoft_agents.activity import Activity, ActivityTypes

from bot.services import Services
from bot.teams import render
from bot.teams.people import PLATFORM, remember
from nudges.service import Actor, identify
from nudges.service.peers import Notice

log = logging.getLogger(__name__)


class TeamsPeers:
    def __init__(self, services: Services, actor: Actor, activity) -> None:
        self.services, self.actor, self.activity = services, actor, activity

    def find_by_handle(self, handle: str) -> str | None:
        """Teams names a partner by @mention; a bare handle cannot be looked up without Graph."""
        return None

    def tell(self, user_id: str, notice: Notice) -> bool:
        """In the partner's personal chat with leadbot: the one they have, or a new one when
        Teams lets the bot start it."""
        from bot.teams.delivery import TeamsOutbound

        # Known from now on (as on Slack), so that a chat can be opened with them.
        locale = identify(self.services.core, platform=PLATFORM, workspace=self.actor.workspace, user=user_id).locale
        message = Activity(type=ActivityTypes.message, text=render.notice(locale, notice), text_format="markdown")
        outbound = TeamsOutbound(self.services.teams_sdk(), self.services.engine, self.services.settings.timezone)
        told = outbound.tell(self.actor.workspace, user_id, message)
        if not told:
            log.info("a partner could not be told: no chat with leadbot, and none could be started")
        return told

    def is_admin(self, actor: Actor) -> bool:
        """Teams does not tell a bot who administers the tenant (that takes Graph): admins are
        named by LEADBOT_ADMINS."""
        return False

    def join(self, channel: str, team_id: int) -> bool:
        """A bot may post in a channel it has been written to in: keep that channel's reference."""
        remember(self.services, self.actor.workspace_id, self.activity, team_id=team_id, conversation_id=channel)
        return True
