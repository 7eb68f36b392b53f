"""The one scheduled entry point: `tick(now)` does all work due at `now`, once.

Claim, send, record. A nudge is claimed by inserting its row under the unique key
(person, local day) before anything is sent, so a second tick at the same instant, a
restart or a second instance finds the claim and sends nothing. A send that fails for a
passing reason (429, 5xx, a dropped connection) leaves the row pending and a later tick
tries again; one the platform refuses for good (a 4xx) ends failed, counted, never retried;
a claim left "sending" by a crash is taken up by the next run at once (see nudges.claims).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from itertools import zip_longest

from dateutil.relativedelta import relativedelta
from sqlalchemy import and_, or_
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from nudges import checkin as checkins
from nudges import fallbacks as workspace_fallbacks
from nudges.calendar import WorkCalendar
from nudges.checkin import CheckIn
from nudges.claims import (
    Attempt,
    Claim,
    Sent,
    Staleness,
    Starts,
    TemporaryFailure,
    claim_many,
    record_many,
    release,
)
from nudges.fallbacks import ByWorkspace, Fallbacks
from nudges.lanes import Lanes
from nudges.outbound import Outbounds
from nudges.planning import Item, Plan, Schedule, plan, reminders_only
from storage import repo
from storage.db import session_scope
from storage.locks import Owner
from storage.models import Commitment, Nudge, Person, Workspace

log = logging.getLogger(__name__)
RECEIPT_KEEP = timedelta(days=1)
RECORD_BATCH = 100
BUILD_BATCH = 500


@dataclass
class TickReport:
    planned: int = 0
    sent: int = 0
    pending: int = 0
    failed: int = 0
    skipped: int = 0  # already claimed or done by someone else
    digests: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """What a person running `leadbot tick` reads: check-ins, and digests when any were due."""
        text = f"{self.sent} sent, {self.pending} pending, {self.failed} failed, {self.skipped} already done"
        posted = {k: v for k, v in (self.digests or {}).items() if v}
        if posted:
            text += "; digests: " + ", ".join(
                f"{v} {'already done' if k == 'skipped' else k}" for k, v in sorted(posted.items())
            )
        return text


@dataclass(frozen=True)
class TickConfig:
    """The process-wide settings: what a workspace that set no defaults of its own gets."""

    calendar: WorkCalendar
    default_tz: str
    default_locale: str
    concurrency: int = 16
    # Set on shutdown: messages being sent are finished and recorded, the rest are handed
    # back (pending) for the next tick, by this instance or another.
    stop: threading.Event | None = None
    retention_months: int | None = None  # reflections older than this are deleted
    # Seconds a tick goes on sending check-ins; what is left then (a throttled workspace's) is
    # handed back for the next tick, so that one workspace never holds up the ticks after it.
    send_budget: float = 600.0

    @property
    def process(self) -> Fallbacks:
        return Fallbacks(locale=self.default_locale, timezone=self.default_tz, holidays=self.calendar.country)


def _fallbacks(engine: Engine, config: TickConfig) -> ByWorkspace:
    """Every workspace's own defaults, read once per run: planning and the check-ins' words ask
    them for each person."""
    with Session(engine) as session:
        return workspace_fallbacks.read(session, config.process)


def tick(now: datetime, *, engine: Engine, outbound: Outbounds, config: TickConfig) -> TickReport:
    """Nudges first, then the team digests."""
    if now.tzinfo is None:
        raise ValueError("tick needs an aware datetime")
    with session_scope(engine) as session:
        repo.forget_receipts(session, before=now - RECEIPT_KEEP)
        if config.retention_months:
            forgotten = repo.forget_reflections(session, before=now - relativedelta(months=config.retention_months))
            if forgotten:
                log.info("retention: %s reflections older than %s months deleted", forgotten, config.retention_months)
    with Owner(engine) as owner:
        report = _nudge(now, engine=engine, outbound=outbound, config=config, owner=owner)
        if outbound and not _stopping(config, owner):
            from nudges.digest_posting import post_due

            report.digests = post_due(
                now,
                engine=engine,
                outbound=outbound,
                default_tz=config.default_tz,
                owner=owner,
                concurrency=config.concurrency,
                stop=config.stop,
            )
    log.info("tick at %s: %s planned; %s", now.isoformat(), report.planned, report.summary())
    return report


def _stopping(config: TickConfig, owner: Owner) -> bool:
    """Shutting down, or this run's liveness lock is gone (the database restarted): others may
    now take its claims over, so it sends nothing more."""
    if config.stop is not None and config.stop.is_set():
        return True
    if not owner.holds():
        log.warning("this tick lost its liveness lock; it stops sending and leaves the rest to the next tick")
        return True
    return False


def _nudge(now: datetime, *, engine: Engine, outbound: Outbounds, config: TickConfig, owner: Owner) -> TickReport:
    """Planned, claimed and built a batch of people at a time, as the workspaces' lanes need
    more (see nudges.lanes), and sent while the next batch is planned: the tick holds a few
    batches of people and messages, never everyone. The people of a batch come from every
    workspace in turn, so each workspace's lane fills at once and all of them send side by side,
    each at the pace its own platform limits allow."""
    report = TickReport()
    starts = Starts(engine, Nudge, owner)
    own = _fallbacks(engine, config)  # every workspace's defaults, once for the run
    sending = _Sending(engine, outbound, config, owner, starts, now, report, own)
    sending.run(_due_batches(engine, now, config, owner, own))
    if sending.claims:
        log.info("nudges: %s transactions noted %s sends beginning", starts.writes, report.sent + report.pending)
    return report


RATE_RETRIES = 3  # a check-in refused with 429 is tried again this many times in the tick (as slack_sdk did)
GIVE_UP_WAIT = 60.0  # a workspace asked to wait longer than this (s) is left for the next tick
LANE_LOW = 64  # a lane with fewer messages waiting than this asks for the next batch
LANE_MAX = 1000  # a lane holding this many takes no more claims this tick (the next tick has them)
QUEUED_MAX = 4 * BUILD_BATCH  # built messages held at most, across all lanes
CHECK_EVERY = 1.0  # seconds between checks of the stop and of this run's lock


@dataclass
class _Job:
    claim: Claim
    message: CheckIn
    attempt: Attempt


class _Sending:
    """The tick's sending loop. The tick's thread is the only one that claims, builds, records
    and decides what a 429 means; the worker threads talk to the chat platform and, when a send
    ends normally, take the next message from the lanes themselves. Handing every message out
    from the tick's thread made each send wait for that thread to get the interpreter back: a
    py-spy profile of 6,000 check-ins showed the senders idle a third of the time."""

    def __init__(self, engine, outbound, config, owner, starts, now, report, own: ByWorkspace) -> None:
        self.engine, self.outbound, self.config, self.owner = engine, outbound, config, owner
        self.starts, self.now, self.report, self.own = starts, now, report, own
        self.lanes = Lanes(config.concurrency)
        self.done: list[tuple[int, str, dict]] = []
        self.claims = 0
        self._checked = float("-inf")
        self._stopped = False
        self._more = True  # batches may still come: a lane running low is worth waking the tick for
        self._mutex = threading.Lock()  # the lanes, `done` and `_stopped`, shared with the workers
        self._wake = threading.Event()  # a worker asks the tick's thread to look (a slot, a low lane)

    def run(self, batches) -> None:
        lanes, mutex = self.lanes, self._mutex
        flying: set = set()
        until = time.monotonic() + self.config.send_budget
        with ThreadPoolExecutor(max_workers=lanes.concurrency) as pool:
            while True:
                self._wake.clear()
                if not self._stopped and self._stopping():
                    handed_back = self._release_jobs(self._stop(), "handed back on shutdown")
                    self.report.pending += handed_back
                    log.info("stopping: %s claimed nudges handed back for the next tick", handed_back)
                elif not self._stopped and time.monotonic() > until:
                    left = self._release_jobs(self._stop(), "left for the next tick")
                    self.report.pending += left
                    log.warning("the tick's time for sending is up: %s check-ins left for the next tick", left)
                while self._more and self._wants_more():
                    due = next(batches, None)
                    if due is None:
                        self._more = False
                    else:
                        self._take(due)
                for future in [f for f in flying if f.done()]:
                    flying.discard(future)
                    if (refused := future.result()) is not None:
                        self._answered(*refused)
                clock = time.monotonic()
                with mutex:
                    while len(flying) < lanes.concurrency and (taken := lanes.take(clock)) is not None:
                        self._note_next(taken[0])
                        future = pool.submit(self._chain, *taken)
                        future.add_done_callback(lambda _: self._wake.set())
                        flying.add(future)
                    hint = lanes.wait_hint(clock)
                if len(self.done) >= RECORD_BATCH:
                    self._flush()
                if not flying:
                    if hint is None:
                        if self._more:
                            continue
                        break
                    self._sleep(min(hint, CHECK_EVERY))
                    continue
                self._wake.wait(min(hint if hint is not None else CHECK_EVERY, CHECK_EVERY))
        self._flush()

    def _wants_more(self) -> bool:
        with self._mutex:
            return self.lanes.queued() < QUEUED_MAX and self.lanes.hungry(LANE_LOW)

    def _stop(self) -> list[_Job]:
        with self._mutex:
            self._stopped, self._more = True, False
            return self.lanes.drain()

    def _chain(self, key, job: _Job) -> tuple | None:
        """In a worker: sends, and goes on with the next message while sends end normally.
        A 429 goes back to the tick's thread (it pauses the lane, or hands the rest back)."""
        lanes = self.lanes
        while True:
            result = self._one(job)
            if job.attempt.retry_after is not None:
                return key, job, result
            with self._mutex:
                lanes.answered(key)
                self.done.append((job.claim.id, *result))
                look = len(self.done) >= RECORD_BATCH or (self._more and lanes.queued(key) < LANE_LOW)
                taken = None if self._stopped else lanes.take(time.monotonic())
                if taken is not None:
                    self._note_next(taken[0])
            if look:
                self._wake.set()
            if taken is None:
                return None
            key, job = taken

    def _note_next(self, key) -> None:
        """The lane's next messages (as many as there are threads) noted as beginning while
        the one just taken is sent (with the mutex held): their senders then seldom wait for
        that write (Starts.ahead). Not one that may have gone out before: that one is looked
        for first."""
        for job in self.lanes.next_up(key, self.lanes.concurrency):
            attempt = job.attempt
            if attempt.ahead is None and not attempt.doubt and attempt.tries == 0:
                attempt.ahead = self.starts.ahead(job.claim.id)

    def _take(self, due: list[tuple[Who, Plan]]) -> None:
        """Claims a batch (but not for lanes that are closed or full: those people are left
        for the next tick), builds its messages and queues each in its workspace's lane."""
        report, lanes = self.report, self.lanes
        report.planned += len(due)
        claimed = claim_many(
            self.engine,
            Nudge,
            [
                {
                    "workspace_id": who.workspace_id,
                    "person_id": who.id,
                    "day": p.day,
                    "slot_at": p.slot,
                    "checkin": p.checkin,
                    "items": checkins.encode_items(p.items, p.soon, p.overdue),
                }
                for who, p in due
            ],
            key=("person_id", "day"),
            now=self.now,
            owner=self.owner,
        )
        report.skipped += len(due) - len(claimed)
        self.claims += len(claimed)
        by_id = {c.id: c for c in claimed}
        later: list[int] = []
        built = _messages(self.engine, list(by_id), self.now, self.own)
        with self._mutex:
            for nudge_id, message in built:
                if message is None:
                    self.done.append((nudge_id, "failed", {"error": "nothing left to mention"}))
                    continue
                key = (message.platform, message.workspace)
                if lanes.is_closed(key) or lanes.queued(key) >= LANE_MAX:
                    later.append(nudge_id)
                    continue
                claim = by_id[nudge_id]
                lanes.add(key, _Job(claim, message, Attempt(claim, self.starts, self.now, f"nudge {nudge_id}")))
        if later:
            report.pending += self._release(later, "left for the next tick: its workspace is throttled")

    def _one(self, job: _Job) -> tuple[str, dict]:
        """One try at a check-in, in a worker thread: the stop and lock checks first."""
        message, outbound = job.message, self.outbound

        def send() -> Sent:
            return outbound.of(message.platform).send_checkin(message)

        def find(since: datetime) -> Sent | None:
            return outbound.of(message.platform).find_checkin(message, since)

        check = partial(_unless_stopping, self.config, self.owner)
        looks_back = outbound.looks_back(message.platform)
        return job.attempt(send, find if looks_back else None, check)

    def _answered(self, key, job: _Job, result: tuple[str, dict]) -> None:
        """A send refused with a 429, in the tick's thread: its lane waits, or, asked to wait
        too long (or out of retries), what is left there goes back for the next tick."""
        wait_for = job.attempt.retry_after
        clock = time.monotonic()
        handed: list[_Job] = []
        with self._mutex:
            lanes = self.lanes
            if wait_for > GIVE_UP_WAIT or lanes.is_closed(key):
                lanes.throttled(key, None, wait_for, clock)
                if not lanes.is_closed(key):
                    left = lanes.close(key)
                    log.warning(
                        "%s asks to wait %s s: %s check-ins there left for the next tick",
                        key,
                        wait_for,
                        len(left) + 1,
                    )
                    handed.extend(left)
                # A 429 is no attempt that failed: counted as one, a workspace throttled for long
                # would see its check-ins end failed after MAX_ATTEMPTS ticks without any refusal.
                handed.append(job)
            elif job.attempt.tries <= RATE_RETRIES and not self._stopped:
                lanes.throttled(key, job, wait_for, clock)
            else:
                lanes.throttled(key, None, wait_for, clock)
                handed.append(job)
        if handed:
            self.report.pending += self._release_jobs(handed, "left for the next tick: Slack asked to wait")

    def _flush(self) -> None:
        with self._mutex:
            done, self.done = self.done, []
        if done:
            _tally(self.report, _record(self.engine, done, self.owner))

    def _release(self, ids: list[int], reason: str) -> int:
        return _hand_back(self.engine, ids, self.owner, reason)

    def _release_jobs(self, jobs: list[_Job], reason: str) -> int:
        """Handed back unsent: those whose every try this tick was refused with a 429 (or that
        were never tried) and had no earlier send in doubt are sent next time without a lookup."""
        sure = [job.claim.id for job in jobs if not job.attempt.doubt]
        doubtful = [job.claim.id for job in jobs if job.attempt.doubt]
        return _hand_back(self.engine, sure, self.owner, reason, unsent=True) + _hand_back(
            self.engine, doubtful, self.owner, reason
        )

    def _stopping(self) -> bool:
        """The stop at once; the lock (a round trip on PostgreSQL) at most once a CHECK_EVERY."""
        if self.config.stop is not None and self.config.stop.is_set():
            return _stopping(self.config, self.owner)
        clock = time.monotonic()
        if clock - self._checked < CHECK_EVERY:
            return False
        self._checked = clock
        return _stopping(self.config, self.owner)

    def _sleep(self, seconds: float) -> None:
        if self.config.stop is not None:
            self.config.stop.wait(seconds)
        else:
            time.sleep(seconds)


