"""A check-in as it stands now, to redraw it after a button on it was pressed: only one that
was sent to the acting person."""

from __future__ import annotations

from sqlmodel import select

from nudges import fallbacks
from nudges.checkin import CheckIn
from nudges.checkin import build as build_checkin
from nudges.service.actors import Actor
from nudges.service.core import Core
from storage.db import session_scope
from storage.models import Nudge


def current(
    core: Core, actor: Actor, *, nudge_id: int | None = None, channel: str | None = None, ts: str | None = None
) -> CheckIn | None:
    with session_scope(core.engine) as session:
        if nudge_id is not None:
            nudge = session.get(Nudge, nudge_id)
        else:
            nudge = session.exec(
                select(Nudge).where(Nudge.person_id == actor.person_id, Nudge.channel == channel, Nudge.ts == ts)
            ).first()
        if nudge is None or nudge.person_id != actor.person_id:
            return None
        own = fallbacks.read(session, core.fallbacks, [nudge.workspace_id])
        return build_checkin(session, nudge, fallbacks=own, now=core.now())
