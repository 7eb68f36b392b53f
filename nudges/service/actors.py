"""Who is acting: the person behind a request, with their language and time zone, the same
for every platform. The front end says which platform, workspace and user; the profile it
knows (Slack's users.info, a Teams activity's locale and time zone) refreshes the person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, bindparam, select

from nudges.language import person_locale
from nudges.service.core import Core
from nudges.zones import zone
from storage import repo
from storage.db import reading, session_scope
from storage.models import Person, Workspace

PROFILE_MAX_AGE = timedelta(hours=24)


@dataclass(frozen=True)
class Actor:
    person_id: int
    workspace_id: int
    platform: str
    workspace: str  # the platform's id of the workspace: a Slack team, a Teams tenant
    user_id: str  # the platform's id of the person
    locale: str
    tz: ZoneInfo
    name: str | None = None
    stale: bool = False  # the profile was last read more than a day ago (or never)

    def today(self, now: datetime) -> date:
        return now.astimezone(self.tz).date()


_PERSON = Person.__table__.c
_WORKSPACE = Workspace.__table__.c
# Who is acting, in one read: the person joined to their workspace by the platform's ids. Only
# a workspace that is installed answers; one marked uninstalled goes the writing way, which
# clears the mark.
_KNOWN = (
    select(
        _PERSON.id,
        _PERSON.workspace_id,
        _PERSON.external_id,
        _PERSON.platform_locale,
        _PERSON.locale_choice,
        _PERSON.tz,
        _PERSON.display_name,
        _PERSON.profile_checked_at,
    )
    .select_from(Person.__table__.join(Workspace.__table__, _PERSON.workspace_id == _WORKSPACE.id))
    .where(
        and_(
            _WORKSPACE.platform == bindparam("platform"),
            _WORKSPACE.external_id == bindparam("workspace"),
            _WORKSPACE.uninstalled_at.is_(None),
            _PERSON.external_id == bindparam("user"),
        )
    )
)


def identify(core: Core, *, platform: str, workspace: str, user: str, profile: dict | None = None) -> Actor:
    """Finds or makes the workspace and the person; a request from a workspace marked
    uninstalled means it is back. `profile` (tz, platform_locale, display_name) is stored.

    Every request asks this, so someone already known costs one read outside any write
    transaction (on SQLite it need not wait its turn behind writers); only a first sight, a
    returning workspace or a profile to store writes."""
    now = core.now()
    if profile is None:
        with reading(core.engine) as connection:
            row = connection.execute(_KNOWN, {"platform": platform, "workspace": workspace, "user": user}).first()
        if row is not None:
            return _actor(core, row, platform, workspace, _stale(row.profile_checked_at, now))
    with session_scope(core.engine) as session:
        found = repo.get_or_create_workspace(session, platform=platform, external_id=workspace)
        if found.uninstalled_at is not None:
            found.uninstalled_at = None
            session.add(found)
        person = repo.get_or_create_person(session, workspace_id=found.id, external_id=user)
        if profile is not None:
            fields = {k: v for k, v in profile.items() if v is not None}
            person = repo.set_person_fields(session, person=person, profile_checked_at=now, **fields)
        return _actor(core, person, platform, workspace, _stale(person.profile_checked_at, now))


def _stale(checked_at: datetime | None, now: datetime) -> bool:
    return checked_at is None or now - checked_at > PROFILE_MAX_AGE


def reload(core: Core, actor: Actor) -> Actor:
    """The same actor after a setting changed (their language, for one)."""
    with session_scope(core.engine) as session:
        return _actor(core, session.get(Person, actor.person_id), actor.platform, actor.workspace, actor.stale)


def _actor(core: Core, person, platform: str, workspace: str, stale: bool) -> Actor:
    """From a Person or a row of _KNOWN: the same fields by the same names."""
    return Actor(
        person_id=person.id,
        workspace_id=person.workspace_id,
        platform=platform,
        workspace=workspace,
        user_id=person.external_id,
        locale=person_locale(person.platform_locale, choice=person.locale_choice, default=core.default_locale),
        tz=zone(person.tz, core.timezone),
        name=person.display_name,
        stale=stale,
    )
