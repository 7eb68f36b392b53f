"""A team's week as data: what its leaders committed to, completed, learned and dared to share.

Pure where it matters: `build()` takes the activity rows, the channel's members and the
period, and applies every privacy rule (private items, people who opted out, people who
are not in the channel, other workspaces) before anything is counted or shown. Who is late
or did nothing never appears: trust-based leadership, not naming and shaming.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlmodel import Session

from storage.models import Commitment, FocusArea, Person, Reflection

DEFAULT_PERIOD = timedelta(days=7)
LATE_LIMIT = timedelta(days=1)


@dataclass(frozen=True)
class Activity:
    workspace_id: int
    person: str  # the platform's id of the person
    name: str  # how the team knows them; a digest names people without pinging them
    opted_out: bool
    kind: str  # committed, completed, failure, learning
    private: bool
    at: datetime
    category: str | None = None
    title: str | None = None
    text: str | None = None
    learning: str | None = None
    focus: tuple[str, str] | None = None  # the focus area it serves: (Swedish name, English name)


@dataclass(frozen=True)
class Entry:
    person: str
    name: str
    category: str | None
    title: str | None
    text: str | None = None
    learning: str | None = None
    focus: tuple[str, str] | None = None


@dataclass(frozen=True)
class DigestData:
    locale: str
    start: datetime
    end: datetime
    completed: list[Entry] = field(default_factory=list)
    committed: list[Entry] = field(default_factory=list)
    failures: list[Entry] = field(default_factory=list)
    learnings: list[Entry] = field(default_factory=list)

    @property
    def leaders_completing(self) -> int:
        return len({e.person for e in self.completed})

    @property
    def sharers(self) -> int:
        """People who shared a failure: in a reflection, or by completing a failure-sharing commitment."""
        shared = {e.person for e in self.failures}
        return len(shared | {e.person for e in self.completed if e.category == "failure"})

    def steps_by_focus(self, locale: str) -> list[tuple[str, int]]:
        """Completed steps per focus area, most first: "3 steps this week for AI i verksamheten"."""
        counts: dict[str, int] = {}
        for entry in self.completed:
            if entry.focus:
                name = entry.focus[0] if locale == "sv" else entry.focus[1]
                counts[name] = counts.get(name, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    @property
    def quiet(self) -> bool:
        return not (self.completed or self.committed or self.failures or self.learnings)


def shown(item: Activity, workspace_id: int, members: set[str]) -> bool:
    """The privacy rules every count and every line obeys: nothing private, nothing of people
    who opted out or who are not in the channel, nothing of another workspace."""
    return item.workspace_id == workspace_id and not item.private and not item.opted_out and item.person in members


def build(
    activity: Iterable[Activity], *, workspace_id: int, members: set[str], start: datetime, end: datetime, locale: str
) -> DigestData:
    data = DigestData(locale=locale, start=start, end=end)
    buckets = {
        "completed": data.completed,
        "committed": data.committed,
        "failure": data.failures,
        "learning": data.learnings,
    }
    for item in sorted(activity, key=lambda a: a.at):
        if not shown(item, workspace_id, members):
            continue
        if not (start <= item.at < end) or item.kind not in buckets:
            continue
        entry = Entry(item.person, item.name, item.category, item.title, item.text, item.learning, item.focus)
        buckets[item.kind].append(entry)
    return data


def load_activity(
    session: Session, *, workspace_id: int, start: datetime, end: datetime, members: set[str] | None = None
) -> list[Activity]:
    """What happened in [start, end) — for the given members only, when given (a channel's
    digest reads its own people, not the whole workspace) — private flags included: `build()`
    is where the filtering happens, so that it can be tested without a database.

    Plain rows of the columns read, not ORM objects: loading the objects (identity map, instance
    state, attribute instrumentation) was most of the reading's time, 2.1 of 13 s of interpreter
    time posting 1,000 digests (py-spy), about 1 s as rows. Nothing here changes a row; the rows
    are the database's, so a change the session has not flushed is not seen (no caller has one)."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)  # as the rows' moments: compared without a zone lookup
    query = select(_P.id, _P.external_id, _P.display_name, _P.digest_opt_out).where(_P.workspace_id == workspace_id)
    if members is None:
        rows = session.execute(query).all()
    else:
        wanted = sorted(members)
        rows = [
            row
            for i in range(0, len(wanted), 500)
            for row in session.execute(query.where(_P.external_id.in_(wanted[i : i + 500]))).all()
        ]
    # id -> (external id, name, opted out)
    people = {p.id: (p.external_id, p.display_name or p.external_id, p.digest_opt_out) for p in rows}
    out: list[Activity] = []
    areas = {
        a.id: (a.name_sv, a.name_en)
        for a in session.execute(select(_F.id, _F.name_sv, _F.name_en).where(_F.workspace_id == workspace_id))
    }

    def add(person_id: int, **values) -> None:
        person = people.get(person_id)
        if person is not None:
            external, name, opted_out = person
            out.append(Activity(workspace_id=workspace_id, person=external, name=name, opted_out=opted_out, **values))

    commitments = {}
    for c in _for_people(
        session,
        select(*_COMMITMENT).where(
            _C.workspace_id == workspace_id,
            _C.created_at < end,
            (_C.created_at >= start) | (_C.completed_at >= start) | (_C.repeat.is_not(None)),
        ),
        _C.person_id,
        people if members is not None else None,
    ):
        commitments[c.id] = c
        if start <= c.created_at < end:
            add(
                c.person_id,
                kind="committed",
                category=c.category,
                title=c.title,
                private=c.private,
                at=c.created_at,
                focus=areas.get(c.focus_area_id),
            )
        if c.state == "done" and c.completed_at and start <= c.completed_at < end:
            add(
                c.person_id,
                kind="completed",
                category=c.category,
                title=c.title,
                private=c.private,
                at=c.completed_at,
                focus=areas.get(c.focus_area_id),
            )
    reflections = _for_people(
        session,
        select(_R.person_id, _R.commitment_id, _R.kind, _R.text, _R.learning, _R.private, _R.created_at).where(
            _R.workspace_id == workspace_id,
            _R.created_at >= start,
            _R.created_at < end,
        ),
        _R.person_id,
        people if members is not None else None,
    )
    # The commitments reflected on that the period's query did not bring (older, done once).
    others = sorted({r.commitment_id for r in reflections if r.commitment_id and r.commitment_id not in commitments})
    for i in range(0, len(others), 500):
        for c in session.execute(select(*_COMMITMENT).where(_C.id.in_(others[i : i + 500]))).all():
            commitments[c.id] = c
    for r in reflections:
        about = commitments.get(r.commitment_id) if r.commitment_id else None
        private = r.private or bool(about and about.private)
        if r.kind == "done" and about is not None and about.repeat:
            add(
                r.person_id,
                kind="completed",
                category=about.category,
                title=about.title,
                private=private,
                at=r.created_at,
                focus=areas.get(about.focus_area_id),
            )
        elif r.kind == "failure":
            add(
                r.person_id,
                kind="failure",
                category="failure",
                title=about.title if about else None,
                text=r.text,
                learning=r.learning,
                private=private,
                at=r.created_at,
            )
        elif r.kind == "learning":
            add(
                r.person_id,
                kind="learning",
                text=r.text,
                private=private,
                at=r.created_at,
            )
    return out


