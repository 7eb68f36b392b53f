"""Teams at POST /api/messages, on the same waitress server as Slack.

The Microsoft 365 Agents SDK is asyncio; our server is WSGI with threads. One event loop runs
in a thread of its own for the life of the process: every request hands its turn to that
loop and waits for the result (an invoke's answer must be in the HTTP response), and the
turn runs our synchronous flows in worker threads so that the loop never waits on the
database. Authorization is the SDK's: a Bot Framework token is checked on every request,
and with ANONYMOUS_ALLOWED (local testing only) a request without one is let through.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading

from microsoft_agents.activity import ActivityTypes, load_configuration_from_env
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.core import (
    AgentApplication,
    HttpAdapterBase,
    HttpResponse,
    MemoryStorage,
    TurnContext,
    TurnState,
)
from microsoft_agents.hosting.core.authorization.jwt import _authorize_request

from bot.services import Services
from bot.slack.listeners.common import database_unreachable
from bot.teams import flows, replies
from bot.teams.people import actor_for

log = logging.getLogger(__name__)
TURN_TIMEOUT = 14  # seconds; Teams gives up on an answer after about fifteen
PATH = "/api/messages"


class _Adapter(HttpAdapterBase):
    """The SDK's adapter, fed by our WSGI handler instead of aiohttp."""


class _Request:
    """What HttpAdapterBase.process_request reads from a request."""

    def __init__(self, body: bytes, claims) -> None:
        self.method, self.headers, self._body, self._claims = "POST", {}, body, claims

    async def json(self):
        return json.loads(self._body)

    def get_claims_identity(self):
        return self._claims

    def get_path_param(self, name: str):
        raise KeyError(name)


class TeamsHost:
    def __init__(self, services: Services) -> None:
        self.services = services
        config = load_configuration_from_env(services.settings.teams.connections)
        self.connections = MsalConnectionManager(**config)
        self.auth = self.connections.get_default_connection_configuration()
        self.adapter = _Adapter(connection_manager=self.connections)
        self.adapter.on_turn_error = self._turn_failed
        self.app = AgentApplication[TurnState](
            storage=MemoryStorage(), connection_manager=self.connections, start_typing_timer=False
        )
        self._register()
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="teams-loop", daemon=True)
        self._thread.start()
        for noisy in ("microsoft_agents",):
            logging.getLogger(noisy).setLevel(logging.WARNING)

    # --- HTTP -----------------------------------------------------------------------------

    def wsgi(self, environ, start_response):
        if environ.get("REQUEST_METHOD") != "POST":
            return _answer(start_response, 405, None)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        future = asyncio.run_coroutine_threadsafe(self._process(environ.get("HTTP_AUTHORIZATION"), body), self.loop)
        try:
            response = future.result(timeout=TURN_TIMEOUT)
        except TimeoutError:
            future.cancel()
            log.warning("a Teams turn took longer than %s s", TURN_TIMEOUT)
            return _answer(start_response, 504, None)
        except ValueError:  # not JSON, or not an activity
            return _answer(start_response, 400, {"error": "not an activity"})
        except Exception:
            log.exception("a Teams turn failed")
            return _answer(start_response, 500, None)
        return _answer(start_response, int(response.status_code), response.body)

    async def _process(self, authorization: str | None, body: bytes) -> HttpResponse:
        claims = await _authorize_request(authorization, self.auth)
        if isinstance(claims, HttpResponse):
            return claims
        return await self.adapter.process_request(_Request(body, claims), self.app)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=5)

    # --- turns ----------------------------------------------------------------------------

    def _register(self) -> None:
        @self.app.activity(ActivityTypes.message)
        async def on_message(context: TurnContext, _state: TurnState) -> None:
            text = await asyncio.to_thread(self._answer, context.activity)
            await context.send_activity(_markdown(text))

        @self.app.conversation_update("membersAdded")
        async def on_installed(context: TurnContext, _state: TurnState) -> None:
            """Installed in a personal chat: keep the chat's reference, and say hello."""
            activity = context.activity
            if activity.conversation and activity.conversation.conversation_type == "personal":
                actor = await asyncio.to_thread(actor_for, self.services, activity)
                await context.send_activity(_markdown(replies.help_text(actor.locale, "leadbot", "commit", "reflect")))

    def _answer(self, activity) -> str:
        try:
            actor = actor_for(self.services, activity)
            return flows.answer(self.services, actor, activity.text or "")
        except Exception as error:
            locale = (activity.locale or self.services.settings.default_locale)[:2]
            if database_unreachable(error):
                log.warning("Teams message: the database is unreachable")
                return replies.say(locale if locale in ("sv", "en") else "en", "error.database")
            log.exception("a Teams message could not be answered")
            return replies.say(locale if locale in ("sv", "en") else "en", "error.generic")

    async def _turn_failed(self, context: TurnContext, error: Exception) -> None:
        """The SDK's default tells the user the exception's text; ours logs it and says sorry."""
        log.error("a Teams turn failed", exc_info=error)


def _markdown(text: str):
    from microsoft_agents.activity import Activity

    return Activity(type=ActivityTypes.message, text=text, text_format="markdown")


def _answer(start_response, status: int, body) -> list[bytes]:
    reasons = {200: "OK", 202: "Accepted", 400: "Bad Request", 401: "Unauthorized", 405: "Method Not Allowed"}
    data = b"" if body is None else json.dumps(body).encode()
    headers = [("Content-Length", str(len(data)))]
    if data:
        headers.append(("Content-Type", "application/json"))
    start_response(f"{status} {reasons.get(status, 'Status')}", headers)
    return [data]
