"""What a workspace's digitalisation office sets for itself: the strategy's focus areas (which a
commitment may serve), the workspace's own defaults, and the follow-up of how the focus areas
are taken up, month by month.

Every use case takes the workspace's id and touches that workspace only. Forms come in as plain
mappings of strings (the admin page's fields, or whatever a chat front end gathers) and come back
as a view or as problems, each a field and a code that a front end says in its own words.

The follow-up never holds one person's data: counts only, nothing private counted, and a month
whose group of leaders is under five shows no figures at all (`nudges.stats.MIN_GROUP`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import bindparam
from sqlalchemy import select as sa_select
from sqlmodel import col, select

from nudges.calendar import valid_country
from nudges.drafts import Category
from nudges.service.core import Core
from nudges.stats import MIN_GROUP
from storage.db import reading, session_scope
from storage.models import Commitment, FocusArea, Reflection, WorkspaceDefaults

KEY = re.compile(r"^[a-zåäö][a-zåäö0-9-]{0,39}$")
SUGGESTION_ROWS = 5  # first steps a form may carry for one focus area
CATEGORIES = tuple(c.value for c in Category)
LOCALES = ("sv", "en")


@dataclass(frozen=True)
class Problem:
    field: str  # the form field it is about
    code: str  # e.g. "required", "too_long", "key_taken"


@dataclass(frozen=True)
class Suggestion:
    category: str  # one of CATEGORIES, or "" for any
    sv: str
    en: str


@dataclass(frozen=True)
class FocusAreaView:
    key: str
    name_sv: str
    name_en: str
    meaning_sv: str
    meaning_en: str
    suggestions: tuple[Suggestion, ...]
    archived: bool

    def name(self, locale: str) -> str:
        return self.name_sv if locale == "sv" else self.name_en

    def meaning(self, locale: str) -> str:
        return self.meaning_sv if locale == "sv" else self.meaning_en

    @classmethod
    def of(cls, row: FocusArea) -> FocusAreaView:
        try:
            raw = json.loads(row.suggestions or "[]")
        except ValueError:
            raw = []
        suggestions = tuple(
            Suggestion(str(s.get("category") or ""), str(s.get("sv") or ""), str(s.get("en") or ""))
            for s in raw
            if isinstance(s, dict)
        )
        return cls(
            key=row.key,
            name_sv=row.name_sv,
            name_en=row.name_en,
            meaning_sv=row.meaning_sv,
            meaning_en=row.meaning_en,
            suggestions=suggestions,
            archived=row.archived_at is not None,
        )


def focus_areas(core: Core, workspace_id: int, *, archived: bool = False) -> list[FocusAreaView]:
    """The workspace's focus areas in their order; with `archived`, the archived ones as well
    (after the others). Read outside any transaction and any writer's turn: every /commit asks."""
    with reading(core.engine) as connection:
        rows = connection.execute(_focus_areas_query(archived), {"workspace_id": workspace_id}).all()
    return sorted((FocusAreaView.of(row) for row in rows), key=lambda view: view.archived)


@cache
def _focus_areas_query(archived: bool):
    """Built once, read as plain rows (the same names as the model's): cheaper than the ORM
    for what every /commit asks."""
    table = FocusArea.__table__
    query = sa_select(table).where(table.c.workspace_id == bindparam("workspace_id"))
    if not archived:
        query = query.where(table.c.archived_at.is_(None))
    return query.order_by(table.c.position, table.c.id)


def focus_area(core: Core, workspace_id: int, key: str) -> FocusAreaView | None:
    with session_scope(core.engine) as session:
        row = _find(session, workspace_id, key)
        return FocusAreaView.of(row) if row is not None else None


def save_focus_area(core: Core, workspace_id: int, form: Mapping[str, str]) -> FocusAreaView | list[Problem]:
    """Creates a focus area, or edits the one named by `editing` (its key stays as it was).

    Fields: key, name_sv, name_en, meaning_sv, meaning_en, and first steps as
    suggestion-N-category, suggestion-N-sv, suggestion-N-en for N from 1 (a row with neither
    text is left out; one with only one language is a problem, as people read either)."""
    text = {name: (form.get(name) or "").strip() for name in ("name_sv", "name_en", "meaning_sv", "meaning_en")}
    editing = (form.get("editing") or "").strip().lower()
    key = editing or (form.get("key") or "").strip().lower()
    problems: list[Problem] = []
    if not key:
        problems.append(Problem("key", "required"))
    elif not KEY.match(key):
        problems.append(Problem("key", "key_format"))
    for name in ("name_sv", "name_en"):
        if not text[name]:
            problems.append(Problem(name, "required"))
        elif len(text[name]) > 80:
            problems.append(Problem(name, "too_long"))
    problems += [Problem(name, "too_long") for name in ("meaning_sv", "meaning_en") if len(text[name]) > 300]
    suggestions, more = _suggestions(form)
    problems += more
    with session_scope(core.engine) as session:
        row = _find(session, workspace_id, key) if key else None
        if editing and row is None:
            problems.append(Problem("key", "unknown"))
        if not editing and row is not None:
            problems.append(Problem("key", "key_taken"))
        if problems:
            return problems
        if row is None:
            last = session.exec(select(FocusArea.position).where(FocusArea.workspace_id == workspace_id)).all()
            row = FocusArea(workspace_id=workspace_id, key=key, position=max(last, default=-1) + 1, **text)
        else:
            for name, value in text.items():
                setattr(row, name, value)
        row.suggestions = json.dumps([s.__dict__ for s in suggestions], ensure_ascii=False)
        session.add(row)
        session.flush()
        return FocusAreaView.of(row)


