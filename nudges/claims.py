"""Exactly once, nothing lost: the claim-then-send bookkeeping shared by nudges and digests.

A row is claimed by inserting it under its unique key (state "sending"). If the key exists,
the row can still be taken over when it is pending (a passing failure) or when a claim has
been "sending" for longer than CLAIM_TIMEOUT (the process died mid-send). Whatever the
attempt ends in is recorded on the same row.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel, col, select

from storage.db import session_scope

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


def claim(engine: Engine, model: type[SQLModel], *, key: dict, make: Callable[[], SQLModel], now: datetime):
    """The row's id if this caller now owns it, else None (done, or being done elsewhere)."""
    try:
        with session_scope(engine) as session:
            row = make()
            row.state, row.claimed_at = "sending", now
            session.add(row)
            session.flush()
            return row.id
    except IntegrityError:
        return take_over(engine, model, key=key, now=now)


def take_over(engine: Engine, model: type[SQLModel], *, key: dict, now: datetime) -> int | None:
    """An existing row becomes ours when it is pending, or stuck in "sending" past the timeout."""
    with session_scope(engine) as session:
        taken = session.execute(
            update(model)
            .where(
                *(col(getattr(model, name)) == value for name, value in key.items()),
                or_(
                    col(model.state) == "pending",
                    and_(col(model.state) == "sending", col(model.claimed_at) < now - CLAIM_TIMEOUT),
                ),
            )
            .values(state="sending", claimed_at=now)
            .returning(model.id)
        ).first()
        return taken[0] if taken else None


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


def record(engine: Engine, model: type[SQLModel], row_id: int, outcome: str, fields: dict) -> str:
    return record_many(engine, model, [(row_id, outcome, fields)])[0]


def record_many(engine: Engine, model: type[SQLModel], results: list[tuple[int, str, dict]]) -> list[str]:
    """How each attempt ended, in one transaction and a couple of statements: one writer,
    however many were sending."""
    if not results:
        return []
    with session_scope(engine) as session:
        ids = [row_id for row_id, _, _ in results]
        attempts = dict(session.execute(select(model.id, model.attempts).where(col(model.id).in_(ids))).all())
        outcomes, updates = [], []
        for row_id, outcome, fields in results:
            if row_id not in attempts:  # erased meanwhile, with the person's data
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


def claim_many(engine: Engine, model: type[SQLModel], rows: list[dict], *, key: tuple[str, ...], now: datetime):
    """Claims many at once: one insert that skips existing keys, then the usual take-over for
    the keys that existed (pending, or stuck in "sending"). Returns the ids now owned."""
    if not rows:
        return []
    table = model.__table__
    owned: list[int] = []
    taken_keys: set[tuple] = set()
    with session_scope(engine) as session:
        dialect = session.get_bind().dialect.name
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        for start in range(0, len(rows), 500):
            chunk = [{**row, "state": "sending", "claimed_at": now, "attempts": 0} for row in rows[start : start + 500]]
            statement = (
                insert(table)
                .values(chunk)
                .on_conflict_do_nothing(index_elements=list(key))
                .returning(table.c.id, *(table.c[name] for name in key))
            )
            for row_id, *values in session.execute(statement):
                owned.append(row_id)
                taken_keys.add(tuple(values))
    for row in rows:
        values = tuple(row[name] for name in key)
        if values not in taken_keys:
            retaken = take_over(engine, model, key=dict(zip(key, values, strict=True)), now=now)
            if retaken:
                owned.append(retaken)
    return owned
