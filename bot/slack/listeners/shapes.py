"""What a signed request must hold before Bolt and the listeners read it.

Slack retries whatever gets a 5xx, so a request nobody can use must end in a clean 4xx, and a
well-formed one that is not for us (an event type or message subtype no listener wants, a button
or form of another app version) in a plain 200 that writes nothing. Only what Slack always sends
for each kind of request is required; the rest of a listener's reading stays defensive.

Pure functions of the parsed body: `parse` (bytes to a body, as Slack encodes each kind),
`readable` (what Bolt's own parsing reads without checking), `verdict` (handle or ignore).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import parse_qsl

MAX_BODY = 2 * 1024 * 1024  # Slack's payloads are far smaller; a view's state is the largest
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
# Interactivity Slack may send that no listener here asks for (and an app never sees unless it
# asked): acknowledged and left alone.
OTHER_INTERACTIONS = frozenset(
    {
        "block_suggestion",
        "dialog_cancellation",
        "dialog_submission",
        "interactive_message",
        "message_action",
        "shortcut",
        "view_closed",
        "workflow_step_edit",
    }
)


class Refused(Exception):
    """A request that no retry can make usable: answered with `status` and a short reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


@dataclass(frozen=True)
class Handled:
    """What the registered listeners answer, by kind."""

    commands: frozenset[str] = frozenset()
    actions: frozenset[str] = frozenset()
    views: frozenset[str] = frozenset()
    events: frozenset[str] = frozenset()


def parse(raw: bytes, content_type: str | None) -> dict:
    """The body as Slack sends it: events as a JSON object, commands as a form, interactivity
    as a form whose `payload` is a JSON object."""
    if len(raw) > MAX_BODY:
        raise Refused(413, "too large")
    media = (content_type or "").split(";", 1)[0].strip().lower()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "not UTF-8") from None
    if not text.strip():
        raise Refused(400, "empty body")
    if media == JSON:
        return _object(text, "body")
    if media != FORM:
        raise Refused(415, "neither JSON nor a form")
    if text.lstrip().startswith(("{", "[")):
        raise Refused(400, "JSON sent as a form")
    fields = dict(parse_qsl(text, keep_blank_values=True))
    if "payload" in fields:
        return _object(fields["payload"], "payload")
    return fields


def _object(text: str, what: str) -> dict:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise Refused(400, f"{what} is not JSON") from None
    if not isinstance(value, dict):
        raise Refused(400, f"{what} is not a JSON object")
    return value


# Keys Bolt's request parsing reads (to find the team, user and channel) assuming a shape.
_ID_HOLDERS = ("user", "team", "channel", "enterprise")
_NESTED = ("event", "message", "previous_message", "item")


def readable(body: dict, depth: int = 0) -> None:
    """Refuses a body whose team, user or channel Bolt cannot read without crashing, and a
    url_verification without its challenge (Bolt would answer it with null)."""
    for key in _ID_HOLDERS:
        if key in body and not isinstance(body[key], str | dict | None):
            raise Refused(400, f"{key} has the wrong type")
    authorizations = body.get("authorizations")
    if authorizations is not None and not (
        isinstance(authorizations, list) and all(isinstance(a, dict) for a in authorizations)
    ):
        raise Refused(400, "authorizations has the wrong type")
    for a in authorizations or ():
        readable(a, depth + 1)
    if "response_url" not in body and "response_urls" in body:
        urls = body["response_urls"]
        if not (isinstance(urls, list) and all(isinstance(u, dict) for u in urls)):
            raise Refused(400, "response_urls has the wrong type")
    if "event" in body and not isinstance(body["event"], dict):
        raise Refused(400, "event is not an object")
    if depth < 3:
        for key in _NESTED:
            if isinstance(body.get(key), dict):
                readable(body[key], depth + 1)
    if depth == 0 and body.get("type") == "url_verification" and not _text(body.get("challenge")):
        raise Refused(400, "url_verification without a challenge")


