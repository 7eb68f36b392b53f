"""The Microsoft 365 Agents SDK, set up once: its connection manager, its adapter, and the
event loop it needs, running in a thread of its own so that our threaded code can use it.

Both the web process (answering Teams) and whichever process ticks (sending check-ins and
digests proactively) build one of these.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import threading
import time
from collections.abc import Awaitable, Callable
from urllib.parse import urlparse

from microsoft_agents.activity import (
    Activity,
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
    load_configuration_from_env,
)
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.core import (
    ClaimsIdentity,
    ConnectorClientBase,
    HttpAdapterBase,
    HttpResponse,
    JwtTokenValidator,
    TurnContext,
)

from bot.settings import TeamsSettings
from nudges.claims import PermanentFailure, TemporaryFailure

log = logging.getLogger(__name__)

# Teams answers these when it wants the bot to slow down or try again.
RETRY_STATUSES = {429, 412, 502, 503, 504}
GONE_STATUSES = {403, 404}  # the bot is no longer in that conversation (removed, uninstalled)
# Any other 4xx (400 BadArgument, 401, 413 …) is a refusal that no retry will change.
ATTEMPTS = 4
BASE_WAIT = 0.5
MAX_WAIT = 8.0


class Gone(PermanentFailure):
    """403/404: the bot was removed from that conversation; its reference is of no more use."""


class _Outgoing(Activity):
    """An activity that never says `null`: the Bot Connector (and the Agents Playground) answer
    400 BadArgument to an activity with `"id": null` or `"locale": null`, which the SDK sets
    while sending and then serializes as they are whenever the activity is a new message rather
    than a reply (proactive sends, and answers to an event that came without an id)."""

    def model_dump(self, **kwargs):
        kwargs["exclude_none"] = True
        return super().model_dump(**kwargs)

    def model_dump_json(self, **kwargs):
        kwargs["exclude_none"] = True
        return super().model_dump_json(**kwargs)


def outgoing(activity: Activity) -> Activity:
    fields = set(activity.model_fields_set)
    return _Outgoing.model_construct(_fields_set=fields, **{name: getattr(activity, name) for name in fields})


# A time-out, and a credential the connector did not take (a secret rotated a moment ago, a
# token not yet valid), can pass: they are retried, and the claim's attempts still bound them.
PASSING_4XX = {401, 408}


def refusal(error: Exception) -> PermanentFailure | None:
    """The connector's answer, when it says that trying again will not help."""
    status = getattr(error, "status", None)
    if not isinstance(status, int) or not 400 <= status < 500 or status in RETRY_STATUSES:
        return None
    if status in PASSING_4XX:
        if status == 401:
            log.error("the Bot Connector refused leadbot's credentials (401): check the app id and secret")
        return None
    said = " ".join(part for part in (str(status), _detail(error)) if part)
    if status in GONE_STATUSES:
        return Gone(f"{said}: the bot is no longer in that conversation")
    return PermanentFailure(f"{said}: refused by the Bot Connector")


def _detail(error: Exception) -> str:
    """'BadArgument: Invalid input' from the connector's error body, when it has one."""
    import json

    try:
        body = json.loads(getattr(error, "message", "") or "")
        found = body.get("error") or {}
        return ": ".join(part for part in (found.get("code"), found.get("message")) if part)
    except (ValueError, AttributeError):
        return ""


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


class Adapter(HttpAdapterBase):
    """The SDK's adapter, fed by our WSGI handler instead of aiohttp."""


class LoopThread:
    """One asyncio loop for the life of the process; threads hand it coroutines."""

    WORKERS = 32  # turns run our synchronous code in these; the SDK's own to_thread calls too

    def __init__(self, name: str) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.loop = asyncio.new_event_loop()
        self.loop.set_default_executor(ThreadPoolExecutor(max_workers=self.WORKERS, thread_name_prefix=name))
        self._thread = threading.Thread(target=self.loop.run_forever, name=name, daemon=True)
        self._thread.start()

    def run(self, coroutine: Awaitable, timeout: float):
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        try:
            return future.result(timeout=timeout)
        except TimeoutError:
            future.cancel()
            raise

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=5)


