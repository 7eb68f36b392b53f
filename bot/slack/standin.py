"""A local stand-in for the Slack Web API: answers the methods leadbot uses as Slack does.

It records every call, so tests (and, later, the sandbox) can show what a person would
have seen, and it can be told to answer 429 or 5xx to prove that nothing is lost or
doubled when Slack is having a bad moment. It listens on 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

JSON_FIELDS = ("blocks", "view", "attachments", "metadata")


@dataclass
class Call:
    method: str  # a Web API method, or "response_url" for posts to a command's response URL
    args: dict[str, Any]
    token: str | None = None
    result: dict[str, Any] = field(default_factory=dict)  # what the stand-in answered


@dataclass
class Fault:
    status: int
    times: int
    retry_after: int = 0


@dataclass
class StandIn:
    """Start with `start()`; point SLACK_API_URL at `api_url`."""

    team_id: str = "T0LEAD"
    bot_user_id: str = "U0BOT"
    token: str = "xoxb-standin"
    users: dict[str, dict] = field(default_factory=dict)
    channels: dict[str, dict] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    faults: dict[str, list[Fault]] = field(default_factory=dict)
    delay: float = 0.0  # seconds added to every Web API answer, to play a distant Slack
    record: bool = True  # False keeps no call log (long benchmarks)

    def __post_init__(self) -> None:
        self._lock = threading.Condition()
        self._ts = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None

    # --- setting the scene ------------------------------------------------------------

    def add_user(
        self,
        user_id: str,
        name: str,
        *,
        locale: str = "en-US",
        tz: str = "Europe/Stockholm",
        real_name: str | None = None,
        admin: bool = False,
    ) -> None:
        self.users[user_id] = {
            "id": user_id,
            "team_id": self.team_id,
            "name": name,
            "real_name": real_name or name.title(),
            "tz": tz,
            "locale": locale,
            "is_bot": False,
            "is_admin": admin,
            "deleted": False,
            "profile": {"display_name": name, "real_name": real_name or name.title()},
        }

    def add_channel(
        self, channel_id: str, name: str, members: list[str], *, private: bool = False, bot_member: bool = False
    ) -> None:
        self.channels[channel_id] = {
            "id": channel_id,
            "name": name,
            "is_private": private,
            "members": list(members),
            "bot_member": bot_member,
        }

    def fail(self, method: str, status: int = 429, *, times: int = 1, retry_after: int = 0) -> None:
        """The next `times` calls of `method` answer `status` (429 with Retry-After)."""
        with self._lock:
            self.faults.setdefault(method, []).append(Fault(status, times, retry_after))

    # --- serving ----------------------------------------------------------------------

    def start(self) -> StandIn:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                standin._handle(self)

            def log_message(self, *args) -> None:
                pass

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() first"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def api_url(self) -> str:
        return self.base_url + "/api/"

    def response_url(self, key: str) -> str:
        return f"{self.base_url}/response/{key}"

    # --- reading what happened ----------------------------------------------------------

    def of(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """Waits until `count` calls of `method` have arrived; listeners run after their ack."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [c for c in self.calls if c.method == method]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"expected {count} {method} call(s), got {len(found)}: {self.calls!r}")
                self._lock.wait(remaining)

    def clear(self) -> None:
        with self._lock:
            self.calls.clear()

    # --- the API ------------------------------------------------------------------------

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length).decode("utf-8") if length else ""
        args = _decode(raw, request.headers.get("Content-Type", ""))
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else args.get("token")

        if request.path.startswith("/response/"):
            self._record(Call("response_url", args))
            return _send(request, 200, "ok", content_type="text/plain")
        if not request.path.startswith("/api/"):
            return _send(request, 404, {"ok": False, "error": "not_found"})
        method = request.path.removeprefix("/api/")

        if self.delay:
            time.sleep(self.delay)
        fault = self._take_fault(method)
        if fault:
            headers = {"Retry-After": str(fault.retry_after)} if fault.status == 429 else {}
            body = {"ok": False, "error": "ratelimited"} if fault.status == 429 else "upstream trouble"
            return _send(request, fault.status, body, headers=headers)

        if token != self.token:
            return _send(request, 200, {"ok": False, "error": "not_authed" if not token else "invalid_auth"})
        answer = getattr(self, "_" + method.replace(".", "_"), None)
        result = answer(args) if answer else {"ok": False, "error": "unknown_method"}
        if result.get("ok"):
            self._record(Call(method, args, token, result))
        _send(request, 200, result)

    def _record(self, call: Call) -> None:
        if not self.record:
            return
        with self._lock:
            self.calls.append(call)
            self._lock.notify_all()

    def _take_fault(self, method: str) -> Fault | None:
        with self._lock:
            queue = self.faults.get(method) or []
            if not queue:
                return None
            fault = queue[0]
            fault.times -= 1
            if fault.times <= 0:
                queue.pop(0)
            return fault

    def _next_ts(self) -> str:
        return f"{int(time.time())}.{next(self._ts):06d}"

    def _auth_test(self, args: dict) -> dict:
        return {
            "ok": True,
            "url": "https://leadbot.example/",
            "team": "Leadbot",
            "user": "leadbot",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": "B0BOT",
        }

    def _users_info(self, args: dict) -> dict:
        user = self.users.get(args.get("user", ""))
        if not user:
            return {"ok": False, "error": "user_not_found"}
        user = dict(user)
        if str(args.get("include_locale", "")).lower() not in ("true", "1"):
            user.pop("locale", None)
        return {"ok": True, "user": user}

    def _users_list(self, args: dict) -> dict:
        return {"ok": True, "members": list(self.users.values()), "response_metadata": {"next_cursor": ""}}

    def _target(self, channel: str) -> str | None:
        if channel in self.users or channel in self.channels:
            return channel
        if channel.startswith("D") and channel[1:] in self.users:
            return channel
        return None

    def _chat_postMessage(self, args: dict) -> dict:
        channel = self._target(args.get("channel", ""))
        if channel is None:
            return {"ok": False, "error": "channel_not_found"}
        if not (args.get("text") or args.get("blocks")):
            return {"ok": False, "error": "no_text"}
        ts = self._next_ts()
        if channel in self.users:  # a message to a person lands in their direct-message channel
            channel = "D" + channel
        return {"ok": True, "channel": channel, "ts": ts, "message": {"text": args.get("text"), "ts": ts}}

    def _chat_postEphemeral(self, args: dict) -> dict:
        if self._target(args.get("channel", "")) is None:
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": True, "message_ts": self._next_ts()}

    def _chat_update(self, args: dict) -> dict:
        if self._target(args.get("channel", "")) is None:
            return {"ok": False, "error": "channel_not_found"}
        if not args.get("ts"):
            return {"ok": False, "error": "message_not_found"}
        return {"ok": True, "channel": args["channel"], "ts": args["ts"]}

    def _conversations_open(self, args: dict) -> dict:
        users = str(args.get("users", ""))
        if users not in self.users:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "channel": {"id": "D" + users}}

    def _conversations_members(self, args: dict) -> dict:
        channel = self.channels.get(args.get("channel", ""))
        if channel is None:
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": True, "members": list(channel["members"]), "response_metadata": {"next_cursor": ""}}

    def _conversations_join(self, args: dict) -> dict:
        channel = self.channels.get(args.get("channel", ""))
        if channel is None:
            return {"ok": False, "error": "channel_not_found"}
        if channel["is_private"]:
            return {"ok": False, "error": "method_not_supported_for_channel_type"}
        channel["bot_member"] = True
        return {"ok": True, "channel": {"id": channel["id"], "name": channel["name"]}}

    def _views_open(self, args: dict) -> dict:
        if not args.get("trigger_id"):
            return {"ok": False, "error": "invalid_trigger_id"}
        return {"ok": True, "view": {"id": f"V{next(self._ts):08d}", **(args.get("view") or {})}}

    def _views_update(self, args: dict) -> dict:
        if not (args.get("view_id") or args.get("external_id")):
            return {"ok": False, "error": "not_found"}
        return {"ok": True, "view": {"id": args.get("view_id"), **(args.get("view") or {})}}

    def _views_publish(self, args: dict) -> dict:
        if args.get("user_id") not in self.users:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "view": {"id": f"V{next(self._ts):08d}", **(args.get("view") or {})}}


class _Server(ThreadingHTTPServer):
    # Slack takes many connections at once; the default backlog of 5 would drop bursts and
    # make clients wait a second for TCP to try again.
    request_queue_size = 256


def _decode(raw: str, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    if "json" in content_type:
        return json.loads(raw)
    args: dict[str, Any] = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
    for name in JSON_FIELDS:
        if isinstance(args.get(name), str):
            with contextlib.suppress(ValueError):
                args[name] = json.loads(args[name])
    return args


def _send(
    request: BaseHTTPRequestHandler,
    status: int,
    body: Any,
    *,
    headers: dict | None = None,
    content_type: str = "application/json",
) -> None:
    data = (json.dumps(body) if content_type == "application/json" else str(body)).encode()
    request.send_response(status)
    request.send_header("Content-Type", content_type + "; charset=utf-8")
    request.send_header("Content-Length", str(len(data)))
    for name, value in (headers or {}).items():
        request.send_header(name, value)
    request.end_headers()
    request.wfile.write(data)
