"""HTTP mode: Slack at POST /slack/events, a health check at GET /healthz and Prometheus
metrics at GET /metrics, served by waitress (a production WSGI server, threads, no reloader).

Slack's requests are checked at the edge before Bolt parses them: a forged or stale signature
gets 401, a body that cannot be read as Slack sends it 400 (or 413/415), never the 500 that
Bolt's parsing would answer and that Slack would retry."""

from __future__ import annotations

import json
import logging
from urllib.parse import parse_qsl

from slack_bolt import App, BoltContext
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_response import WsgiHttpResponse
from slack_bolt.request import BoltRequest
from slack_bolt.request.internals import build_context
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.metrics import CONTENT_TYPE, Metrics
from bot.slack.listeners.shapes import MAX_BODY, Refused, parse, readable
from nudges import heartbeat

log = logging.getLogger(__name__)


def make_wsgi(app: App | None, engine: Engine, metrics: Metrics | None = None, teams=None, web=None):
    """Slack (a Bolt app) and Teams (a TeamsHost) when configured, and the admin pages under
    /admin (a WSGI callable) when given; without any (the `leadbot scheduler` process) only
    the health check and metrics."""
    slack = None
    if app is not None:
        secret = getattr(app, "signing_secret", None)  # our app (bot.slack.app.LeadbotApp)
        slack = CheckedSlack(app, secret) if secret else SlackRequestHandler(app, path="/slack/events")

    def wsgi(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if teams is not None and path == "/api/messages":
            return teams.wsgi(environ, start_response)
        if web is not None and (path == "/admin" or path.startswith("/admin/")):
            return web(environ, start_response)
        if environ.get("REQUEST_METHOD") == "GET" and path == "/healthz":
            status, body = _health(engine)
            return _answer(start_response, status, "application/json", json.dumps(body).encode())
        if environ.get("REQUEST_METHOD") == "GET" and path == "/metrics" and metrics is not None:
            return _answer(start_response, "200 OK", CONTENT_TYPE, metrics.render())
        if slack is None:
            return _answer(start_response, "404 Not Found", "text/plain", b"not found")
        return slack(environ, start_response)

    return wsgi


class CheckedSlack(SlackRequestHandler):
    """Bolt's WSGI handler, with each POST to /slack/events checked first (see the module's
    docstring); Bolt then gets the body as parsed here, so a command whose text happens to
    contain the word "payload" is read as the command it is."""

    def __init__(self, app: App, signing_secret: str) -> None:
        super().__init__(app, path="/slack/events")
        self.verifier = SignatureVerifier(signing_secret)

    def _get_http_response(self, request):
        if request.method != "POST" or request.path != self.path:
            return super()._get_http_response(request)
        try:
            length = int(request.environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refusal(400, "bad content length")
        if length > MAX_BODY:
            return _refusal(413, "too large")
        raw = request.environ["wsgi.input"].read(length) if length > 0 else b""
        headers = request.get_headers()
        if _ssl_check(raw, headers):  # Slack checking our certificate: a plain 200, as Bolt answers it
            return WsgiHttpResponse(status=200, body="")
        if not self._signed(raw, headers):
            return _refusal(401, "invalid request")
        try:
            body = parse(raw, headers.get("content-type"))
            readable(body)
        except Refused as refused:
            log.info("refusing a signed Slack request: %s", refused.reason)
            return _refusal(refused.status, refused.reason)
        bolt_request = BoltRequest(body="", query=request.query_string, headers=headers)
        bolt_request.raw_body = raw.decode("utf-8")
        bolt_request.body = body
        bolt_request.context = build_context(BoltContext({}), body)
        answer = self.app.dispatch(bolt_request)
        return WsgiHttpResponse(status=answer.status, headers=answer.headers, body=answer.body)

    def _signed(self, raw: bytes, headers: dict) -> bool:
        try:
            return self.verifier.is_valid(
                raw, headers.get("x-slack-request-timestamp"), headers.get("x-slack-signature")
            )
        except (ValueError, TypeError):  # a timestamp that is not a number
            return False


def _ssl_check(raw: bytes, headers: dict) -> bool:
    if not str(headers.get("content-type") or "").startswith("application/x-www-form-urlencoded"):
        return False
    try:
        return dict(parse_qsl(raw.decode("utf-8"))).get("ssl_check") == "1"
    except UnicodeDecodeError:
        return False


def _refusal(status: int, reason: str) -> WsgiHttpResponse:
    return WsgiHttpResponse(status=status, headers={"content-type": ["text/plain;charset=utf-8"]}, body=reason)


def _answer(start_response, status: str, content_type: str, data: bytes):
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(data)))])
    return [data]


def _health(engine: Engine) -> tuple[str, dict]:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        log.warning("health check: the database is unreachable")
        return "503 Service Unavailable", {"status": "unavailable", "database": "unreachable"}
    body: dict = {"status": "ok", "database": "ok"}
    try:
        beat = heartbeat.last(engine)
    except Exception:  # reachable, but no tick recorded to read (a database not yet migrated)
        beat = None
    if beat is not None:
        body["last_tick"] = {"at": beat.at.isoformat(), "ok": beat.ok, "by": beat.instance}
    return "200 OK", body


def make_server(wsgi, *, host: str, port: int, threads: int = 8):
    from waitress import create_server

    return create_server(wsgi, host=host, port=port, threads=threads, ident="leadbot")


def serve_in_thread(server):
    """Runs a server in a daemon thread (tests, benchmarks, the sandbox). Closing waitress's
    socket from another thread ends its loop with EBADF: that is how it stops."""
    import contextlib
    import threading

    def run() -> None:
        with contextlib.suppress(OSError):
            server.run()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread
