"""Who is acting: the person behind a request, with their language and time zone, the same
for every platform. The front end says which platform, workspace and user; the profile it
knows (Slack's users.info, a Teams activity's locale and time zone) refreshes the person.

What the person did not choose comes from their workspace's defaults, else the process's; the
order (their choice, the platform's word, the workspace's, the process's) and why the
workspace's language beats the chat client's while the client's time zone beats the
workspace's, is in nudges.fallbacks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, bindparam, select

from nudges.fallbacks import Fallbacks
from nudges.service.core import Core
from nudges.service.recent import Recent
from storage import repo
from storage.db import reading, session_scope
from storage.models import Person, Workspace, WorkspaceDefaults

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
    # What applies in the person's workspace to what they did not choose (its slot, its
    # holidays); the process's settings when the workspace set nothing.
    fallbacks: Fallbacks | None = None

    def today(self, now: datetime) -> date:
        return now.astimezone(self.tz).date()


_PERSON = Person.__table__.c
_WORKSPACE = Workspace.__table__.c
_DEFAULTS = WorkspaceDefaults.__table__.c
_OWN = ("timezone", "locale", "nudge_weekday", "nudge_time", "digest_weekday", "digest_time", "holidays")
# Who is acting, in one read: the person joined to their workspace by the platform's ids, and to
# the workspace's own defaults if it set any. Only a workspace that is installed answers; one
# marked uninstalled goes the writing way, which clears the mark.
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
        _DEFAULTS.workspace_id.label("own_workspace_id"),
        *(_DEFAULTS[name].label(f"own_{name}") for name in _OWN),
    )
    .select_from(
        Person.__table__.join(Workspace.__table__, _PERSON.workspace_id == _WORKSPACE.id).outerjoin(
            WorkspaceDefaults.__table__, _DEFAULTS.workspace_id == _WORKSPACE.id
        )
    )
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
            own = _own(row) if row.own_workspace_id is not None else None
            return _actor(core, row, platform, workspace, _stale(row.profile_checked_at, now), own)
    with session_scope(core.engine) as session:
        found = repo.get_or_create_workspace(session, platform=platform, external_id=workspace)
        if found.uninstalled_at is not None:
            found.uninstalled_at = None
            session.add(found)
        person = repo.get_or_create_person(session, workspace_id=found.id, external_id=user)
        if profile is not None:
            fields = {k: v for k, v in profile.items() if v is not None}
            person = repo.set_person_fields(session, person=person, profile_checked_at=now, **fields)
        own = session.get(WorkspaceDefaults, found.id)
        return _actor(core, person, platform, workspace, _stale(person.profile_checked_at, now), own)


# Who was found acting lately, per (platform, workspace, user): see nudges.service.recent.
_RECENT: Recent[Actor] = Recent(("person", "workspace", "workspacedefaults"), spares="SET last_number=")


def recent(core: Core, *, platform: str, workspace: str, user: str) -> Actor:
    """Who is acting, as `identify` without a profile, trusting what was found in the last few
    seconds (nudges.service.recent). Only for a use case whose one write finds the person's row
    by its id and platform id or saves nothing (a /commit: storage.repo.add_numbered_commitment
    raises LookupError), so that a person erased by another process meanwhile, or someone new
    given the erased row's id, gets nothing saved under that row; then `forget`, and ask again."""
    return _RECENT.get(
        core.engine,
        (platform, workspace, user),
        lambda: identify(core, platform=platform, workspace=workspace, user=user),
        keep=lambda actor: not actor.stale,  # a stale profile is read again from the platform
    )


def forget(core: Core, *, platform: str, workspace: str, user: str) -> None:
    """The next `recent` for this person reads again: what it gave was not there any more."""
    _RECENT.forget(core.engine, (platform, workspace, user))


def _own(row) -> WorkspaceDefaults:
    return WorkspaceDefaults(workspace_id=row.own_workspace_id, **{name: getattr(row, f"own_{name}") for name in _OWN})


def _stale(checked_at: datetime | None, now: datetime) -> bool:
    return checked_at is None or now - checked_at > PROFILE_MAX_AGE


def reload(core: Core, actor: Actor) -> Actor:
    """The same actor after a setting changed (their language, for one)."""
    with session_scope(core.engine) as session:
        own = session.get(WorkspaceDefaults, actor.workspace_id)
        return _actor(core, session.get(Person, actor.person_id), actor.platform, actor.workspace, actor.stale, own)


def _actor(core: Core, person, platform: str, workspace: str, stale: bool, own: WorkspaceDefaults | None) -> Actor:
    """From a Person or a row of _KNOWN: the same fields by the same names."""
    fallbacks = core.fallbacks.with_workspace(own)
    return Actor(
        person_id=person.id,
        workspace_id=person.workspace_id,
        platform=platform,
        workspace=workspace,
        user_id=person.external_id,
        locale=fallbacks.locale_for(person.platform_locale, person.locale_choice),
        tz=fallbacks.zone_for(person.tz),
        name=person.display_name,
        stale=stale,
        fallbacks=fallbacks,
    )
