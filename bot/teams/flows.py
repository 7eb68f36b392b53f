"""Commands that arrive as Teams messages — `commit …`, `reflect …`, `help` (a leading `/`
is fine) — answered with the same grammar and domain as the Slack commands.

Synchronous on purpose: the turn handler runs these in a worker thread, so the database
never blocks the event loop that serves every Teams turn.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from datetime import timedelta

from sqlmodel import col, select

from bot.i18n import format_date, weekday_name
from bot.services import Services
from bot.teams import cards, replies
from bot.teams.people import TeamsActor, remember
from bot.teams.replies import t
from nudges import answers, teams
from nudges import commitments as domain
from nudges.drafts import Denial, Refusal
from nudges.grammar import parse_commit, parse_new_date, parse_reflect
from nudges.language import LOCALES, person_locale
from nudges.streak import streak
from storage import repo
from storage.db import session_scope
from storage.models import Commitment, ConversationRef, Person

log = logging.getLogger(__name__)

COMMIT_WORDS = {"commit", "åtagande", "atagande"}
REFLECT_WORDS = {"reflect", "reflektera"}
HELP_WORDS = {"help", "hjälp", "hjalp", "?"}
LIST_WORDS = {"list", "lista"}
DROP_WORDS = {"drop", "stryk", "släpp"}
MOVE_WORDS = {"move", "flytta", "reschedule"}
NUMBER = re.compile(r"^#?(\d{1,6})$")
SETTING_WORDS = {
    "settings",
    "inställningar",
    "installningar",
    "language",
    "språk",
    "sprak",
    "checkin",
    "avstämning",
    "avstamning",
    "pause",
    "pausa",
    "resume",
    "återuppta",
    "ateruppta",
    "hide",
    "dölj",
    "dolj",
    "show",
    "visa",
}
ERASE_WORDS = {"erase", "radera"}
EXPORT_WORDS = {"export", "exportera"}


class FileOffer:
    """`export`: answered by the host with a file (Teams asks the person's consent first)."""


EXPORT = FileOffer()
DIGEST_WORDS = {"digest", "veckobrev"}


PERSONAL_WORDS = COMMIT_WORDS | REFLECT_WORDS | SETTING_WORDS | ERASE_WORDS | EXPORT_WORDS | {"stats"}


def is_personal(text: str) -> bool:
    """Whether the answer shows what is the person's alone (their commitments, reflections,
    settings, data): in a group chat or a channel that is answered in their personal chat."""
    return split_command(text)[0] in PERSONAL_WORDS


def split_command(text: str) -> tuple[str, str]:
    """('commit', 'kurs "AI" senast 15 dec') from '/commit kurs "AI" senast 15 dec'."""
    stripped = (text or "").strip().lstrip("/")
    word, _, rest = stripped.partition(" ")
    return word.lower(), rest.strip()


def answer(services: Services, actor: TeamsActor, text: str, *, tell=None) -> str | dict | FileOffer:
    """A text to send back, or a card (the forms, for a bare `commit` or `reflect`)."""
    word, rest = split_command(text)
    if word in COMMIT_WORDS:
        if not rest:
            return cards.commit_form(actor.locale, today=actor.today(services.now()))
        return commit(services, actor, rest, tell=tell)
    if word in REFLECT_WORDS:
        if not rest:
            with session_scope(services.engine) as session:
                active = repo.commitments(session, person=session.get(Person, actor.person_id))
            return cards.reflect_form(actor.locale, active)
        return reflect(services, actor, rest)
    if word in DIGEST_WORDS:
        return replies.say(actor.locale, "teams.digest.not_a_channel")
    if word in SETTING_WORDS:
        return setting(services, actor, word, rest)
    if word in ERASE_WORDS and not rest:
        return cards.erase_prompt(actor.locale)
    if word in EXPORT_WORDS and not rest:
        return EXPORT
    if word not in HELP_WORDS:
        answered = answer_to_checkin(services, actor, text)
        if answered is not None:
            return answered
    return replies.help_text(actor.locale, "leadbot", "commit", "reflect", "teams")


def answer_to_checkin(services: Services, actor: TeamsActor, text: str) -> str | None:
    """A plain message soon after a check-in is a reflection on it, as on Slack."""
    with session_scope(services.engine) as session:
        found = answers.answer_to_checkin(session, person_id=actor.person_id, now=services.now(), text=text)
    if found is None:
        return None
    if isinstance(found, Refusal):
        return replies.reflect_refused(actor.locale, found.problems)
    return reflect_draft(services, actor, found.draft, commitment_id=found.commitment_id)


def setting(services: Services, actor: TeamsActor, word: str, rest: str) -> str:
    """What App Home's settings do on Slack, as words: language, check-in slot, pause,
    resume, and being left out of team digests."""
    locale, words = actor.locale, rest.split()
    fields: dict = {}
    if word in ("language", "språk", "sprak"):
        choice = words[0].lower() if words else ""
        if choice not in LOCALES:
            return replies.say(locale, "teams.settings.bad_language")
        fields, locale = {"locale_choice": choice}, choice
    elif word in ("checkin", "avstämning", "avstamning"):
        when = teams.parse_when(words)
        if when is None or when[0] > 4:
            return replies.say(locale, "teams.settings.bad_checkin")
        fields = {"nudge_weekday": when[0], "nudge_time": when[1]}
    elif word in ("pause", "pausa"):
        until = parse_new_date(rest, today=actor.today(services.now()))
        if isinstance(until, Refusal):
            return replies.say(locale, "teams.settings.bad_pause")
        fields = {"paused_until": until}
    elif word in ("resume", "återuppta", "ateruppta"):
        fields = {"paused_until": None}
    elif word in ("hide", "dölj", "dolj"):
        fields = {"digest_opt_out": True}
    elif word in ("show", "visa"):
        fields = {"digest_opt_out": False}
    now = services.now()
    with session_scope(services.engine) as session:
        person = repo.set_person_fields(session, person=session.get(Person, actor.person_id), **fields)
        activity = repo.activity_times(session, person=person, since=now - timedelta(weeks=104))
        weeks = streak(activity, now=now, tz=actor.tz)
        return replies.lines(streak_text(locale, weeks), settings_text(locale, person))


def streak_text(locale: str, weeks: int) -> str:
    """As at the top of App Home on Slack."""
    if weeks == 0:
        return replies.say(locale, "home.streak.none")
    if weeks == 1:
        return replies.say(locale, "home.streak.one")
    return replies.say(locale, "home.streak", weeks=weeks)


def settings_text(locale: str, person: Person) -> str:
    paused = (
        replies.say(locale, "teams.settings.paused", until=format_date(person.paused_until, locale))
        if person.paused_until
        else ""
    )
    return replies.lines(
        replies.say(
            locale,
            "teams.settings.show",
            language=t(locale, f"language.{locale}"),
            day=_day(person.nudge_weekday, locale),
            time=person.nudge_time.strftime("%H:%M"),
            digest=t(locale, "teams.settings.hidden" if person.digest_opt_out else "teams.settings.shown"),
        ),
        paused,
        replies.say(locale, "teams.settings.how"),
    )


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


def _day(weekday: int, locale: str) -> str:
    """A weekday as written mid-sentence: lower case in Swedish ("måndag"), capitalised in English."""
    day = weekday_name(weekday, locale)
    return day.lower() if locale == "sv" else day


def _schedule(locale: str, team) -> dict:
    return {"day": _day(team.weekday, locale), "time": team.at.strftime("%H:%M"), "tz": team.tz}


def commit(services: Services, actor: TeamsActor, text: str, *, tell=None) -> str:
    """`tell(reference, activity)` queues a message to someone else (the partner), sent by the
    caller once this answer is done."""
    first = text.split()[0].lower() if text else ""
    if not text or (first in HELP_WORDS and len(text.split()) == 1):
        return replies.help_text(actor.locale, "commit")
    if first in LIST_WORDS and len(text.split()) == 1:
        return listing(services, actor)
    words = text.split()
    if first in DROP_WORDS and len(words) <= 2:
        match = NUMBER.match(words[1]) if len(words) == 2 else None
        if match is None:
            return replies.say(actor.locale, "commit.drop_usage")
        return drop(services, actor, int(match.group(1)))
    if first in MOVE_WORDS:
        match = NUMBER.match(words[1]) if len(words) > 2 else None
        if match is None:
            return replies.say(actor.locale, "commit.move_usage")
        return move(services, actor, int(match.group(1)), " ".join(words[2:]))
    return save_commitment(services, actor, text, tell=tell)[1]


def save_commitment(
    services: Services, actor: TeamsActor, text: str, *, tell=None, form: bool = False
) -> tuple[bool, str]:
    """A new commitment from one line of the grammar: whether it was saved, and the answer (for
    the form, the way to keep a vision as written is said as the form does it)."""
    draft = parse_commit(text, today=actor.today(services.now()))
    if isinstance(draft, Refusal):
        return False, replies.commit_refused(actor.locale, draft.problems, form=form)
    note = ""
    if draft.partner and (draft.partner_is_handle or draft.partner == actor.user_id):
        # Teams names a partner by @mention; a bare handle cannot be looked up here.
        if draft.partner_is_handle:
            note = replies.say(actor.locale, "commit.partner_unknown", handle=draft.partner)
        draft = dataclasses.replace(draft, partner=None, partner_is_handle=False)
    with session_scope(services.engine) as session:
        person = session.get(Person, actor.person_id)
        made = domain.make_commitment(session, person=person, draft=draft, now=services.now())
    log.info("commitment made", extra={"person": actor.person_id, "commitment": made.id})
    if made.partner_external_id:
        name = partner_name(text, made.partner_external_id)
        note = replies.say(actor.locale, "commit.partner_note", partner=name)
        if tell is not None:
            tell_partner(services, tell, actor, made)
    return True, replies.lines(replies.committed(actor.locale, made), note)


RECENT = 5


def listing(services: Services, actor: TeamsActor) -> str:
    """What App Home shows on Slack: active commitments, then what was recently completed and
    reflected on."""
    locale = actor.locale
    with session_scope(services.engine) as session:
        person = session.get(Person, actor.person_id)
        active = repo.commitments(session, person=person)
        completed = repo.recently_completed(session, person=person, limit=RECENT)
        reflections = repo.recent_reflections(session, person=person, limit=RECENT)
    parts = [replies.listing(locale, active, actor.today(services.now()))]
    if completed:
        parts.append(f"**{t(locale, 'home.completed')}**")
        parts += [f"✅ **#{c.number}** {c.title}" for c in completed]
    if reflections:
        parts.append(f"**{t(locale, 'home.reflections')}**")
        for reflection in reflections:
            when = format_date(reflection.created_at.astimezone(actor.tz).date(), locale)
            kind = t(locale, f"reflection.kind.{reflection.kind}")
            lock = f" · 🔒 {t(locale, 'home.private')}" if reflection.private else ""
            said = reflection.text.strip()[:200]
            parts.append(" · ".join(part for part in (f"_{kind}_", when, said) if part) + lock)
    return replies.lines(*parts)


def drop(services: Services, actor: TeamsActor, number: int) -> str:
    with session_scope(services.engine) as session:
        person = session.get(Person, actor.person_id)
        result = domain.drop(session, person=person, now=services.now(), number=number)
        if isinstance(result, Denial):
            return replies.denied(actor.locale, result, number)
        return replies.say(actor.locale, "commit.dropped", number=result.number, title=result.title)


def move(services: Services, actor: TeamsActor, number: int, when: str) -> str:
    due = parse_new_date(when, today=actor.today(services.now()))
    if isinstance(due, Refusal):
        return replies.commit_refused(actor.locale, due.problems)
    with session_scope(services.engine) as session:
        result = domain.reschedule(session, person=session.get(Person, actor.person_id), number=number, due=due)
        if isinstance(result, Denial):
            return replies.denied(actor.locale, result, number)
        return replies.say(
            actor.locale, "commit.moved", number=number, title=result.title, due=format_date(due, actor.locale)
        )


def partner_name(text: str, partner: str) -> str:
    found = re.search(rf"<@{re.escape(partner)}\|([^>]+)>", text)
    return found.group(1) if found else partner


def tell_partner(services: Services, tell, actor: TeamsActor, commitment: Commitment) -> None:
    """A courtesy, as on Slack: the partner hears of it in their chat with leadbot, if they have
    one (Teams lets a bot write only where it has been before)."""
    from microsoft_agents.activity import Activity, ActivityTypes, ConversationReference

    with session_scope(services.engine) as session:
        partner = session.exec(
            select(Person).where(
                Person.workspace_id == actor.workspace_id, Person.external_id == commitment.partner_external_id
            )
        ).first()
        ref = (
            session.exec(
                select(ConversationRef).where(
                    ConversationRef.person_id == partner.id, col(ConversationRef.gone_at).is_(None)
                )
            ).first()
            if partner
            else None
        )
        locale = (
            person_locale(partner.platform_locale, choice=partner.locale_choice, default=actor.locale)
            if partner
            else actor.locale
        )
    if ref is None:
        log.info("partner of commitment %s has no chat with leadbot yet; not told", commitment.id)
        return
    text = replies.say(
        locale,
        "partner.dm",
        owner=actor.name or "",
        number=commitment.number,
        title=commitment.title,
        due=format_date(commitment.due, locale),
    )
    tell(
        ConversationReference.model_validate_json(ref.reference),
        Activity(type=ActivityTypes.message, text=text, text_format="markdown"),
    )


def reflect(services: Services, actor: TeamsActor, text: str) -> str:
    if not text or text.lower() in HELP_WORDS:
        return replies.help_text(actor.locale, "reflect")
    draft = parse_reflect(text)
    if isinstance(draft, Refusal):
        number = text.split()[0].lstrip("#")
        return replies.reflect_refused(actor.locale, draft.problems, int(number) if number.isdigit() else None)
    return reflect_draft(services, actor, draft)


def reflect_draft(services: Services, actor: TeamsActor, draft, *, commitment_id: int | None = None) -> str:
    with session_scope(services.engine) as session:
        person = session.get(Person, actor.person_id)
        result = domain.reflect(session, person=person, draft=draft, now=services.now(), commitment_id=commitment_id)
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
