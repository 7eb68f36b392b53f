"""Making, completing, dropping, moving and snoozing commitments, and reflecting on them:
one implementation for every front end."""

from __future__ import annotations

import dataclasses
import logging
import re
from datetime import timedelta

from sqlmodel import select

from nudges import answers
from nudges import commitments as domain
from nudges.drafts import MAX_REFLECTION, CommitDraft, Denial, Problem, ReflectDraft, ReflectionKind, Refusal
from nudges.focus_match import match_tag, suggest
from nudges.grammar import parse_commit, parse_new_date, parse_reflect
from nudges.rules import due_problems, title_problems, without_insisting
from nudges.service import results as r
from nudges.service import strategy
from nudges.service.actors import Actor
from nudges.service.commands import NUMBER, CommitForm, ReflectForm
from nudges.service.core import Core
from nudges.service.peers import PartnerAsked, PartnerDone, Peers
from nudges.service.recent import Recent
from storage import repo
from storage.db import session_scope, writing
from storage.models import Commitment, FocusArea, Person

log = logging.getLogger(__name__)
SNOOZE_DAYS = 7


# The workspace's focus areas as read lately: every typed /commit asks, an admin seldom changes
# them (see nudges.service.recent for how long and why that is safe).
_AREAS: Recent[list[strategy.FocusAreaView]] = Recent(("focusarea",))


def commit(core: Core, actor: Actor, text: str, peers: Peers) -> r.Result:
    areas = _AREAS.get(
        core.engine, actor.workspace_id, lambda: strategy.focus_areas(core, actor.workspace_id), keep=lambda _: True
    )
    names_one = (lambda tag: match_tag(tag, areas) is not None) if areas else None
    draft = parse_commit(text, today=actor.today(core.now()), focus=names_one)
    if isinstance(draft, Refusal):
        return r.Refused("commit", draft.problems)
    return _save(core, actor, draft, peers, areas, name=_partner_name(text, draft.partner))


def check_form(actor: Actor, form: CommitForm, *, today) -> dict[str, Problem]:
    """The form's fields, each held to the rules the grammar holds a line to."""
    problems: dict[str, Problem] = {}
    if found := title_problems(form.title, form.category):
        problems["what"] = found[0]
    if found := due_problems(form.due, today=today):
        problems["due"] = found[0]
    if form.partner and form.partner == actor.user_id:
        problems["partner"] = Problem.PARTNER_SELF
    return problems


def commit_form(core: Core, actor: Actor, form: CommitForm, peers: Peers) -> r.Result:
    problems = check_form(actor, form, today=actor.today(core.now()))
    if problems:
        return r.FormRefused("commit", problems)
    draft = CommitDraft(
        category=form.category,
        title=without_insisting(form.title.strip()),
        due=form.due,
        repeat=form.repeat,
        partner=form.partner or None,
        private=form.private,
        focus=form.focus or None,
    )
    return _save(core, actor, draft, peers, strategy.focus_areas(core, actor.workspace_id), picked=True)


def _save(
    core: Core,
    actor: Actor,
    draft: CommitDraft,
    peers: Peers,
    areas: list[strategy.FocusAreaView],
    *,
    name: str | None = None,
    picked: bool = False,
) -> r.Result:
    partner = None
    if draft.partner and draft.partner_is_handle:
        handle = draft.partner
        found = peers.find_by_handle(handle)
        draft = dataclasses.replace(draft, partner=found, partner_is_handle=False)
        if found is None:
            partner = r.Partner(None, handle=handle)
    if draft.partner == actor.user_id:
        draft = dataclasses.replace(draft, partner=None)
    focus = _focus(areas, draft, picked=picked)
    serves = focus.serves.key if focus is not None and focus.serves is not None else None
    with writing(core.engine) as connection:
        row = domain.make_commitment(
            connection,
            workspace_id=actor.workspace_id,
            person_id=actor.person_id,
            external_id=actor.user_id,
            draft=draft,
            now=core.now(),
            focus_key=serves,
        )
    made = r.CommitmentView.of(row)
    log.info("commitment made", extra={"person": actor.person_id, "commitment": made.id})
    if made.partner_external_id:
        told = peers.tell(made.partner_external_id, PartnerAsked(actor, made, made.due))
        partner = r.Partner(made.partner_external_id, name=name, told=told)
    return r.Committed(made, partner, focus)


def _focus(areas: list[strategy.FocusAreaView], draft: CommitDraft, *, picked: bool) -> r.Focus | None:
    """The focus area the line's tag (or the form's pick) names; else, for a line, the one its
    words suggest. Where the workspace has no focus areas, only a tag typed is answered (none
    exist yet)."""
    if not areas:
        return r.Focus(unknown=draft.focus) if draft.focus else None
    tags = tuple(area.key for area in areas)
    if draft.focus:
        found = match_tag(draft.focus, areas)
        return r.Focus(serves=found, tags=tags) if found else r.Focus(unknown=draft.focus, tags=tags)
    if picked:
        return None
    found = suggest(draft.title, areas)
    return r.Focus(suggested=found, tags=tags) if found else None


def _focus_area_id(session, actor: Actor, key: str) -> int | None:
    return session.exec(
        select(FocusArea.id).where(FocusArea.workspace_id == actor.workspace_id, FocusArea.key == key)
    ).first()


def set_focus(core: Core, actor: Actor, number: int, tag: str | None) -> r.Result:
    """`commit focus #2 ai`: which focus area one of the person's own commitments serves."""
    areas = strategy.focus_areas(core, actor.workspace_id)
    found = match_tag(tag, areas) if tag else None
    if tag and found is None:
        known = ", ".join(f"#{area.key}" for area in areas)
        return r.Said("focus.unknown" if areas else "focus.none_defined", {"tag": tag, "known": known})
    with session_scope(core.engine) as session:
        person = session.get(Person, actor.person_id)
        row = domain.find(session, person=person, number=number)
        if row is None:
            return r.Denied(Denial.NO_SUCH_COMMITMENT, number)
        row.focus_area_id = _focus_area_id(session, actor, found.key) if found else None
        session.add(row)
        return r.Focused(r.CommitmentView.of(row), found)


def _partner_name(text: str, partner: str | None) -> str | None:
    """The name shown with a partner picked by mention (`<@id|Name>`), where there is one."""
    if not partner:
        return None
    found = re.search(rf"<@{re.escape(partner)}\|([^>]+)>", text)
    return found.group(1) if found else None


def reflect(core: Core, actor: Actor, text: str, peers: Peers) -> r.Result:
    draft = parse_reflect(text)
    if isinstance(draft, Refusal):
        number = NUMBER.match(text.split()[0]) if text.split() else None
        return r.Refused("reflect", draft.problems, int(number.group(1)) if number else None)
    return reflect_draft(core, actor, draft, peers)


def check_reflect(form: ReflectForm) -> dict[str, Problem]:
    text = (form.text or "").strip()
    if not text and not form.done:
        return {"text": Problem.EMPTY}
    if len(text) > MAX_REFLECTION:
        return {"text": Problem.TOO_LONG}
    return {}


def reflect_form(core: Core, actor: Actor, form: ReflectForm, peers: Peers) -> r.Result:
    """The reflect form, field by field: what was said, done or not, shared or private."""
    problems = check_reflect(form)
    if problems:
        return r.FormRefused("reflect", problems)
    text = (form.text or "").strip()
    about = form.commitment_id is not None or form.number is not None
    kind = ReflectionKind.PROGRESS if about else ReflectionKind.LEARNING
    if form.learned:
        kind = ReflectionKind.FAILURE
    elif not about:
        parsed = parse_reflect(text) if text else None
        if parsed is not None and not isinstance(parsed, Refusal) and parsed.kind == ReflectionKind.FAILURE:
            kind, text = parsed.kind, parsed.text
    draft = ReflectDraft(
        number=None if form.commitment_id is not None else form.number,
        kind=kind,
        text=text,
        done=form.done,
        private=not form.share,
    )
    return reflect_draft(core, actor, draft, peers, commitment_id=form.commitment_id, learning=form.learned or None)


def reflect_draft(
    core: Core,
    actor: Actor,
    draft: ReflectDraft,
    peers: Peers,
    *,
    commitment_id: int | None = None,
    learning: str | None = None,
) -> r.Result:
    with session_scope(core.engine) as session:
        person = session.get(Person, actor.person_id)
        result = domain.reflect(
            session, person=person, draft=draft, now=core.now(), commitment_id=commitment_id, learning=learning
        )
        if isinstance(result, Denial):
            number = draft.number
            if number is None and commitment_id is not None:
                found = domain.find(session, person=person, commitment_id=commitment_id)
                number = found.number if found else None
            return r.Denied(result, number)
        if isinstance(result, domain.Completed):
            done = r.Completed(r.CommitmentView.of(result.commitment), result.next_due)
        else:
            row = session.get(Commitment, result.commitment_id) if result.commitment_id else None
            return r.Reflected(r.CommitmentView.of(row) if row else None, result.kind, result.private)
    _tell_done(actor, done, peers)
    return done


def complete(core: Core, actor: Actor, commitment_id: int, peers: Peers) -> r.Result:
    with session_scope(core.engine) as session:
        person = session.get(Person, actor.person_id)
        result = domain.complete_by_id(session, person=person, commitment_id=commitment_id, now=core.now())
        if isinstance(result, Denial):
            found = domain.find(session, person=person, commitment_id=commitment_id)
            return r.Denied(result, found.number if found else None)
        done = r.Completed(r.CommitmentView.of(result.commitment), result.next_due)
    _tell_done(actor, done, peers)
    return done


