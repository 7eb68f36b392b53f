"""A nudge as plain data, ready for any chat front end to render.

Built from the database both when it is sent and when a button on it is pressed, so the
message can be redrawn with what has changed since (done, dropped, snoozed).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from nudges import content
from nudges.fallbacks import ByWorkspace
from storage.models import Commitment, FocusArea, Nudge, Person, Workspace


@dataclass(frozen=True)
class Line:
    commitment_id: int
    number: int
    category: str
    title: str
    due: date
    repeat: str | None
    private: bool
    state: str  # active, done, dropped
    snoozed: bool
    soon: bool  # due within two working days
    overdue: bool
    days_left: int
    hint: str
    focus: str | None = None  # the strategy's focus area it serves, in the person's language


@dataclass(frozen=True)
class CheckIn:
    nudge_id: int
    platform: str
    workspace: str  # the platform's id of the workspace
    person: str  # the platform's id of the person
    locale: str
    day: date
    checkin: bool  # weekly check-in, or only reminders
    intro: str
    lines: tuple[Line, ...]


def encode_items(items: tuple[int, ...], soon: frozenset[int], overdue: frozenset[int]) -> str:
    return json.dumps({"ids": list(items), "soon": sorted(soon), "overdue": sorted(overdue)})


def decode_items(raw: str) -> dict[str, list[int]]:
    data = json.loads(raw or "{}")
    return {"ids": data.get("ids", []), "soon": data.get("soon", []), "overdue": data.get("overdue", [])}


def build(session: Session, nudge: Nudge, *, fallbacks: ByWorkspace, now: datetime) -> CheckIn:
    return build_many(session, [nudge], fallbacks=fallbacks, now=now)[0]


def build_many(session: Session, nudges: list[Nudge], *, fallbacks: ByWorkspace, now: datetime) -> list[CheckIn]:
    """Many check-ins with a handful of queries, whatever their number (a Monday has thousands).
    Each in the person's language and zone, by their workspace's defaults where they chose none."""
    decoded = {n.id: decode_items(n.items) for n in nudges}
    people = {p.id: p for p in _by_ids(session, _PERSON, {n.person_id for n in nudges})}
    workspaces = {w.id: w for w in _by_ids(session, _WORKSPACE, {n.workspace_id for n in nudges})}
    found = {c.id: c for c in _by_ids(session, _COMMITMENT, {i for d in decoded.values() for i in d["ids"]})}
    areas = {a.id: a for a in _by_ids(session, _AREA, {c.focus_area_id for c in found.values() if c.focus_area_id})}
    out = []
    for nudge in nudges:
        person, workspace, items = people[nudge.person_id], workspaces[nudge.workspace_id], decoded[nudge.id]
        own = fallbacks[nudge.workspace_id]
        locale = own.locale_for(person.platform_locale, person.locale_choice)
        today = now.astimezone(own.zone_for(person.tz)).date()
        lines = tuple(
            _with_focus(
                _line(found[i], locale, nudge.day, today, soon=i in items["soon"], overdue=i in items["overdue"]),
                areas.get(found[i].focus_area_id),
                locale,
            )
            for i in items["ids"]
            if i in found and found[i].person_id == person.id
        )
        out.append(
            CheckIn(
                nudge_id=nudge.id,
                platform=workspace.platform,
                workspace=workspace.external_id,
                person=person.external_id,
                locale=locale,
                day=nudge.day,
                checkin=nudge.checkin,
                intro=content.intro(locale, checkin=nudge.checkin, day=nudge.day),
                lines=lines,
            )
        )
    return out


# Only the columns a check-in shows, read as plain rows: a Monday builds thousands, and ORM
# objects (identity map, change tracking) cost several times as much to load for nothing here.
_PERSON = (Person.id, Person.external_id, Person.tz, Person.platform_locale, Person.locale_choice)
_WORKSPACE = (Workspace.id, Workspace.platform, Workspace.external_id)
_COMMITMENT = (
    Commitment.id,
    Commitment.person_id,
    Commitment.number,
    Commitment.category,
    Commitment.title,
    Commitment.due,
    Commitment.repeat,
    Commitment.private,
    Commitment.state,
    Commitment.snoozed_until,
    Commitment.focus_area_id,
)
_AREA = (FocusArea.id, FocusArea.name_sv, FocusArea.name_en)


def _by_ids(session: Session, columns: tuple, ids: set[int], chunk: int = 500) -> list:
    ordered = sorted(ids)
    ident = col(columns[0])
    query = select(*columns).where(ident.in_(bindparam("ids", expanding=True)))
    rows = []
    for start in range(0, len(ordered), chunk):
        rows += session.execute(query, {"ids": ordered[start : start + chunk]}).all()
    return rows


def _with_focus(line: Line, area, locale: str) -> Line:
    if area is None:
        return line
    return replace(line, focus=area.name_sv if locale == "sv" else area.name_en)


def _line(c, locale: str, day: date, today: date, *, soon: bool, overdue: bool) -> Line:
    return Line(
        commitment_id=c.id,
        number=c.number,
        category=c.category,
        title=c.title,
        due=c.due,
        repeat=c.repeat,
        private=c.private,
        state=c.state,
        snoozed=bool(c.snoozed_until and c.snoozed_until >= today),
        soon=soon,
        overdue=overdue or c.due < day,
        days_left=(c.due - day).days,
        hint=content.hint(c.category, locale, commitment_id=c.id, day=day),
    )
