"""A local stand-in for the Slack Web API: answers the methods leadbot uses as Slack does.

It records every call, so tests (and, later, the sandbox) can show what a person would
have seen, and it can be told to answer 429 or 5xx to prove that nothing is lost or
doubled when Slack is having a bad moment. It listens on 127.0.0.1 only.

The app is meant to be installed in many workspaces, so the stand-in keeps several, each
with its own bot token, and keeps them apart as Slack does: a token only ever sees its
own workspace's people and channels. Installing (OAuth v2, with or without token
rotation), message history, file uploads and calls that never answer are played out
here too, so the code that depends on them can be tested without a real Slack.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import math
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from bot.sandbox.slack_standin import blocks as standin_blocks
from bot.sandbox.slack_standin.limits import Posting, Throttle, limits_for
from bot.sandbox.slack_standin.methods import (
    METHODS,
    POST_PER_CHANNEL,
    POST_PER_WORKSPACE,
    TIERS,
    Method,
)
from bot.sandbox.slack_standin.rates import Buckets
from bot.sandbox.slack_standin.socket import SocketMode
from bot.slack.manifest import manifest

JSON_FIELDS = ("blocks", "view", "attachments", "metadata")

# Only `_<namespace>_<method>` functions of these namespaces answer Web API calls, so a
# request for, say, "take.fault" can never reach one of the stand-in's own helpers.
API_NAMESPACES = frozenset({"apps", "auth", "chat", "conversations", "files", "users", "views"})
HISTORY_LIMIT = 999  # Slack's own ceiling for conversations.history's `limit`


def app_scopes() -> list[str]:
    """The bot scopes our manifest asks for: what an install of the app is granted."""
    return list(manifest()["oauth_config"]["scopes"]["bot"])


@dataclass
class Call:
    method: str  # a Web API method, or "response_url" for posts to a command's response URL
    args: dict[str, Any]
    token: str | None = None
    result: dict[str, Any] = field(default_factory=dict)  # what the stand-in answered
    # The workspace the call acted in: the token's, or for oauth.v2.access the one installed
    # into. Tests of a multi-workspace app need it to tell whose message went where.
    team_id: str | None = None


@dataclass
class Fault:
    status: int
    times: int
    retry_after: int = 0
    error: str | None = None  # answered 200 {"ok": false, "error": …}, as Slack refuses a call


@dataclass
class Team:
    """A workspace the app is installed in.

    `token` is the long-lived bot token an install without rotation gets; rotated tokens
    live only in `StandIn.tokens`, because they come and go while the install stays.
    """

    team_id: str
    name: str
    token: str
    bot_user_id: str
    bot_id: str
    url: str = ""
    scopes: list[str] | None = None  # None: what the app's manifest asks for (StandIn.scope)


@dataclass
class UploadedFile:
    """A file as it ended up in Slack, with its bytes, so a test can read what was sent."""

    file_id: str
    filename: str
    title: str
    content: bytes
    channel: str | None  # the first channel it was shared into; None when kept private
    initial_comment: str | None
    team_id: str
    channels: list[str] = field(default_factory=list)  # every channel it was shared into
    thread_ts: str | None = None
    completed_at: float = 0.0  # StandIn.clock() when files.completeUploadExternal took it


@dataclass
class _Grant:
    """What an OAuth code or refresh token stands for: who installed the app, and where."""

    team_id: str
    user_id: str
    redirect_uri: str | None = None


@dataclass
class _Upload:
    """A file announced by files.getUploadURLExternal whose completion has not come yet."""

    file_id: str
    filename: str
    length: int
    team_id: str
    content: bytes | None = None  # None until the bytes were posted to the upload URL


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
    record: bool = True  # False keeps no call log and no message history (long benchmarks)
    team_name: str = "Leadbot"  # the name of the constructor's workspace
    # The app's own credentials, as its settings page on api.slack.com would show them.
    app_id: str = "A0LEADBOT"
    client_id: str = "0000.1111"
    client_secret: str = "standin-secret"
    scope: str = field(default_factory=lambda: ",".join(app_scopes()))  # what an install grants
    rotate_tokens: bool = False  # the app's "token rotation" switch
    token_lifetime: float = 43200  # seconds a rotated token lives (Slack: 12 hours)
    teams: dict[str, Team] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # every bot token ever issued -> its team_id
    messages: dict[str, list[dict]] = field(default_factory=dict)  # channel -> its messages, oldest first
    files: dict[str, UploadedFile] = field(default_factory=dict)  # completed uploads by file id
    refused: list[Call] = field(default_factory=list)  # calls answered ok: false, with that answer
    # Rate limits, per method per workspace as Slack's tiers have them. `clock` (seconds) and
    # `rate_scale` let a test move time on, or let a minute of Slack pass in a second.
    rate_limits: bool = True
    clock: Callable[[], float] = time.monotonic
    rate_scale: float = 1.0
    post_per_channel: tuple[float, float] = POST_PER_CHANNEL  # (per minute, burst)
    post_per_workspace: tuple[float, float] = POST_PER_WORKSPACE
    app_token: str = "xapp-1-A0LEADBOT-1-standin"  # the app-level token, for Socket Mode
    # Since 2025 an app distributed outside the Slack Marketplace may read conversations.history
    # once a minute, 15 messages a page; Marketplace and internal apps keep Tier 3.
    marketplace: bool = True
    # Slack scans an uploaded file before it can be shown: for this many seconds after
    # files.completeUploadExternal an image block naming it is refused as an invalid slack file.
    file_ready_after: float = 0.0
    throttles: dict[str, Throttle] = field(default_factory=dict)  # team_id -> its own limits (throttle())

    def __post_init__(self) -> None:
        self._lock = threading.Condition()
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._revoked: set[str] = set()
        self._expires: dict[str, float] = {}  # rotated token -> time.time() it stops working
        self._codes: dict[str, _Grant] = {}
        self._refresh: dict[str, _Grant] = {}
        self._uploads: dict[str, _Upload] = {}
        self._by_ts: dict[tuple[str, str], dict] = {}  # (channel, ts) -> the stored message
        self._hangs: dict[str, int] = {}
        self._hanging = 0
        self._releases = 0
        self._stopping = False
        self._rates = Buckets(lambda: self.clock(), lambda: self.rate_scale)
        self.socket = None  # a SocketMode peer, once socket_mode() started one
        self.add_team(self.team_id, self.team_name, token=self.token, bot_user_id=self.bot_user_id, bot_id="B0BOT")
        self.teams[self.team_id].url = "https://leadbot.example/"

    # --- setting the scene ------------------------------------------------------------

    def add_team(
        self,
        team_id: str,
        name: str,
        *,
        token: str | None = None,
        bot_user_id: str | None = None,
        bot_id: str | None = None,
    ) -> str:
        """Installs the app in one more workspace and returns that install's bot token.

        The token is predictable by default so a test can write it down without keeping
        the return value; each workspace gets its own bot user too, as a real install does.
        """
        token = token or f"xoxb-{team_id.lower()}"
        with self._lock:
            if team_id in self.teams:
                raise ValueError(f"team {team_id} is already there")
            if token in self.tokens:
                raise ValueError(f"token {token} already belongs to {self.tokens[token]}")
            self.teams[team_id] = Team(
                team_id,
                name,
                token,
                bot_user_id or f"U{team_id}BOT",
                bot_id or f"B{team_id}",
                f"https://{team_id.lower()}.example/",
            )
            self.tokens[token] = team_id
        return token

    def team_of(self, token: str) -> str | None:
        """The workspace a token was issued for, also after it was revoked or expired."""
        return self.tokens.get(token)

    def revoke(self, token: str) -> None:
        """Plays an uninstall or a leaked-token reset: from now on the token answers token_revoked."""
        with self._lock:
            if token not in self.tokens:
                raise KeyError(f"no such token: {token}")
            self._revoked.add(token)

    def add_user(
        self,
        user_id: str,
        name: str,
        *,
        locale: str = "en-US",
        tz: str = "Europe/Stockholm",
        real_name: str | None = None,
        admin: bool = False,
        team_id: str | None = None,
    ) -> None:
        """`team_id` defaults to the first workspace; user ids are unique across all of them."""
        team_id = self._known_team(team_id)
        self.users[user_id] = {
            "id": user_id,
            "team_id": team_id,
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
        self,
        channel_id: str,
        name: str,
        members: list[str],
        *,
        private: bool = False,
        bot_member: bool = False,
        team_id: str | None = None,
    ) -> None:
        """`team_id` defaults to the first workspace; channel ids are unique across all of them."""
        self.channels[channel_id] = {
            "id": channel_id,
            "name": name,
            "is_private": private,
            "members": list(members),
            "bot_member": bot_member,
            "team_id": self._known_team(team_id),
        }

    def fail(
        self, method: str, status: int = 429, *, times: int = 1, retry_after: int = 0, error: str | None = None
    ) -> None:
        """The next `times` calls of `method` answer `status` (429 with Retry-After), or with
        `error` Slack's refusal with that code (`invalid_blocks`, `is_archived`, …)."""
        with self._lock:
            self.faults.setdefault(method, []).append(Fault(200 if error else status, times, retry_after, error))

    def hang(self, method: str, times: int = 1) -> None:
        """The next `times` calls of `method` get no answer until `release()`.

        A status code proves only what a client does with an answer; a Slack that accepts
        the request and then says nothing is what proves its timeouts. Faults and `delay`
        come first, so a call that is both failed and hung answers the fault at once.
        """
        with self._lock:
            self._hangs[method] = self._hangs.get(method, 0) + times

    def release(self) -> None:
        """Lets every hung request go: each is then answered normally, as though Slack had
        only been slow, even when its client gave up long ago (the answer then goes nowhere,
        but the call took effect and is recorded, which is the case a retry must survive).
        Hangs still waiting for their call are cancelled too: after a release, nothing hangs.
        """
        with self._lock:
            self._hangs.clear()
            self._releases += 1
            self._lock.notify_all()

    def wait_hung(self, count: int = 1, timeout: float = 10.0) -> None:
        """Waits until `count` requests are hanging, so a test releases them only once they
        have arrived; releasing earlier would leave a later one hanging for good."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._hanging < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"expected {count} hung request(s), got {self._hanging}")
                self._lock.wait(remaining)

    def authorize_url(self, team_id: str, user_id: str, *, redirect_uri: str | None = None) -> str:
        """Plays "the user clicked Allow in workspace `team_id`": returns the one-time code
        Slack would have put on the redirect, ready for oauth.v2.access.

        The workspace must have been added, so that a typo fails here rather than as a
        puzzling invalid_code later; `redirect_uri` is what the authorize link carried.
        """
        with self._lock:
            if team_id not in self.teams:
                raise KeyError(f"add_team({team_id!r}, ...) first")
            user = self.users.get(user_id)
            if user is not None and user["team_id"] != team_id:
                raise ValueError(f"{user_id} is in {user['team_id']}, not {team_id}")
            code = f"{next(self._ids)}.{secrets.token_hex(16)}"
            self._codes[code] = _Grant(team_id, user_id, redirect_uri)
        return code

    # --- serving ----------------------------------------------------------------------

    def start(self, port: int = 0) -> StandIn:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                standin._handle(self)

            def log_message(self, *args) -> None:
                pass

        self._stopping = False
        self._server = _Server(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        # A short poll makes stop() take milliseconds rather than up to half a second, which
        # every test that starts a stand-in pays once.
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        """Hung requests are closed unanswered first, so no thread is left waiting for a
        `release()` that will never come and the port is free at once."""
        with self._lock:
            self._stopping = True
            self._lock.notify_all()
        if self._server:
            self._server.shutdown()
            self._server.server_close()
        if self.socket is not None:
            self.socket.stop()
            self.socket = None

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

    def uploaded(self, channel: str | None = None) -> list[UploadedFile]:
        """Completed uploads, oldest first; a user id finds what went to their direct messages."""
        if channel is not None and channel in self.users:
            channel = "D" + channel
        with self._lock:
            return [f for f in self.files.values() if channel is None or channel in f.channels]

    # --- the API ------------------------------------------------------------------------

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        path = request.path.split("?", 1)[0]
        if path.startswith("/upload/"):  # file bytes are not text: read them before decoding
            return self._receive_upload(request, path.removeprefix("/upload/"), body)
        args = _decode(body.decode("utf-8"), request.headers.get("Content-Type", ""))
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else args.get("token")

        if path.startswith("/response/"):
            self._record(Call("response_url", args))
            return _send(request, 200, "ok", content_type="text/plain")
        if not path.startswith("/api/"):
            return _send(request, 404, {"ok": False, "error": "not_found"})
        method = path.removeprefix("/api/")

        if self.delay:
            time.sleep(self.delay)
        fault = self._take_fault(method)
        if fault and fault.error:
            return _send(request, 200, {"ok": False, "error": fault.error})
        if fault:
            headers = {"Retry-After": str(fault.retry_after)} if fault.status == 429 else {}
            body = {"ok": False, "error": "ratelimited"} if fault.status == 429 else "upstream trouble"
            return _send(request, fault.status, body, headers=headers)
        if not self._hold(method):
            return  # stopped while hung: the connection closes with no answer at all

        spec = METHODS.get(method)
        if method == "oauth.v2.access":  # the app's client credentials vouch for it, not a bot token
            token = None
            result = self._refusal(method, spec, args, None)
            if result is None:
                result, team_id = self._oauth_v2_access(args, auth)
        elif method == "apps.connections.open":  # an app-level token, not a bot token
            team_id = None
            retry_after = self._rates.take([(("app", method), *TIERS["1"])]) if self.rate_limits else 0
            if retry_after:
                return _ratelimited(request, retry_after)
            result = self._refusal(method, spec, args, None) or self._apps_connections_open(token)
        else:
            team = self._authorise(token)
            if isinstance(team, str):
                return _send(request, 200, {"ok": False, "error": team})
            answer = None
            if spec is not None and method.split(".", 1)[0] in API_NAMESPACES:
                answer = getattr(self, "_" + method.replace(".", "_"), None)
            if answer is None:
                return _send(request, 200, {"ok": False, "error": "unknown_method"})
            retry_after = self._limit(method, spec, args, team)
            if retry_after:
                return _ratelimited(request, retry_after)
            result = self._refusal(method, spec, args, team) or answer(args, team)
            team_id = team.team_id
        if result.get("ok"):
            self._record(Call(method, args, token, result, team_id))
        elif self.record:
            with self._lock:
                self.refused.append(Call(method, args, token, result, team_id))
        _send(request, 200, result)

    # --- Socket Mode -------------------------------------------------------------------------

    def socket_mode(self) -> SocketMode:
        """Slack's WebSocket end of Socket Mode, started on first use (apps.connections.open)."""
        with self._lock:
            if self.socket is None:
                self.socket = SocketMode(self.app_id)
            return self.socket

    def _apps_connections_open(self, token: str | None) -> dict:
        if not token:
            return {"ok": False, "error": "not_authed"}
        if token in self.tokens:  # a bot token cannot open a Socket Mode connection
            return {"ok": False, "error": "not_allowed_token_type"}
        if token != self.app_token or token in self._revoked:
            return {"ok": False, "error": "invalid_auth"}
        return {"ok": True, "url": self.socket_mode().url()}

    # --- Slack's contract: scopes, arguments, Block Kit, rate limits ------------------------

    def grant(self, scopes: list[str] | str, team_id: str | None = None) -> None:
        """Plays an install that granted only `scopes` (a list, or Slack's comma-separated
        string) in one workspace; methods needing anything else answer missing_scope there."""
        team = self.teams[self._known_team(team_id)]
        team.scopes = [s for s in scopes.split(",") if s] if isinstance(scopes, str) else list(scopes)

    def granted(self, team_id: str | None = None) -> list[str]:
        team = self.teams[self._known_team(team_id)]
        return list(team.scopes) if team.scopes is not None else [s for s in self.scope.split(",") if s]

    def _kind(self, method: str, args: dict, team: Team) -> str | None:
        """The kind of conversation a call acts on, which decides the scope it needs."""
        if method == "conversations.open":
            return "mpim" if "," in str(args.get("users") or "") else "im"
        channel = str(args.get("channel") or args.get("channel_id") or "")
        known = self._channel(channel, team)
        if known is not None:
            return "private" if known["is_private"] else "public"
        if self._target(channel, team) is not None:
            return "im"
        return None

    def _refusal(self, method: str, spec: Method | None, args: dict, team: Team | None) -> dict | None:
        """What Slack answers, before doing anything, to a call it will not carry out: a scope
        the install lacks, an argument the method does not take or a required one left out,
        blocks or a view over Block Kit's limits. None when the call may go on."""
        if spec is None:
            return {"ok": False, "error": "unknown_method"}
        if team is not None:
            needed = spec.scope_for(self._kind(method, args, team))
            granted = self.granted(team.team_id)
            if needed and needed not in granted:
                return {"ok": False, "error": "missing_scope", "needed": needed, "provided": ",".join(granted)}
        unknown = sorted(set(args) - spec.arguments)
        if unknown:
            return _invalid("invalid_arguments", [f"[ERROR] unknown argument: {name}" for name in unknown])
        for name in spec.required:
            if name not in args:
                error = (spec.missing or {}).get(name)
                if error:
                    return {"ok": False, "error": error}
                return _invalid("invalid_arguments", [f"[ERROR] missing required field: {name}"])
        if method.startswith("chat."):
            if len(str(args.get("text") or "")) > standin_blocks.MESSAGE_TEXT:
                return {"ok": False, "error": "msg_too_long"}
            if args.get("blocks") not in (None, ""):
                if isinstance(args["blocks"], str):
                    return {"ok": False, "error": "invalid_blocks_format"}
                errors = standin_blocks.block_errors(args["blocks"]) or self._file_errors(args["blocks"], team)
                if errors:
                    return {
                        **_invalid("invalid_blocks", errors),
                        "errors": [e.removeprefix("[ERROR] ") for e in errors],
                    }
        if method.startswith("views.") and "view" in args:
            errors = standin_blocks.view_errors(args["view"])
            if errors:
                return _invalid("invalid_arguments", errors)
        return None

    def _file_errors(self, blocks: Any, team: Team | None) -> list[str]:
        """Image blocks' slack_file as Slack checks it: a completed upload of this workspace, an
        image (png, jpg or gif), scanned (file_ready_after). A file only announced, or another
        workspace's, is not."""
        errors = []
        for i, block in enumerate(blocks if isinstance(blocks, list) else []):
            file = block.get("slack_file") if isinstance(block, dict) and block.get("type") == "image" else None
            if not isinstance(file, dict):
                continue
            with self._lock:
                found = self.files.get(str(file.get("id"))) if "id" in file else None
                if found is None and "url" in file:
                    found = next((f for f in self.files.values() if _file_url(f) == file["url"]), None)
            shown = (
                found is not None
                and team is not None
                and found.team_id == team.team_id
                and _is_image(found.content)
                and self.clock() - found.completed_at >= self.file_ready_after
            )
            if not shown:
                errors.append(f"[ERROR] invalid slack file [json-pointer:/blocks/{i}/slack_file]")
        return errors

    def _limit(self, method: str, spec: Method, args: dict, team: Team) -> int:
        """0 when the call fits Slack's rate limits, else the Retry-After to answer with 429."""
        throttle = self.throttles.get(team.team_id)
        if throttle is not None and throttle.delay:
            time.sleep(throttle.delay)
        if not self.rate_limits:
            return 0
        target = self._target(str(args.get("channel") or ""), team) if spec.tier == "post" else None
        posting = Posting(self.post_per_channel, self.post_per_workspace)
        landing = self._landing(target) if target is not None else None
        return self._rates.take(
            limits_for(
                method, spec, team.team_id, landing, posting=posting, marketplace=self.marketplace, throttle=throttle
            )
        )

    def throttle(
        self, team_id: str, *, post_per_workspace: tuple[float, float] | None = None, delay: float = 0.0
    ) -> None:
        """Plays a workspace Slack treats worse than the others: chat.postMessage limited to
        (per minute, burst) across it, and/or `delay` seconds more on each of its answers."""
        self.throttles[self._known_team(team_id)] = Throttle(post_per_workspace, delay)

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

    def _hold(self, method: str) -> bool:
        """Keeps a hung call waiting; False when the stand-in stopped meanwhile."""
        with self._lock:
            left = self._hangs.get(method, 0)
            if left <= 0:
                return True
            self._hangs[method] = left - 1
            releases = self._releases
            self._hanging += 1
            self._lock.notify_all()
            try:
                while self._releases == releases and not self._stopping:
                    self._lock.wait()
            finally:
                self._hanging -= 1
            return not self._stopping

    def _authorise(self, token: str | None) -> Team | str:
        """The token's workspace, or the error Slack gives for it, most telling first."""
        if not token:
            return "not_authed"
        if token == self.app_token:
            return "not_allowed_token_type"
        with self._lock:
            team_id = self.tokens.get(token)
            if team_id is None:
                return "invalid_auth"
            if token in self._revoked:
                return "token_revoked"
            expires = self._expires.get(token)
            if expires is not None and time.time() >= expires:
                return "token_expired"
            return self.teams[team_id]

    def _known_team(self, team_id: str | None) -> str:
        team_id = team_id or self.team_id
        if team_id not in self.teams:
            raise KeyError(f"add_team({team_id!r}, ...) first")
        return team_id

    def _next_ts(self) -> str:
        return f"{int(time.time())}.{next(self._ts):06d}"

    def _user(self, user_id: Any, team: Team) -> dict | None:
        """Someone in the token's workspace; anyone else does not exist, as far as it can tell."""
        user = self.users.get(str(user_id or ""))
        return user if user is not None and user.get("team_id", self.team_id) == team.team_id else None

    def _channel(self, channel_id: Any, team: Team) -> dict | None:
        channel = self.channels.get(str(channel_id or ""))
        return channel if channel is not None and channel.get("team_id", self.team_id) == team.team_id else None

    def _target(self, channel: str, team: Team) -> str | None:
        if self._user(channel, team) or self._channel(channel, team):
            return channel
        if channel.startswith("D") and self._user(channel[1:], team):
            return channel
        return None

    def _outside(self, target: str, team: Team, *, public_scope: str | None = None) -> str | None:
        """A bot reads and posts only in channels it is a member of: a public one answers
        not_in_channel (unless `public_scope` was granted, chat:write.public for posting), a
        private one does not exist for it. None for a member, or a person's direct messages."""
        channel = self._channel(target, team)
        if channel is None or channel["bot_member"]:
            return None
        if channel["is_private"]:
            return "channel_not_found"
        if public_scope and public_scope in self.granted(team.team_id):
            return None
        return "not_in_channel"

    def _landing(self, target: str) -> str:
        """Where a message to `target` lands: a person's id means their direct-message channel."""
        return "D" + target if target in self.users else target

    def _store(self, channel: str, message: dict) -> None:
        """Keeps a posted message for conversations.history; call with the lock held."""
        if not self.record:
            return
        self.messages.setdefault(channel, []).append(message)
        self._by_ts[(channel, message["ts"])] = message
        parent_ts = message.get("thread_ts")
        parent = self._by_ts.get((channel, parent_ts)) if parent_ts and parent_ts != message["ts"] else None
        if parent is not None:
            parent["thread_ts"] = parent["ts"]
            parent["reply_count"] = parent.get("reply_count", 0) + 1

    def _message(self, team: Team, ts: str, text: str, **extra: Any) -> dict:
        message = {
            "type": "message",
            "user": team.bot_user_id,
            "bot_id": team.bot_id,
            "app_id": self.app_id,
            "team": team.team_id,
            "text": text,
            "ts": ts,
        }
        message.update({k: v for k, v in extra.items() if v not in (None, "", [])})
        return message

    def _auth_test(self, args: dict, team: Team) -> dict:
        return {
            "ok": True,
            "url": team.url,
            "team": team.name,
            "user": "leadbot",
            "team_id": team.team_id,
            "user_id": team.bot_user_id,
            "bot_id": team.bot_id,
            "is_enterprise_install": False,
        }

    def _users_info(self, args: dict, team: Team) -> dict:
        user = self._user(args.get("user"), team)
        if not user:
            return {"ok": False, "error": "user_not_found"}
        user = dict(user)
        if not _truthy(args.get("include_locale")):
            user.pop("locale", None)
        return {"ok": True, "user": user}

    def _users_list(self, args: dict, team: Team) -> dict:
        members = [u for u in self.users.values() if u.get("team_id", self.team_id) == team.team_id]
        return {"ok": True, "members": members, "response_metadata": {"next_cursor": ""}}

    def _chat_postMessage(self, args: dict, team: Team) -> dict:
        channel = self._target(args.get("channel", ""), team)
        if channel is None:
            return {"ok": False, "error": "channel_not_found"}
        outside = self._outside(channel, team, public_scope="chat:write.public")
        if outside:
            return {"ok": False, "error": outside}
        if not (args.get("text") or args.get("blocks")):
            return {"ok": False, "error": "no_text"}
        channel = self._landing(channel)  # a message to a person lands in their direct-message channel
        thread_ts = str(args["thread_ts"]) if args.get("thread_ts") else None
        with self._lock:
            ts = self._next_ts()
            stored = self._message(
                team,
                ts,
                args.get("text") or "",
                blocks=args.get("blocks"),
                metadata=args.get("metadata"),
                thread_ts=thread_ts,
                subtype="thread_broadcast" if thread_ts and _truthy(args.get("reply_broadcast")) else None,
            )
            self._store(channel, stored)
        return {"ok": True, "channel": channel, "ts": ts, "message": {"text": args.get("text"), "ts": ts}}

    def _chat_postEphemeral(self, args: dict, team: Team) -> dict:
        if self._target(args.get("channel", ""), team) is None:
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": True, "message_ts": self._next_ts()}

    def _chat_update(self, args: dict, team: Team) -> dict:
        """Redraws the stored message. An update of a ts never posted here still answers ok,
        as it always has here, so tests that make up a message's ts keep working."""
        target = self._target(args.get("channel", ""), team)
        if target is None:
            return {"ok": False, "error": "channel_not_found"}
        if not args.get("ts"):
            return {"ok": False, "error": "message_not_found"}
        with self._lock:
            message = self._by_ts.get((self._landing(target), str(args["ts"])))
            if message is not None:
                for name in ("text", "blocks", "metadata"):
                    if name in args:
                        message[name] = args[name] if name != "text" else args[name] or ""
                message["edited"] = {"user": team.bot_user_id, "ts": f"{time.time():.6f}"}
        return {"ok": True, "channel": args["channel"], "ts": args["ts"]}

    def _conversations_open(self, args: dict, team: Team) -> dict:
        users = str(args.get("users", ""))
        if self._user(users, team) is None:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "channel": {"id": "D" + users}}

    def _conversations_members(self, args: dict, team: Team) -> dict:
        channel = self._channel(args.get("channel"), team)
        if channel is None or (channel["is_private"] and not channel["bot_member"]):
            return {"ok": False, "error": "channel_not_found"}  # a private channel shows only to its members
        return {"ok": True, "members": list(channel["members"]), "response_metadata": {"next_cursor": ""}}

    def _conversations_join(self, args: dict, team: Team) -> dict:
        channel = self._channel(args.get("channel"), team)
        if channel is None:
            return {"ok": False, "error": "channel_not_found"}
        if channel["is_private"]:
            return {"ok": False, "error": "method_not_supported_for_channel_type"}
        channel["bot_member"] = True
        return {"ok": True, "channel": {"id": channel["id"], "name": channel["name"]}}

    def _conversations_history(self, args: dict, team: Team) -> dict:
        """Newest first, like Slack. Thread replies stay out unless broadcast, as in Slack,
        so code that reads history is tested against what it will really see. The cursor
        names the last ts handed out, so messages posted between pages do not shift them."""
        target = self._target(args.get("channel", ""), team)
        if target is None:
            return {"ok": False, "error": "channel_not_found"}
        outside = self._outside(target, team)
        if outside:
            return {"ok": False, "error": outside}
        bounds: dict[str, Decimal | None] = {}
        errors = {"oldest": "invalid_ts_oldest", "latest": "invalid_ts_latest", "cursor": "invalid_cursor"}
        for name, error in errors.items():
            value = args.get(name)
            try:
                bounds[name] = _ts_arg(_uncursor(str(value)) if name == "cursor" and value else value)
            except ValueError:
                return {"ok": False, "error": error}
        oldest, latest, before = bounds["oldest"], bounds["latest"], bounds["cursor"]
        try:
            limit = min(max(int(args.get("limit") or 100), 1), HISTORY_LIMIT if self.marketplace else 15)
        except (TypeError, ValueError):
            return {"ok": False, "error": "invalid_limit"}
        inclusive = _truthy(args.get("inclusive"))
        with_metadata = _truthy(args.get("include_all_metadata"))
        with self._lock:
            stored = list(self.messages.get(self._landing(target), ()))
        page: list[dict] = []
        has_more = False
        for message in reversed(stored):
            thread_ts = message.get("thread_ts")
            if thread_ts and thread_ts != message["ts"] and message.get("subtype") != "thread_broadcast":
                continue
            ts = Decimal(message["ts"])
            if before is not None and ts >= before:
                continue
            if latest is not None and (ts > latest or (ts == latest and not inclusive)):
                continue
            if oldest is not None and (ts < oldest or (ts == oldest and not inclusive)):
                continue
            if len(page) == limit:
                has_more = True
                break
            shown = dict(message)
            if not with_metadata:
                shown.pop("metadata", None)
            page.append(shown)
        cursor = _cursor(page[-1]["ts"]) if has_more else ""
        return {
            "ok": True,
            "messages": page,
            "has_more": has_more,
            "pin_count": 0,
            "response_metadata": {"next_cursor": cursor},
        }

    def _views_open(self, args: dict, team: Team) -> dict:
        if not args.get("trigger_id"):
            return {"ok": False, "error": "invalid_trigger_id"}
        return {"ok": True, "view": {"id": f"V{next(self._ts):08d}", **(args.get("view") or {})}}

    def _views_update(self, args: dict, team: Team) -> dict:
        if not (args.get("view_id") or args.get("external_id")):
            return {"ok": False, "error": "not_found"}
        return {"ok": True, "view": {"id": args.get("view_id"), **(args.get("view") or {})}}

    def _views_publish(self, args: dict, team: Team) -> dict:
        if self._user(args.get("user_id"), team) is None:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "view": {"id": f"V{next(self._ts):08d}", **(args.get("view") or {})}}

    # --- files: upload v2 -----------------------------------------------------------------

    def _files_getUploadURLExternal(self, args: dict, team: Team) -> dict:
        """The URL points back at the stand-in: a test needs no network to see the bytes."""
        filename = args.get("filename")
        try:
            length = int(args.get("length"))
        except (TypeError, ValueError):
            length = -1
        if not filename or length < 0:
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F0{next(self._ids):08d}"
        with self._lock:
            self._uploads[file_id] = _Upload(file_id, str(filename), length, team.team_id)
        return {"ok": True, "upload_url": f"{self.base_url}/upload/{file_id}", "file_id": file_id}

    def _receive_upload(self, request: BaseHTTPRequestHandler, file_id: str, body: bytes) -> None:
        """Takes the raw bytes (what slack_sdk sends) or a multipart form's file part (what a
        browser or curl -F sends); the URL itself is the credential, as with Slack's."""
        content_type = request.headers.get("Content-Type", "")
        if content_type.startswith("multipart/form-data"):
            body = _file_part(body, content_type)
        with self._lock:
            upload = self._uploads.get(file_id)
            if upload is not None:
                upload.content = body
        if upload is None:
            return _send(request, 404, "Not Found", content_type="text/plain")
        _send(request, 200, f"OK - {len(body)}", content_type="text/plain")

    def _files_completeUploadExternal(self, args: dict, team: Team) -> dict:
        """Shares the files and posts them as one message, which is how they show in history.
        A file counts as found only once its bytes arrived and only in the workspace that
        asked for its URL; a completed file cannot be completed again."""
        entries = args.get("files")
        if isinstance(entries, str):
            try:
                entries = json.loads(entries)
            except ValueError:
                entries = None
        if not (isinstance(entries, list) and entries and all(isinstance(e, dict) and e.get("id") for e in entries)):
            return {"ok": False, "error": "invalid_arguments"}
        if len({str(e["id"]) for e in entries}) != len(entries):
            return {"ok": False, "error": "invalid_arguments"}
        if args.get("channel_id"):
            wanted = [str(args["channel_id"])]
        else:
            wanted = [c for c in str(args.get("channels") or "").split(",") if c]
        channels = []
        for channel in wanted:
            target = self._target(channel, team)
            if target is None:
                return {"ok": False, "error": "channel_not_found"}
            channels.append(self._landing(target))
        thread_ts = str(args["thread_ts"]) if args.get("thread_ts") else None
        comment = args.get("initial_comment") or None
        with self._lock:
            uploads = [self._uploads.get(str(e["id"])) for e in entries]
            if any(u is None or u.team_id != team.team_id or u.content is None for u in uploads):
                return {"ok": False, "error": "file_not_found"}
            done = []
            for entry, upload in zip(entries, uploads, strict=True):
                assert upload is not None and upload.content is not None
                del self._uploads[upload.file_id]
                done.append(
                    UploadedFile(
                        upload.file_id,
                        upload.filename,
                        str(entry.get("title") or upload.filename),
                        upload.content,
                        channels[0] if channels else None,
                        comment,
                        team.team_id,
                        list(channels),
                        thread_ts,
                        self.clock(),
                    )
                )
                self.files[upload.file_id] = done[-1]
            shared = [{"id": f.file_id, "name": f.filename, "title": f.title} for f in done]
            for channel in channels:
                self._store(
                    channel,
                    self._message(team, self._next_ts(), comment or "", files=shared, upload=True, thread_ts=thread_ts),
                )
        return {"ok": True, "files": [{"id": f.file_id, "title": f.title} for f in done]}

    # --- OAuth v2 -------------------------------------------------------------------------

    def _oauth_v2_access(self, args: dict, authorization: str) -> tuple[dict, str | None]:
        """Answers an install (a code) or a rotation (a refresh token) and names the workspace.

        Credentials may come as HTTP Basic auth, which slack_sdk uses, or in the form.
        """
        client_id, client_secret = args.get("client_id"), args.get("client_secret")
        if authorization.startswith("Basic "):
            try:
                decoded = base64.b64decode(authorization.removeprefix("Basic "), validate=True).decode()
            except ValueError:
                decoded = ""
            client_id, _, client_secret = decoded.partition(":")
        if client_id != self.client_id:
            return {"ok": False, "error": "invalid_client_id"}, None
        if client_secret != self.client_secret:
            return {"ok": False, "error": "bad_client_secret"}, None

        grant_type = args.get("grant_type") or "authorization_code"
        with self._lock:
            if grant_type == "refresh_token":
                # Slack revokes a refresh token once used: a client that keeps the old one
                # finds out here, not in production twelve hours later.
                grant = self._refresh.pop(str(args.get("refresh_token") or ""), None)
                if grant is None:
                    return {"ok": False, "error": "invalid_refresh_token"}, None
                return self._install(grant, rotating=True, authed_user=False), grant.team_id
            if grant_type != "authorization_code":
                return {"ok": False, "error": "invalid_grant_type"}, None
            code = str(args.get("code") or "")
            grant = self._codes.get(code)
            if grant is None:
                return {"ok": False, "error": "invalid_code"}, None
            if grant.redirect_uri is not None and args.get("redirect_uri") != grant.redirect_uri:
                return {"ok": False, "error": "bad_redirect_uri"}, None
            del self._codes[code]  # a code works once
            return self._install(grant, rotating=self.rotate_tokens, authed_user=True), grant.team_id

    def _install(self, grant: _Grant, *, rotating: bool, authed_user: bool) -> dict:
        """Issues the bot token for an install or a rotation; call with the lock held.

        Without rotation a reinstall gets the workspace's same token back, as with Slack,
        unless that one was revoked, in which case it gets a new one.
        """
        team = self.teams[grant.team_id]
        extra: dict[str, Any] = {}
        if rotating:
            token = f"xoxe.xoxb-1-{secrets.token_hex(24)}"
            refresh_token = f"xoxe-1-{secrets.token_hex(24)}"
            self._expires[token] = time.time() + self.token_lifetime
            self._refresh[refresh_token] = _Grant(team.team_id, grant.user_id)
            extra = {"expires_in": math.ceil(self.token_lifetime), "refresh_token": refresh_token}
        else:
            token = team.token
            if token in self._revoked:
                token = team.token = f"xoxb-{team.team_id.lower()}-{next(self._ids)}"
        self.tokens[token] = team.team_id
        answer: dict[str, Any] = {"ok": True, "app_id": self.app_id}
        if authed_user:
            answer["authed_user"] = {"id": grant.user_id}
        answer.update(
            {
                "scope": ",".join(self.granted(team.team_id)),
                "token_type": "bot",
                "access_token": token,
                "bot_user_id": team.bot_user_id,
                "team": {"id": team.team_id, "name": team.name},
                "enterprise": None,
                "is_enterprise_install": False,
                **extra,
            }
        )
        return answer


