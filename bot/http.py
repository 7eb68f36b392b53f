"""HTTP mode: Slack at POST /slack/events, a health check at GET /healthz and Prometheus
metrics at GET /metrics, served by waitress (a production WSGI server, threads, no reloader)."""

from __future__ import annotations

import json
import logging

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.metrics import CONTENT_TYPE, Metrics
from nudges import heartbeat

log = logging.getLogger(__name__)


def make_wsgi(app: App | None, engine: Engine, metrics: Metrics | None = None, teams=None):
    """Slack (a Bolt app) and Teams (a TeamsHost) when configured; without either (the
    `leadbot scheduler` process) only the health check and metrics."""
    slack = SlackRequestHandler(app, path="/slack/events") if app is not None else None

    def wsgi(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if teams is not None and path == "/api/messages":
            return teams.wsgi(environ, start_response)
        if environ.get("REQUEST_METHOD") == "GET" and path == "/healthz":
            status, body = _health(engine)
            return _answer(start_response, status, "application/json", json.dumps(body).encode())
        if environ.get("REQUEST_METHOD") == "GET" and path == "/metrics" and metrics is not None:
            return _answer(start_response, "200 OK", CONTENT_TYPE, metrics.render())
        if slack is None:
            return _answer(start_response, "404 Not Found", "text/plain", b"not found")
        return slack(environ, start_response)

    return wsgi


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
