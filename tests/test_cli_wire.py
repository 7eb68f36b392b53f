"""The `leadbot` command itself, as an operator runs it: `run` serving over HTTP and
`tick --at` sending check-ins, each against the stand-in Slack on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import SECRET
from tests.wire import Slack, blocks_text

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(standin, database_url: str, **extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "SLACK_BOT_TOKEN": standin.token,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": standin.api_url,
        "DATABASE_URL": database_url,
        "LEADBOT_SCHEDULER": "off",
        **extra,
    }


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'leadbot.db'}"


def leadbot(*args: str, env: dict, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_run_serves_slack_over_http_and_migrates_sqlite_by_itself(standin, sqlite_url, tmp_path):
    port = free_port()
    env = environment(standin, sqlite_url, PORT=str(port), HOST="127.0.0.1", PYTHONPATH=str(ROOT))
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                assert process.poll() is None, process.stdout.read()
                assert time.monotonic() < deadline, "leadbot run did not start within 60 s"
                time.sleep(0.2)
        slack = Slack(f"http://127.0.0.1:{port}", SECRET, standin)
        assert slack.command("U0BEN", "/commit", 'course "AI for managers" by 2026-12-15').status == 200
        assert "Committed" in slack.last_reply_text()
        assert slack.command("U0BEN", "/commit", "help", headers={}).status == 200
        forged = slack.post("command=/commit&text=x", "application/x-www-form-urlencoded", signature="v0=bad")
        assert forged.status == 401
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_a_command_acked_just_before_a_stop_is_still_saved_and_answered(standin, sqlite_url, tmp_path):
    port = free_port()
    env = environment(standin, sqlite_url, PORT=str(port), HOST="127.0.0.1", PYTHONPATH=str(ROOT))
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run"], env=env, cwd=tmp_path, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                    break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, "leadbot run did not start"
                time.sleep(0.2)
        slack = Slack(f"http://127.0.0.1:{port}", SECRET, standin)
        standin.delay = 1.5  # who is acting asks Slack about a new person after the ack: slowly
        assert slack.command("U0BEN", "/commit", 'course "AI for managers" by 2026-12-15').status == 200
        process.terminate()  # acked, its work under way
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
    standin.delay = 0
    assert "Committed" in slack.last_reply_text()
    import sqlite3

    with sqlite3.connect(tmp_path / "leadbot.db") as db:
        assert db.execute("select title from commitment").fetchall() == [("AI for managers",)]


def test_tick_at_a_monday_sends_check_ins_once(standin, sqlite_url, tmp_path):
    env = environment(standin, sqlite_url, PYTHONPATH=str(ROOT))
    from bot.http import make_server, make_wsgi, serve_in_thread
    from bot.services import Services
    from bot.settings import Settings
    from bot.slack.app import build_app
    from storage import db

    db.upgrade(sqlite_url)
    settings = Settings.from_env(env, dotenv_path=None)
    engine = db.make_engine(sqlite_url)
    server = make_server(
        make_wsgi(build_app(Services(settings=settings, engine=engine)), engine), host="127.0.0.1", port=0
    )
    serve_in_thread(server)
    try:
        slack = Slack(f"http://127.0.0.1:{server.effective_port}", SECRET, standin)
        slack.command("U0ANNA", "/commit", 'kurs "AI för chefer" senast 2027-01-15')
        assert "Åtagande sparat" in slack.last_reply_text()
    finally:
        server.close()
        engine.dispose()
    standin.clear()

    first = leadbot("tick", "--at", "2026-11-30T09:05+01:00", env=env, cwd=tmp_path)
    second = leadbot("tick", "--at", "2026-11-30T09:05+01:00", env=env, cwd=tmp_path)

    assert first.returncode == 0, first.stderr
    assert "1 sent" in first.stdout and "0 sent" in second.stdout
    [checkin] = standin.of("chat.postMessage")
    assert checkin.args["channel"] == "U0ANNA" and "AI för chefer" in blocks_text(checkin.args)


def test_tick_with_a_bad_instant_says_how_to_write_it(standin, sqlite_url, tmp_path):
    result = leadbot(
        "tick", "--at", "next monday", env=environment(standin, sqlite_url, PYTHONPATH=str(ROOT)), cwd=tmp_path
    )
    assert result.returncode == 2 and "--at must be an ISO-8601 instant" in result.stderr


def test_digest_preview_prints_and_posting_now_skips_the_scheduled_one(standin, sqlite_url, tmp_path):
    from bot.tick_job import run_tick

    env = environment(standin, sqlite_url, PYTHONPATH=str(ROOT))
    from bot.http import make_server, make_wsgi, serve_in_thread
    from bot.services import Services
    from bot.settings import Settings
    from bot.slack.app import build_app
    from storage import db

    standin.add_channel("C0TEAM", "ledning", ["U0ANNA", "U0BEN"])
    db.upgrade(sqlite_url)
    settings = Settings.from_env(env, dotenv_path=None)
    engine = db.make_engine(sqlite_url)
    services = Services(settings=settings, engine=engine)
    app = build_app(services)
    server = make_server(make_wsgi(app, engine), host="127.0.0.1", port=0)
    serve_in_thread(server)
    try:
        slack = Slack(f"http://127.0.0.1:{server.effective_port}", SECRET, standin)
        body = slack.command_body("U0ANNA", "/leadbot", "digest on").replace("C0GENERAL", "C0TEAM")
        slack.post(body.replace("=general", "=ledning"), "application/x-www-form-urlencoded")
        slack.replies(1)
        slack.command("U0BEN", "/reflect", "failure: the pilot flopped; we learned to ask case workers first")
        slack.replies(2)
    finally:
        server.close()
        app.finish()  # what the app does after an ack ends while the stand-in Slack still answers
    standin.clear()

    preview = leadbot("digest", "--team", "#ledning", "--preview", env=env, cwd=tmp_path)
    assert preview.returncode == 0, preview.stderr
    assert "the pilot flopped" in preview.stdout and "1 shared a failure" in preview.stdout
    assert standin.of("chat.postMessage") == []

    posted = leadbot("digest", "--team", "C0TEAM", env=env, cwd=tmp_path)
    assert posted.returncode == 0 and "posted" in posted.stdout
    assert [c.args["channel"] for c in standin.of("chat.postMessage")] == ["C0TEAM"]

    # Make the team's scheduled slot today at 00:00 local, so the tick would post it now,
    # unless the digest posted by hand has already taken this week.
    from datetime import UTC, datetime, time
    from zoneinfo import ZoneInfo

    from sqlmodel import Session, select

    from storage.models import Team

    now = datetime.now(UTC)
    with Session(engine) as session:
        team = session.exec(select(Team)).one()
        team.weekday, team.at = now.astimezone(ZoneInfo(team.tz)).weekday(), time(0, 0)
        session.add(team)
        session.commit()
    report = run_tick(services, now)
    assert report.digests == {"sent": 0, "pending": 0, "failed": 0, "skipped": 1}
    assert len(standin.of("chat.postMessage")) == 1
    engine.dispose()

    unknown = leadbot("digest", "--team", "#nowhere", "--preview", env=env, cwd=tmp_path)
    assert unknown.returncode == 2 and "no team" in unknown.stderr
