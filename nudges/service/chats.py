"""Where the bot may write later (Teams lets a bot write only where it has been, so each
conversation's reference is kept), and deliveries seen before (a platform's retry changes
nothing twice)."""

from __future__ import annotations

from nudges.service.core import Core
from storage import repo
from storage.db import session_scope, writing


def remember(
    core: Core,
    *,
    workspace_id: int,
    conversation_id: str,
    service_url: str,
    reference: str,
    person_id: int | None = None,
    team_id: int | None = None,
) -> None:
    with session_scope(core.engine) as session:
        repo.remember_conversation(
            session,
            workspace_id=workspace_id,
            conversation_id=conversation_id,
            service_url=service_url,
            reference=reference,
            person_id=person_id,
            team_id=team_id,
        )


def personal(core: Core, person_id: int) -> str | None:
    """The stored reference of the person's own chat with the bot, if they have one."""
    with session_scope(core.engine) as session:
        row = repo.personal_conversation(session, person_id=person_id)
        return row.reference if row else None


def first_delivery(core: Core, key: str) -> bool:
    """Asked before every ack: one statement, so on PostgreSQL one round trip."""
    with writing(core.engine) as connection:
        return repo.claim_receipt(connection, key=key[:200])
