"""The Slack side of each thing a person does: call the domain, then render for Slack.

Listeners call these after their ack; each returns what the person should see, and does
the follow-up Web API calls (the partner's message, App Home) itself.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlmodel import select

from bot.i18n import format_date, t
from bot.services import Services
from bot.slack import blocks
from bot.slack.blocks import Reply
from bot.slack.people import Actor, actor_for, find_user_by_handle
from nudges import answers
from nudges import commitments as domain
from nudges.checkin import build as build_checkin
from nudges.drafts import CommitDraft, Denial, ReflectDraft, Refusal
from nudges.grammar import parse_new_date
from nudges.streak import streak
from storage import repo
from storage.db import session_scope
from storage.models import Commitment, Nudge, Person, Reflection

log = logging.getLogger(__name__)


def commit(services: Services, client: WebClient, actor: Actor, draft: CommitDraft) -> Reply:
    partner_note = None
    if draft.partner and draft.partner_is_handle:
        handle = draft.partner
        partner = find_user_by_handle(client, handle)
        draft = _with_partner(draft, partner)
        if partner is None:
            partner_note = t(actor.locale, "commit.partner_unknown", handle=blocks.esc(handle))
    if draft.partner == actor.user_id:
        draft = _with_partner(draft, None)
    with session_scope(services.engine) as session:
        person = session.get(Person, actor.person_id)
        commitment = domain.make_commitment(session, person=person, draft=draft, now=services.now())
    if commitment.partner_external_id:
        partner_note = t(actor.locale, "commit.partner_note", partner=f"<@{commitment.partner_external_id}>")
        tell_partner(services, client, actor, commitment)
    log.info("commitment made", extra={"person": actor.person_id, "commitment": commitment.id})
    return blocks.committed(actor.locale, commitment, partner_note=partner_note)


def _with_partner(draft: CommitDraft, partner: str | None) -> CommitDraft:
    return CommitDraft(
        category=draft.category,
        title=draft.title,
        due=draft.due,
        repeat=draft.repeat,
        partner=partner,
        partner_is_handle=False,
        private=draft.private,
    )


def tell_partner(services: Services, client: WebClient, actor: Actor, commitment: Commitment) -> None:
    """A courtesy: if it cannot be delivered, the commitment still stands."""
    partner_id = commitment.partner_external_id
    try:
        partner = actor_for(services, client, team_id=actor.team_id, user_id=partner_id)
        message = blocks.partner_message(partner.locale, owner_id=actor.user_id, commitment=commitment)
        client.chat_postMessage(channel=partner_id, text=message.text, blocks=message.blocks)
    except (SlackApiError, SlackClientError, OSError):
        log.warning("could not tell a partner about a commitment", exc_info=True)


def reflect(
    services: Services,
    client: WebClient,
    actor: Actor,
    draft: ReflectDraft,
    *,
    commitment_id: int | None = None,
    learning: str | None = None,
) -> Reply:
    with session_scope(services.engine) as session:
        person = session.get(Person, actor.person_id)
        result = domain.reflect(
            session, person=person, draft=draft, now=services.now(), commitment_id=commitment_id, learning=learning
        )
        if isinstance(result, Denial):
            return blocks.denied(actor.locale, result, draft.number)
        if isinstance(result, domain.Completed):
            completed = result
        else:
            about = session.get(Commitment, result.commitment_id) if result.commitment_id else None
            return blocks.reflected(actor.locale, commitment=about, kind=result.kind, private=result.private)
    tell_partner_done(services, client, actor, completed)
    return blocks.completed(actor.locale, completed.commitment, completed.next_due)


def complete(services: Services, client: WebClient, actor: Actor, commitment_id: int) -> Reply:
    with session_scope(services.engine) as session:
        person = session.get(Person, actor.person_id)
        result = domain.complete_by_id(session, person=person, commitment_id=commitment_id, now=services.now())
        if isinstance(result, Denial):
            found = domain.find(session, person=person, commitment_id=commitment_id)
            return blocks.denied(actor.locale, result, found.number if found else None)
    tell_partner_done(services, client, actor, result)
    return blocks.completed(actor.locale, result.commitment, result.next_due)


def tell_partner_done(services: Services, client: WebClient, actor: Actor, result: domain.Completed) -> None:
    commitment = result.commitment
    if not commitment.partner_external_id or commitment.state != "done":
        return
    try:
        partner = actor_for(services, client, team_id=actor.team_id, user_id=commitment.partner_external_id)
        text = t(
            partner.locale,
            "partner.done",
            owner=f"<@{actor.user_id}>",
            number=commitment.number,
            title=blocks.esc(commitment.title),
        )
        client.chat_postMessage(channel=commitment.partner_external_id, text=text, blocks=[blocks.section(text)])
    except (SlackApiError, SlackClientError, OSError):
        log.warning("could not tell a partner about a completion", exc_info=True)


def snooze(services: Services, actor: Actor, commitment_id: int) -> Reply:
    until = actor.today(services.now()) + timedelta(days=7)
    with session_scope(services.engine) as session:
        person = session.get(Person, actor.person_id)
        result = domain.snooze(session, person=person, commitment_id=commitment_id, until=until)
        if isinstance(result, Denial):
            found = domain.find(session, person=person, commitment_id=commitment_id)
            return blocks.denied(actor.locale, result, found.number if found else None)
    text = t(
        actor.locale,
        "snooze.done",
        number=result.number,
        title=blocks.esc(result.title),
        until=format_date(until, actor.locale),
    )
    return blocks.reply(text)


def redraw_checkin(services: Services, client: WebClient, actor: Actor, channel: str, ts: str) -> bool:
    """Redraws a check-in message in place after a button on it was pressed."""
    with session_scope(services.engine) as session:
        nudge = session.exec(
            select(Nudge).where(Nudge.person_id == actor.person_id, Nudge.channel == channel, Nudge.ts == ts)
        ).first()
        if nudge is None:
            return False
        checkin = build_checkin(
            session,
            nudge,
            default_locale=services.settings.default_locale,
            default_tz=services.settings.timezone,
            now=services.now(),
        )
    message = blocks.checkin_message(checkin)
    try:
        client.chat_update(channel=channel, ts=ts, text=message.text, blocks=message.blocks)
    except (SlackApiError, SlackClientError, OSError):
        log.warning("could not redraw a check-in", exc_info=True)
        return False
    return True


def drop(services: Services, actor: Actor, *, number: int | None = None, commitment_id: int | None = None) -> Reply:
    with session_scope(services.engine) as session:
        person = session.get(Person, actor.person_id)
        result = domain.drop(session, person=person, now=services.now(), number=number, commitment_id=commitment_id)
        if isinstance(result, Denial):
            found = domain.find(session, person=person, number=number, commitment_id=commitment_id)
            return blocks.denied(actor.locale, result, found.number if found else number)
        return blocks.dropped(actor.locale, result)


def move(services: Services, actor: Actor, number: int, when: str) -> Reply:
    due = parse_new_date(when, today=actor.today(services.now()))
    if isinstance(due, Refusal):
        return blocks.commit_refused(actor.locale, due.problems)
    with session_scope(services.engine) as session:
        result = domain.reschedule(session, person=session.get(Person, actor.person_id), number=number, due=due)
        if isinstance(result, Denial):
            return blocks.denied(actor.locale, result, number)
        text = t(
            actor.locale,
            "commit.moved",
            number=number,
            title=blocks.esc(result.title),
            due=format_date(due, actor.locale),
        )
    return blocks.reply(text)


def listing(services: Services, actor: Actor) -> Reply:
    with session_scope(services.engine) as session:
        person = session.get(Person, actor.person_id)
        active = repo.commitments(session, person=person)
    return blocks.commitment_list(actor.locale, active, actor.today(services.now()))


def active_commitments(services: Services, actor: Actor) -> list[Commitment]:
    with session_scope(services.engine) as session:
        return repo.commitments(session, person=session.get(Person, actor.person_id))


def own_commitment(services: Services, actor: Actor, commitment_id: int) -> Commitment | None:
    with session_scope(services.engine) as session:
        return repo.commitment_by_id(session, person=session.get(Person, actor.person_id), commitment_id=commitment_id)


def home_data(services: Services, actor: Actor) -> blocks.HomeData:
    now = services.now()
    with session_scope(services.engine) as session:
        person = session.get(Person, actor.person_id)
        active = repo.commitments(session, person=person)
        completed = repo.recently_completed(session, person=person, limit=blocks.HOME_RECENT_LIMIT)
        reflections: list[Reflection] = repo.recent_reflections(session, person=person, limit=blocks.HOME_RECENT_LIMIT)
        mentioned = {r.commitment_id for r in reflections if r.commitment_id}
        numbers = {
            c.id: c.number
            for c in repo.commitments(session, person=person, states=("active", "done", "dropped"))
            if c.id in mentioned
        }
        activity = repo.activity_times(session, person=person, since=now - timedelta(weeks=104))
    return blocks.HomeData(
        locale=actor.locale,
        tz=actor.tz,
        today=actor.today(now),
        active=active,
        completed=completed,
        reflections=reflections,
        numbers=numbers,
        streak=streak(activity, now=now, tz=actor.tz),
        nudge_weekday=person.nudge_weekday,
        nudge_time=person.nudge_time,
        paused_until=person.paused_until,
        digest_opt_out=person.digest_opt_out,
    )


def publish_home(services: Services, client: WebClient, actor: Actor) -> None:
    try:
        client.views_publish(user_id=actor.user_id, view=blocks.home_view(home_data(services, actor)))
    except (SlackApiError, SlackClientError, OSError):
        log.warning("could not publish App Home", exc_info=True)


def update_settings(services: Services, actor: Actor, **fields: object) -> None:
    with session_scope(services.engine) as session:
        repo.set_person_fields(session, person=session.get(Person, actor.person_id), **fields)


def answer_to_checkin(services: Services, client: WebClient, actor: Actor, event: dict) -> Reply | None:
    """A reply in a check-in's thread, or a plain message soon after one, is a reflection."""
    with session_scope(services.engine) as session:
        found = answers.answer_to_checkin(
            session,
            person_id=actor.person_id,
            now=services.now(),
            text=event.get("text") or "",
            channel=event.get("channel"),
            thread=event.get("thread_ts"),
        )
    if found is None:
        return None
    if isinstance(found, Refusal):
        return blocks.reflect_refused(actor.locale, found.problems)
    return reflect(services, client, actor, found.draft, commitment_id=found.commitment_id)
