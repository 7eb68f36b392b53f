"""Who is acting: the workspace and person behind a Slack payload, with language and time zone.

The person is the core's Actor; the profile (locale, tz, name) comes from `users.info` the
first time a person is seen and again once a day; when Slack cannot be reached the person still gets an answer, in the
language and time zone known so far.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.services import Services
from nudges.service import Actor, identify

log = logging.getLogger(__name__)
PLATFORM = "slack"


def team_of(body: dict) -> str:
    team = body.get("team_id") or (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id")
    return str(team or "")


def user_of(body: dict) -> str:
    user = body.get("user_id") or (body.get("user") or {}).get("id") or (body.get("event") or {}).get("user")
    return str(user or "")


def known(services: Services, *, team_id: str, user_id: str) -> Actor:
    """Who is acting, from our own tables only: what may be asked before an ack."""
    return identify(services.core, platform=PLATFORM, workspace=team_id, user=user_id)


def actor_for(services: Services, client: WebClient, *, team_id: str, user_id: str) -> Actor:
    """Who is acting, with the profile read from Slack when it is a day old or was never read."""
    actor = known(services, team_id=team_id, user_id=user_id)
    if actor.stale:
        profile = _fetch_profile(client, user_id)
        if profile is not None:
            actor = identify(services.core, platform=PLATFORM, workspace=team_id, user=user_id, profile=profile)
    return actor


def _fetch_profile(client: WebClient, user_id: str) -> dict | None:
    try:
        user = client.users_info(user=user_id, include_locale=True)["user"]
    except (SlackApiError, SlackClientError, OSError):
        log.warning("users.info failed for a person; answering with what is known", exc_info=True)
        return None
    profile = user.get("profile") or {}
    name = profile.get("display_name") or profile.get("real_name") or user.get("real_name") or user.get("name")
    return {"tz": user.get("tz"), "platform_locale": user.get("locale"), "display_name": (name or "")[:200] or None}


def find_user_by_handle(client: WebClient, handle: str) -> str | None:
    """A plain "@pat" typed into a command: look the handle up among the workspace's people."""
    wanted = handle.lower().lstrip("@")
    cursor = None
    try:
        while True:
            page = client.users_list(limit=200, cursor=cursor) if cursor else client.users_list(limit=200)
            for member in page.get("members", []):
                if member.get("deleted") or member.get("is_bot"):
                    continue
                profile = member.get("profile") or {}
                names = {member.get("name"), profile.get("display_name"), profile.get("real_name")}
                if wanted in {n.lower() for n in names if n}:
                    return member["id"]
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return None
    except (SlackApiError, SlackClientError, OSError):
        log.warning("users.list failed while looking up a partner", exc_info=True)
        return None
