"""Action.Execute presses on Teams cards: Done / Reflect / Snooze / Drop on a check-in, and
the Save of the commit and reflect forms. Each answer is the card redrawn from the database
(or a short message): what Teams then shows in place of the card.

The acting user may only touch their own commitments: a check-in card pressed by anyone but
the person it was sent to changes nothing, whatever its data says.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import timedelta

from bot.services import Services
from bot.teams import cards, flows, replies
from bot.teams.people import TeamsActor
from bot.teams.replies import t
from nudges import commitments as domain
from nudges import personal_data, rules
from nudges.checkin import build as build_checkin
from nudges.drafts import Refusal
from nudges.grammar import parse_reflect
from storage import repo
from storage.db import session_scope
from storage.models import Commitment, Nudge, Person

log = logging.getLogger(__name__)
SNOOZE_DAYS = 7


@dataclass(frozen=True)
class Answer:
    card: dict | None = None
    message: str | None = None


def press(services: Services, actor: TeamsActor, verb: str, data: dict) -> Answer:
    if verb == cards.COMMIT_FORM:
        saved, said = flows.save_commitment(services, actor, _commit_line(data), form=True)
        if saved:
            return Answer(card=cards.receipt(said))
        today = actor.today(services.now())
        return Answer(card=cards.commit_form(actor.locale, today=today, values=data, problem=said))
    if verb == cards.ERASE:  # the presser's own data, whatever the card or its data say
        erased = personal_data.erase(services.engine, actor.person_id)
        log.info("person %s erased from Teams", actor.person_id)
        return Answer(
            message=t(
                actor.locale,
                "privacy.erase.done",
                commitments=erased.commitments,
                reflections=erased.reflections,
                nudges=erased.nudges,
            )
        )
    nudge_id = _number(data.get("nudge"))
    commitment_id = _number(data.get("commitment"))
    if verb == cards.REFLECT_FORM and not nudge_id:
        return _reflect_form(services, actor, data)
    with session_scope(services.engine) as session:
        nudge = session.get(Nudge, nudge_id) if nudge_id else None
        if nudge is None or nudge.person_id != actor.person_id:
            return Answer(message=t(actor.locale, "teams.refused_other"))
        person = session.get(Person, actor.person_id)
        commitment = session.get(Commitment, commitment_id) if commitment_id else None
        if commitment is None or commitment.person_id != person.id:
            return Answer(message=t(actor.locale, "teams.refused_other"))
        if verb == cards.REFLECT:
            return Answer(
                card=cards.reflect_card(
                    actor.locale,
                    number=commitment.number,
                    title=commitment.title,
                    commitment_id=commitment.id,
                    nudge_id=nudge.id,
                )
            )
        if verb == cards.DROP:
            return Answer(card=_redraw(services, session, nudge, confirm_drop=commitment.id))
        if verb == cards.SNOOZE:
            domain.snooze(
                session,
                person=person,
                commitment_id=commitment.id,
                until=actor.today(services.now()) + timedelta(days=SNOOZE_DAYS),
            )
        elif verb == cards.DROP_CONFIRMED:
            domain.drop(session, person=person, commitment_id=commitment.id, now=services.now())
    if verb == cards.DONE:
        flows.complete(services, actor, commitment.id)
    elif verb == cards.REFLECT_FORM:
        flows.reflect(services, actor, f"#{commitment.number} {(data.get('text') or '').strip()}")
    with session_scope(services.engine) as session:
        return Answer(card=_redraw(services, session, session.get(Nudge, nudge_id)))


def _reflect_form(services: Services, actor: TeamsActor, data: dict) -> Answer:
    """The bare `reflect` form saved: a receipt, or the form again with why it was not saved."""
    line = _reflect_line(services, actor, data)
    refused = parse_reflect(line)
    if isinstance(refused, Refusal):
        with session_scope(services.engine) as session:
            active = repo.commitments(session, person=session.get(Person, actor.person_id))
        problem = replies.reflect_refused(actor.locale, refused.problems, _number(data.get("number")))
        return Answer(card=cards.reflect_form(actor.locale, active, values=data, problem=problem))
    return Answer(card=cards.receipt(flows.reflect(services, actor, line)))


def _redraw(services: Services, session, nudge: Nudge, *, confirm_drop: int | None = None) -> dict:
    settings = services.settings
    checkin = build_checkin(
        session, nudge, default_locale=settings.default_locale, default_tz=settings.timezone, now=services.now()
    )
    return cards.checkin_card(checkin, confirm_drop=confirm_drop)


def _commit_line(data: dict) -> str:
    """The form's fields as the one line the grammar reads, so both are held to the same rules."""
    title = re.sub(r'["“”„«»]', "'", data.get("what") or "").strip()
    insisted = rules.insisted(title)  # "… anyway" at the end of the title: keep a vision as written
    title = rules.without_insisting(title)
    line = f'{data.get("category") or "other"} "{title}" by {data.get("due") or ""}'.strip()
    if str(data.get("private")).lower() == "true":
        line += " private"
    return f"{line} anyway" if insisted else line


def _reflect_line(services: Services, actor: TeamsActor, data: dict) -> str:
    """The form as a line: done keeps what was written beside it, and it stays private unless
    "share with my team" was chosen."""
    text = (data.get("text") or "").strip()
    number = _number(data.get("number"))
    line = (
        f"#{number} done {text}"
        if str(data.get("done")).lower() == "true" and number
        else (f"#{number} {text}" if number else text)
    )
    return line.strip() if str(data.get("share")).lower() == "true" else f"(private) {line.strip()}"


def _number(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
