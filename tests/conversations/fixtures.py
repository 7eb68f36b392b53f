"""`chat`: a conversation with the real app, once over Slack and once over Teams, on each of
the suite's databases. Import it into a test module: `from tests.conversations.fixtures import chat_fixture`.

Slack is the suite's own (tests/conftest.py: the stand-in Slack Web API, signed requests to the
real server). Teams is the real server at POST /api/messages, the real Agents SDK in anonymous
mode, and the stand-in Bot Connector, with the cast's admins named in LEADBOT_ADMINS.
"""

from __future__ import annotations

import json

import pytest

from bot.http import make_server, make_wsgi, serve_in_thread
from bot.services import Services
from bot.settings import Settings
from bot.teams.host import TeamsHost
from tests.conversations.cast import ADMINS
from tests.conversations.drivers import SlackChat, TeamsChat
from tests.fakes.connector import ConnectorStandIn

ANONYMOUS = {"CONNECTIONS__SERVICE_CONNECTION__SETTINGS__ANONYMOUS_ALLOWED": "true"}


@pytest.fixture(name="chat", params=["slack", "teams"])
def chat_fixture(request, database_url, engine, clock):
    if request.param == "slack":
        yield SlackChat(
            slack=request.getfixturevalue("slack"),
            standin=request.getfixturevalue("standin"),
            services=request.getfixturevalue("services"),
            clock=clock,
        )
        return
    yield from _teams(database_url, engine, clock)


def _teams(database_url, engine, clock):
    connector = ConnectorStandIn().start()
    settings = Settings.from_env(
        {
            "DATABASE_URL": database_url,
            "LEADBOT_DEFAULT_LOCALE": "en",
            "LEADBOT_TIMEZONE": "Europe/Stockholm",
            "LEADBOT_ADMINS": ",".join(admin.entra_id for admin in ADMINS),
            **ANONYMOUS,
        },
        dotenv_path=None,
    )
    services = Services(settings=settings, engine=engine, clock=clock)
    host = TeamsHost(services)
    server = make_server(make_wsgi(None, engine, services.metrics, host), host="127.0.0.1", port=0)
    thread = serve_in_thread(server)
    try:
        yield TeamsChat(
            base_url=f"http://127.0.0.1:{server.effective_port}", connector=connector, services=services, clock=clock
        )
    finally:
        server.close()
        server.task_dispatcher.shutdown()
        thread.join(timeout=5)
        host.close()
        sender = getattr(services, "_teams_sdk", None)  # the tick's own, when a tick sent anything
        if sender is not None:
            sender.close()
        connector.stop()
    if connector.refused:
        refused = "; ".join(
            f"{status} {json.dumps(body, ensure_ascii=False)[:300]}" for status, body in connector.refused
        )
        pytest.fail(f"the Bot Connector refused what the app sent: {refused}", pytrace=False)