def verdict(body: dict, handled: Handled) -> str:
    """ "handle" or "ignore", else Refused. Run after `readable`."""
    if body.get("ssl_check") == "1" or body.get("type") == "url_verification":
        return "handle"
    if "command" in body:
        return _command(body, handled)
    kind = body.get("type")
    if not _text(kind):
        raise Refused(400, "no type")
    if kind == "event_callback":
        return _event(body, handled)
    if kind == "block_actions":
        return _actions(body, handled)
    if kind == "view_submission":
        return _submission(body, handled)
    if kind in OTHER_INTERACTIONS or kind == "app_rate_limited":
        return "ignore"
    raise Refused(400, f"not a request Slack sends: {kind[:40]}")


def wanted_message(event: dict) -> bool:
    """A person's own message to the bot: the only message events a listener answers."""
    return event.get("channel_type") == "im" and not event.get("subtype") and not event.get("bot_id")


def _command(body: dict, handled: Handled) -> str:
    _require(body, "command", "team_id", "user_id", "response_url", "trigger_id")
    _optional(body, "text", "channel_id")
    if body["command"] not in handled.commands:
        raise Refused(404, "not a command of this app")
    return "handle"


def _event(body: dict, handled: Handled) -> str:
    _require(body, "team_id", "event_id")
    event = body.get("event")
    if not isinstance(event, dict):
        raise Refused(400, "event_callback without an event")
    _require(event, "type")
    kind = event["type"]
    if kind not in handled.events:
        return "ignore"
    if kind == "message":
        if not wanted_message(event):
            return "ignore"
        _require(event, "user", "channel", "ts")
        _optional(event, "text", "thread_ts")
    elif kind == "app_home_opened":
        _require(event, "user")
        _optional(event, "tab")
    elif kind == "tokens_revoked":
        tokens = event.get("tokens")
        if not isinstance(tokens, dict):
            raise Refused(400, "tokens is not an object")
        if not tokens.get("bot"):  # user tokens alone: nothing changes for the bot
            return "ignore"
    return "handle"


def _actor(body: dict) -> None:
    """Who pressed or submitted, and in which workspace (an org-wide install gives the team
    on the user only)."""
    user = body.get("user")
    if not (isinstance(user, dict) and _text(user.get("id"))):
        raise Refused(400, "no user")
    team = body.get("team")
    if not ((isinstance(team, dict) and _text(team.get("id"))) or (team is None and _text(user.get("team_id")))):
        raise Refused(400, "no team")


def _actions(body: dict, handled: Handled) -> str:
    _actor(body)
    _require(body, "trigger_id")
    actions = body.get("actions")
    if not (isinstance(actions, list) and actions and all(isinstance(a, dict) for a in actions)):
        raise Refused(400, "block_actions without actions")
    for action in actions:
        _require(action, "action_id")
        _optional(action, "value", "selected_time", "selected_date")
        for key in ("selected_option", "selected_options"):
            if key in action and not isinstance(action[key], dict | list | None):
                raise Refused(400, f"{key} has the wrong type")
    for key in ("container", "view"):
        if key in body and not isinstance(body[key], dict | None):
            raise Refused(400, f"{key} is not an object")
    if isinstance(body.get("view"), dict):
        _require(body["view"], "id")
    if not any(a["action_id"] in handled.actions for a in actions):
        return "ignore"
    return "handle"


def _submission(body: dict, handled: Handled) -> str:
    _actor(body)
    view = body.get("view")
    if not isinstance(view, dict):
        raise Refused(400, "view_submission without a view")
    _require(view, "id", "callback_id")
    _optional(view, "private_metadata", "hash")
    state = view.get("state", {})
    if not (isinstance(state, dict) and isinstance(state.get("values", {}), dict)):
        raise Refused(400, "view state has the wrong shape")
    for elements in state.get("values", {}).values():
        if not (isinstance(elements, dict) and all(isinstance(e, dict) for e in elements.values())):
            raise Refused(400, "view state has the wrong shape")
    if view["callback_id"] not in handled.views:
        return "ignore"
    return "handle"


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _require(body: dict, *names: str) -> None:
    for name in names:
        if not _text(body.get(name)):
            raise Refused(400, f"no {name}")


def _optional(body: dict, *names: str) -> None:
    for name in names:
        if body.get(name) is not None and not isinstance(body[name], str):
            raise Refused(400, f"{name} is not text")
