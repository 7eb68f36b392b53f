"""Slack's side of the conversation: signed HTTP requests to the real app over loopback.

Commands are form-encoded, interactivity is `payload=` JSON, events are JSON, and every
request carries a valid X-Slack-Signature unless the caller means to forge one. The tests
and the sandbox both talk to leadbot through this, as Slack would. The same actions can
also go as Socket Mode envelopes (SocketSlack), for an app connected over a WebSocket.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode

from bot.sandbox.slack_standin import StandIn

_counter = itertools.count(1)


@dataclass
class Response:
    status: int
    body: str

    def json(self):
        return json.loads(self.body)


def sign(secret: str, timestamp: str, body: str) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


class _Person:
    """What people do in Slack, as the payloads Slack makes of it; how they reach the app (signed
    HTTP, or envelopes over a Socket Mode connection) is up to the subclass."""

    def __init__(self, standin: StandIn) -> None:
        self.standin = standin
        self.team_id = standin.team_id

    def command_fields(
        self,
        user: str,
        command: str,
        text: str = "",
        *,
        team: str | None = None,
        channel: str = "C0GENERAL",
        channel_name: str = "general",
    ) -> dict[str, str]:
        n = next(_counter)
        return {
            "token": "legacy-unused",
            "team_id": team or self.team_id,
            "team_domain": "leadbot",
            "channel_id": channel,
            "channel_name": channel_name,
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": text,
            "api_app_id": "A0LEAD",
            "is_enterprise_install": "false",
            "response_url": self.standin.response_url(f"cmd{n}"),
            "trigger_id": f"{n}.trigger.{threading.get_ident()}",
        }

    def command_body(self, user: str, command: str, text: str = "", **where: str) -> str:
        return urlencode(self.command_fields(user, command, text, **where))

    @staticmethod
    def click_payload(
        user: str,
        action_id: str,
        value: str = "",
        *,
        team: str,
        view: dict | None = None,
        extra: dict | None = None,
    ) -> dict:
        action = {
            "action_id": action_id,
            "block_id": "b",
            "value": value,
            "type": "button",
            "action_ts": str(time.time()),
            **(extra or {}),
        }
        payload = {
            "type": "block_actions",
            "user": {"id": user, "team_id": team},
            "team": {"id": team},
            "container": {"type": "view", "view_id": (view or {}).get("id", "VHOME")},
            "actions": [action],
        }
        if view is not None:
            payload["view"] = view
        return payload

    @staticmethod
    def submit_payload(user: str, view: dict, values: dict[str, dict], *, team: str) -> dict:
        state = {block: {block: element} for block, element in values.items()}
        submitted = {**view, "id": view.get("id", "V0MODAL"), "state": {"values": state}, "hash": "h"}
        who = {"id": user, "team_id": team}
        return {"type": "view_submission", "user": who, "team": {"id": team}, "view": submitted}

    def event_body(self, event: dict, *, event_id: str | None = None, team: str | None = None) -> dict:
        return {
            "token": "legacy-unused",
            "team_id": team or self.team_id,
            "api_app_id": "A0LEAD",
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(_counter):08d}",
            "event_time": int(time.time()),
            "event": event,
        }

    def _with_defaults(self, payload: dict) -> dict:
        payload.setdefault("trigger_id", f"{next(_counter)}.trigger")
        payload.setdefault("api_app_id", "A0LEAD")
        payload.setdefault("team", {"id": self.team_id, "domain": "leadbot"})
        return payload

    # --- what the person saw ------------------------------------------------------------

    def replies(self, count: int = 1) -> list[dict]:
        """Ephemeral answers to commands, as sent to the response URL."""
        return [c.args for c in self.standin.wait_for("response_url", count)]

    def last_reply_text(self, count: int = 1) -> str:
        return blocks_text(self.replies(count)[-1])


class Slack(_Person):
    """Plays Slack's side over HTTP: sends what a person's clicks and keystrokes would make Slack
    send, signed with the app's signing secret."""

    def __init__(self, base_url: str, secret: str, standin: StandIn) -> None:
        super().__init__(standin)
        self.base_url = base_url
        self.secret = secret

    def post(
        self,
        body: str,
        content_type: str,
        *,
        headers: dict | None = None,
        path: str = "/slack/events",
        timestamp: str | None = None,
        signature: str | None = None,
    ) -> Response:
        timestamp = timestamp or str(int(time.time()))
        sent = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": signature or sign(self.secret, timestamp, body),
            **(headers or {}),
        }
        request = urllib.request.Request(self.base_url + path, data=body.encode(), headers=sent, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return Response(answer.status, answer.read().decode())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.read().decode())

    def get(self, path: str) -> Response:
        try:
            with urllib.request.urlopen(self.base_url + path, timeout=10) as answer:
                return Response(answer.status, answer.read().decode())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.read().decode())

    # --- what people do ---------------------------------------------------------------

    def command(
        self,
        user: str,
        command: str,
        text: str = "",
        *,
        team: str | None = None,
        headers: dict | None = None,
        **where: str,
    ) -> Response:
        body = self.command_body(user, command, text, team=team, **where)
        return self.post(body, "application/x-www-form-urlencoded", headers=headers)

    def interact(self, payload: dict) -> Response:
        payload = self._with_defaults(payload)
        return self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")

    def click(
        self,
        user: str,
        action_id: str,
        value: str = "",
        *,
        view: dict | None = None,
        team: str | None = None,
        extra: dict | None = None,
    ) -> Response:
        payload = self.click_payload(user, action_id, value, team=team or self.team_id, view=view, extra=extra)
        return self.interact(payload)

    def submit(self, user: str, view: dict, values: dict[str, dict], *, team: str | None = None) -> Response:
        """`values` maps block id to the element state, e.g. {"what": {"type": "plain_text_input", "value": "x"}}."""
        return self.interact(self.submit_payload(user, view, values, team=team or self.team_id))

    def event(
        self, event: dict, *, event_id: str | None = None, headers: dict | None = None, team: str | None = None
    ) -> Response:
        body = self.event_body(event, event_id=event_id, team=team)
        return self.post(json.dumps(body), "application/json", headers=headers)


