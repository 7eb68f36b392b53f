"""Engine and sessions from DATABASE_URL, and bringing the schema up to date.

SQLite is the zero-setup default, so it gets the pragmas that make it behave like a real
database (WAL for concurrent readers, foreign keys enforced, a busy timeout instead of
"database is locked"). PostgreSQL is used as configured.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlmodel import Session, create_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # No ping before each checkout: it is one more round trip on every transaction, and a
    # connection lost to a restart is noticed by the statement that fails on it (SQLAlchemy
    # then drops the whole pool, the person hears "try again", the next request reconnects).
    # Connections older than half an hour are replaced, before any proxy or firewall cuts them.
    # The pool holds as many connections as the server's threads and the listeners' can use at
    # once, so none is opened and closed again under load.
    return create_engine(url, pool_size=20, max_overflow=10, pool_recycle=1800)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA cache_size=-32000")  # 32 MB of page cache instead of 2 MB
    cursor.execute("PRAGMA mmap_size=268435456")
    cursor.close()


_WRITERS: dict[int, threading.RLock] = {}
_WRITERS_GUARD = threading.Lock()


def _writer_lock(engine: Engine):
    """SQLite lets one writer in at a time and makes the others sleep and retry; taking turns
    in the process is far faster than that under load (SQLite means one process anyway)."""
    if engine.dialect.name != "sqlite":
        return nullcontext()
    with _WRITERS_GUARD:
        return _WRITERS.setdefault(id(engine), threading.RLock())


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back whole when it raises."""
    with _writer_lock(engine), Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection for one read on its own, outside any transaction and any writer's turn:
    one round trip (no BEGIN, no ROLLBACK), and on SQLite no wait behind a writer."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        yield connection


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A connection for a write that is atomic by itself (one statement on PostgreSQL, a few
    on SQLite): on PostgreSQL autocommit, so the write is one round trip instead of BEGIN,
    the statement and COMMIT; on SQLite a transaction in the writer's turn, committed when the
    block ends (there a statement costs no round trip, and taking turns is what is fast)."""
    if engine.dialect.name == "sqlite":
        with _writer_lock(engine), engine.begin() as connection:
            yield connection
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        yield connection


def database_unreachable(error: BaseException) -> bool:
    """A lost or refused database connection, as opposed to a bug: worth a "try again"."""
    from sqlalchemy.exc import DBAPIError, OperationalError

    return isinstance(error, OperationalError) or (isinstance(error, DBAPIError) and error.connection_invalidated)


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def revision(url: str, message: str) -> None:
    """Writes a migration for what the models hold and the database (at head) does not."""
    command.revision(alembic_config(url), message=message, autogenerate=True)


def check(url: str) -> None:
    """Raises when the models hold a change that no migration carries."""
    command.check(alembic_config(url))


def is_current(url: str) -> bool:
    """True when the database has every migration this code knows."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    heads = set(ScriptDirectory.from_config(alembic_config(url)).get_heads())
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return set(MigrationContext.configure(connection).get_current_heads()) == heads
    finally:
        engine.dispose()
