"""A local stand-in for the Bot Connector service that Teams messages are sent through.

Activities that point their `serviceUrl` here get their replies and proactive messages
recorded instead of delivered, so tests can show what a Teams user would have seen. It can
be told to answer 429 (with Retry-After), 412, 502, 504 or 403 to prove the sender's rules.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Sent:
    method: str  # POST (a new activity or a reply), PUT (an update)
    path: str
    conversation: str
    body: dict[str, Any]
    reply_to: str | None = None

    @property
    def text(self) -> str:
        return self.body.get("text") or ""

    @property
    def cards(self) -> list[dict]:
        return [a["content"] for a in self.body.get("attachments") or [] if "adaptive" in a.get("contentType", "")]


@dataclass
class ConnectorStandIn:
    sent: list[Sent] = field(default_factory=list)
    members: dict[str, list[dict]] = field(default_factory=dict)  # conversation id -> members
    uploads: dict[str, bytes] = field(default_factory=dict)  # plays OneDrive for file consent uploads

    def __post_init__(self) -> None:
        self._lock = threading.Condition()
        self._ids = itertools.count(1)
        self._faults: list[tuple[int, int, int]] = []  # (status, times left, retry-after)
        self._server: ThreadingHTTPServer | None = None

    def fail(self, status: int, *, times: int = 1, retry_after: int = 0) -> None:
        with self._lock:
            self._faults.append((status, times, retry_after))

    def start(self) -> ConnectorStandIn:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                standin._handle(self, "POST")

            def do_PUT(self) -> None:
                standin._handle(self, "PUT")

            def do_GET(self) -> None:
                standin._handle(self, "GET")

            def log_message(self, *args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def upload_url(self, name: str) -> str:
        return f"{self.url}upload/{name}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    def wait_for(self, count: int = 1, timeout: float = 10.0) -> list[Sent]:
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self.sent) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"expected {count} activities, got {len(self.sent)}: {self.sent!r}")
                self._lock.wait(remaining)
            return list(self.sent)

    def _handle(self, request: BaseHTTPRequestHandler, method: str) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        parts = request.path.strip("/").split("/")
        if method == "PUT" and parts[0] == "upload" and len(parts) == 2:
            with self._lock:
                self.uploads[parts[1]] = raw
            return _send(request, 201, {"id": parts[1]})
        if len(parts) < 3 or parts[:2] != ["v3", "conversations"]:
            return _send(request, 404, {"error": {"code": "NotFound"}})
        conversation = parts[2]
        with self._lock:
            fault = None
            if self._faults and method != "GET":
                status, times, retry_after = self._faults[0]
                fault = (status, retry_after)
                self._faults[0] = (status, times - 1, retry_after)
                if times - 1 <= 0:
                    self._faults.pop(0)
        if fault:
            headers = {"Retry-After": str(fault[1])} if fault[0] == 429 else {}
            return _send(request, fault[0], {"error": {"code": "Fault", "message": str(fault[0])}}, headers)
        if method == "GET" and parts[3:] == ["members"]:
            return _send(request, 200, self.members.get(conversation, []))
        if len(parts) < 4 or parts[3] != "activities":
            return _send(request, 404, {"error": {"code": "NotFound"}})
        body = json.loads(raw or b"{}")
        activity_id = parts[4] if len(parts) > 4 else None
        new_id = activity_id if method == "PUT" else f"activity-{next(self._ids)}"
        with self._lock:
            self.sent.append(Sent(method, request.path, conversation, body, activity_id if method == "POST" else None))
            self._lock.notify_all()
        _send(request, 200, {"id": new_id})


def _send(request: BaseHTTPRequestHandler, status: int, body: Any, headers: dict | None = None) -> None:
    data = json.dumps(body).encode()
    request.send_response(status)
    request.send_header("Content-Type", "application/json")
    request.send_header("Content-Length", str(len(data)))
    for name, value in (headers or {}).items():
        request.send_header(name, value)
    request.end_headers()
    request.wfile.write(data)
