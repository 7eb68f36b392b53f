"""Locks that a process holds while it works and that let go when it dies, however it dies.

Two uses. *Leadership*: of any number of running instances exactly one runs the scheduler;
a leader that dies (kill -9, a lost machine) drops its database connection, the database
releases the lock, and the next instance to try becomes leader. *Liveness*: every run that
claims messages to send holds a lock of its own, so another run can tell whether the owner
of a claim left in "sending" is still at work or gone.

On PostgreSQL both are session-level advisory locks held on a connection of their own. On
SQLite (one machine by definition) they are `flock` locks on small files next to the
database, which the kernel releases when the process ends, however it ends.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import secrets
import socket
import threading
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

log = logging.getLogger(__name__)

# Advisory lock keys are (namespace, key) pairs of 32-bit integers: ours start with this.
NAMESPACE_LEADER = 0x1EAD
NAMESPACE_INSTANCE = 0x1EAE


class _PgLock:
    """A session-level advisory lock on a connection kept for the purpose."""

    def __init__(self, engine: Engine, namespace: int, key: int) -> None:
        self.engine, self.namespace, self.key = engine, namespace, key
        self._connection: Connection | None = None

    def try_hold(self) -> bool:
        """True while this process holds the lock. A connection lost with the database (a
        restart) means the lock is gone too: it is asked for again on a new connection."""
        if self.still_held():
            return True
        try:
            connection = self.engine.connect()
            got = connection.execute(
                text("SELECT pg_try_advisory_lock(:ns, :key)"), {"ns": self.namespace, "key": self.key}
            ).scalar()
            connection.commit()
        except Exception:
            log.warning("could not ask the database for lock %s/%s", self.namespace, self.key, exc_info=True)
            return False
        if got:
            self._connection = connection
            return True
        connection.close()
        return False

    def still_held(self) -> bool:
        """Held all along: a lock lost with its connection and taken again since was free for
        others in between, which is not the same thing."""
        if self._connection is None:
            return False
        try:
            self._connection.execute(text("SELECT 1"))
            self._connection.commit()  # never left idle in a transaction (servers may time those out)
            return True
        except Exception:
            log.warning("lost the database connection that held lock %s/%s", self.namespace, self.key)
            self._discard()
            return False

    def release(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.execute(
                    text("SELECT pg_advisory_unlock(:ns, :key)"), {"ns": self.namespace, "key": self.key}
                )
                self._connection.commit()
            self._discard()

    def _discard(self) -> None:
        with contextlib.suppress(Exception):
            self._connection.invalidate()
            self._connection.close()
        self._connection = None


class _FileLock:
    """An exclusive flock on a file; the kernel drops it when the process ends."""

    def __init__(self, path: Path, *, remove_on_release: bool = False) -> None:
        # A leader's file stays: removing it could let two processes lock two different files.
        self.path, self.remove_on_release = path, remove_on_release
        self._fd: int | None = None

    def try_hold(self) -> bool:
        if self._fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def still_held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
            if self.remove_on_release:
                with contextlib.suppress(OSError):
                    self.path.unlink()


def _lock_dir(engine: Engine) -> Path | None:
    """Where SQLite's lock files go: beside the database file (None for an in-memory one)."""
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    return Path(database).resolve().parent / (Path(database).name + ".locks")


class _AlwaysHeld:
    def try_hold(self) -> bool:
        return True

    def still_held(self) -> bool:
        return True

    def release(self) -> None:
        pass


def _lock(engine: Engine, namespace: int, key: int, name: str):
    if engine.dialect.name == "postgresql":
        return _PgLock(engine, namespace, key)
    folder = _lock_dir(engine)
    if folder is None:
        return _AlwaysHeld()
    return _FileLock(folder / name, remove_on_release=namespace == NAMESPACE_INSTANCE)


