"""Slack's side of Socket Mode, over a real WebSocket on 127.0.0.1.

As Slack does: apps.connections.open hands out a one-time URL (a `ticket`); the app connects,
gets `hello`, and then envelopes (`slash_commands`, `interactive`, `events_api`), each with an
`envelope_id` the app must acknowledge within three seconds (`{"envelope_id": …, "payload": …}`).
Slack also asks an app to reconnect (`disconnect`, reason `refresh_requested`, `link_disabled`,
`warning`) and sometimes the link simply drops; both can be played here.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import secrets
import socket
import threading
import time
import uuid
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

ACK_DEADLINE = 3.0  # seconds Slack waits for an envelope's acknowledgement


class NoAck(AssertionError):
    """The app did not acknowledge an envelope in time (Slack would show the user an error)."""


class SocketMode:
    def __init__(self, app_id: str) -> None:
        self.app_id = app_id
        self.acks: dict[str, dict] = {}  # envelope_id -> the app's acknowledgement
        self.received: list[dict] = []  # everything else the app sent
        self.opened = 0  # connections accepted so far
        self._cond = threading.Condition()
        self._tickets: set[str] = set()
        self._links: list[ServerConnection] = []  # open, oldest first
        self._ids = itertools.count(1)
        self._server: Server = serve(self._serve, "127.0.0.1", 0, process_request=self._check_ticket)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return self._server.socket.getsockname()[1]

    def url(self) -> str:
        """A new one-time link, as apps.connections.open answers."""
        ticket = secrets.token_hex(16)
        with self._cond:
            self._tickets.add(ticket)
        return f"ws://127.0.0.1:{self.port}/link/?ticket={ticket}&app_id={self.app_id}"

    def stop(self) -> None:
        with self._cond:
            links = list(self._links)
        for link in links:
            with contextlib.suppress(Exception):
                link.close()
        self._server.shutdown()
        self._thread.join(timeout=5)

    # --- the connection ---------------------------------------------------------------

    def _check_ticket(self, connection: ServerConnection, request) -> Any:
        query = parse_qs(urlsplit(request.path).query)
        ticket = (query.get("ticket") or [""])[0]
        with self._cond:
            if urlsplit(request.path).path != "/link/" or ticket not in self._tickets:
                return connection.respond(HTTPStatus.UNAUTHORIZED, "invalid or used ticket\n")
            self._tickets.discard(ticket)  # a ticket opens one connection only
        return None

    def _serve(self, link: ServerConnection) -> None:
        with self._cond:
            self._links.append(link)
            self.opened += 1
            count = len(self._links)
            self._cond.notify_all()
        try:
            link.send(
                json.dumps(
                    {
                        "type": "hello",
                        "num_connections": count,
                        "debug_info": {
                            "host": "applink-standin",
                            "build_number": 1,
                            "approximate_connection_time": 18060,
                        },
                        "connection_info": {"app_id": self.app_id},
                    }
                )
            )
            for raw in link:
                try:
                    message = json.loads(raw)
                except ValueError:
                    message = {"unparsed": raw}
                with self._cond:
                    if isinstance(message, dict) and message.get("envelope_id"):
                        self.acks[str(message["envelope_id"])] = message
                    else:
                        self.received.append(message)
                    self._cond.notify_all()
        except ConnectionClosed:
            pass
        finally:
            with self._cond:
                if link in self._links:
                    self._links.remove(link)
                self._cond.notify_all()

    def connected(self) -> int:
        with self._cond:
            return len(self._links)

    def wait_connections(self, opened: int, timeout: float = 15.0) -> None:
        """Waits until `opened` connections have been accepted in all, and one is open."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self.opened < opened or not self._links:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"expected connection #{opened}, have had {self.opened}")
                self._cond.wait(remaining)

    # --- what Slack sends -------------------------------------------------------------

    def push(self, kind: str, payload: dict, *, accepts_response_payload: bool = False, retry_attempt: int = 0) -> str:
        """Sends an envelope over the newest connection, as Slack does; returns its id."""
        envelope_id = f"{uuid.uuid4()}"
        envelope: dict[str, Any] = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": accepts_response_payload,
        }
        if kind == "events_api":
            envelope.update({"retry_attempt": retry_attempt, "retry_reason": "timeout" if retry_attempt else ""})
        with self._cond:
            if not self._links:
                raise AssertionError("no Socket Mode connection is open")
            link = self._links[-1]
        link.send(json.dumps(envelope))
        return envelope_id

    def wait_ack(self, envelope_id: str, timeout: float = ACK_DEADLINE) -> dict:
        deadline = time.monotonic() + timeout
        with self._cond:
            while envelope_id not in self.acks:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise NoAck(f"envelope {envelope_id} was not acknowledged within {timeout} s")
                self._cond.wait(remaining)
            return self.acks[envelope_id]

    def send(self, kind: str, payload: dict, *, accepts_response_payload: bool = False) -> dict:
        """An envelope and its acknowledgement, which must come within Slack's three seconds."""
        return self.wait_ack(self.push(kind, payload, accepts_response_payload=accepts_response_payload))

    def disconnect(self, reason: str = "refresh_requested") -> None:
        """Asks the app to reconnect, as Slack does before it closes a link. The old link is
        closed once the app has opened a new one (or after ten seconds, as Slack would)."""
        with self._cond:
            if not self._links:
                raise AssertionError("no Socket Mode connection is open")
            link, opened = self._links[-1], self.opened
        link.send(json.dumps({"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-standin"}}))

        def close_later() -> None:
            deadline = time.monotonic() + 10
            with self._cond:
                while self.opened == opened and reason != "link_disabled":
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        break
                    self._cond.wait(remaining)
            with contextlib.suppress(Exception):
                link.close()

        threading.Thread(target=close_later, daemon=True).start()

    def close(self, code: int = 1001, reason: str = "going away") -> None:
        """Slack closes the link with a WebSocket close frame (a server restarting), as it also
        does some seconds after a `disconnect` message."""
        with self._cond:
            if not self._links:
                raise AssertionError("no Socket Mode connection is open")
            link = self._links[-1]
        link.close(code, reason)

    def drop(self) -> None:
        """The link breaks without a goodbye (a network blip, a firewall forgetting an idle
        connection): no close frame, the TCP connection is simply gone."""
        with self._cond:
            if not self._links:
                raise AssertionError("no Socket Mode connection is open")
            link = self._links[-1]
        with contextlib.suppress(OSError):
            link.socket.shutdown(socket.SHUT_RDWR)
        link.socket.close()
