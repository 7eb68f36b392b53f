"""What a /commit read a few seconds ago, trusted for those seconds: who is acting and the
workspace's focus areas, asked by every command and changed seldom.

Why it is safe: in this process, any statement on the engine that writes one of the tables a
cache was read from (by any code: a language chosen, a profile stored, an erasure, an
uninstall, a focus area edited) clears that cache when it runs and again when its transaction
commits, so nothing read before a change outlives it here. What another process changes is
seen after SECONDS at most: a language, a time zone or a focus area a few seconds old is
acceptable. A person erased by another process is not, and is handled where the cache of who
is acting is used (nudges.service.actors.recent)."""

from __future__ import annotations

import re
import threading
import time
import weakref
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine

SECONDS = 5.0
MAX_ENTRIES = 10_000
V = TypeVar("V")


class Recent(Generic[V]):
    """One cache per engine, cleared by writes to `tables` (a statement `spares` matches is no
    change: the commitment counter's own update, which every /commit makes)."""

    def __init__(self, tables: tuple[str, ...], *, spares: str | None = None) -> None:
        names = "|".join(re.escape(name) for name in tables)
        spared = f"(?!{spares})" if spares else ""
        self._changes = re.compile(
            rf'^\s*(?:UPDATE|DELETE FROM|INSERT INTO)\s+"?(?:{names})"?\s{spared}', re.IGNORECASE
        )
        self._per_engine: weakref.WeakKeyDictionary[Engine, _Entries[V]] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()
        self._flag = f"leadbot_changed_{'_'.join(tables)}"

    def get(self, engine: Engine, key: Hashable, read: Callable[[], V], *, keep: Callable[[V], bool] = bool) -> V:
        """What was read for `key` in the last SECONDS, else `read()` (kept when `keep` says so)."""
        entries = self._entries(engine)
        found = entries.found.get(key)
        if found is not None and time.monotonic() - found[0] <= SECONDS:
            return found[1]
        since = time.monotonic()
        value = read()
        if keep(value):
            entries.put(key, value, since)
        return value

    def forget(self, engine: Engine, key: Hashable) -> None:
        self._entries(engine).found.pop(key, None)

    def _entries(self, engine: Engine) -> _Entries[V]:
        entries = self._per_engine.get(engine)
        if entries is None:
            with self._lock:
                entries = self._per_engine.get(engine)
                if entries is None:
                    entries = self._per_engine[engine] = _Entries()
                    event.listen(engine, "after_cursor_execute", self._after_execute(entries))
                    event.listen(engine, "commit", self._after_commit(entries))
        return entries

    def _after_execute(self, entries: _Entries[V]):
        def after_execute(connection, cursor, statement, parameters, context, executemany) -> None:
            if self._changes.match(statement):
                connection.info[self._flag] = True
                entries.clear()

        return after_execute

    def _after_commit(self, entries: _Entries[V]):
        def after_commit(connection) -> None:
            if connection.info.pop(self._flag, False):
                entries.clear()

        return after_commit


class _Entries(Generic[V]):
    def __init__(self) -> None:
        self.found: dict[Hashable, tuple[float, V]] = {}
        self.cleared = 0.0
        self.lock = threading.Lock()

    def put(self, key: Hashable, value: V, since: float) -> None:
        """`since`: when the read began, so that a clear that came meanwhile wins."""
        with self.lock:
            if since < self.cleared:
                return
            if len(self.found) >= MAX_ENTRIES:
                self.found.pop(next(iter(self.found)))
            self.found[key] = (since, value)

    def clear(self) -> None:
        with self.lock:
            self.cleared = time.monotonic()
            self.found.clear()
