"""The person's own page: their commitments, what they completed and reflected on lately,
their streak and their settings (App Home on Slack; `list` and `settings` on Teams)."""

from __future__ import annotations

from datetime import timedelta

from nudges import digest_channels
from nudges.drafts import Refusal
from nudges.grammar import parse_new_date
from nudges.language import LOCALES
from nudges.service import results as r
from nudges.service.actors import Actor
from nudges.service.core import Core
from nudges.streak import streak
from storage import repo
from storage.db import session_scope
from storage.models import Person

RECENT = 5
STREAK_SPAN = timedelta(weeks=104)


def home(core: Core, actor: Actor) -> r.Home:
    now = core.now()
    with session_scope(core.engine) as session:
        person = session.get(Person, actor.person_id)
        return _home(session, person, actor, now, core)


def _home(session, person: Person, actor: Actor, now, core: Core) -> r.Home:
    active = repo.commitments(session, person=person)
    completed = repo.recently_completed(session, person=person, limit=RECENT)
    reflections = repo.recent_reflections(session, person=person, limit=RECENT)
    mentioned = {x.commitment_id for x in reflections if x.commitment_id}
    numbers = {
        c.id: c.number
        for c in repo.commitments(session, person=person, states=("active", "done", "dropped"))
        if c.id in mentioned
    }
    activity = repo.activity_times(session, person=person, since=now - STREAK_SPAN)
    # What the person did not choose is shown as it applies: their workspace's slot.
    weekday, at = (actor.fallbacks or core.fallbacks).checkin_slot(person.nudge_weekday, person.nudge_time)
    return r.Home(
        locale=actor.locale,
        tz=actor.tz,
        today=actor.today(now),
        active=[r.CommitmentView.of(c) for c in active],
        completed=[r.CommitmentView.of(c) for c in completed],
        reflections=[r.ReflectionView.of(x, numbers.get(x.commitment_id)) for x in reflections],
        streak=streak(activity, now=now, tz=actor.tz),
        nudge_weekday=weekday,
        nudge_time=at,
        paused_until=person.paused_until,
        digest_opt_out=person.digest_opt_out,
    )


def set_fields(core: Core, actor: Actor, fields: dict) -> r.Home:
    """Settings already typed (a menu, a date picker), checked again here: a weekday is Monday
    to Friday, a language is one we speak, a pause ends today or later."""
    today = actor.today(core.now())
    valid = {
        "locale_choice": lambda value: value in LOCALES,
        "nudge_weekday": lambda value: isinstance(value, int) and 0 <= value < 5,
        "nudge_time": lambda value: value is not None,
    }
    allowed = {}
    for name, value in fields.items():
        if name in valid:
            if valid[name](value):
                allowed[name] = value
        elif name == "paused_until":
            allowed[name] = value if value is None or value >= today else None
        elif name == "digest_opt_out":
            allowed[name] = bool(value)
    return _changed(core, actor, allowed)


def setting(core: Core, actor: Actor, name: str, value: str) -> r.Result:
    """A setting by word, as Teams (and `/leadbot` on Slack) take it."""
    words = value.split()
    if name == "show":
        return r.SettingsShown(home(core, actor), changed=False)
    if name == "language":
        choice = words[0].lower() if words else ""
        if choice not in LOCALES:
            return r.SettingRefused("language")
        fields = {"locale_choice": choice}
    elif name == "checkin":
        when = digest_channels.parse_when(words)
        if when is None or when[0] > 4:
            return r.SettingRefused("checkin")
        fields = {"nudge_weekday": when[0], "nudge_time": when[1]}
    elif name == "pause":
        until = parse_new_date(value, today=actor.today(core.now()))
        if isinstance(until, Refusal):
            return r.SettingRefused("pause")
        fields = {"paused_until": until}
    elif name == "resume":
        fields = {"paused_until": None}
    elif name == "hide":
        fields = {"digest_opt_out": True}
    else:  # show_in_digests
        fields = {"digest_opt_out": False}
    return r.SettingsShown(_changed(core, actor, fields))


def _changed(core: Core, actor: Actor, fields: dict) -> r.Home:
    from nudges.service.actors import reload

    now = core.now()
    with session_scope(core.engine) as session:
        repo.set_person_fields(session, person=session.get(Person, actor.person_id), **fields)
    actor = reload(core, actor)  # in the language just chosen
    with session_scope(core.engine) as session:
        return _home(session, session.get(Person, actor.person_id), actor, now, core)