class Leadership:
    """Whether this process is the one that runs the scheduler. Ask before every tick: the
    answer can change (a leader that lost its connection, a follower whose leader died)."""

    def __init__(self, engine: Engine, name: str = "scheduler") -> None:
        self._lock = _lock(engine, NAMESPACE_LEADER, _key(name), f"leader-{name}.lock")
        self._leading = False

    def hold(self) -> bool:
        leading = self._lock.try_hold()
        if leading != self._leading:
            log.info("this instance %s the scheduler", "now leads" if leading else "no longer leads")
            self._leading = leading
        return leading

    def release(self) -> None:
        self._lock.release()
        self._leading = False


class Owner:
    """One run that claims messages to send (a tick, a `leadbot digest`), as a context manager.
    Its `key` goes into every claim it makes; the lock under that key is held while the run
    lasts and lets go when it ends, however it ends — so the next run can tell that claims
    left "sending" by an earlier run (in any process, this one included) have no owner left."""

    WATCH_SECONDS = 2.0

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.key = secrets.randbelow(2**31 - 1) + 1
        self.name = f"{process_name()}:{self.key}"
        self._lock = _lock(engine, NAMESPACE_INSTANCE, self.key, f"owner-{self.key}.lock")
        self._alive: dict[int, bool] = {}
        self._guard = threading.Lock()
        self._done = threading.Event()
        # Set once the lock is found gone; read by every sending thread before it sends.
        self.lost = threading.Event()

    @property
    def can_probe(self) -> bool:
        """Whether other runs can tell if this kind of owner is alive (not an in-memory SQLite)."""
        return not isinstance(self._lock, _AlwaysHeld)

    def __enter__(self) -> Owner:
        if not self._lock.try_hold():  # nobody else can hold a fresh random key: the database is away
            log.warning("could not take a run's liveness lock; its claims fall back to the timeout")
            self.lost.set()
        elif isinstance(self._lock, _PgLock):
            threading.Thread(target=self._watch, name=f"owner-{self.key}", daemon=True).start()
        return self

    def __exit__(self, *_exc) -> None:
        self._done.set()
        with self._guard:
            self._lock.release()

    def _watch(self) -> None:
        """A connection can drop at any moment (a database restart): notice within seconds."""
        while not self._done.wait(self.WATCH_SECONDS):
            if not self.holds():
                return

    def holds(self) -> bool:
        """Still holding the lock (False after a database restart took it): a run that lost it
        stops sending, since others may now take its claims over."""
        if self.lost.is_set():
            return False
        with self._guard:
            if self._done.is_set() or self._lock.still_held():
                return True
        self.lost.set()
        return False

    def is_alive(self, owner: int | None) -> bool:
        """Whether the run that made a claim is still going (asked once per owner). Unknown
        owners count as alive: their claims wait for the timeout instead."""
        if owner is None or owner == self.key:
            return True
        if owner not in self._alive:
            self._alive[owner] = self._probe(owner)
        return self._alive[owner]

    def _probe(self, owner: int) -> bool:
        if self.engine.dialect.name == "postgresql":
            return _pg_alive(self.engine, owner)
        folder = _lock_dir(self.engine)
        if folder is None:
            return True
        path = folder / f"owner-{owner}.lock"
        if not path.exists():
            return False
        probe = _FileLock(path, remove_on_release=True)
        if probe.try_hold():
            probe.release()
            return False
        return True


def process_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _pg_alive(engine: Engine, owner: int) -> bool:
    with engine.connect() as connection:
        got = connection.execute(
            text("SELECT pg_try_advisory_lock(:ns, :key)"), {"ns": NAMESPACE_INSTANCE, "key": owner}
        ).scalar()
        if got:
            connection.execute(text("SELECT pg_advisory_unlock(:ns, :key)"), {"ns": NAMESPACE_INSTANCE, "key": owner})
        connection.commit()
    return not got


def _key(name: str) -> int:
    """A stable 31-bit key for a lock name (Python's hash() changes between runs)."""
    import zlib

    return zlib.crc32(name.encode()) & 0x7FFFFFFF
