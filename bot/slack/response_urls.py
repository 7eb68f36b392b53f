"""Replies to a request's response_url over connections kept open between commands.

Bolt's `respond` posts through slack_sdk's WebhookClient, which opens a new connection for
every reply (urllib): on Slack that is a TCP and TLS handshake with hooks.slack.com per
command. Here the same JSON goes out through a urllib3 pool per host, safe for the threads
the replies are sent from; Slack's hooks endpoint keeps connections alive, so most replies
reuse one. Measured with `python -m benchmarks.profile_commit` (plain HTTP on loopback, so no
TLS saved): the reply took 2.0–2.2 of the 5.4–5.7 ms a command cost under cProfile, 1.3 ms so.

What stays as it was: the body (Bolt's own message builder, no None fields), the headers
(JSON, slack_sdk's User-Agent), a 30 s timeout, one more try after a broken connection (a kept
connection the other end has just closed is the usual one here), an HTTP error answered as a
response rather than raised, and a failure to reach the URL raised to the listener, which
logs it (bot.slack.listeners.common.kindly). A client with a proxy (slack_sdk also reads one
from the environment) or an SSL context of its own keeps Bolt's own `respond`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import urllib3
from slack_bolt import BoltResponse, Respond
from slack_bolt.context.respond.internals import _build_message
from slack_bolt.middleware import Middleware
from slack_bolt.request import BoltRequest
from slack_sdk.web.internal_utils import get_user_agent
from slack_sdk.webhook import WebhookResponse
from urllib3.exceptions import MaxRetryError, ReadTimeoutError

TIMEOUT = 30.0  # WebhookClient's default, which Bolt's respond uses
# Connections kept per host: as many as replies are sent at once (bot.slack.app's command
# workers and listener threads); more are opened when needed and closed after use.
KEPT_PER_HOST = 10


class ResponseUrls:
    """One pool of connections per host, shared by every reply the app sends."""

    def __init__(self, *, timeout: float = TIMEOUT) -> None:
        self.pool = urllib3.PoolManager(
            num_pools=8,
            maxsize=KEPT_PER_HOST,
            block=False,
            timeout=urllib3.Timeout(connect=timeout, read=timeout),
            retries=_OnceAfterABreak(total=1, allowed_methods=None, status_forcelist=(), redirect=False),
            headers={"Content-Type": "application/json;charset=utf-8", "User-Agent": get_user_agent()},
        )

    def post(self, url: str, message: Mapping[str, Any]) -> WebhookResponse:
        if not url.lower().startswith("http"):
            raise ValueError(f"Invalid URL detected: {url}")
        answer = self.pool.request("POST", url, body=json.dumps(message).encode("utf-8"))
        return WebhookResponse(
            url=url, status_code=answer.status, body=answer.data.decode("utf-8", "replace"), headers=answer.headers
        )

    def clear(self) -> None:
        self.pool.clear()


class _OnceAfterABreak(urllib3.Retry):
    """One more try after a broken or refused connection, a POST too, as slack_sdk's default
    retry handler does; not after a timeout waiting for the answer (slack_sdk gives up there
    too), and a status is an answer, not a failure."""

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        if isinstance(error, ReadTimeoutError):
            raise MaxRetryError(_pool, url, error) from error
        return super().increment(method, url, response, error, _pool, _stacktrace)


class PooledRespond(Respond):
    """Bolt's `respond`, its arguments and its message as they were, sent through the pool."""

    def __init__(self, urls: ResponseUrls, *, response_url: str | None) -> None:
        super().__init__(response_url=response_url)
        self.urls = urls

    def __call__(self, text: str | dict = "", **fields: Any) -> WebhookResponse:
        if self.response_url is None:
            raise ValueError("respond is unsupported here as there is no response_url")
        if isinstance(text, dict):
            message = _build_message(**text)
        elif isinstance(text, str):
            message = _build_message(text=text, **fields)
        else:
            raise ValueError(f"The arg is unexpected type ({type(text)})")
        return self.urls.post(self.response_url, message)


class KeptAlive(Middleware):
    """Gives every request with a response_url the pooled `respond`."""

    def __init__(self, urls: ResponseUrls) -> None:
        self.urls = urls

    def process(self, *, req: BoltRequest, resp: BoltResponse, next) -> BoltResponse | None:
        context = req.context
        url = context.response_url
        client = context.client
        if url and "respond" not in context and not (client is not None and (client.proxy or client.ssl)):
            context["respond"] = PooledRespond(self.urls, response_url=url)
        return next()