def _unless_stopping(config: TickConfig, owner: Owner) -> None:
    """Checked by each worker before it sends: after a stop, or once this run's lock is lost,
    what is still queued is left pending rather than sent."""
    if owner.lost.is_set():
        raise TemporaryFailure("this run lost its lock before sending", unsent=True)
    if config.stop is not None and config.stop.is_set():
        raise TemporaryFailure("stopping: left for the next tick", unsent=True)


REMINDER_MARGIN = timedelta(days=7)  # wider than two working days plus holidays and time zones
CHUNK = 500


RECORD_WAITS = (0.5, 1, 2, 4, 8)  # a database restart usually takes a few seconds


def _record(engine: Engine, done: list[tuple[int, str, dict]], owner: Owner) -> list[str]:
    """What was sent must be written down: through a database restart, try again for a while.
    Should it still fail, the claims stay "sending" under this run, which ends with the error;
    the next tick finds them ownerless and looks for each message before sending it again."""
    for wait in (*RECORD_WAITS, None):
        try:
            return record_many(engine, Nudge, done, owner=owner)
        except OperationalError:
            if wait is None:
                raise
            log.warning("could not record %s outcomes (the database is away); trying again in %s s", len(done), wait)
            time.sleep(wait)
    return []


def _hand_back(
    engine: Engine, ids: list[int], owner: Owner, reason: str = "handed back on shutdown", *, unsent: bool = False
) -> int:
    if not ids:
        return 0
    try:
        return release(engine, Nudge, ids, owner=owner, reason=reason, unsent=unsent)
    except Exception:  # the database is away: the claims' owner is gone with this run anyway
        log.warning("could not hand %s claims back; the next tick takes them over", len(ids))
        return 0