def _suggestions(form: Mapping[str, str]) -> tuple[list[Suggestion], list[Problem]]:
    found, problems = [], []
    for n in range(1, SUGGESTION_ROWS + 1):
        category = (form.get(f"suggestion-{n}-category") or "").strip()
        sv = (form.get(f"suggestion-{n}-sv") or "").strip()
        en = (form.get(f"suggestion-{n}-en") or "").strip()
        if not sv and not en:
            continue
        if category and category not in CATEGORIES:
            problems.append(Problem(f"suggestion-{n}-category", "unknown"))
        for lang, value in (("sv", sv), ("en", en)):
            if not value:
                problems.append(Problem(f"suggestion-{n}-{lang}", "required"))
            elif len(value) > 200:
                problems.append(Problem(f"suggestion-{n}-{lang}", "too_long"))
        found.append(Suggestion(category, sv, en))
    return found, problems


def archive_focus_area(core: Core, workspace_id: int, key: str) -> bool:
    """Archives a focus area (commitments made for it keep pointing at it); False if there is
    no such active one in this workspace."""
    with session_scope(core.engine) as session:
        row = _find(session, workspace_id, key)
        if row is None or row.archived_at is not None:
            return False
        row.archived_at = core.now()
        session.add(row)
        return True


def restore_focus_area(core: Core, workspace_id: int, key: str) -> bool:
    """Brings an archived focus area back, in its old place, with the commitments made for it
    (they kept pointing at it); False if there is no such archived one in this workspace."""
    with session_scope(core.engine) as session:
        row = _find(session, workspace_id, key)
        if row is None or row.archived_at is None:
            return False
        row.archived_at = None
        session.add(row)
        return True


def _find(session, workspace_id: int, key: str) -> FocusArea | None:
    return session.exec(
        select(FocusArea).where(FocusArea.workspace_id == workspace_id, FocusArea.key == key.strip().lower())
    ).first()


# --- The workspace's defaults ----------------------------------------------------------------


@dataclass(frozen=True)
class Defaults:
    """What the workspace set; None falls back to the process-wide setting."""

    timezone: str | None = None
    locale: str | None = None
    nudge_weekday: int | None = None
    nudge_time: time | None = None
    digest_weekday: int | None = None
    digest_time: time | None = None
    holidays: str | None = None


_DEFAULT_FIELDS = tuple(Defaults.__dataclass_fields__)


def workspace_defaults(core: Core, workspace_id: int) -> Defaults:
    with session_scope(core.engine) as session:
        row = session.get(WorkspaceDefaults, workspace_id)
        if row is None:
            return Defaults()
        return Defaults(**{name: getattr(row, name) for name in _DEFAULT_FIELDS})


