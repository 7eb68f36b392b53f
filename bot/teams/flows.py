"""Commands that arrive as Teams messages — `commit …`, `reflect …`, `help` (a leading `/`
is fine) — answered with the same grammar and domain as the Slack commands.

Synchronous on purpose: the turn handler runs these in a worker thread, so the database
never blocks the event loop that serves every Teams turn.
"""

from __future__ import annotations

import logging

from bot.services import Services
from bot.teams import replies
from bot.teams.people import TeamsActor
from nudges import commitments as domain
from nudges.drafts import Denial, Refusal
from nudges.grammar import parse_commit, parse_reflect
from storage import repo
from storage.db import session_scope
from storage.models import Commitment, Person

log = logging.getLogger(__name__)

COMMIT_WORDS = {"commit", "åtagande", "atagande"}
REFLECT_WORDS = {"reflect", "reflektera"}
HELP_WORDS = {"help", "hjälp", "hjalp", "?"}
LIST_WORDS = {"list", "lista"}


def split_command(text: str) -> tuple[str, str]:
    """('commit', 'kurs "AI" senast 15 dec') from '/commit kurs "AI" senast 15 dec'."""
    stripped = (text or "").strip().lstrip("/")
    word, _, rest = stripped.partition(" ")
    return word.lower(), rest.strip()


def answer(services: Services, actor: TeamsActor, text: str) -> str:
    word, rest = split_command(text)
    if word in COMMIT_WORDS:
        return commit(services, actor, rest)
    if word in REFLECT_WORDS:
        return reflect(services, actor, rest)
    return replies.help_text(actor.locale, "leadbot", "commit", "reflect")


def commit(services: Services, actor: TeamsActor, text: str) -> str:
    first = text.split()[0].lower() if text else ""
    if not text or (first in HELP_WORDS and len(text.split()) == 1):
        return replies.help_text(actor.locale, "commit")
    if first in LIST_WORDS and len(text.split()) == 1:
        with session_scope(services.engine) as session:
            active = repo.commitments(session, person=session.get(Person, actor.person_id))
        return replies.listing(actor.locale, active, actor.today(services.now()))
    draft = parse_commit(text, today=actor.today(services.now()))
    if isinstance(draft, Refusal):
        return replies.commit_refused(actor.locale, draft.problems)
    with session_scope(services.engine) as session:
        person = session.get(Person, actor.person_id)
        made = domain.make_commitment(session, person=person, draft=draft, now=services.now())
    log.info("commitment made", extra={"person": actor.person_id, "commitment": made.id})
    return replies.committed(actor.locale, made)


def reflect(services: Services, actor: TeamsActor, text: str) -> str:
    if not text or text.lower() in HELP_WORDS:
        return replies.help_text(actor.locale, "reflect")
    draft = parse_reflect(text)
    if isinstance(draft, Refusal):
        number = text.split()[0].lstrip("#")
        return replies.reflect_refused(actor.locale, draft.problems, int(number) if number.isdigit() else None)
    with session_scope(services.engine) as session:
        person = session.get(Person, actor.person_id)
        result = domain.reflect(session, person=person, draft=draft, now=services.now())
        if isinstance(result, Denial):
            return replies.denied(actor.locale, result, draft.number)
        if isinstance(result, domain.Completed):
            return replies.completed(actor.locale, result.commitment, result.next_due)
        about = session.get(Commitment, result.commitment_id) if result.commitment_id else None
        return replies.reflected(actor.locale, commitment=about, kind=result.kind, private=result.private)


def complete(services: Services, actor: TeamsActor, commitment_id: int) -> str:
    """Done on a check-in card: only the acting person's own commitment."""
    with session_scope(services.engine) as session:
        person = session.get(Person, actor.person_id)
        result = domain.complete_by_id(session, person=person, commitment_id=commitment_id, now=services.now())
        if isinstance(result, Denial):
            found = domain.find(session, person=person, commitment_id=commitment_id)
            return replies.denied(actor.locale, result, found.number if found else None)
    return replies.completed(actor.locale, result.commitment, result.next_due)
