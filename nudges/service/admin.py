"""Signing in to the admin page: an admin asks the bot, which sends a one-time link to their own
chat; the link opens a session bound to that person and workspace.

Only hashes of the tokens are stored, so a copy of the database signs no one in. A link works
once and for minutes only (it travels through a chat and may be forwarded); a session lasts a
working day. Every form on the page carries the session's CSRF token.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import col, select

from nudges.service.actors import Actor
from nudges.service.core import Core
from nudges.service.peers import Peers
from storage.db import session_scope
from storage.models import AdminLink, AdminSession, Person, Workspace, WorkspaceDefaults

LINK_VALID = timedelta(minutes=10)
SESSION_VALID = timedelta(hours=8)


class NoPublicUrl(Exception):
    """The operator has not said where leadbot is reached, so no link can be made."""

    def __str__(self) -> str:
        return "LEADBOT_PUBLIC_URL is not set: the admin page's sign-in links need the address leadbot is reached at"


@dataclass(frozen=True)
class SignedIn:
    """The admin a session belongs to: everything the page may show is of this workspace only."""

    workspace_id: int
    person_id: int
    locale: str
    name: str | None
    workspace_name: str | None
    csrf: str
    expires_at: datetime


@dataclass(frozen=True)
class Opened:
    """A session just opened from a link: the cookie's token (shown once, never stored) and the
    CSRF token its forms carry."""

    token: str
    csrf: str
    expires_at: datetime


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_admin(core: Core, actor: Actor, peers: Peers) -> bool:
    """Named in LEADBOT_ADMINS, or an admin as the platform says (a front end's PlatformUnreachable
    passes through, as for the workspace figures)."""
    return actor.user_id in core.admins or bool(peers.is_admin(actor))


def issue_link(core: Core, actor: Actor, peers: Peers) -> str | None:
    """A sign-in link for an admin to receive in their own chat, or None for anyone else.

    Raises NoPublicUrl when the operator has not set LEADBOT_PUBLIC_URL."""
    if not is_admin(core, actor, peers):
        return None
    if not core.public_url:
        raise NoPublicUrl()
    token = secrets.token_urlsafe(32)
    now = core.now()
    with session_scope(core.engine) as session:
        session.add(
            AdminLink(
                token_hash=_hash(token),
                workspace_id=actor.workspace_id,
                person_id=actor.person_id,
                expires_at=now + LINK_VALID,
                created_at=now,
            )
        )
    return f"{core.public_url}/admin/signin?token={token}"


def redeem(core: Core, token: str, now: datetime) -> Opened | None:
    """Opens a session for the link's person, once: a link already used, expired, or unknown
    opens nothing. Marking it used is one conditional update, so two clicks at once cannot both win."""
    if not token:
        return None
    with session_scope(core.engine) as session:
        link = session.exec(select(AdminLink).where(AdminLink.token_hash == _hash(token))).first()
        if link is None or link.used_at is not None or link.expires_at <= now:
            return None
        taken = session.execute(
            update(AdminLink).where(col(AdminLink.id) == link.id, col(AdminLink.used_at).is_(None)).values(used_at=now)
        ).rowcount
        if taken != 1:
            return None
        opened = Opened(token=secrets.token_urlsafe(32), csrf=secrets.token_urlsafe(32), expires_at=now + SESSION_VALID)
        session.add(
            AdminSession(
                token_hash=_hash(opened.token),
                csrf=opened.csrf,
                workspace_id=link.workspace_id,
                person_id=link.person_id,
                expires_at=opened.expires_at,
                created_at=now,
            )
        )
    return opened


def session(core: Core, token: str | None) -> SignedIn | None:
    """Who a session cookie belongs to, while the session is open and its workspace installed."""
    if not token:
        return None
    now = core.now()
    with session_scope(core.engine) as db:
        row = db.exec(
            select(AdminSession, Person, Workspace, WorkspaceDefaults)
            .join(Person, col(Person.id) == AdminSession.person_id)
            .join(Workspace, col(Workspace.id) == AdminSession.workspace_id)
            .outerjoin(WorkspaceDefaults, col(WorkspaceDefaults.workspace_id) == Workspace.id)
            .where(AdminSession.token_hash == _hash(token))
        ).first()
        if row is None:
            return None
        kept, person, workspace, own = row
        if kept.ended_at is not None or kept.expires_at <= now or workspace.uninstalled_at is not None:
            return None
        return SignedIn(
            workspace_id=kept.workspace_id,
            person_id=kept.person_id,
            locale=core.fallbacks.with_workspace(own).locale_for(person.platform_locale, person.locale_choice),
            name=person.display_name,
            workspace_name=workspace.name,
            csrf=kept.csrf,
            expires_at=kept.expires_at,
        )


def sign_out(core: Core, token: str | None) -> None:
    """Ends the session: its cookie signs no one in any more."""
    if not token:
        return
    with session_scope(core.engine) as db:
        db.execute(
            update(AdminSession)
            .where(col(AdminSession.token_hash) == _hash(token), col(AdminSession.ended_at).is_(None))
            .values(ended_at=core.now())
        )
