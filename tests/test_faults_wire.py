"""Faults: Slack hanging, the database away for a command or the health check, the database
dropping every connection mid-tick, and what /metrics and /healthz tell an operator."""

from __future__ import annotations

import dataclasses
import json
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from bot.http import make_server, make_wsgi, serve_in_thread
from bot.services import Services
from bot.slack.app import build_app
from bot.tick_job import run_tick
from storage import db
from storage.models import Nudge
from tests.conftest import SECRET
from tests.test_instances import seed
from tests.wire import Slack

MONDAY_0905 = datetime(2026, 11, 30, 9, 5, tzinfo=UTC)


def checkin_counts(standin) -> Counter:
    return Counter(
        c.args["channel"]
        for c in standin.of("chat.postMessage")
        if (c.args.get("metadata") or {}).get("event_type") == "leadbot_nudge"
    )


def test_a_hanging_slack_times_out_and_the_message_that_did_arrive_is_not_sent_twice(
    standin, services, engine, session
):
    seed(engine, standin, 5)
    impatient = Services(
        settings=dataclasses.replace(services.settings, slack_timeout=1), engine=engine, clock=services.clock
    )
    standin.hang("chat.postMessage", times=1)

    first = run_tick(impatient, MONDAY_0905)

    assert (first.sent, first.pending) == (4, 1)
    standin.release()  # Slack did take the hung one after all, after we gave up on it
    standin.wait_for("chat.postMessage", 5)
    second = run_tick(impatient, MONDAY_0905 + timedelta(minutes=1))

    assert second.sent == 1
    counts = checkin_counts(standin)
    assert len(counts) == 5 and set(counts.values()) == {1}
    session.expire_all()
    assert {n.state for n in session.exec(select(Nudge))} == {"sent"}


@pytest.fixture(params=["sqlite", "postgresql"])
def unreachable(request, tmp_path, standin, settings, clock):
    """The real app whose database cannot be reached: a closed port, or a folder that is not there."""
    url = (
        f"sqlite:///{tmp_path / 'no-such-folder' / 'leadbot.db'}"
        if request.param == "sqlite"
        else "postgresql+psycopg://postgres@127.0.0.1:1/leadbot?connect_timeout=2"
    )
    engine = db.make_engine(url)
    services = Services(settings=dataclasses.replace(settings, database_url=url), engine=engine, clock=clock)
    app = build_app(services)
    server = make_server(make_wsgi(app, engine, services.metrics), host="127.0.0.1", port=0)
    thread = serve_in_thread(server)
    yield Slack(f"http://127.0.0.1:{server.effective_port}", SECRET, standin)
    server.close()
    server.task_dispatcher.shutdown()
    thread.join(timeout=5)
    app.finish()  # what the app does after an ack ends while the stand-in Slack still answers
    engine.dispose()


def test_with_the_database_away_a_command_gets_a_kind_try_again_and_healthz_says_so(unreachable, standin):
    answer = unreachable.command("U0ANNA", "/commit", 'kurs "AI för chefer" senast 15 dec')

    assert answer.status == 200
    reply = json.loads(answer.body)
    assert reply["response_type"] == "ephemeral"
    assert "I can't reach my database right now" in reply["text"]
    assert "Jag når inte min databas just nu" in reply["text"]

    event = unreachable.event({"type": "app_home_opened", "user": "U0BEN", "tab": "home"})
    assert event.status == 503  # Slack will deliver it again later

    health = unreachable.get("/healthz")
    assert health.status == 503 and json.loads(health.body)["database"] == "unreachable"
    metrics = unreachable.get("/metrics")
    assert metrics.status == 200 and "leadbot_database_up 0.0" in metrics.body
    assert not standin.of("chat.postMessage")


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # a server to drop connections
def test_a_database_dropping_every_connection_mid_tick_loses_and_doubles_nothing(
    database_url, standin, services, engine, session, caplog
):
    seed(engine, standin, 600)
    standin.delay = 0.01
    standin.rate_limits = False  # the database is what fails here; Slack's limits: test_instances
    standin.rate_scale = 60  # Slack takes 600 check-ins over minutes (300 a minute): a minute a second here

    def drop_connections_part_way() -> None:
        standin.wait_for("chat.postMessage", 150, timeout=60)
        admin = sa.create_engine(database_url)
        with admin.connect() as connection:
            dropped = connection.execute(
                sa.text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalar()
        admin.dispose()
        assert dropped > 0

    saboteur = threading.Thread(target=drop_connections_part_way)
    saboteur.start()
    first = run_tick(services, MONDAY_0905)
    saboteur.join()
    standin.delay = 0
    second = run_tick(services, MONDAY_0905 + timedelta(minutes=1))

    counts = checkin_counts(standin)
    assert len(counts) == 600 and set(counts.values()) == {1}, Counter(counts.values())
    session.expire_all()
    assert {n.state for n in session.exec(select(Nudge))} == {"sent"}
    assert first.sent + second.sent == 600
    print(f"first tick {first}, second {second}")
    assert "lost the database connection" in caplog.text or "could not record" in caplog.text


def test_metrics_and_healthz_tell_what_happened(slack, standin, services):
    slack.command("U0ANNA", "/commit", 'kurs "AI för chefer" senast 15 dec')
    slack.replies(1)
    slack.command("U0BEN", "/commit", "")  # a form opens: still a command handled
    standin.wait_for("views.open")
    run_tick(services, MONDAY_0905)

    metrics = slack.get("/metrics")
    assert metrics.status == 200
    assert 'leadbot_commands_total{command="/commit",outcome="ok"} 2.0' in metrics.body
    assert 'leadbot_nudges_total{outcome="sent"} 1.0' in metrics.body
    assert 'leadbot_messages{kind="nudge",state="sent"} 1.0' in metrics.body
    assert "leadbot_last_successful_tick_timestamp_seconds" in metrics.body
    assert "leadbot_tick_duration_seconds_count 1.0" in metrics.body
    health = json.loads(slack.get("/healthz").body)
    assert health["status"] == "ok" and health["last_tick"]["ok"] is True


def test_stopping_mid_tick_finishes_the_sends_under_way_and_hands_the_rest_back(standin, services, engine, session):
    seed(engine, standin, 700)  # more than one batch: claimed, built and sent 500 at a time
    standin.delay = 0.005
    standin.rate_limits = False  # a stop is what this is about; Slack's limits: test_instances
    standin.rate_scale = 60  # Slack takes 700 check-ins over minutes (300 a minute): a minute a second here
    stop = threading.Event()

    def sigterm_part_way() -> None:
        standin.wait_for("chat.postMessage", 100, timeout=60)
        stop.set()

    signal = threading.Thread(target=sigterm_part_way)
    signal.start()
    first = run_tick(services, MONDAY_0905, stop=stop)
    signal.join()

    # What was under way was finished and recorded; what was claimed and queued was handed
    # back as pending rather than sent or left "sending"; the batches after it were not claimed.
    session.expire_all()
    states = Counter(n.state for n in session.exec(select(Nudge)))
    claimed = sum(states.values())
    assert 100 <= first.sent < claimed <= 700 and first.sent + first.pending == claimed
    assert states == {"sent": first.sent, "pending": claimed - first.sent}

    standin.delay = 0
    second = run_tick(services, MONDAY_0905 + timedelta(minutes=1))
    assert second.sent == 700 - first.sent
    counts = checkin_counts(standin)
    assert len(counts) == 700 and set(counts.values()) == {1}