def _tell_done(actor: Actor, done: r.Completed, peers: Peers) -> None:
    """The partner hears when it is done for good (not when a repeating one moves on)."""
    commitment = done.commitment
    if commitment.partner_external_id and commitment.state == "done":
        peers.tell(commitment.partner_external_id, PartnerDone(actor, commitment))


def _changed(core: Core, actor: Actor, change, *, number=None, commitment_id=None):
    """A change to one of the person's own active commitments: its view, or why not."""
    with session_scope(core.engine) as session:
        person = session.get(Person, actor.person_id)
        result = change(session, person)
        if isinstance(result, Denial):
            found = domain.find(session, person=person, number=number, commitment_id=commitment_id)
            return r.Denied(result, found.number if found else number)
        return r.CommitmentView.of(result)


def drop(core: Core, actor: Actor, *, number: int | None = None, commitment_id: int | None = None) -> r.Result:
    def change(session, person):
        return domain.drop(session, person=person, now=core.now(), number=number, commitment_id=commitment_id)

    found = _changed(core, actor, change, number=number, commitment_id=commitment_id)
    return found if isinstance(found, r.Denied) else r.Dropped(found)


def snooze(core: Core, actor: Actor, commitment_id: int) -> r.Result:
    until = actor.today(core.now()) + timedelta(days=SNOOZE_DAYS)

    def change(session, person):
        return domain.snooze(session, person=person, commitment_id=commitment_id, until=until)

    found = _changed(core, actor, change, commitment_id=commitment_id)
    return found if isinstance(found, r.Denied) else r.Snoozed(found, until)


def move(core: Core, actor: Actor, number: int, when: str) -> r.Result:
    due = parse_new_date(when, today=actor.today(core.now()))
    if isinstance(due, Refusal):
        return r.Refused("move", due.problems, number)

    def change(session, person):
        return domain.reschedule(session, person=person, number=number, due=due)

    found = _changed(core, actor, change, number=number)
    return found if isinstance(found, r.Denied) else r.Moved(found)


def own(core: Core, actor: Actor, commitment_id: int) -> r.CommitmentView | None:
    with session_scope(core.engine) as session:
        row = repo.commitment_by_id(session, person=session.get(Person, actor.person_id), commitment_id=commitment_id)
        return r.CommitmentView.of(row) if row else None


def active(core: Core, actor: Actor) -> list[r.CommitmentView]:
    with session_scope(core.engine) as session:
        return [r.CommitmentView.of(c) for c in repo.commitments(session, person=session.get(Person, actor.person_id))]


def form(core: Core, actor: Actor, kind: str, commitment_id: int | None = None, start: str | None = None) -> r.Result:
    """What a form needs to be drawn: today, the person's active commitments, the one picked;
    for a commitment, the focus areas and the suggested first step it starts from, if picked."""
    today = actor.today(core.now())
    if kind == "commit":
        areas = tuple(strategy.focus_areas(core, actor.workspace_id))
        return r.FormNeeded("commit", today, focus_areas=areas, start=starting_point(areas, start, actor.locale))
    selected = own(core, actor, commitment_id) if commitment_id else None
    if commitment_id and selected is None:
        return r.Denied(Denial.NO_SUCH_COMMITMENT, None)
    return r.FormNeeded("reflect", today, active(core, actor), selected)


def starting_point(areas, value: str | None, locale: str) -> r.StartingPoint | None:
    """The suggestion "key:index" names, among the areas offered; None for anything else (an
    old form, an area archived since, a forged value)."""
    key, _, index = (value or "").partition(":")
    area = next((a for a in areas if a.key == key), None)
    if area is None or not index.isdigit() or int(index) >= len(area.suggestions):
        return None
    suggestion = area.suggestions[int(index)]
    title = suggestion.sv if locale == "sv" else suggestion.en
    return r.StartingPoint(value=value, focus=area.key, category=suggestion.category, title=title)


def answer(core: Core, actor: Actor, message, peers: Peers) -> r.Result:
    """A message in a check-in's thread, or soon after one, is a reflection on it."""
    with session_scope(core.engine) as session:
        found = answers.answer_to_checkin(
            session,
            person_id=actor.person_id,
            now=core.now(),
            text=message.text or "",
            channel=message.channel,
            thread=message.thread,
        )
    if found is None:
        return r.NotAnAnswer(message)
    if isinstance(found, Refusal):
        return r.Refused("reflect", found.problems)
    return reflect_draft(core, actor, found.draft, peers, commitment_id=found.commitment_id)