class SocketSlack(_Person):
    """Plays Slack's side over Socket Mode: each action is an envelope on the app's WebSocket
    connection to the stand-in, and each answer is the app's acknowledgement, which must come
    within Slack's three seconds (else NoAck)."""

    def command(self, user: str, command: str, text: str = "", *, team: str | None = None, **where: str) -> dict:
        fields = self.command_fields(user, command, text, team=team, **where)
        return self.standin.socket_mode().send("slash_commands", fields, accepts_response_payload=True)

    def interact(self, payload: dict) -> dict:
        payload = self._with_defaults(payload)
        accepts = payload.get("type") in ("view_submission", "block_suggestion")
        return self.standin.socket_mode().send("interactive", payload, accepts_response_payload=accepts)

    def click(self, user: str, action_id: str, value: str = "", *, team: str | None = None, **more) -> dict:
        return self.interact(self.click_payload(user, action_id, value, team=team or self.team_id, **more))

    def submit(self, user: str, view: dict, values: dict[str, dict], *, team: str | None = None) -> dict:
        return self.interact(self.submit_payload(user, view, values, team=team or self.team_id))

    def event(self, event: dict, *, event_id: str | None = None, team: str | None = None) -> dict:
        return self.standin.socket_mode().send("events_api", self.event_body(event, event_id=event_id, team=team))


def blocks_text(message: dict) -> str:
    """All the words a person sees in a message or view, in order."""
    parts: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
                parts.append(node["text"])
            for key, value in node.items():
                if key != "text" or not isinstance(value, str):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(message.get("blocks") or message.get("view", {}).get("blocks") or [])
    if not parts and message.get("text"):
        parts.append(message["text"])
    return "\n".join(parts)
