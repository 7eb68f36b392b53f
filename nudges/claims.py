"""Exactly once, nothing lost: the claim-then-send bookkeeping shared by nudges and digests.

A row is claimed by inserting it under its unique key (state "sending"), marked with the
claiming process. If the key exists, the row can still be taken over when it is pending (a
passing failure), or when it was left "sending" by a process that is gone (see
storage.locks) or has been "sending" for longer than CLAIM_TIMEOUT. A claim taken over from
"sending" may have been delivered just before its owner died: the sender looks for the
message first. Whatever the attempt ends in is recorded on the same row.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, select

from storage.db import session_scope
from storage.locks import Owner

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


@dataclass(frozen=True)
class Claim:
    id: int
    # Taken over from an earlier attempt (pending, or "sending" when its owner died): the
    # message may have gone out already, so look for it before sending again.
    recheck: bool = False


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
                    select(model.id, model.state, model.claimed_at, model.claimed_by).where(
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
                # Pending after a timeout or a dropped connection is as uncertain as "sending":
                # every retry looks for the message first.
                taken.append(Claim(row.id, recheck=True))
    return taken


def attempt(send: Callable[[], Sent], now: datetime, what: str) -> tuple[str, dict]:
    """Runs one send and says how it ended, with the fields to record."""
    try:
        sent = send()
    except TemporaryFailure as error:
        return "pending", {"error": str(error)[:200]}
    except PermanentFailure as error:
        return "failed", {"error": str(error)[:200]}
    except Exception as error:  # a bug in rendering must not lose it either
        log.exception("sending %s failed unexpectedly", what)
        return "pending", {"error": type(error).__name__}
    return "sent", {"channel": sent.channel, "ts": sent.ts, "sent_at": now, "error": None}


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
    with session_scope(engine) as session:
        ids = [row_id for row_id, _, _ in results]
        attempts = dict(
            session.execute(
                select(model.id, model.attempts)
                .where(col(model.id).in_(ids), col(model.claimed_by) == owner.key)
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
            updates.append({"id": row_id, "attempts": tries, "state": outcome, **fields})
        for shape in {tuple(sorted(u)) for u in updates}:  # one executemany per set of columns
            session.execute(update(model), [u for u in updates if tuple(sorted(u)) == shape])
    return outcomes


def release(engine: Engine, model: type[SQLModel], ids: list[int], *, owner: Owner) -> int:
    """Hands this process's unsent claims back as pending (on shutdown), so the next tick of
    any instance takes them at once."""
    if not ids:
        return 0
    with session_scope(engine) as session:
        result = session.execute(
            update(model)
            .where(col(model.id).in_(ids), col(model.state) == "sending", col(model.claimed_by) == owner.key)
            .values(state="pending", error="handed back on shutdown")
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
    with session_scope(engine) as session:
        dialect = session.get_bind().dialect.name
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        for chunk in _chunks(rows, 500):
            values = [
                {**row, "state": "sending", "claimed_at": now, "claimed_by": owner.key, "attempts": 0} for row in chunk
            ]
            statement = (
                insert(table)
                .values(values)
                .on_conflict_do_nothing(index_elements=list(key))
                .returning(table.c.id, *(table.c[name] for name in key))
            )
            for row_id, *found in session.execute(statement):
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


def _chunks(values: list, size: int) -> list[list]:
    return [values[i : i + size] for i in range(0, len(values), size)]