def _due_plans(engine: Engine, now: datetime, config: TickConfig, owner: Owner) -> list[tuple[Who, Plan]]:
    """Everyone due now, at once (planning's benchmark and tests; the tick takes them in batches)."""
    own = _fallbacks(engine, config)
    return [found for due in _due_batches(engine, now, config, owner, own) for found in due]


def _due_batches(engine: Engine, now: datetime, config: TickConfig, owner: Owner, own: ByWorkspace):
    """Plans only for the people who could have something due now, found through indexes, so
    the cost follows what is due rather than everything stored; a batch of CHUNK candidates
    at a time, so that only one batch of people, items and plans is held. What a person did not
    choose (slot, zone) and the working days come from their workspace's defaults (`own`)."""
    stale = Staleness(owner, now)
    earliest = (now - timedelta(days=8)).date()  # this week's check-in, wherever in the week it fell
    with Session(engine) as session:
        candidates = _by_workspace_in_turn(session, _candidates(session, now, own))
        gone = set(session.exec(select(Workspace.id).where(col(Workspace.uninstalled_at).is_not(None))))
    for chunk in _chunks(candidates, CHUNK):
        people: dict[int, Who] = {}
        items: dict[int, list[Item]] = defaultdict(list)
        settled: dict[int, set] = defaultdict(set)
        weeks: dict[int, set] = defaultdict(set)  # the weeks that had their check-in
        with Session(engine) as session:
            for row in session.exec(
                select(
                    Person.id,
                    Person.workspace_id,
                    Person.tz,
                    Person.nudge_weekday,
                    Person.nudge_time,
                    Person.paused_until,
                ).where(col(Person.id).in_(chunk))
            ):
                people[row[0]] = Who(*row)
            for person_id, *item in session.exec(
                select(
                    Commitment.person_id, Commitment.id, Commitment.due, Commitment.repeat, Commitment.snoozed_until
                ).where(Commitment.state == "active", col(Commitment.person_id).in_(chunk))
            ):
                items[person_id].append(Item(*item))
            for person_id, day, checkin, state, claimed_at, claimed_by in session.exec(
                select(
                    Nudge.person_id, Nudge.day, Nudge.checkin, Nudge.state, Nudge.claimed_at, Nudge.claimed_by
                ).where(col(Nudge.person_id).in_(chunk), Nudge.day >= earliest)
            ):
                if state in ("sent", "failed") or (state == "sending" and not stale(state, claimed_at, claimed_by)):
                    settled[person_id].add(day)
                    if checkin:
                        weeks[person_id].add(_week(day))
        due = []
        for person_id, person_items in items.items():
            who = people[person_id]
            if who.workspace_id in gone:  # the app was removed there: nothing more is sent
                continue
            fallbacks = own[who.workspace_id]
            weekday, at = fallbacks.checkin_slot(who.weekday, who.at)
            schedule = Schedule(tz=fallbacks.zone_for(who.tz), weekday=weekday, at=at, paused_until=who.paused_until)
            found = plan(now, schedule, person_items, fallbacks.calendar)
            if found and found.checkin and _week(found.day) in weeks[person_id]:
                found = reminders_only(found)
            if found and found.day not in settled[person_id]:
                due.append((who, found))
        if due:
            yield due


