"""Who is acting: the workspace and person behind a Slack payload, with language and time zone.

The profile (locale, tz, name) comes from `users.info` the first time a person is seen and
again once a day; when Slack cannot be reached the person still gets an answer, in the
language and time zone known so far.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.i18n import pick_locale
from bot.services import Services
from nudges.zones import zone
from storage import repo
from storage.db import session_scope
from storage.models import Person

log = logging.getLogger(__name__)
PLATFORM = "slack"
PROFILE_MAX_AGE = timedelta(hours=24)


@dataclass(frozen=True)
class Actor:
    person_id: int
    workspace_id: int
    user_id: str
    team_id: str
    locale: str
    tz: ZoneInfo

    def today(self, now: datetime) -> date:
        return now.astimezone(self.tz).date()


def team_of(body: dict) -> str:
    team = body.get("team_id") or (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id")
    return str(team or "")


def user_of(body: dict) -> str:
    user = body.get("user_id") or (body.get("user") or {}).get("id") or (body.get("event") or {}).get("user")
    return str(user or "")


def actor_for(services: Services, client: WebClient, *, team_id: str, user_id: str) -> Actor:
    now = services.now()
    with session_scope(services.engine) as session:
        workspace = repo.get_or_create_workspace(session, platform=PLATFORM, external_id=team_id)
        if workspace.uninstalled_at is not None:  # a request from there means it is back
            workspace.uninstalled_at = None
            session.add(workspace)
        person = repo.get_or_create_person(session, workspace_id=workspace.id, external_id=user_id)
        stale = person.profile_checked_at is None or now - person.profile_checked_at > PROFILE_MAX_AGE
    if stale:
        profile = _fetch_profile(client, user_id)
        if profile is not None:
            with session_scope(services.engine) as session:
                person = session.get(Person, person.id)
                repo.set_person_fields(session, person=person, profile_checked_at=now, **profile)
    return _actor(services, person, team_id)


def reload(services: Services, actor: Actor) -> Actor:
    """The same actor after a setting changed (language, for one)."""
    with session_scope(services.engine) as session:
        person = session.get(Person, actor.person_id)
    return _actor(services, person, actor.team_id)


def _actor(services: Services, person: Person, team_id: str) -> Actor:
    settings = services.settings
    return Actor(
        person_id=person.id,
        workspace_id=person.workspace_id,
        user_id=person.external_id,
        team_id=team_id,
        locale=pick_locale(person.platform_locale, choice=person.locale_choice, default=settings.default_locale),
        tz=zone(person.tz, settings.timezone),
    )


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
