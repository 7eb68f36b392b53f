"""A local stand-in for the Bot Connector service that Teams messages are sent through.

Activities that point their `serviceUrl` here get their replies and proactive messages
recorded instead of delivered, so tests can show what a Teams user would have seen. It can
be told to answer 429 (with Retry-After), 412, 502, 504 or 403 to prove the sender's rules.

It refuses what the real connector (and the Microsoft 365 Agents Playground) refuses:
an activity over MESSAGE_LIMIT bytes gets 413 RequestEntityTooLarge, MessageSizeTooBig (the
strictest size Microsoft has published for a bot's message, about 28 KB, counted here with its
images, which later limits leave out: a card that passes here passes everywhere);
an activity with a `null` anywhere in it gets 400 BadArgument "Invalid input"; a file consent
card from a bot whose app manifest lacks `supportsFiles: true` is refused too. A channel's
roster is answered as Teams documents it ("Get team roster", TeamsChannelAccount): each
member with `id`, `name`, `objectId`, `userPrincipalName`, `tenantId`, `userRole`, and no
`aadObjectId`.

A bot may open a 1:1 chat (POST /v3/conversations, ConversationParameters) as the connector
allows it: with the bot, exactly one member, a tenant (`channelData.tenant.id`), and no
`null`; anything else is 400 BadArgument. The answer is a ConversationResourceResponse
(`id`, and `activityId` when the request carried a first activity); the same bot and person
get the same conversation each time, as in Teams.
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
MESSAGE_LIMIT = 28 * 1024
TOO_BIG = {"error": {"code": "MessageSizeTooBig", "message": "Request Entity Too Large"}}
FILE_CONSENT = "application/vnd.microsoft.teams.card.file.consent"
# What a roster entry carries (TeamsChannelAccount as GET /v3/conversations/{id}/members answers it).
ROSTER_FIELDS = ("id", "name", "objectId", "givenName", "surname", "email", "userPrincipalName", "tenantId", "userRole")


@dataclass
class Created:
    conversation: str  # the id answered
    body: dict[str, Any]  # the ConversationParameters as posted

    @property
    def member(self) -> str:
        return self.body["members"][0]["id"]


@dataclass
class ConnectorStandIn:
    sent: list[Sent] = field(default_factory=list)
    members: dict[str, list[dict]] = field(default_factory=dict)  # conversation id -> roster entries
    uploads: dict[str, bytes] = field(default_factory=dict)  # plays OneDrive for file consent uploads
    manifest: dict | None = None  # the app manifest the bot was installed with
    refused: list[tuple[int, dict]] = field(default_factory=list)  # what was answered 4xx, and why
    created: list[Created] = field(default_factory=list)  # the 1:1 chats opened by the bot

    def __post_init__(self) -> None:
        self._lock = threading.Condition()
        self._ids = itertools.count(1)
        self._faults: list[tuple[int, int, int, dict | None]] = []  # (status, times left, retry-after, body)
        self._chats: dict[tuple[str, str, str], str] = {}  # (tenant, bot, member) -> conversation id
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
        if parts[:2] != ["v3", "conversations"] or (len(parts) < 3 and method != "POST"):
            return _send(request, 404, {"error": {"code": "NotFound"}})
        conversation = parts[2] if len(parts) > 2 else ""
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
        if len(parts) == 2:
            return self._create(request, raw)
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
        if len(raw) > MESSAGE_LIMIT:
            return self._refuse(request, 413, TOO_BIG, body)
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

    def _create(self, request: BaseHTTPRequestHandler, raw: bytes) -> None:
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return self._refuse(request, 400, INVALID, {})
        if not isinstance(body, dict) or _has_null(body):
            return self._refuse(request, 400, INVALID, body if isinstance(body, dict) else {})
        members = body.get("members")
        bot = body.get("bot") if isinstance(body.get("bot"), dict) else {}
        data = body.get("channelData") if isinstance(body.get("channelData"), dict) else {}
        tenant = (data.get("tenant") or {}).get("id") if isinstance(data.get("tenant"), dict) else None
        named = isinstance(members, list) and all(isinstance(m, dict) and m.get("id") for m in members)
        if not members or not named:
            return self._refuse(request, 400, _bad("Conversation members are required"), body)
        if not body.get("isGroup") and len(members) != 1:
            return self._refuse(request, 400, _bad("A 1:1 conversation has exactly one member"), body)
        if not tenant:
            return self._refuse(request, 400, _bad("Tenant id is required"), body)
        if not bot.get("id"):
            return self._refuse(request, 400, _bad("The bot is required"), body)
        key = (tenant, bot["id"], members[0]["id"])
        with self._lock:
            conversation = self._chats.setdefault(key, f"a:chat-{next(self._ids)}")
            self.created.append(Created(conversation, body))
            answer = {"id": conversation}
            if isinstance(body.get("activity"), dict):
                answer["activityId"] = f"activity-{next(self._ids)}"
                path = f"/v3/conversations/{conversation}/activities"
                self.sent.append(Sent("POST", path, conversation, body["activity"]))
            self._lock.notify_all()
        _send(request, 201, answer)

    def _refuse(self, request: BaseHTTPRequestHandler, status: int, answer: dict, body: dict) -> None:
        with self._lock:
            self.refused.append((status, body))
            self._lock.notify_all()
        _send(request, status, answer)


def _bad(message: str) -> dict:
    return {"error": {"code": "BadArgument", "message": message}}


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