_P, _F, _C, _R = (model.__table__.c for model in (Person, FocusArea, Commitment, Reflection))
_COMMITMENT = (
    _C.id,
    _C.person_id,
    _C.category,
    _C.title,
    _C.repeat,
    _C.private,
    _C.state,
    _C.created_at,
    _C.completed_at,
    _C.focus_area_id,
)


def load_activity_many(
    session: Session, wanted: Iterable[tuple[int, set[str], datetime, datetime]]
) -> dict[int, dict[str, list[Activity]]]:
    """The activity of many channels at once: per workspace, one query set for all the members
    of its channels over the widest of their periods, then by person. `wanted` holds
    (workspace id, members, start, end) per channel. Each channel's digest is `build()` over its
    own members' items, which filters by its period as by everything else; nothing of one
    workspace is read for another's channels."""
    spans: dict[int, tuple[set[str], datetime, datetime]] = {}
    for workspace_id, members, start, end in wanted:
        known, first, last = spans.get(workspace_id, (set(), start, end))
        spans[workspace_id] = (known | set(members), min(first, start), max(last, end))
    out: dict[int, dict[str, list[Activity]]] = {}
    for workspace_id, (members, start, end) in spans.items():
        by_person: dict[str, list[Activity]] = {}
        for item in load_activity(session, workspace_id=workspace_id, start=start, end=end, members=members):
            by_person.setdefault(item.person, []).append(item)
        out[workspace_id] = by_person
    return out


def _for_people(session: Session, query, column, people: dict | None) -> list:
    if people is None:
        return session.execute(query).all()
    ids = sorted(people)
    return [
        row for i in range(0, len(ids), 500) for row in session.execute(query.where(column.in_(ids[i : i + 500]))).all()
    ]


def slot(now: datetime, *, weekday: int, at: time, tz: ZoneInfo) -> datetime | None:
    """This week's digest moment if it has come and is less than a day old, else None."""
    local = now.astimezone(tz)
    day = local.date() - timedelta(days=(local.weekday() - weekday) % 7)
    moment = datetime.combine(day, at, tzinfo=tz)
    return moment if moment <= now < moment + LATE_LIMIT else None


def period_key(moment: datetime, tz: ZoneInfo) -> str:
    year, week, _ = moment.astimezone(tz).isocalendar()
    return f"{year}-W{week:02d}"
