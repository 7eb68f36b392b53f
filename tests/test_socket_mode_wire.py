"""Socket Mode as `leadbot run` serves it with SLACK_APP_TOKEN: the real app in its own process
opens apps.connections.open with the app-level token and connects to the stand-in's WebSocket,
which plays Slack's side: `hello`, envelopes for a command, a button press and an event, each of
which must be acknowledged within three seconds, and a link that drops or is refreshed."""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket as sockets
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from sqlmodel import Session, select

from bot.slack import ids
from storage.models import Commitment, Person
from tests.conftest import SECRET
from tests.wire import SocketSlack, blocks_text


class Clock:
    """The stand-in's rate-limit clock, moved on by the test: "a minute later the link drops"."""

    def __init__(self) -> None:
        self.now = time.monotonic()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def rate_clock(standin) -> Clock:
    moved = Clock()
    standin.clock = moved
    return moved


@pytest.fixture
def app(standin, database_url, rate_clock, tmp_path):
    """`leadbot run` in Socket Mode, in a folder of its own (no stray .env), until it is connected."""
    with running(standin, database_url, tmp_path) as process:
        yield process


@contextlib.contextmanager
def running(standin, database_url, tmp_path, more: dict[str, str] | None = None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "LEADBOT_", "DATABASE_URL"))}
    env.update(
        {
            "SLACK_BOT_TOKEN": standin.token,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_APP_TOKEN": standin.app_token,
            "SLACK_API_URL": standin.api_url,
            "DATABASE_URL": database_url,
            "LEADBOT_SCHEDULER": "off",
            "LEADBOT_DEFAULT_LOCALE": "en",
            "LEADBOT_TIMEZONE": "Europe/Stockholm",
            **(more or {}),
        }
    )
    socket = standin.socket_mode()
    log_path = tmp_path / "run.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"], cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        try:
            socket.wait_connections(1, timeout=30)
        except AssertionError:
            raise AssertionError(log_path.read_text()) from None
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        print(log_path.read_text())  # shown when a test failed
        print("refused:", standin.refused)
    # The connection was opened with the app-level token, never with the bot token.
    assert {c.token for c in standin.of("apps.connections.open")} == {standin.app_token}


@pytest.fixture
def people(standin) -> SocketSlack:
    return SocketSlack(standin)


def wait_until(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"waited {timeout} s for {what}")


def commitments(engine) -> list[tuple[str, str, str]]:
    with Session(engine) as session:
        rows = session.exec(select(Commitment, Person).where(Commitment.person_id == Person.id).order_by(Commitment.id))
        return [(person.external_id, commitment.title, commitment.state) for commitment, person in rows]


def test_a_command_over_the_socket_is_acknowledged_answered_and_saved(app, people, standin, engine):
    ack = people.command("U0BEN", "/commit", 'course "AI for managers" by 2027-01-15')

    assert set(ack) <= {"envelope_id", "payload"}  # acknowledged in time, as Slack requires
    reply = people.replies(1)[0]
    assert reply["response_type"] == "ephemeral"
    assert "Committed" in blocks_text(reply) and "AI for managers" in blocks_text(reply)
    assert commitments(engine) == [("U0BEN", "AI for managers", "active")]


def test_a_button_press_over_the_socket_completes_the_commitment(app, people, standin, engine):
    people.command("U0BEN", "/commit", 'course "GDPR refresher" by 2027-01-15')
    people.replies(1)
    with Session(engine) as session:
        [commitment] = session.exec(select(Commitment)).all()

    people.click("U0BEN", ids.DONE, str(commitment.id))

    wait_until(lambda: commitments(engine)[0][2] == "done", 10, "the commitment to be done")
    [published] = standin.wait_for("views.publish")  # App Home is redrawn for the person who pressed
    assert published.args["user_id"] == "U0BEN"
    assert "GDPR refresher" in blocks_text({"blocks": published.args["view"]["blocks"]})


def test_an_event_over_the_socket_publishes_app_home_once_however_often_slack_retries(app, people, standin):
    event = {"type": "app_home_opened", "user": "U0ANNA", "tab": "home", "channel": "DU0ANNA"}
    body = people.event_body(event)
    ack = standin.socket_mode().send("events_api", body)

    assert ack["envelope_id"]
    [published] = standin.wait_for("views.publish")
    assert published.args["user_id"] == "U0ANNA" and published.args["view"]["type"] == "home"

    # Slack sends an event again when it thinks the acknowledgement came late: same event_id,
    # a retry_attempt. It is acknowledged again, and nothing is done twice.
    socket = standin.socket_mode()
    assert socket.wait_ack(socket.push("events_api", body, retry_attempt=1))
    people.event({"type": "app_home_opened", "user": "U0BEN", "tab": "home", "channel": "DU0BEN"})
    published = standin.wait_for("views.publish", 2)
    assert [c.args["user_id"] for c in published] == ["U0ANNA", "U0BEN"]


