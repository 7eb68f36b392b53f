"""Many workspaces: installing through OAuth, token rotation, each workspace seeing only its
own data, and an uninstall that stops all sending there."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa
from sqlmodel import select

from bot.http import make_server, make_wsgi, serve_in_thread
from bot.services import Services
from bot.settings import Settings
from bot.slack.app import build_app
from bot.tick_job import run_tick
from storage.models import Commitment, Workspace
from tests.conftest import SECRET
from tests.wire import Slack, blocks_text

MONDAY_0905 = datetime(2026, 11, 30, 9, 5, tzinfo=UTC)
NEXT_MONDAY_0905 = datetime(2026, 12, 7, 9, 5, tzinfo=UTC)


def checkins(standin) -> list:
    return [c for c in standin.of("chat.postMessage") if (c.args.get("metadata") or {}).get("event_type")]


def test_requests_from_another_workspace_cannot_see_or_change_its_data(slack, standin, session):
    slack.command("U0ANNA", "/commit", 'kurs "AI för chefer" senast 15 dec')
    slack.replies(1)
    annas = session.exec(select(Commitment)).one()

    # The same user id arriving from another workspace is another person there.
    slack.command("U0ANNA", "/commit", "list", team="T0OTHER")
    assert "Du har inga aktiva åtaganden" in slack.last_reply_text(2) and "#1" not in slack.last_reply_text(2)
    slack.command("U0ANNA", "/reflect", "#1 klar", team="T0OTHER")
    assert "Klart" not in slack.last_reply_text(3) and "AI för chefer" not in slack.last_reply_text(3)
    slack.click("U0ANNA", "commitment_done", str(annas.id), team="T0OTHER")
    refusal = standin.wait_for("chat.postMessage")[-1]
    assert refusal.args["channel"] == "U0ANNA" and "Det åtagandet är inte ditt" in blocks_text(refusal.args)

    session.expire_all()
    assert session.get(Commitment, annas.id).state == "active"
    assert len(session.exec(select(Workspace)).all()) == 2


# --- OAuth ------------------------------------------------------------------------------


@pytest.fixture
def oauth(database_url, engine, standin, clock):
    """The app installable into many workspaces: no bot token, the client id and secret."""
    standin.add_team("T0TWO", "Two")
    standin.add_user("U0ZED", "zed", locale="en-GB", tz="Europe/London", team_id="T0TWO")
    settings = Settings.from_env(
        {
            "SLACK_CLIENT_ID": standin.client_id,
            "SLACK_CLIENT_SECRET": standin.client_secret,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": standin.api_url,
            "DATABASE_URL": database_url,
        },
        dotenv_path=None,
    )
    services = Services(settings=settings, engine=engine, clock=clock)
    app = build_app(services)
    server = make_server(make_wsgi(app, engine, services.metrics), host="127.0.0.1", port=0)
    thread = serve_in_thread(server)
    yield services, Slack(f"http://127.0.0.1:{server.effective_port}", SECRET, standin)
    server.close()
    server.task_dispatcher.shutdown()
    thread.join(timeout=5)
    app.finish()  # what the app does after an ack ends while the stand-in Slack still answers


def install(slack: Slack, standin, team_id: str, user_id: str) -> tuple[int, str]:
    """What a person's browser does: open /slack/install, click Allow on Slack, come back."""
    with urllib.request.urlopen(slack.base_url + "/slack/install", timeout=10) as page:
        html = page.read().decode()
        cookie = page.headers["Set-Cookie"].split(";")[0]
    state = re.search(r"state=([A-Za-z0-9_\-]+)", html).group(1)
    code = standin.authorize_url(team_id, user_id)
    back = urllib.request.Request(
        slack.base_url + "/slack/oauth_redirect?" + urlencode({"code": code, "state": state}),
        headers={"Cookie": cookie},
    )
    try:
        with urllib.request.urlopen(back, timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_install_into_two_workspaces_and_each_gets_its_own_nudges(oauth, standin, engine):
    services, slack = oauth
    assert install(slack, standin, "T0LEAD", "U0ANNA")[0] == 200
    assert install(slack, standin, "T0TWO", "U0ZED")[0] == 200
    with engine.connect() as connection:
        bots = connection.execute(sa.text("SELECT team_id FROM slack_bots ORDER BY team_id")).scalars().all()
    assert bots == ["T0LEAD", "T0TWO"]

    slack.command("U0ANNA", "/commit", 'kurs "AI för chefer" senast 15 dec')
    assert "AI för chefer" in slack.last_reply_text(1)
    slack.command("U0ZED", "/commit", 'course "Copilot in daily work" by 2026-12-18', team="T0TWO")
    assert "Copilot in daily work" in slack.last_reply_text(2)

    report = run_tick(services, MONDAY_0905)

    assert report.sent == 2
    sent = {c.args["channel"]: c.team_id for c in checkins(standin)}
    assert sent == {"U0ANNA": "T0LEAD", "U0ZED": "T0TWO"}  # each with its own workspace's token


def test_a_button_from_another_workspace_cannot_touch_a_commitment(oauth, standin, session):
    _, slack = oauth
    install(slack, standin, "T0LEAD", "U0ANNA")
    install(slack, standin, "T0TWO", "U0ZED")
    slack.command("U0ANNA", "/commit", 'kurs "AI för chefer" senast 15 dec')
    slack.replies(1)
    annas = session.exec(select(Commitment)).one()

    slack.click("U0ZED", "commitment_done", str(annas.id), team="T0TWO")

    refusal = standin.wait_for("chat.postMessage")[-1]
    assert refusal.args["channel"] == "U0ZED" and refusal.team_id == "T0TWO"
    assert "isn't one of yours" in blocks_text(refusal.args)
    session.expire_all()
    assert session.get(Commitment, annas.id).state == "active"


def test_an_uninstall_stops_all_sending_to_that_workspace(oauth, standin, engine, session):
    services, slack = oauth
    install(slack, standin, "T0LEAD", "U0ANNA")
    install(slack, standin, "T0TWO", "U0ZED")
    slack.command("U0ANNA", "/commit", 'kurs "AI för chefer" senast 2027-01-15')
    slack.command("U0ZED", "/commit", 'course "Copilot in daily work" by 2027-01-18', team="T0TWO")
    slack.replies(2)

    assert slack.event({"type": "app_uninstalled"}, team="T0TWO").status == 200

    two = None
    for _ in range(100):  # the listener runs after the ack
        session.expire_all()
        two = session.exec(select(Workspace).where(Workspace.external_id == "T0TWO")).one()
        if two.uninstalled_at is not None:
            break
        time.sleep(0.05)
    assert two.uninstalled_at is not None
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM slack_bots WHERE team_id = 'T0TWO'")).scalar() == 0
    standin.clear()
    report = run_tick(services, MONDAY_0905)
    assert report.sent == 1
    assert [c.args["channel"] for c in checkins(standin)] == ["U0ANNA"]
    assert not [c for c in standin.calls if c.team_id == "T0TWO"]

    # Installing again resumes.
    assert install(slack, standin, "T0TWO", "U0ZED")[0] == 200
    standin.clear()
    run_tick(services, NEXT_MONDAY_0905)
    assert sorted(c.args["channel"] for c in checkins(standin)) == ["U0ANNA", "U0ZED"]


def test_rotating_tokens_are_refreshed_for_requests_and_for_the_tick(oauth, standin, engine):
    services, slack = oauth
    standin.rotate_tokens = True
    standin.token_lifetime = 600  # well inside the two hours before expiry when a token is refreshed
    assert install(slack, standin, "T0LEAD", "U0ANNA")[0] == 200
    with engine.connect() as connection:
        first = connection.execute(sa.text("SELECT bot_token FROM slack_bots")).scalar()
    assert first.startswith("xoxe.xoxb-")

    slack.command("U0ANNA", "/commit", 'kurs "AI för chefer" senast 15 dec')
    assert "AI för chefer" in slack.last_reply_text(1)
    refreshes = [c for c in standin.of("oauth.v2.access") if c.args.get("grant_type") == "refresh_token"]
    assert refreshes, standin.of("oauth.v2.access")  # Bolt refreshed it before using it

    report = run_tick(services, MONDAY_0905)
    assert report.sent == 1
    [checkin] = checkins(standin)
    with engine.connect() as connection:
        latest = connection.execute(
            sa.text("SELECT bot_token FROM slack_bots ORDER BY installed_at DESC, id DESC")
        ).scalar()
    assert checkin.token == latest != first