def _by_workspace_in_turn(session: Session, ids: set[int]) -> list[int]:
    """The candidates one of each workspace in turn (by id within each), so that every batch
    has people of every workspace and each workspace's lane starts sending with the first."""
    by_workspace: dict[int, list[int]] = defaultdict(list)
    for chunk in _chunks(sorted(ids), CHUNK):
        for person_id, workspace_id in session.exec(
            select(Person.id, Person.workspace_id).where(col(Person.id).in_(chunk))
        ):
            by_workspace[workspace_id].append(person_id)
    if len(by_workspace) < 2:
        return [person_id for found in by_workspace.values() for person_id in found]
    ordered = [found for _, found in sorted(by_workspace.items())]
    return [person_id for row in zip_longest(*ordered) for person_id in row if person_id is not None]


def _week(day) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return year, week


@dataclass(frozen=True)
class Who:
    """The little of a person that planning and claiming need."""

    id: int
    workspace_id: int
    tz: str | None
    weekday: int | None  # None: the workspace's day
    at: object  # None: the workspace's time
    paused_until: object


def _candidates(session: Session, now: datetime, own: ByWorkspace) -> set[int]:
    """People whose check-in slot is open now (by their time zone, day and time, of which there
    are few distinct ones, and their workspace's defaults for what they left unset), and people
    with a commitment due within days (reminders). Workspaces with no defaults of their own are
    judged together, so the work follows the workspaces that set any, not all of them."""
    special = own.own()
    open_in: dict[tuple, set[int | None]] = defaultdict(set)  # None: the workspaces with none of their own
    judged: dict[tuple, bool] = {}
    for workspace_id, tz, weekday, at in session.exec(
        select(Person.workspace_id, Person.tz, Person.nudge_weekday, Person.nudge_time).distinct()
    ):
        whose = workspace_id if workspace_id in special else None
        key = (whose, tz, weekday, at)
        if key not in judged:
            fallbacks = own[workspace_id]
            day, time_ = fallbacks.checkin_slot(weekday, at)
            schedule = Schedule(tz=fallbacks.zone_for(tz), weekday=day, at=time_)
            judged[key] = _checkin_open(now, schedule, fallbacks.calendar)
        if judged[key]:
            open_in[(tz, weekday, at)].add(whose)
    open_slots = []
    for (tz, weekday, at), workspaces in open_in.items():
        where = [_same(Person.tz, tz), _same(Person.nudge_weekday, weekday), _same(Person.nudge_time, at)]
        named = sorted(w for w in workspaces if w is not None)
        if None in workspaces:  # every workspace without defaults of its own, and these
            if special:
                where.append(or_(col(Person.workspace_id).not_in(sorted(special)), col(Person.workspace_id).in_(named)))
        else:
            where.append(col(Person.workspace_id).in_(named))
        open_slots.append(and_(*where))
    found: set[int] = set()
    if open_slots:
        found.update(session.exec(select(Person.id).where(or_(*open_slots))))
    today = now.date()
    found.update(
        session.exec(
            select(Commitment.person_id)
            .where(
                Commitment.state == "active",
                col(Commitment.due) >= today - REMINDER_MARGIN,
                col(Commitment.due) <= today + REMINDER_MARGIN,
            )
            .distinct()
        )
    )
    return found


