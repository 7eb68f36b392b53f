"""The last tick, as the database remembers it: written by whichever instance ran it, read
by every instance's /healthz and /metrics, so a dead scheduler shows wherever one looks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from storage.db import session_scope
from storage.models import Heartbeat

NAME = "tick"


def record(engine: Engine, *, instance: str, started: datetime, ended: datetime, ok: bool) -> None:
    with session_scope(engine) as session:
        beat = session.get(Heartbeat, NAME) or Heartbeat(name=NAME, instance=instance, at=ended)
        beat.instance, beat.at, beat.ok = instance, ended, ok
        beat.duration_ms = int((ended - started).total_seconds() * 1000)
        if ok:
            beat.last_ok_at = ended
        session.add(beat)


def last(engine: Engine) -> Heartbeat | None:
    with Session(engine) as session:
        return session.get(Heartbeat, NAME)
