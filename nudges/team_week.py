"""A team's week as data: what its leaders committed to, completed, learned and dared to share.

Pure where it matters: `build()` takes the activity rows, the channel's members and the
period, and applies every privacy rule (private items, people who opted out, people who
are not in the channel, other workspaces) before anything is counted or shown. Who is late
or did nothing never appears: trust-based leadership, not naming and shaming.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

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
        if item.workspace_id != workspace_id or item.private or item.opted_out or item.person not in members:
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
    is where the filtering happens, so that it can be tested without a database."""
    query = select(Person).where(Person.workspace_id == workspace_id)
    if members is None:
        people = {p.id: p for p in session.exec(query)}
    else:
        wanted = sorted(members)
        people = {
            p.id: p
            for i in range(0, len(wanted), 500)
            for p in session.exec(query.where(col(Person.external_id).in_(wanted[i : i + 500])))
        }
    out: list[Activity] = []
    areas = {
        a.id: (a.name_sv, a.name_en)
        for a in session.exec(select(FocusArea).where(FocusArea.workspace_id == workspace_id))
    }

    def add(person_id: int, **values) -> None:
        person = people.get(person_id)
        if person is not None:
            out.append(
                Activity(
                    workspace_id=workspace_id,
                    person=person.external_id,
                    name=person.display_name or person.external_id,
                    opted_out=person.digest_opt_out,
                    **values,
                )
            )

    commitments = {}
    for c in _for_people(
        session,
        select(Commitment).where(
            Commitment.workspace_id == workspace_id,
            col(Commitment.created_at) < end,
            (col(Commitment.created_at) >= start)
            | (col(Commitment.completed_at) >= start)
            | (col(Commitment.repeat).is_not(None)),
        ),
        Commitment.person_id,
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
    for r in _for_people(
        session,
        select(Reflection).where(
            Reflection.workspace_id == workspace_id,
            col(Reflection.created_at) >= start,
            col(Reflection.created_at) < end,
        ),
        Reflection.person_id,
        people if members is not None else None,
    ):
        about = commitments.get(r.commitment_id) if r.commitment_id else None
        if about is None and r.commitment_id:
            about = session.get(Commitment, r.commitment_id)
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
        return list(session.exec(query))
    ids = sorted(people)
    return [
        row for i in range(0, len(ids), 500) for row in session.exec(query.where(col(column).in_(ids[i : i + 500])))
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
