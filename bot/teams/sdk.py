"""The Microsoft 365 Agents SDK, set up once: its connection manager, its adapter, and the
event loop it needs, running in a thread of its own so that our threaded code can use it.

Both the web process (answering Teams) and whichever process ticks (sending check-ins and
digests proactively) build one of these.
"""

from __future__ import annotations

import asyncio
import logging
import random
import threading
import time
from collections.abc import Awaitable, Callable

from microsoft_agents.activity import Activity, ConversationReference, load_configuration_from_env
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.core import ClaimsIdentity, HttpAdapterBase, TurnContext

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
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return self.loop.run(self._send(reference, activity), timeout)
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

    async def _send(self, reference: ConversationReference, activity) -> str:
        message = outgoing(activity)
        sent = await self._continue(reference, lambda context: context.send_activity(message))
        return getattr(sent, "id", None) or ""

    def members(self, reference: ConversationReference) -> list:
        """Who is in a conversation (a team channel), as the connector lists them."""

        def listing(context: TurnContext):
            connector = context.turn_state[self.adapter._AGENT_CONNECTOR_CLIENT_KEY]
            return connector.conversations.get_conversation_members(reference.conversation.id)

        try:
            return self.loop.run(self._continue(reference, listing), 30)
        except Exception as error:
            refused = refusal(error)
            if refused is not None:
                raise refused from error
            raise

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
