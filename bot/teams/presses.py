"""Action.Execute presses on Teams cards, read as the core's commands: Done / Reflect /
Snooze / Drop on a check-in, and the Save of the commit and reflect forms. Each answer is the
card redrawn from the database (or a short message): what Teams then shows in place of the
card.

The acting user may only touch their own commitments: a check-in card pressed by anyone but
the person it was sent to changes nothing, whatever its data says.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from bot.services import Services
from bot.teams import cards, render
from bot.teams.peers import TeamsPeers
from bot.teams.replies import t
from nudges.drafts import Category, Repeat
from nudges.service import Actor, checkins, commitments, run, strategy
from nudges.service import commands as c
from nudges.service import results as r

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Answer:
    card: dict | None = None
    message: str | None = None
    offer: render.CalendarOffer | None = None  # a calendar file to offer in the chat as well


def press(services: Services, actor: Actor, verb: str, data: dict, activity=None) -> Answer:
    core, peers = services.core, TeamsPeers(services, actor, activity)
    if verb == cards.COMMIT_FORM:
        result = run(core, actor, commit_form(data), peers)
        if isinstance(result, r.FormRefused):
            problem = render.form_problem(result, actor.locale)
            today = actor.today(services.now())
            areas = strategy.focus_areas(core, actor.workspace_id)
            return Answer(
                card=cards.commit_form(actor.locale, today=today, values=data, problem=problem, focus_areas=areas)
            )
        saved = result.commitment.id if isinstance(result, r.Committed) else None
        return Answer(card=cards.receipt(render.answer(result, actor.locale), calendar_for=saved, locale=actor.locale))
    if verb == cards.COMMIT_START:  # the form again, filled from the suggestion pressed
        return Answer(
            card=render.answer(run(core, actor, c.OpenForm("commit", start=str(data.get("start") or ""))), actor.locale)
        )
    if verb == cards.ERASE:  # the presser's own data, whatever the card or its data say
        return Answer(message=render.answer(run(core, actor, c.Erase(confirmed=True)), actor.locale))
    nudge_id, commitment_id = _number(data.get("nudge")), _number(data.get("commitment"))
    if verb == cards.CALENDAR:
        return _calendar(services, actor, nudge_id, commitment_id)
    if verb == cards.REFLECT_FORM and not nudge_id:
        return _reflect_form(services, actor, data, peers)
    checkin = checkins.current(core, actor, nudge_id=nudge_id) if nudge_id else None
    commitment = commitments.own(core, actor, commitment_id) if commitment_id else None
    if checkin is None or commitment is None:
        return Answer(message=t(actor.locale, "teams.refused_other"))
    if verb == cards.REFLECT:
        return Answer(
            card=cards.reflect_card(
                actor.locale,
                number=commitment.number,
                title=commitment.title,
                commitment_id=commitment.id,
                nudge_id=nudge_id,
            )
        )
    if verb == cards.DROP:
        return Answer(card=cards.checkin_card(checkin, confirm_drop=commitment.id))
    command = {
        cards.DONE: c.Complete(commitment.id),
        cards.SNOOZE: c.Snooze(commitment.id),
        cards.DROP_CONFIRMED: c.Drop(commitment_id=commitment.id),
        cards.REFLECT_FORM: c.Reflect(f"#{commitment.number} {(data.get('text') or '').strip()}"),
    }.get(verb)
    if command is not None:
        run(core, actor, command, peers)
    return Answer(card=cards.checkin_card(checkins.current(core, actor, nudge_id=nudge_id)))


def _calendar(services: Services, actor: Actor, nudge_id: int | None, commitment_id: int | None) -> Answer:
    """The event's links where the button was (inside the check-in's line, or in place of the
    receipt), and its file offered in the chat; only ever for the presser's own commitment."""
    core = services.core
    result = run(core, actor, c.AddToCalendar(commitment_id=commitment_id or 0))
    if not isinstance(result, r.CalendarEvent):
        return Answer(
            message=t(actor.locale, "calendar.other") if _denied_other(result) else render.answer(result, actor.locale)
        )
    offer = render.CalendarOffer(result, actor.locale)
    checkin = checkins.current(core, actor, nudge_id=nudge_id) if nudge_id else None
    if checkin is not None:
        return Answer(card=cards.checkin_card(checkin, calendar=offer.links), offer=offer)
    return Answer(card=offer.card, offer=offer)


def _denied_other(result) -> bool:
    return isinstance(result, r.Denied) and result.number is None


def commit_form(data: dict) -> c.CommitForm:
    """The card's fields as the form command: held to the same rules as Slack's form."""
    category = data.get("category")
    try:
        due = date.fromisoformat(str(data.get("due") or ""))
    except ValueError:
        due = None
    return c.CommitForm(
        category=Category(category) if category in set(Category) else Category.OTHER,
        title=str(data.get("what") or "").strip(),
        due=due,
        private=_yes(data.get("private")),
        repeat=Repeat(repeat) if (repeat := data.get("repeat")) in set(Repeat) else None,
        focus=focus if (focus := str(data.get("focus") or "")) and focus != "none" else None,
    )


def _reflect_form(services: Services, actor: Actor, data: dict, peers: TeamsPeers) -> Answer:
    """The bare `reflect` form saved: a receipt, or the form again with why it was not saved."""
    number = _number(data.get("number")) or None
    form = c.ReflectForm(
        text=str(data.get("text") or ""), done=_yes(data.get("done")), share=_yes(data.get("share")), number=number
    )
    result = run(services.core, actor, form, peers)
    if isinstance(result, r.FormRefused | r.Refused | r.Denied):
        problem = render.answer(result, actor.locale)
        active = commitments.active(services.core, actor)
        return Answer(card=cards.reflect_form(actor.locale, active, values=data, problem=problem))
    return Answer(card=cards.receipt(render.answer(result, actor.locale)))


def _yes(value) -> bool:
    return str(value).lower() == "true"


def _number(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
