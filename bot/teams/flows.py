"""Commands that arrive as Teams messages — `commit …`, `reflect …`, `help` (a leading `/`
is fine) — answered with the same grammar and domain as the Slack commands.

Synchronous on purpose: the turn handler runs these in a worker thread, so the database
never blocks the event loop that serves every Teams turn.
"""

from __future__ import annotations

import logging

from bot.i18n import weekday_name
from bot.services import Services
from bot.teams import cards, replies
from bot.teams.people import TeamsActor, remember
from nudges import commitments as domain
from nudges import teams
from nudges.drafts import Denial, Refusal
from nudges.grammar import parse_commit, parse_reflect
from nudges.language import LOCALES
from storage import repo
from storage.db import session_scope
from storage.models import Commitment, Person

log = logging.getLogger(__name__)

COMMIT_WORDS = {"commit", "åtagande", "atagande"}
REFLECT_WORDS = {"reflect", "reflektera"}
HELP_WORDS = {"help", "hjälp", "hjalp", "?"}
LIST_WORDS = {"list", "lista"}
DIGEST_WORDS = {"digest", "veckobrev"}


def split_command(text: str) -> tuple[str, str]:
    """('commit', 'kurs "AI" senast 15 dec') from '/commit kurs "AI" senast 15 dec'."""
    stripped = (text or "").strip().lstrip("/")
    word, _, rest = stripped.partition(" ")
    return word.lower(), rest.strip()


def answer(services: Services, actor: TeamsActor, text: str) -> str | dict:
    """A text to send back, or a card (the forms, for a bare `commit` or `reflect`)."""
    word, rest = split_command(text)
    if word in COMMIT_WORDS:
        if not rest:
            return cards.commit_form(actor.locale, today=actor.today(services.now()))
        return commit(services, actor, rest)
    if word in REFLECT_WORDS:
        if not rest:
            with session_scope(services.engine) as session:
                active = repo.commitments(session, person=session.get(Person, actor.person_id))
            return cards.reflect_form(actor.locale, active)
        return reflect(services, actor, rest)
    if word in DIGEST_WORDS:
        return replies.say(actor.locale, "teams.digest.not_a_channel")
    return replies.help_text(actor.locale, "leadbot", "commit", "reflect", "teams")


def in_channel(services: Services, actor: TeamsActor, activity, text: str) -> str:
    """In a team's channel only the digest is at home: `digest on|off|time …|language …`."""
    word, rest = split_command(text)
    if word not in DIGEST_WORDS:
        return replies.help_text(actor.locale, "digest", "teams")
    words = rest.split()
    action = words[0].lower() if words else ""
    channel = channel_of(activity)
    with session_scope(services.engine) as session:
        team = teams.find(session, workspace_id=actor.workspace_id, channel_id=channel)
        if action in ("on", "på"):
            team = teams.switch_on(
                session,
                workspace_id=actor.workspace_id,
                channel_id=channel,
                name=_channel_name(activity),
                locale=services.settings.default_locale,
                tz=services.settings.timezone,
            )
            remember(session, actor.workspace_id, activity, team_id=team.id, conversation_id=channel)
            return replies.say(actor.locale, "digest.on", **_schedule(actor.locale, team))
        if team is None:
            return replies.say(actor.locale, "digest.not_on")
        if action in ("off", "av"):
            team.enabled = False
            session.add(team)
            return replies.say(actor.locale, "digest.off")
        if action in ("time", "tid"):
            when = teams.parse_when(words[1:])
            if when is None:
                return replies.say(actor.locale, "digest.bad_time")
            team.weekday, team.at = when
            session.add(team)
            return replies.say(actor.locale, "digest.moved", **_schedule(actor.locale, team))
        if action in ("language", "språk", "sprak"):
            choice = words[1].lower() if len(words) > 1 else ""
            if choice not in LOCALES:
                return replies.say(actor.locale, "digest.bad_language")
            team.locale = choice
            session.add(team)
            return replies.say(choice, "digest.language_set")
    return replies.help_text(actor.locale, "digest")


def channel_of(activity) -> str:
    """A channel's own conversation id: a message in a channel carries its thread as well."""
    return activity.conversation.id.split(";")[0]


def _channel_name(activity) -> str | None:
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    return (data.get("channel") or {}).get("name") or activity.conversation.name


def _schedule(locale: str, team) -> dict:
    day = weekday_name(team.weekday, locale)
    return {"day": day.lower() if locale == "sv" else day, "time": team.at.strftime("%H:%M"), "tz": team.tz}


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
