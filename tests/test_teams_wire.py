"""Teams through the real server at POST /api/messages, the real Agents SDK in anonymous mode,
and a stand-in Bot Connector on 127.0.0.1 that records what the person would see."""

from __future__ import annotations

import dataclasses
import itertools
import json
import urllib.error
import urllib.request

import pytest
from sqlmodel import select

from bot.http import make_server, make_wsgi, serve_in_thread
from bot.services import Services
from bot.settings import Settings
from bot.teams.host import TeamsHost
from bot.teams.standin import ConnectorStandIn
from storage.models import Commitment, ConversationRef, Person, Workspace

TENANT = "tenant-kommun"
ANONYMOUS = {"CONNECTIONS__SERVICE_CONNECTION__SETTINGS__ANONYMOUS_ALLOWED": "true"}
_ids = itertools.count(1)


class Teams:
    """Plays Teams' side: posts activities as Teams would, to the real server."""

    def __init__(self, base_url: str, connector: ConnectorStandIn) -> None:
        self.base_url, self.connector = base_url, connector

    def post(self, activity: dict, headers: dict | None = None) -> tuple[int, str]:
        request = urllib.request.Request(
            self.base_url + "/api/messages",
            data=json.dumps(activity).encode(),
            headers={"Content-Type": "application/json", **(headers or {})},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def activity(self, user: str, text: str, *, locale: str = "sv-SE", tz: str | None = "Europe/Stockholm") -> dict:
        n = next(_ids)
        activity = {
            "type": "message",
            "id": f"incoming-{n}",
            "channelId": "msteams",
            "serviceUrl": self.connector.url,
            "from": {"id": f"29:{user}", "name": user.title(), "aadObjectId": f"aad-{user}"},
            "recipient": {"id": "28:leadbot", "name": "leadbot"},
            "conversation": {"id": f"a:personal-{user}", "conversationType": "personal", "tenantId": TENANT},
            "channelData": {"tenant": {"id": TENANT}},
            "text": text,
            "locale": locale,
        }
        if tz:
            activity["localTimezone"] = tz
        return activity

    def say(self, user: str, text: str, **kwargs) -> str:
        before = len(self.connector.sent)
        status, _ = self.post(self.activity(user, text, **kwargs))
        assert status in (200, 202), status
        return self.connector.wait_for(before + 1)[-1].text


@pytest.fixture
def connector():
    fake = ConnectorStandIn().start()
    yield fake
    fake.stop()


def serve(services: Services):
    host = TeamsHost(services)
    server = make_server(make_wsgi(None, services.engine, services.metrics, host), host="127.0.0.1", port=0)
    thread = serve_in_thread(server)
    return host, server, thread


@pytest.fixture
def teams(database_url, engine, clock, connector):
    settings = Settings.from_env(
        {"DATABASE_URL": database_url, "LEADBOT_DEFAULT_LOCALE": "en", **ANONYMOUS}, dotenv_path=None
    )
    services = Services(settings=settings, engine=engine, clock=clock)
    host, server, thread = serve(services)
    yield Teams(f"http://127.0.0.1:{server.effective_port}", connector)
    server.close()
    server.task_dispatcher.shutdown()
    thread.join(timeout=5)
    host.close()


def test_commit_in_teams_is_saved_and_answered_in_the_persons_language(teams, connector, session):
    reply = teams.say("anna", 'commit kurs "AI för chefer" senast 15 dec')

    assert "Åtagande sparat" in reply and "**#1**" in reply and "AI för chefer" in reply
    [sent] = connector.sent
    assert sent.method == "POST" and sent.conversation == "a:personal-anna" and sent.reply_to.startswith("incoming-")
    commitment = session.exec(select(Commitment)).one()
    assert commitment.title == "AI för chefer" and commitment.category == "course"
    person = session.exec(select(Person)).one()
    assert (person.external_id, person.platform_locale, person.tz) == ("aad-anna", "sv-SE", "Europe/Stockholm")
    workspace = session.get(Workspace, person.workspace_id)
    assert (workspace.platform, workspace.external_id) == ("teams", TENANT)
    ref = session.exec(select(ConversationRef)).one()
    assert ref.person_id == person.id and ref.service_url == connector.url
    assert json.loads(ref.reference)["conversation"]["id"] == "a:personal-anna"


def test_english_a_leading_slash_reflect_and_a_refusal(teams, connector, session):
    reply = teams.say("ben", '/commit course "Copilot in daily work" by 2026-12-18', locale="en-GB", tz="Europe/London")
    assert "Committed" in reply and "Copilot in daily work" in reply

    assert "Noted on **#1**" in teams.say("ben", "reflect #1 booked the dates", locale="en-GB")
    assert teams.say("ben", "reflect #1 done", locale="en-GB") == "🎉 **#1** Copilot in daily work is done. Well done!"
    refusal = teams.say("ben", "commit become data-driven", locale="en-GB")
    assert refusal.startswith("✏️ Not saved yet — a commitment needs a **when**")
    assert len(session.exec(select(Commitment)).all()) == 1
    assert session.exec(select(Commitment)).one().state == "done"
    help_text = teams.say("ben", "help", locale="en-GB")
    assert "commit" in help_text.lower() and "reflect" in help_text.lower()


def test_without_anonymous_mode_a_request_without_a_token_gets_401(database_url, engine, clock, connector, session):
    settings = Settings.from_env(
        {
            "DATABASE_URL": database_url,
            "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": "00000000-0000-0000-0000-00000000b07",
            "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET": "not-used-here",
            "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID": "11111111-1111-1111-1111-111111111111",
        },
        dotenv_path=None,
    )
    services = Services(settings=settings, engine=engine, clock=clock)
    host, server, thread = serve(services)
    try:
        client = Teams(f"http://127.0.0.1:{server.effective_port}", connector)
        status, _ = client.post(client.activity("mallory", 'commit kurs "X" senast 15 dec'))
        assert status == 401
        status, _ = client.post(
            client.activity("mallory", 'commit kurs "X" senast 15 dec'), {"Authorization": "Bearer not-a-jwt"}
        )
        assert status == 401
    finally:
        server.close()
        server.task_dispatcher.shutdown()
        thread.join(timeout=5)
        host.close()
    assert not connector.sent
    assert not session.exec(select(Commitment)).all()


def test_teams_settings_stand_alone_and_need_all_three_without_anonymous_mode():
    from bot.settings import SettingsError

    alone = Settings.from_env(ANONYMOUS, dotenv_path=None)
    alone.require_front_end()  # no Slack settings needed
    assert alone.slack is False and alone.teams.anonymous_allowed
    with pytest.raises(SettingsError, match="CLIENTSECRET"):
        Settings.from_env({"CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": "x"}, dotenv_path=None)
    with pytest.raises(SettingsError, match="neither Slack nor Teams"):
        Settings.from_env({}, dotenv_path=None).require_front_end()
    assert dataclasses.is_dataclass(alone.teams)
