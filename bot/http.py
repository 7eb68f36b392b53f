"""HTTP mode: Slack at POST /slack/events and a health check at GET /healthz, served by
waitress (a production WSGI server, threads, no reloader)."""

from __future__ import annotations

import json
import logging

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import text
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)


def make_wsgi(app: App, engine: Engine):
    slack = SlackRequestHandler(app, path="/slack/events")

    def wsgi(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/healthz" and environ.get("REQUEST_METHOD") == "GET":
            status, body = _health(engine)
            data = json.dumps(body).encode()
            start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
            return [data]
        return slack(environ, start_response)

    return wsgi


def _health(engine: Engine) -> tuple[str, dict]:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        log.warning("health check: the database is unreachable", exc_info=True)
        return "503 Service Unavailable", {"status": "unavailable", "database": "unreachable"}
    return "200 OK", {"status": "ok", "database": "ok"}


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