def _ratelimited(request: BaseHTTPRequestHandler, retry_after: int) -> None:
    _send(request, 429, {"ok": False, "error": "ratelimited"}, headers={"Retry-After": str(retry_after)})


def _invalid(error: str, messages: list[str]) -> dict:
    return {"ok": False, "error": error, "response_metadata": {"messages": messages}}


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


def _truthy(value: Any) -> bool:
    """slack_sdk sends booleans as "1"/"0" in forms; people write "true"; JSON bodies carry True."""
    return str(value).lower() in ("true", "1")


def _ts_arg(value: Any) -> Decimal | None:
    """A ts argument as a number, since Slack compares them so; None when absent.
    Decimal rather than float, so that two ts a microsecond apart never compare equal."""
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"not a ts: {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"not a ts: {value!r}")
    return number


def _cursor(ts: str) -> str:
    """Slack's own cursors look like this: base64 of "next_ts:<ts>"."""
    return base64.b64encode(f"next_ts:{ts}".encode()).decode()


def _uncursor(cursor: str) -> str:
    decoded = base64.b64decode(cursor, validate=True).decode()  # ValueError when garbled
    if not decoded.startswith("next_ts:"):
        raise ValueError(f"not a cursor: {cursor!r}")
    return decoded.removeprefix("next_ts:")


