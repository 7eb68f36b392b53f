"""A local stand-in for the Bot Connector service that Teams messages are sent through.

Activities that point their `serviceUrl` here get their replies and proactive messages
recorded instead of delivered, so tests can show what a Teams user would have seen. It can
be told to answer 429 (with Retry-After), 412, 502, 504 or 403 to prove the sender's rules.

It refuses what the real connector (and the Microsoft 365 Agents Playground) refuses:
an activity with a `null` anywhere in it gets 400 BadArgument "Invalid input"; a file consent
card from a bot whose app manifest lacks `supportsFiles: true` is refused too. A channel's
roster is answered as Teams documents it ("Get team roster", TeamsChannelAccount): each
member with `id`, `name`, `objectId`, `userPrincipalName`, `tenantId`, `userRole`, and no
`aadObjectId`.
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


INVALID = {"error": {"code": "BadArgument", "message": "Invalid input"}}
FILE_CONSENT = "application/vnd.microsoft.teams.card.file.consent"
# What a roster entry carries (TeamsChannelAccount as GET /v3/conversations/{id}/members answers it).
ROSTER_FIELDS = ("id", "name", "objectId", "givenName", "surname", "email", "userPrincipalName", "tenantId", "userRole")


@dataclass
class ConnectorStandIn:
    sent: list[Sent] = field(default_factory=list)
    members: dict[str, list[dict]] = field(default_factory=dict)  # conversation id -> roster entries
    uploads: dict[str, bytes] = field(default_factory=dict)  # plays OneDrive for file consent uploads
    manifest: dict | None = None  # the app manifest the bot was installed with
    refused: list[tuple[int, dict]] = field(default_factory=list)  # what was answered 4xx, and why

    def __post_init__(self) -> None:
        self._lock = threading.Condition()
        self._ids = itertools.count(1)
        self._faults: list[tuple[int, int, int, dict | None]] = []  # (status, times left, retry-after, body)
        self._server: ThreadingHTTPServer | None = None

    def fail(self, status: int, *, times: int = 1, retry_after: int = 0, body: dict | None = None) -> None:
        """The next `times` sends are answered `status` (with `body`, else a generic error)."""
        with self._lock:
            self._faults.append((status, times, retry_after, body))

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

    def join(
        self, conversation: str, *, user_id: str, name: str, object_id: str, tenant: str = "", role: str = "user"
    ) -> None:
        """Someone is in a conversation (a team's channel): their roster entry, as Teams gives it."""
        given, _, surname = name.partition(" ")
        entry = {
            "id": user_id,
            "name": name,
            "objectId": object_id,
            "givenName": given,
            "surname": surname or None,
            "userPrincipalName": f"{given.lower()}@kommun.example",
            "tenantId": tenant or None,
            "userRole": role,
        }
        with self._lock:
            self.members.setdefault(conversation, []).append({k: v for k, v in entry.items() if v})

    @property
    def supports_files(self) -> bool:
        bots = (self.manifest or {}).get("bots") or [{}]
        return bool(bots[0].get("supportsFiles"))

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
                status, times, retry_after, answer = self._faults[0]
                fault = (status, retry_after, answer)
                self._faults[0] = (status, times - 1, retry_after, answer)
                if times - 1 <= 0:
                    self._faults.pop(0)
        if fault:
            status, retry_after, answer = fault
            headers = {"Retry-After": str(retry_after)} if status == 429 else {}
            return _send(request, status, answer or {"error": {"code": "Fault", "message": str(status)}}, headers)
        if method == "GET" and parts[3:] == ["members"]:
            entries = self.members.get(conversation, [])
            roster = [{k: m[k] for k in ROSTER_FIELDS if m.get(k) is not None} for m in entries]
            return _send(request, 200, roster)
        if len(parts) < 4 or parts[3] != "activities":
            return _send(request, 404, {"error": {"code": "NotFound"}})
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return self._refuse(request, 400, INVALID, {})
        if _has_null(body):
            return self._refuse(request, 400, INVALID, body)
        if not self.supports_files and any(
            a.get("contentType") == FILE_CONSENT for a in body.get("attachments") or [] if isinstance(a, dict)
        ):
            return self._refuse(
                request,
                400,
                {"error": {"code": "BadArgument", "message": "File consent cards need supportsFiles in the app"}},
                body,
            )
        activity_id = parts[4] if len(parts) > 4 else None
        new_id = activity_id if method == "PUT" else f"activity-{next(self._ids)}"
        with self._lock:
            self.sent.append(Sent(method, request.path, conversation, body, activity_id if method == "POST" else None))
            self._lock.notify_all()
        _send(request, 200 if method == "PUT" else 201, {"id": new_id})

    def _refuse(self, request: BaseHTTPRequestHandler, status: int, answer: dict, body: dict) -> None:
        with self._lock:
            self.refused.append((status, body))
            self._lock.notify_all()
        _send(request, status, answer)


def _has_null(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, dict):
        return any(_has_null(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_null(v) for v in value)
    return False


def _send(request: BaseHTTPRequestHandler, status: int, body: Any, headers: dict | None = None) -> None:
    data = json.dumps(body).encode()
    request.send_response(status)
    request.send_header("Content-Type", "application/json")
    request.send_header("Content-Length", str(len(data)))
    for name, value in (headers or {}).items():
        request.send_header(name, value)
    request.end_headers()
    request.wfile.write(data)