def test_the_app_reconnects_when_slack_closes_the_link_or_asks_for_a_fresh_one(
    app, people, standin, rate_clock, engine
):
    socket = standin.socket_mode()
    people.command("U0BEN", "/commit", 'course "First" by 2027-01-15')
    people.replies(1)

    rate_clock.advance(61)  # a minute later Slack's end restarts and closes the link
    socket.close()
    socket.wait_connections(2, timeout=15)
    people.command("U0BEN", "/commit", 'course "Second" by 2027-01-15')
    people.replies(2)

    rate_clock.advance(61)  # and later Slack asks for a fresh link, as it does every few hours
    socket.disconnect("refresh_requested")
    socket.wait_connections(3, timeout=15)
    wait_until(lambda: socket.connected() == 1, 15, "the old link to close")
    people.command("U0BEN", "/commit", 'course "Third" by 2027-01-15')
    people.replies(3)

    assert [title for _, title, _ in commitments(engine)] == ["First", "Second", "Third"]
    assert len(standin.of("apps.connections.open")) == 3  # one fresh URL per connection
    assert app.poll() is None


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # about the link, not the database
def test_the_app_reconnects_after_the_link_silently_drops(app, people, standin, rate_clock, engine):
    """No close frame, no goodbye: the client notices only when its pings go unanswered; leadbot
    pings every 3 s, so the link is back in well under a minute (about 18 s measured)."""
    socket = standin.socket_mode()
    rate_clock.advance(61)
    dropped = time.monotonic()
    socket.drop()
    socket.wait_connections(2, timeout=90)
    deaf = time.monotonic() - dropped
    assert deaf < 45, f"deaf for {deaf:.1f} s after a silent drop"  # 40-61 s with slack_sdk's default
    people.command("U0BEN", "/commit", 'course "After the drop" by 2027-01-15')
    people.replies(1)
    assert commitments(engine) == [("U0BEN", "After the drop", "active")]


def free_port() -> int:
    with sockets.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    opener = urllib.request.build_opener(NoRedirects)
    try:
        with opener.open(request, timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_with_a_public_url_the_admin_page_and_health_are_served_beside_the_socket(
    standin, database_url, rate_clock, tmp_path, people
):
    """Socket Mode has Slack come over the socket, but the admin page's sign-in links must open
    somewhere: with LEADBOT_PUBLIC_URL set, `leadbot run` serves HTTP on HOST:PORT as well."""
    port = free_port()
    here = f"http://127.0.0.1:{port}"
    more = {"LEADBOT_PUBLIC_URL": here, "HOST": "127.0.0.1", "PORT": str(port), "LEADBOT_ADMINS": "U0BEN"}
    with running(standin, database_url, tmp_path, more):
        status, _, body = wait_until(lambda: _up(here + "/healthz"), 30, "the HTTP server to answer")
        assert status == 200 and json.loads(body)["database"] == "ok"

        people.command("U0BEN", "/leadbot", "admin")  # over the socket, as everything from Slack
        link = wait_until(lambda: _sign_in_link(standin, here), 10, "the sign-in link in Ben's DM")
        status, _, page = fetch(link)
        assert status == 200 and "Sign in" in page
        token = link.split("token=", 1)[1]
        status, headers, _ = fetch(here + "/admin/signin", data=f"token={token}".encode())
        assert status == 303 and headers["Location"] == "/admin"
        cookie = headers["Set-Cookie"].split(";")[0]
        status, _, page = fetch(here + "/admin", headers={"Cookie": cookie})
        assert status == 200 and "Focus areas" in page

        # Slack's requests come over the socket only: the HTTP server does not take them.
        assert fetch(here + "/slack/events", data=b"{}")[0] == 404


def _up(url: str):
    try:
        return fetch(url)
    except OSError:
        return None


def _sign_in_link(standin, here: str) -> str | None:
    for call in standin.of("chat.postMessage"):
        found = re.search(rf"{re.escape(here)}/admin/signin\?token=[\w-]+", json.dumps(call.args))
        if found and call.args.get("channel") == "U0BEN":
            return found.group(0)
    return None