def _same(column, value):
    return col(column).is_(None) if value is None else col(column) == value


def _checkin_open(now: datetime, schedule: Schedule, calendar: WorkCalendar) -> bool:
    """Whether a check-in for this schedule is due at `now` (today's, or yesterday's < a day late)."""
    probe = [Item(id=0, due=now.date() + timedelta(days=3650))]
    found = plan(now, schedule, probe, calendar)
    return bool(found and found.checkin)


def _chunks(values: list[int], size: int) -> list[list[int]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


def _messages(engine: Engine, ids: list[int], now: datetime, own: ByWorkspace):
    """(id, check-in) for each claimed nudge; None where nothing is left to mention."""
    with Session(engine) as session:
        nudges = _by_id(session, ids)
        built = checkins.build_many(session, nudges, fallbacks=own, now=now)
    ready = {m.nudge_id: m for m in built if any(line.state == "active" and not line.snoozed for line in m.lines)}
    return [(nudge_id, ready.get(nudge_id)) for nudge_id in ids]


def _by_id(session: Session, ids: list[int]) -> list:
    """The claimed nudges as plain rows, with what a check-in is built from."""
    return list(
        session.execute(
            select(Nudge.id, Nudge.person_id, Nudge.workspace_id, Nudge.day, Nudge.checkin, Nudge.items).where(
                col(Nudge.id).in_(ids)
            )
        )
    )


def _tally(report: TickReport, outcomes: list[str]) -> None:
    for outcome in outcomes:
        setattr(report, outcome, getattr(report, outcome) + 1)