def _file_part(body: bytes, content_type: str) -> bytes:
    """The file out of a multipart form: the part with a filename, else one named "file"."""
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    for part in message.iter_parts():
        if part.get_filename() is not None or part.get_param("name", header="content-disposition") == "file":
            return part.get_payload(decode=True) or b""
    return b""


def _send(
    request: BaseHTTPRequestHandler,
    status: int,
    body: Any,
    *,
    headers: dict | None = None,
    content_type: str = "application/json",
) -> None:
    data = (json.dumps(body) if content_type == "application/json" else str(body)).encode()
    # A released hang may answer a client that gave up long ago; that is expected, not an error.
    with contextlib.suppress(ConnectionError):
        request.send_response(status)
        request.send_header("Content-Type", content_type + "; charset=utf-8")
        request.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            request.send_header(name, value)
        request.end_headers()
        request.wfile.write(data)


def main(argv: list[str] | None = None) -> int:
    """`python -m bot.sandbox.slack_standin --port 3999`: a stand-in Slack in a process of its own, to try
    several leadbot processes on one machine without a workspace (token xoxb-standin)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bot.sandbox.slack_standin")
    parser.add_argument("--port", type=int, default=3999)
    parser.add_argument("--people", type=int, default=3, help="how many users U00000… to invent")
    args = parser.parse_args(argv)
    standin = StandIn()
    for i in range(args.people):
        standin.add_user(f"U{i:05d}", f"user{i}")
    standin.start(args.port)
    print(
        f"stand-in Slack at {standin.api_url} (bot token {standin.token}, app-level token {standin.app_token} "
        "for Socket Mode); Ctrl-C stops it",
        flush=True,
    )
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        standin.stop()
    return 0


def _is_image(content: bytes) -> bool:
    """png, jpg or gif, by the bytes themselves (what Slack shows in an image block)."""
    return content.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a"))


def _file_url(file: UploadedFile) -> str:
    return f"https://files.slack.com/files-pri/{file.team_id}-{file.file_id}/{file.filename}"
