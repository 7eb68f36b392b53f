"""A person's right to see and to erase what is kept about them (GDPR articles 15 and 17).

Export gathers every row that is about the person, as stored; erase deletes them in one
transaction, so an interruption leaves either everything or nothing. What others wrote is
theirs, but where it names this person (as a partner) the name is removed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import delete, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, col, select

from storage.db import session_scope
from storage.models import AdminLink, AdminSession, Commitment, ConversationRef, Nudge, Person, Reflection, Workspace

FORMAT = "leadbot-export/1"


def export(session: Session, person_id: int, *, now: datetime) -> dict:
    """Everything stored about one person, plainly, ready for json.dumps."""
    person = session.get(Person, person_id)
    workspace = session.get(Workspace, person.workspace_id)
    commitments = session.exec(select(Commitment).where(Commitment.person_id == person_id).order_by(Commitment.number))
    reflections = session.exec(
        select(Reflection).where(Reflection.person_id == person_id).order_by(col(Reflection.created_at))
    )
    nudges = session.exec(select(Nudge).where(Nudge.person_id == person_id).order_by(col(Nudge.day)))
    named = session.exec(  # others' private commitments stay private, even from their partner
        select(Commitment).where(
            Commitment.workspace_id == person.workspace_id,
            Commitment.partner_external_id == person.external_id,
            Commitment.private == False,  # noqa: E712
        )
    )
    return {
        "format": FORMAT,
        "exported_at": now.isoformat(),
        "workspace": {"platform": workspace.platform, "id": workspace.external_id, "name": workspace.name},
        "person": _plain(person, leave_out={"id", "workspace_id"}),
        "commitments": [_plain(c, leave_out={"workspace_id", "person_id"}) for c in commitments],
        "reflections": [_plain(r, leave_out={"workspace_id", "person_id"}) for r in reflections],
        "nudges": [_plain(n, leave_out={"workspace_id", "person_id", "claimed_by"}) for n in nudges],
        # Someone else's commitment names this person as partner: what, and by when.
        "named_as_partner": [{"title": c.title, "due": c.due.isoformat(), "state": c.state} for c in named],
    }


def export_json(engine: Engine, person_id: int, *, now: datetime) -> str:
    with Session(engine) as session:
        return json.dumps(export(session, person_id, now=now), ensure_ascii=False, indent=2)


@dataclass(frozen=True)
class Erased:
    commitments: int
    reflections: int
    nudges: int
    partner_mentions: int


def erase(engine: Engine, person_id: int, *, also: tuple[Callable[[Session, Person], None], ...] = ()) -> Erased:
    """Deletes the person and everything of theirs, in one transaction. `also` lets a chat
    front end remove what it keeps about the person (Slack: the installer's id) in the same one."""
    with session_scope(engine) as session:
        person = session.get(Person, person_id)
        if person is None:
            return Erased(0, 0, 0, 0)
        own = select(Commitment.id).where(Commitment.person_id == person_id)
        # Reflections point at commitments: others' (should there be any) lose the pointer.
        session.execute(update(Reflection).where(col(Reflection.commitment_id).in_(own)).values(commitment_id=None))
        reflections = session.execute(delete(Reflection).where(col(Reflection.person_id) == person_id)).rowcount
        nudges = session.execute(delete(Nudge).where(col(Nudge.person_id) == person_id)).rowcount
        session.execute(delete(ConversationRef).where(col(ConversationRef.person_id) == person_id))
        session.execute(delete(AdminLink).where(col(AdminLink.person_id) == person_id))
        session.execute(delete(AdminSession).where(col(AdminSession.person_id) == person_id))
        commitments = session.execute(delete(Commitment).where(col(Commitment.person_id) == person_id)).rowcount
        mentions = session.execute(
            update(Commitment)
            .where(
                col(Commitment.workspace_id) == person.workspace_id,
                col(Commitment.partner_external_id) == person.external_id,
            )
            .values(partner_external_id=None)
        ).rowcount
        for forget in also:
            forget(session, person)
        session.delete(person)
    return Erased(commitments or 0, reflections or 0, nudges or 0, mentions or 0)


def _plain(row: SQLModel, *, leave_out: set[str]) -> dict:
    return {key: _value(value) for key, value in row.model_dump().items() if key not in leave_out}


def _value(value):
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value
