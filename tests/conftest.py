"""Fixtures: a real database (SQLite, and PostgreSQL when reachable), the stand-in Slack
Web API on 127.0.0.1, and the real app served over HTTP by the real server.

"Today" in these tests is Thursday 2026-11-26 in Europe/Stockholm, as in the examples.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from bot.http import make_server, make_wsgi, serve_in_thread
from bot.sandbox.slack_standin import StandIn
from bot.services import Services
from bot.settings import Settings
from bot.slack.app import build_app
from storage import (
    db,
    models,  # noqa: F401
)
from storage.installation_tables import slack_metadata
from tests.blockkit import check_call
from tests.wire import Slack

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm
SECRET = "test-signing-secret"
# Answers that mean the app broke Slack's contract (a scope it lacks, an argument Slack does not
# take, blocks Slack refuses): a test that did not set out to provoke one fails on it.
CONTRACT_ERRORS = {"missing_scope", "invalid_arguments", "invalid_blocks", "msg_too_long", "not_in_channel",
                   "not_allowed_token_type", "unknown_method"}  # fmt: skip
POSTGRES_URL = os.environ.get("LEADBOT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


class Clock:
    """The tests' 'now', movable by a test; always time-zone aware."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("template") / "template.db"
    db.upgrade(f"sqlite:///{path}")
    return str(path)


@pytest.fixture(scope="session")
def postgres_ready() -> str:
    engine = sa.create_engine(POSTGRES_URL)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
    except sa.exc.OperationalError as error:
        if os.environ.get("LEADBOT_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required here but unreachable at {POSTGRES_URL}: {error}")
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL} (set LEADBOT_REQUIRE_POSTGRES=1 to fail instead)")
    finally:
        engine.dispose()
    db.upgrade(POSTGRES_URL)
    return POSTGRES_URL


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path, sqlite_template) -> str:
    if request.param == "sqlite":
        path = tmp_path / "leadbot.db"
        shutil.copy(sqlite_template, path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_ready")
    engine = sa.create_engine(url)
    tables = ", ".join(t.name for t in [*SQLModel.metadata.sorted_tables, *slack_metadata().sorted_tables])
    with engine.begin() as connection:
        connection.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return url


@pytest.fixture
def engine(database_url):
    engine = db.make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine):
    with Session(engine) as session:
        yield session


@pytest.fixture
def standin(request):
    fake = StandIn()
    fake.add_user("U0ANNA", "anna", locale="sv-SE", real_name="Anna Andersson")
    fake.add_user("U0BEN", "ben", locale="en-GB", tz="Europe/London", real_name="Ben Brown")
    fake.add_user("U0PA", "pat", locale="sv-SE", real_name="Pat Persson")
    fake.add_user("U0EN", "eno", locale="en-US", tz="America/New_York", real_name="Eno Evans")
    fake.start()
    yield fake
    fake.stop()
    broken = [c for c in fake.refused if c.result.get("error") in CONTRACT_ERRORS]
    if broken and not request.node.get_closest_marker("slack_refuses"):
        calls = "; ".join(f"{c.method} -> {c.result.get('error')} {c.result.get('needed', '')}" for c in broken)
        pytest.fail(f"Slack would have refused what the app sent: {calls}", pytrace=False)


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def settings(database_url, standin) -> Settings:
    return Settings.from_env(
        {
            "SLACK_BOT_TOKEN": standin.token,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": standin.api_url,
            "DATABASE_URL": database_url,
            "LEADBOT_DEFAULT_LOCALE": "en",
            "LEADBOT_TIMEZONE": "Europe/Stockholm",
        },
        dotenv_path=None,
    )


@pytest.fixture
def services(settings, engine, clock) -> Services:
    return Services(settings=settings, engine=engine, clock=clock)


@pytest.fixture
def slack(services, standin) -> Slack:
    """The real app behind the real HTTP server, and a way to talk to it as Slack does."""
    app = build_app(services)
    server = make_server(make_wsgi(app, services.engine, services.metrics), host="127.0.0.1", port=0, threads=4)
    thread = serve_in_thread(server)
    yield Slack(f"http://127.0.0.1:{server.effective_port}", SECRET, standin)
    for call in standin.calls:
        check_call(call.method, call.args)
    server.close()
    server.task_dispatcher.shutdown()
    thread.join(timeout=5)
    app.finish()  # what the app does after an ack ends while the stand-in Slack still answers
