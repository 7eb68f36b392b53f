"""The one scheduled entry point: `tick(now)` does all work due at `now`, once.

Claim, send, record. A nudge is claimed by inserting its row under the unique key
(person, local day) before anything is sent, so a second tick at the same instant, a
restart or a second instance finds the claim and sends nothing. A send that fails for a
passing reason (429, 5xx, a dropped connection) leaves the row pending and a later tick
tries again; a claim left "sending" by a crash is taken up again after CLAIM_TIMEOUT.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from nudges import checkin as checkins
from nudges.calendar import WorkCalendar
from nudges.checkin import CheckIn
from nudges.planning import Item, Plan, Schedule, plan
from nudges.zones import zone
from storage.db import session_scope
from storage.models import Commitment, Nudge, Person

log = logging.getLogger(__name__)
CLAIM_TIMEOUT = timedelta(minutes=10)
MAX_ATTEMPTS = 12


class TemporaryFailure(Exception):
    """The chat platform could not take it now (rate limit, 5xx, network): try again later."""


class PermanentFailure(Exception):
    """It will never go through (the person left, the app was removed): stop trying."""


@dataclass(frozen=True)
class Sent:
    channel: str
    ts: str


Deliver = Callable[[CheckIn], Sent]


@dataclass
class TickReport:
    planned: int = 0
    sent: int = 0
    pending: int = 0
    failed: int = 0
    skipped: int = 0  # already claimed or done by someone else
    digests: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class TickConfig:
    calendar: WorkCalendar
    default_tz: str
    default_locale: str
    concurrency: int = 16


def tick(now: datetime, *, engine: Engine, deliver: Deliver, config: TickConfig, outlet=None) -> TickReport:
    """Nudges first, then the team digests (when an outlet for them is given)."""
    if now.tzinfo is None:
        raise ValueError("tick needs an aware datetime")
    report = _nudge(now, engine=engine, deliver=deliver, config=config)
    if outlet is not None:
        from nudges.digests import post_due

        report.digests = post_due(now, engine=engine, outlet=outlet, default_tz=config.default_tz)
    return report


def _nudge(now: datetime, *, engine: Engine, deliver: Deliver, config: TickConfig) -> TickReport:
    report = TickReport()
    due = _due_plans(engine, now, config)
    report.planned = len(due)
    claimed = [nudge_id for nudge_id in (_claim(engine, person, p, now) for person, p in due) if nudge_id]
    report.skipped = len(due) - len(claimed)
    if not claimed:
        return report

    def send(nudge_id: int) -> str:
        return _send_one(engine, nudge_id, now, deliver, config)

    with ThreadPoolExecutor(max_workers=max(1, config.concurrency)) as pool:
        for outcome in pool.map(send, claimed):
            setattr(report, outcome, getattr(report, outcome) + 1)
    log.info(
        "tick at %s: %s planned, %s sent, %s pending, %s failed, %s skipped",
        now.isoformat(),
        report.planned,
        report.sent,
        report.pending,
        report.failed,
        report.skipped,
    )
    return report


def _due_plans(engine: Engine, now: datetime, config: TickConfig) -> list[tuple[Person, Plan]]:
    with Session(engine) as session:
        rows = session.exec(
            select(Person, Commitment)
            .join(Commitment, col(Commitment.person_id) == col(Person.id))
            .where(Commitment.state == "active")
        ).all()
        by_person: dict[int, tuple[Person, list[Item]]] = {}
        for person, c in rows:
            entry = by_person.setdefault(person.id, (person, []))
            entry[1].append(Item(id=c.id, due=c.due, repeat=c.repeat, snoozed_until=c.snoozed_until))
        earliest = (now - timedelta(days=2)).date()
        settled = defaultdict(set)
        for person_id, day, state, claimed_at in session.exec(
            select(Nudge.person_id, Nudge.day, Nudge.state, Nudge.claimed_at).where(Nudge.day >= earliest)
        ):
            stale = state == "sending" and claimed_at is not None and now - claimed_at > CLAIM_TIMEOUT
            if state in ("sent", "failed") or (state == "sending" and not stale):
                settled[person_id].add(day)

    due = []
    for person, items in by_person.values():
        schedule = Schedule(
            tz=zone(person.tz, config.default_tz),
            weekday=person.nudge_weekday,
            at=person.nudge_time,
            paused_until=person.paused_until,
        )
        found = plan(now, schedule, items, config.calendar)
        if found and found.day not in settled[person.id]:
            due.append((person, found))
    return due


def _claim(engine: Engine, person: Person, p: Plan, now: datetime) -> int | None:
    """The nudge's id if this tick now owns it, else None (sent, or being sent elsewhere)."""
    items = checkins.encode_items(p.items, p.soon, p.overdue)
    try:
        with session_scope(engine) as session:
            nudge = Nudge(
                workspace_id=person.workspace_id,
                person_id=person.id,
                day=p.day,
                slot_at=p.slot,
                checkin=p.checkin,
                items=items,
                state="sending",
                claimed_at=now,
            )
            session.add(nudge)
            session.flush()
            return nudge.id
    except IntegrityError:
        pass
    with session_scope(engine) as session:
        taken = session.execute(
            update(Nudge)
            .where(
                col(Nudge.person_id) == person.id,
                col(Nudge.day) == p.day,
                or_(
                    col(Nudge.state) == "pending",
                    and_(col(Nudge.state) == "sending", col(Nudge.claimed_at) < now - CLAIM_TIMEOUT),
                ),
            )
            .values(state="sending", claimed_at=now)
            .returning(Nudge.id)
        ).first()
        return taken[0] if taken else None


def _send_one(engine: Engine, nudge_id: int, now: datetime, deliver: Deliver, config: TickConfig) -> str:
    with Session(engine) as session:
        nudge = session.get(Nudge, nudge_id)
        if nudge is None:  # erased meanwhile, with the person's data
            return "skipped"
        message = checkins.build(
            session, nudge, default_locale=config.default_locale, default_tz=config.default_tz, now=now
        )
    outcome, fields = "sent", {}
    if not any(line.state == "active" and not line.snoozed for line in message.lines):
        outcome, fields = "failed", {"error": "nothing left to mention"}
    else:
        try:
            sent = deliver(message)
            fields = {"channel": sent.channel, "ts": sent.ts, "sent_at": now, "error": None}
        except TemporaryFailure as error:
            outcome, fields = "pending", {"error": str(error)[:200]}
        except PermanentFailure as error:
            outcome, fields = "failed", {"error": str(error)[:200]}
        except Exception as error:  # a bug in rendering must not lose the nudge either
            log.exception("sending nudge %s failed unexpectedly", nudge_id)
            outcome, fields = "pending", {"error": type(error).__name__}
    with session_scope(engine) as session:
        nudge = session.get(Nudge, nudge_id)
        if nudge is None:
            return "skipped"
        nudge.attempts += 1
        if outcome == "pending" and nudge.attempts >= MAX_ATTEMPTS:
            outcome = "failed"
        nudge.state = outcome
        for name, value in fields.items():
            setattr(nudge, name, value)
        session.add(nudge)
    return outcome