class Sdk:
    def __init__(self, settings: TeamsSettings, name: str = "teams-loop") -> None:
        self.settings = settings
        config = load_configuration_from_env(settings.connections)
        self.connections = MsalConnectionManager(**config)
        self.auth = self.connections.get_default_connection_configuration()
        self.adapter = Adapter(connection_manager=self.connections)
        self.adapter.on_turn_error = _turn_failed
        self.loop = LoopThread(name)
        logging.getLogger("microsoft_agents").setLevel(logging.WARNING)

    def send(self, reference: ConversationReference, activity, *, timeout: float = 30) -> str:
        """Sends one activity into a known conversation, outside any turn, with Teams' rules:
        429/412/5xx are tried again after Retry-After or a growing, jittered wait; 403/404
        mean the bot is gone from there (Gone), any other 4xx is refused for good
        (PermanentFailure). Returns the new activity's id."""
        return self._retrying(lambda: self.deliver(reference, activity), timeout)

    def _retrying(self, attempt_once: Callable[[], Awaitable], timeout: float):
        """Runs a call to the connector in the loop, under the rules `send` describes."""
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return self.loop.run(attempt_once(), timeout)
            except Exception as error:
                refused = refusal(error)
                if refused is not None:
                    raise refused from error
                status = getattr(error, "status", None)
                if status not in RETRY_STATUSES and not _network(error):
                    raise TemporaryFailure(f"{type(error).__name__} {status or ''}".strip()) from error
                if attempt == ATTEMPTS:
                    raise TemporaryFailure(f"{status or type(error).__name__} after {ATTEMPTS} attempts") from error
                if _network(error):  # it may have arrived: the next tick decides, not a blind retry
                    raise TemporaryFailure(type(error).__name__) from error
                wait = _wait(error, attempt)
                log.info("Teams answered %s; trying again in %.1f s", status, wait)
                time.sleep(wait)
        raise TemporaryFailure("unreachable")

    async def deliver(self, reference: ConversationReference, activity) -> str:
        """Sends in the SDK's loop, for code already running there (a turn)."""
        message = outgoing(activity)
        sent = await self._continue(reference, lambda context: context.send_activity(message))
        return getattr(sent, "id", None) or ""

    async def process(self, authorization: str | None, body: bytes, app) -> HttpResponse:
        """One incoming request: the caller's token checked, then the turn run by `app`."""
        claims = await self._caller(authorization)
        if isinstance(claims, HttpResponse):
            return claims
        return await self.adapter.process_request(_Request(body, claims), app)

    async def _caller(self, authorization: str | None) -> ClaimsIdentity | HttpResponse:
        """Who sent the request, by the Bot Framework token Teams signs every request with: a
        request without one is let through only with ANONYMOUS_ALLOWED (local testing), and a
        token that does not verify (signature, audience, issuer, expiry) is refused, as the
        connector expects, with 401."""
        if self.auth is None:
            return HttpResponse(status_code=500, body={"error": "no Teams connection is configured"})
        validator = JwtTokenValidator(self.auth)
        if not authorization:
            if self.auth.ANONYMOUS_ALLOWED:
                return validator.get_anonymous_claims()
            return _unauthorized("Authorization header not found")
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not token or " " in token:
            return _unauthorized("Invalid authorization header format")
        try:
            return await validator.validate_token(token)
        except Exception as error:  # what fails to verify is refused; what failed is not told to the caller
            log.warning("a Teams request with a token that does not verify (%s)", type(error).__name__)
            return _unauthorized("Invalid token or authentication failed.")

    def members(self, reference: ConversationReference) -> list:
        """Who is in a conversation (a team channel), as the connector lists them."""

        async def listing(context: TurnContext):
            return await _connector(context).conversations.get_conversation_members(reference.conversation.id)

        try:
            return self.loop.run(self._continue(reference, listing), 30)
        except Exception as error:
            refused = refusal(error)
            if refused is not None:
                raise refused from error
            raise

    def opens_chats(self, service_url: str) -> bool:
        """Whether leadbot may ask the connector at `service_url` to open a chat. With an app id
        (its credentials) always; in anonymous mode only with a connector on this machine (the
        Agents Playground, a stand-in), since a real Bot Connector refuses an unsigned call."""
        if self.settings.client_id:
            return True
        host = (urlparse(service_url).hostname or "").lower()
        return self.settings.anonymous_allowed and (host in ("localhost", "::1") or host.startswith("127."))

    def open_personal(
        self, via: ConversationReference, *, user: str, tenant: str, timeout: float = 30
    ) -> ConversationReference:
        """Opens (or finds: Teams has one 1:1 chat per bot and person) the personal chat with
        `user` (an Entra object id or a Teams user id) in `tenant`, through the connector that
        serves `via`, any conversation of the same tenant. Teams' answers count as for `send`,
        except that a 403/404 says the chat cannot be had, not that `via` is gone. Returns the
        new chat's reference, for sends later."""
        agent = via.agent
        bot = ChannelAccount(id=agent.id, **({"name": agent.name} if agent and agent.name else {}))
        parameters = ConversationParameters(
            is_group=False,
            agent=bot,
            members=[ChannelAccount(id=user)],
            tenant_id=tenant,
            channel_data={"tenant": {"id": tenant}},
        )

        async def create(context: TurnContext):
            return await _connector(context).conversations.create_conversation(parameters)

        try:
            created = self._retrying(lambda: self._continue(via, create), timeout)
        except Gone as gone:
            raise PermanentFailure(f"{str(gone).partition(':')[0]}: Teams would not open a chat with them") from gone
        if not created or not created.id:
            raise TemporaryFailure("the connector opened a chat but named none")
        return ConversationReference(
            user=ChannelAccount(id=user),
            agent=bot,
            conversation=ConversationAccount(id=created.id, conversation_type="personal", tenant_id=tenant),
            channel_id=via.channel_id or "msteams",
            service_url=created.service_url or via.service_url,
        )

    async def _continue(self, reference: ConversationReference, work: Callable[[TurnContext], Awaitable]):
        """Runs `work` in a proactive turn in the reference's conversation; its error, if any,
        is raised here (the adapter would otherwise swallow it)."""
        box: dict = {}

        async def callback(context: TurnContext) -> None:
            try:
                box["result"] = await work(context)
            except Exception as error:
                box["error"] = error

        continuation = reference.get_continuation_activity()
        continuation.id = None  # a new message in the conversation, not a reply to a made-up id
        if self.settings.anonymous_allowed and not self.settings.client_id:
            await self.adapter.continue_conversation_with_claims(ClaimsIdentity(), continuation, callback)
        else:
            await self.adapter.continue_conversation(self.settings.client_id, continuation, callback)
        if "error" in box:
            raise box["error"]
        return box.get("result")

    def close(self) -> None:
        self.loop.close()


def _connector(context: TurnContext) -> ConnectorClientBase:
    """The connector client the adapter made for this turn, authenticated for its service URL."""
    connector = context.services.get(ConnectorClientBase)
    if connector is None:
        raise TemporaryFailure("the SDK gave the turn no connector client")
    return connector


def _unauthorized(reason: str) -> HttpResponse:
    return HttpResponse(status_code=401, body={"error": reason})


def _network(error: Exception) -> bool:
    import aiohttp

    return isinstance(error, aiohttp.ClientConnectionError | asyncio.TimeoutError | TimeoutError)


def _wait(error: Exception, attempt: int) -> float:
    headers = getattr(error, "headers", None) or {}
    retry_after = headers.get("Retry-After") if hasattr(headers, "get") else None
    if retry_after and str(retry_after).isdigit():
        return min(MAX_WAIT, float(retry_after)) + random.uniform(0, 0.25)
    return min(MAX_WAIT, BASE_WAIT * 2 ** (attempt - 1)) * random.uniform(0.5, 1.0)


async def _turn_failed(context: TurnContext, error: Exception) -> None:
    """The SDK's default tells the user the exception's text; ours only logs it."""
    log.error("a Teams turn failed", exc_info=error)
