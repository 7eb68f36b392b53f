"""Exactly once, nothing lost: the claim-then-send bookkeeping shared by nudges and digests.

A row is claimed by inserting it under its unique key (state "sending", which means claimed),
marked with the claiming process. If the key exists, the row can still be taken over when it is
pending (a passing failure), or when it was left "sending" by a process that is gone (see
storage.locks) or has been "sending" for longer than CLAIM_TIMEOUT.

Just before the platform call, `send_started_at` is written (Starts: one transaction for all the
sends beginning at about the same moment). Only a claim with it set can have reached the
platform without its outcome being recorded, so only such a claim is looked for there before it
is sent again: after a crash that costs one lookup per send that was under way, not one per
claim, which is what fits Slack's rate limits for conversations.history. Whatever the attempt
ends in is recorded on the same row.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, bindparam, func, or_, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, select

from storage.db import session_scope, writing
from storage.locks import Owner
from storage.types import UTCDateTime

log = logging.getLogger(__name__)
CLAIM_TIMEOUT = timedelta(minutes=10)
MAX_ATTEMPTS = 12


class TemporaryFailure(Exception):
    """The chat platform could not take it now (rate limit, 5xx, network): try again later.

    `unsent`: the platform surely did not take it (a 429, or it was never sent), so no lookup
    is needed before the next try. The default is the careful one: it may have gone out."""

    def __init__(self, *args: object, unsent: bool = False) -> None:
        super().__init__(*args)
        self.unsent = unsent


class RateLimited(TemporaryFailure):
    """A 429: nothing was posted, and the platform says how many seconds to wait before it
    takes another message in that workspace (Retry-After)."""

    def __init__(self, *args: object, retry_after: float = 1.0) -> None:
        super().__init__(*args, unsent=True)
        self.retry_after = retry_after


class PermanentFailure(Exception):
    """It will never go through (a 4xx: the person left, the app was removed, the message is
    refused as it is): it ends "failed", is counted, and is not tried again."""


@dataclass(frozen=True)
class Sent:
    channel: str
    ts: str


@dataclass(frozen=True)
class Claim:
    id: int
    # When an earlier attempt's send began, its outcome unknown (a 5xx, a time-out, or its
    # owner died mid-send): the message may have gone out already, so look for it (sent at or
    # after this moment) before sending again. None: no send of it can have reached the platform.
    started: datetime | None = None

    @property
    def recheck(self) -> bool:
        return self.started is not None


class Staleness:
    """Whether a claim in "sending" may be taken over: its owner is gone (checked once per
    owner). Only an owner that cannot be checked (no lock to probe) is waited for until
    CLAIM_TIMEOUT instead: a run that is slow but alive keeps its claims however long it takes."""

    def __init__(self, owner: Owner, now: datetime) -> None:
        self.owner, self.now = owner, now

    def __call__(self, state: str, claimed_at: datetime | None, claimed_by: int | None) -> bool:
        if state != "sending":
            return False
        if claimed_by is not None and self.owner.can_probe:
            return not self.owner.is_alive(claimed_by)
        return claimed_at is None or self.now - claimed_at > CLAIM_TIMEOUT


def claim(
    engine: Engine, model: type[SQLModel], *, key: dict, make: Callable[[], SQLModel], now: datetime, owner: Owner
):
    """The Claim if this caller now owns the row, else None (done, or being done elsewhere)."""
    try:
        with session_scope(engine) as session:
            row = make()
            row.state, row.claimed_at, row.claimed_by = "sending", now, owner.key
            session.add(row)
            session.flush()
            return Claim(row.id)
    except IntegrityError:
        taken = take_over(engine, model, [key], now=now, owner=owner)
        return taken[0] if taken else None


def take_over(engine: Engine, model: type[SQLModel], keys: list[dict], *, now: datetime, owner: Owner) -> list[Claim]:
    """Existing rows become ours when pending, or left "sending" by an owner that is gone or
    timed out. Each is taken with a compare-and-set on what was read, so of two instances
    trying at once only one gets it."""
    stale = Staleness(owner, now)
    found = []
    with Session(engine) as session:
        for chunk in _chunks(keys, 200):
            found.extend(
                session.execute(
                    select(model.id, model.state, model.claimed_at, model.claimed_by, model.send_started_at).where(
                        or_(*(and_(*(col(getattr(model, n)) == v for n, v in k.items())) for k in chunk))
                    )
                ).all()
            )
    takeable = [row for row in found if row.state == "pending" or stale(row.state, row.claimed_at, row.claimed_by)]
    taken: list[Claim] = []
    if not takeable:
        return taken
    with session_scope(engine) as session:
        for row in takeable:
            got = session.execute(
                update(model)
                .where(
                    col(model.id) == row.id,
                    col(model.state) == row.state,
                    col(model.claimed_by).is_not_distinct_from(row.claimed_by),
                )
                .values(state="sending", claimed_at=now, claimed_by=owner.key)
                .returning(model.id)
            ).first()
            if got:
                taken.append(Claim(row.id, started=row.send_started_at))
    return taken


class Attempt:
    """One try at sending a claimed message: look for it first if an earlier send of it may have
    gone out, note that the send begins, send. Says how it ended, with the fields to record."""

    def __init__(self, claimed: Claim, starts: Starts, now: datetime, what: str) -> None:
        self.claim, self.starts, self.now, self.what = claimed, starts, now, what
        self.doubt = claimed.started is not None  # an earlier send may have gone out
        # Set when the last try was refused with a 429: the seconds the platform asked to wait.
        # The same Attempt may then be called again (what it learnt of earlier sends is kept).
        self.retry_after: float | None = None
        self.tries = 0
        self.ahead: _Batch | None = None  # the send noted ahead (Starts.ahead), for its first try

    def __call__(
        self,
        send: Callable[[], Sent],
        find: Callable[[datetime], Sent | None] | None = None,
        check: Callable[[], None] | None = None,
    ) -> tuple[str, dict]:
        """`find` looks for an earlier send (given when it began); `check` may refuse to go on
        (a stop, a lost lock) with TemporaryFailure before anything is looked up or noted."""
        self.retry_after = None
        self.tries += 1
        try:
            if check is not None:
                check()
            sent = self._send(send, find)
        except RateLimited as error:
            self.retry_after = error.retry_after
            fields = {"error": str(error)[:200]}
            if not self.doubt:
                fields["send_started_at"] = None
            return "pending", fields
        except TemporaryFailure as error:
            fields: dict = {"error": str(error)[:200]}
            if error.unsent and not self.doubt:  # surely nothing of it is out there
                fields["send_started_at"] = None
            return "pending", fields
        except PermanentFailure as error:
            return "failed", {"error": str(error)[:200]}
        except Exception as error:  # a bug in rendering must not lose it either
            log.exception("sending %s failed unexpectedly", self.what)
            return "pending", {"error": type(error).__name__}
        return "sent", {"channel": sent.channel, "ts": sent.ts, "sent_at": self.now, "error": None}

    def _send(self, send: Callable[[], Sent], find) -> Sent:
        if self.doubt and find is not None:
            try:
                found = find(self.claim.started)
            except TemporaryFailure as error:  # the lookup failed: the doubt stays
                raise TemporaryFailure(str(error)) from error
            if found is not None:
                log.info("%s had gone out before its sender stopped; recorded, not sent again", self.what)
                return found
            self.doubt = False  # not out there: from here on, only this attempt's send counts
        ahead, self.ahead = self.ahead, None
        self.starts.begin(self.claim.id, ahead)
        return send()


class _Batch:
    """The sends that begin while one write is under way: noted together by the next write."""

    __slots__ = ("ids", "ready", "results", "written")

    def __init__(self, lock: threading.Lock) -> None:
        self.ids: list[int] = []
        self.ready = threading.Condition(lock)  # its waiters, woken when it is written (or may be)
        self.written = False
        self.results: dict[int, bool | BaseException] = {}


class Starts:
    """Writes `send_started_at` just before each platform call, and makes the caller wait until
    it is written: a crash after this leaves a trace that makes the next run look first, a crash
    before it leaves nothing to look for. The sends that begin while one such write is under way
    go together in the next one (group commit), so a fan-out of N sends with C at a time costs
    about N / C transactions, never one per message, and each send waits at most two of them.
    Rows that are no longer this run's (taken over meanwhile) are not sent.

    Each batch has its own waiters, so a write wakes only the sends it noted and one of the next
    batch's to write that one; the write is one prepared Core statement (no ORM session), since
    it is paid on every send of a fan-out."""

    def __init__(self, engine: Engine, model: type[SQLModel], owner: Owner) -> None:
        self.engine, self.model, self.owner = engine, model, owner
        self._lock = threading.Lock()
        self._collecting = _Batch(self._lock)  # the batch that new ids join
        self._busy = False  # a batch is being written
        self.writes = 0
        table = model.__table__
        self._statement = (
            update(table)
            .where(
                table.c.id.in_(bindparam("ids", expanding=True)),
                table.c.claimed_by == bindparam("owner"),
                table.c.state == "sending",
            )
            .values(send_started_at=func.coalesce(table.c.send_started_at, bindparam("started", type_=UTCDateTime())))
            .returning(table.c.id)
        )

    def ahead(self, row_id: int) -> _Batch:
        """Notes that a send will begin soon, without waiting: the next write takes it with the
        others, so that by the time the send comes (`begin(row_id, ahead=...)`) it is often
        written already. A crash in between leaves the trace of a send that never began: the
        next run looks for it first (one lookup) and then sends it, so nothing is lost or doubled."""
        with self._lock:
            batch = self._collecting
            batch.ids.append(row_id)
            return batch

    def begin(self, row_id: int, ahead: _Batch | None = None) -> None:
        with self._lock:
            if ahead is None:
                batch = self._collecting
                batch.ids.append(row_id)
            else:  # already among a batch's ids: written, being written, or the one collecting
                batch = ahead
            while not batch.written and self._busy:
                batch.ready.wait()
            if not batch.written:  # nobody is writing: this caller writes the batch
                self._collecting = _Batch(self._lock)
                self._busy = True
                leader = True
            else:
                leader = False
        if leader:
            results: dict[int, bool | BaseException] = {}
            try:
                owned = self._write(batch.ids)
                results = {i: i in owned for i in batch.ids}
            except BaseException as error:  # even an interrupt must not leave the others waiting
                results = dict.fromkeys(batch.ids, error)
                if not isinstance(error, Exception):
                    raise
            finally:
                with self._lock:
                    batch.results = results or dict.fromkeys(batch.ids, RuntimeError("not written"))
                    batch.written = True
                    self._busy = False
                    batch.ready.notify_all()
                    self._collecting.ready.notify()  # one of those waiting since writes the next batch
        result = batch.results[row_id]
        if isinstance(result, BaseException):
            log.warning("could not note that a send begins (%s); it is left for the next tick", result)
            raise TemporaryFailure("could not note that the send begins", unsent=True) from result
        if not result:
            raise TemporaryFailure("taken over by another run before sending", unsent=True)

    def _write(self, ids: list[int]) -> set[int]:
        with writing(self.engine) as connection:
            self.writes += 1
            found = connection.execute(
                self._statement, {"ids": ids, "owner": self.owner.key, "started": datetime.now(UTC)}
            )
            return set(found.scalars())


def record(engine: Engine, model: type[SQLModel], row_id: int, outcome: str, fields: dict, *, owner: Owner) -> str:
    return record_many(engine, model, [(row_id, outcome, fields)], owner=owner)[0]


def record_many(
    engine: Engine, model: type[SQLModel], results: list[tuple[int, str, dict]], *, owner: Owner
) -> list[str]:
    """How each attempt ended, in one transaction and a couple of statements: one writer,
    however many were sending. Only rows this run still owns are written (locked while read):
    a claim taken over by another run meanwhile is theirs to record."""
    if not results:
        return []
    table = model.__table__
    with session_scope(engine) as session:
        connection = session.connection()
        ids = [row_id for row_id, _, _ in results]
        attempts = dict(
            connection.execute(
                select(table.c.id, table.c.attempts)
                .where(table.c.id.in_(ids), table.c.claimed_by == owner.key)
                .with_for_update()
            ).all()
        )
        outcomes, updates = [], []
        for row_id, outcome, fields in results:
            if row_id not in attempts:  # erased meanwhile, or taken over by another run
                outcomes.append("skipped")
                continue
            tries = attempts[row_id] + 1
            if outcome == "pending" and tries >= MAX_ATTEMPTS:
                outcome = "failed"
            outcomes.append(outcome)
            updates.append({"row_id": row_id, "attempts": tries, "state": outcome, **fields})
        shapes: dict[tuple, list[dict]] = {}
        for values in updates:
            shapes.setdefault(tuple(sorted(values)), []).append(values)
        for shape, rows in shapes.items():  # one executemany per set of columns
            connection.execute(_recording(table, shape), rows)
    return outcomes


def release(
    engine: Engine,
    model: type[SQLModel],
    ids: list[int],
    *,
    owner: Owner,
    reason: str = "handed back on shutdown",
    unsent: bool = False,
) -> int:
    """Hands this process's unsent claims back as pending (on shutdown, or when their workspace
    is throttled), so the next tick of any instance takes them at once; no attempt is counted.
    `unsent`: surely never posted (not tried, or only refused with 429), so the next tick sends
    without looking for them first."""
    if not ids:
        return 0
    values: dict = {"state": "pending", "error": reason}
    if unsent:
        values["send_started_at"] = None
    with session_scope(engine) as session:
        result = session.execute(
            update(model)
            .where(col(model.id).in_(ids), col(model.state) == "sending", col(model.claimed_by) == owner.key)
            .values(**values)
        )
        return result.rowcount


def claim_many(
    engine: Engine, model: type[SQLModel], rows: list[dict], *, key: tuple[str, ...], now: datetime, owner: Owner
):
    """Claims many at once: one insert that skips existing keys, then the usual take-over for
    the keys that existed (pending, or left "sending"). Returns the Claims now owned."""
    if not rows:
        return []
    table = model.__table__
    owned: list[Claim] = []
    taken_keys: set[tuple] = set()
    rows = sorted(rows, key=lambda row: tuple(row[name] for name in key))  # one lock order for every run
    statement = _claiming(engine, table, key)
    values = [{**row, "state": "sending", "claimed_at": now, "claimed_by": owner.key, "attempts": 0} for row in rows]
    with session_scope(engine) as session:
        for row_id, *found in session.execute(statement, values):
            owned.append(Claim(row_id))
            taken_keys.add(tuple(found))
    existing = [
        dict(zip(key, values, strict=True))
        for values in (tuple(row[name] for name in key) for row in rows)
        if values not in taken_keys
    ]
    if existing:
        owned.extend(take_over(engine, model, existing, now=now, owner=owner))
    return owned


_RECORDING: dict[tuple, object] = {}


def _recording(table, shape: tuple[str, ...]):
    """A Core UPDATE by id for one set of columns, built once: recorded a hundred outcomes at a
    time, where the ORM's bulk update by primary key cost more than the writing itself."""
    found = _RECORDING.get((table.name, shape))
    if found is None:
        found = (
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values({name: bindparam(name, type_=table.c[name].type) for name in shape if name != "row_id"})
        )
        _RECORDING[(table.name, shape)] = found
    return found


_CLAIMING: dict[tuple, object] = {}


def _claiming(engine: Engine, table, key: tuple[str, ...]):
    """The claim's INSERT, built once per table and key and run as an executemany: SQLAlchemy
    sends it as multi-row INSERTs (insertmanyvalues) from one compiled statement, where a
    statement of 500 literal rows was compiled anew for every batch."""
    dialect = engine.dialect.name
    found = _CLAIMING.get((dialect, table.name, key))
    if found is None:
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        found = (
            insert(table)
            .on_conflict_do_nothing(index_elements=list(key))
            .returning(table.c.id, *(table.c[name] for name in key))
        )
        _CLAIMING[(dialect, table.name, key)] = found
    return found


def _chunks(values: list, size: int) -> list[list]:
    return [values[i : i + size] for i in range(0, len(values), size)]