def save_defaults(core: Core, workspace_id: int, form: Mapping[str, str]) -> Defaults | list[Problem]:
    """Validates and stores the workspace's defaults; an empty field means "as the process says".

    Fields: timezone (IANA), locale (sv, en), nudge_weekday (0 = Monday to 4 = Friday, as a
    person may choose) and digest_weekday (0 to 6), nudge_time and digest_time (HH:MM), holidays
    (a country code). What they govern, and in which order with what a person chose or the
    platform says, is in nudges.fallbacks."""
    get = lambda name: (form.get(name) or "").strip() or None  # noqa: E731
    problems: list[Problem] = []
    values: dict = {}
    zone = get("timezone")
    if zone is not None:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(Problem("timezone", "unknown"))
    values["timezone"] = zone
    locale = get("locale")
    if locale is not None and locale not in LOCALES:
        problems.append(Problem("locale", "unknown"))
    values["locale"] = locale
    for name, last in (("nudge_weekday", 4), ("digest_weekday", 6)):  # check-ins come on working days
        value = get(name)
        if value is not None and (not value.isdigit() or int(value) > last):
            problems.append(Problem(name, "unknown"))
            value = None
        values[name] = int(value) if value is not None else None
    for name in ("nudge_time", "digest_time"):
        value = get(name)
        parsed = None
        if value is not None:
            try:
                parsed = time.fromisoformat(value) if re.fullmatch(r"\d{2}:\d{2}", value) else None
            except ValueError:
                parsed = None
            if parsed is None:
                problems.append(Problem(name, "time_format"))
        values[name] = parsed
    country = get("holidays")
    if country is not None and not valid_country(country):
        problems.append(Problem("holidays", "unknown"))
    values["holidays"] = country.upper() if country else None
    if problems:
        return problems
    with session_scope(core.engine) as session:
        row = session.get(WorkspaceDefaults, workspace_id) or WorkspaceDefaults(workspace_id=workspace_id)
        for name, value in values.items():
            setattr(row, name, value)
        row.updated_at = core.now()
        session.add(row)
    return Defaults(**values)


# --- Follow-up -------------------------------------------------------------------------------

MONTHS = 6


@dataclass(frozen=True)
class Month:
    """One focus area's month. With fewer than five leaders, no figure at all (None)."""

    year: int
    month: int
    leaders: int | None  # with an active commitment for the focus area during the month
    completed: int | None = None  # steps completed
    failures: int | None = None  # failures shared, with what was learned
    courses: int | None = None  # courses done
    collaborations: int | None = None  # collaborations done

    @property
    def too_few(self) -> bool:
        return self.leaders is None


@dataclass(frozen=True)
class AreaFollowUp:
    area: FocusAreaView
    months: tuple[Month, ...]  # oldest first


def follow_up(core: Core, workspace_id: int, *, months: int = MONTHS) -> list[AreaFollowUp]:
    """Per focus area (archived ones too) and month, the last `months` months up to this one in
    the workspace's time zone: counts of what was not private, or nothing for a small group."""
    tz = ZoneInfo(workspace_defaults(core, workspace_id).timezone or core.timezone)
    local = core.now().astimezone(tz)
    spans: list[tuple[int, int, datetime, datetime]] = []
    year, month = local.year, local.month
    for _ in range(months):
        start = datetime(year, month, 1, tzinfo=tz)
        end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
        spans.append((year, month, start.astimezone(UTC), end.astimezone(UTC)))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    spans.reverse()
    oldest = spans[0][2]
    with session_scope(core.engine) as session:
        areas = session.exec(
            select(FocusArea).where(FocusArea.workspace_id == workspace_id).order_by(col(FocusArea.position))
        ).all()
        views = {row.id: FocusAreaView.of(row) for row in areas}
        steps = session.exec(
            select(
                Commitment.focus_area_id,
                Commitment.person_id,
                Commitment.category,
                Commitment.created_at,
                Commitment.completed_at,
                Commitment.dropped_at,
            ).where(
                Commitment.workspace_id == workspace_id,
                col(Commitment.focus_area_id).is_not(None),
                Commitment.private == False,  # noqa: E712
            )
        ).all()
        failures = session.exec(
            select(Commitment.focus_area_id, Reflection.created_at)
            .join(Commitment, col(Commitment.id) == Reflection.commitment_id)
            .where(
                Reflection.workspace_id == workspace_id,
                Reflection.kind == "failure",
                col(Reflection.learning).is_not(None),
                Reflection.private == False,  # noqa: E712
                Commitment.private == False,  # noqa: E712
                col(Commitment.focus_area_id).is_not(None),
                col(Reflection.created_at) >= oldest,
            )
        ).all()
    result = []
    for area_id, view in views.items():
        mine = [s for s in steps if s.focus_area_id == area_id]
        shared = [f.created_at for f in failures if f.focus_area_id == area_id]
        cells = []
        for year, month, start, end in spans:
            leaders = {
                s.person_id
                for s in mine
                if s.created_at < end
                and (s.completed_at is None or s.completed_at >= start)
                and (s.dropped_at is None or s.dropped_at >= start)
            }
            if len(leaders) < MIN_GROUP:
                cells.append(Month(year, month, None))
                continue
            done = [s for s in mine if s.completed_at is not None and start <= s.completed_at < end]
            cells.append(
                Month(
                    year,
                    month,
                    leaders=len(leaders),
                    completed=len(done),
                    failures=sum(1 for at in shared if start <= at < end),
                    courses=sum(1 for s in done if s.category == Category.COURSE),
                    collaborations=sum(1 for s in done if s.category == Category.COLLABORATION),
                )
            )
        result.append(AreaFollowUp(view, tuple(cells)))
    return result
