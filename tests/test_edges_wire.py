"""Signed but odd requests, posted to the real server over HTTP as Slack would sign them: each
gets a clean 4xx (or, when well-formed but not for us, a 200 that does nothing), never a 5xx
that Slack would retry, and nothing at all is written to the database or sent to Slack. A
forged or replayed signature gets 401 whatever the body."""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa
from slack_bolt.request import BoltRequest
from sqlmodel import SQLModel

from bot.slack.app import build_app
from storage.installation_tables import slack_metadata
from tests.wire import sign

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
TEAM = "T0LEAD"


def event(inner, **top) -> str:
    body = {"token": "x", "team_id": TEAM, "api_app_id": "A0LEAD", "type": "event_callback", "event_id": "Ev0EDGE"}
    body.update({"event": inner, **top})
    return json.dumps(body)


def payload(value) -> str:
    return urlencode({"payload": value if isinstance(value, str) else json.dumps(value)})


def command(**fields) -> str:
    base = {
        "team_id": TEAM,
        "user_id": "U0ANNA",
        "command": "/commit",
        "text": "list",
        "response_url": "http://127.0.0.1:9/response/x",
        "trigger_id": "1.trigger",
    }
    base.update(fields)
    return urlencode({k: v for k, v in base.items() if v is not None})


USER = {"id": "U0ANNA", "team_id": TEAM}
PRESS = {"type": "block_actions", "team": {"id": TEAM}, "user": USER, "trigger_id": "2.trigger"}
SUBMIT = {"type": "view_submission", "team": {"id": TEAM}, "user": USER, "trigger_id": "3.trigger"}

# (what, body, content type, what Slack must get back: a status, or "4xx")
ODD = [
    ("garbage JSON", "{not json", JSON, 400),
    ("a JSON list", "[1, 2]", JSON, 400),
    ("a JSON string", '"hello"', JSON, 400),
    ("a JSON number", "42", JSON, 400),
    ("JSON nested past any parser's depth", "[" * 100_000 + "]" * 100_000, JSON, 400),
    ("an empty JSON body", "", JSON, 400),
    ("an empty form", "", FORM, 400),
    ("JSON sent as a form", json.dumps({"type": "event_callback", "team_id": TEAM}), FORM, 400),
    ("a form sent as JSON", command(), JSON, 400),
    ("plain text", "hello", "text/plain", 415),
    ("no content type", "hello", "", 415),
    ("bytes", "\x00\x01\x02", "application/octet-stream", 415),
    ("a payload that is not JSON", payload("{nope"), FORM, 400),
    ("an empty payload", payload(""), FORM, 400),
    ("a payload that is a list", payload("[1]"), FORM, 400),
    ("a payload with no type", payload({"user": USER, "team": {"id": TEAM}}), FORM, 400),
    ("a payload of a type Slack never sends", payload({**PRESS, "type": "weird"}), FORM, 400),
    ("an interaction with no actions", payload(PRESS), FORM, 400),
    ("an interaction with empty actions", payload({**PRESS, "actions": []}), FORM, 400),
    ("an interaction whose actions are text", payload({**PRESS, "actions": "done"}), FORM, 400),
    ("an interaction whose action is a number", payload({**PRESS, "actions": [1]}), FORM, 400),
    ("an action with no action_id", payload({**PRESS, "actions": [{"value": "1"}]}), FORM, 400),
    (
        "a press with no user",
        payload({**PRESS, "user": None, "actions": [{"action_id": "commitment_done"}]}),
        FORM,
        400,
    ),
    ("a press whose user is a number", payload({**PRESS, "user": 7, "actions": [{"action_id": "x"}]}), FORM, 400),
    (
        "a press with no team",
        payload({**PRESS, "team": None, "user": {"id": "U0ANNA"}, "actions": [{"action_id": "commitment_done"}]}),
        FORM,
        400,
    ),
    (
        "a press with authorizations not a list",
        payload({**PRESS, "authorizations": 5, "actions": [{"action_id": "commitment_done"}]}),
        FORM,
        400,
    ),
    (
        "a press whose view is text",
        payload({**PRESS, "view": "V1", "actions": [{"action_id": "pick_commitment"}]}),
        FORM,
        400,
    ),
    ("a form submitted with no view", payload(SUBMIT), FORM, 400),
    ("a form whose view is text", payload({**SUBMIT, "view": "V1"}), FORM, 400),
    ("a form with no callback id", payload({**SUBMIT, "view": {"id": "V1"}}), FORM, 400),
    (
        "a form whose state is a list",
        payload({**SUBMIT, "view": {"id": "V1", "callback_id": "commit_modal", "state": []}}),
        FORM,
        400,
    ),
    (
        "a form whose values are text",
        payload({**SUBMIT, "view": {"id": "V1", "callback_id": "commit_modal", "state": {"values": {"what": "x"}}}}),
        FORM,
        400,
    ),
    ("a command with no user", command(user_id=None), FORM, 400),
    ("a command with no team", command(team_id=None), FORM, 400),
    ("a command with no response URL", command(response_url=None), FORM, 400),
    ("a command with no trigger", command(trigger_id=None), FORM, 400),
    ("a command with no name", command(command=""), FORM, 400),
    ("a command this app does not have", command(command="/zzz"), FORM, 404),
    ("url_verification with no challenge", json.dumps({"type": "url_verification", "token": "x"}), JSON, 400),
    (
        "an event_callback with no event",
        json.dumps({"type": "event_callback", "team_id": TEAM, "event_id": "Ev1"}),
        JSON,
        400,
    ),
    ("an event that is null", event(None), JSON, 400),
    ("an event that is text", event("app_home_opened"), JSON, 400),
    ("an event with no type", event({"user": "U0ANNA"}), JSON, 400),
    (
        "an event with no team",
        json.dumps(
            {"type": "event_callback", "event_id": "Ev2", "event": {"type": "app_home_opened", "user": "U0ANNA"}}
        ),
        JSON,
        400,
    ),
    ("an event whose team is a list", event({"type": "app_home_opened", "user": "U0ANNA"}, team_id=[TEAM]), JSON, 400),
    ("an event whose id is a number", event({"type": "app_home_opened", "user": "U0ANNA"}, event_id=5), JSON, 400),
    ("an event whose user is a number", event({"type": "app_home_opened", "user": 5}), JSON, 400),
    ("App Home opened by nobody", event({"type": "app_home_opened", "tab": "home"}), JSON, 400),
    (
        "a direct message from nobody",
        event({"type": "message", "channel_type": "im", "channel": "DU0ANNA", "text": "hi", "ts": "1.0"}),
        JSON,
        400,
    ),
    (
        "a direct message in no channel",
        event({"type": "message", "channel_type": "im", "user": "U0ANNA", "text": "hi", "ts": "1.0"}),
        JSON,
        400,
    ),
    (
        "a direct message whose text is a list",
        event(
            {
                "type": "message",
                "channel_type": "im",
                "user": "U0ANNA",
                "channel": "DU0ANNA",
                "text": ["hi"],
                "ts": "1.0",
            }
        ),
        JSON,
        400,
    ),
    ("tokens_revoked whose tokens are text", event({"type": "tokens_revoked", "tokens": "bot"}), JSON, 400),
    (
        "an app_uninstalled with no team",
        json.dumps({"type": "event_callback", "event_id": "Ev3", "event": {"type": "app_uninstalled"}}),
        JSON,
        400,
    ),
    ("a body with no type", json.dumps({"team_id": TEAM}), JSON, 400),
    ("a top-level type Slack never sends", json.dumps({"type": "surprise", "team_id": TEAM}), JSON, 400),
    # Well-formed, but for nobody here: acknowledged and left alone.
    ("Slack checking our certificate", urlencode({"ssl_check": "1", "token": "x"}), FORM, 200),
    ("an event type nobody listens to", event({"type": "reaction_added", "user": "U0ANNA"}), JSON, 200),
    (
        "a message subtype",
        event({"type": "message", "subtype": "message_changed", "channel_type": "im", "channel": "DU0ANNA"}),
        JSON,
        200,
    ),
    (
        "a message in a channel",
        event(
            {"type": "message", "channel_type": "channel", "user": "U0ANNA", "channel": "C1", "text": "hi", "ts": "1.0"}
        ),
        JSON,
        200,
    ),
    (
        "a bot's own message",
        event(
            {
                "type": "message",
                "channel_type": "im",
                "bot_id": "B0BOT",
                "channel": "DU0ANNA",
                "text": "hi",
                "ts": "1.0",
            }
        ),
        JSON,
        200,
    ),
    ("user tokens revoked", event({"type": "tokens_revoked", "tokens": {"oauth": ["U0ANNA"]}}), JSON, 200),
    (
        "Slack telling us events were rate limited",
        json.dumps({"type": "app_rate_limited", "team_id": TEAM, "minute_rate_limited": 1}),
        JSON,
        200,
    ),
    (
        "a press of a button this app never drew",
        payload({**PRESS, "actions": [{"action_id": "somebody_elses", "value": "1"}]}),
        FORM,
        200,
    ),
    (
        "a form this app never opened",
        payload({**SUBMIT, "view": {"id": "V1", "callback_id": "somebody_elses"}}),
        FORM,
        200,
    ),
    (
        "a modal closed",
        payload(
            {
                "type": "view_closed",
                "team": {"id": TEAM},
                "user": USER,
                "view": {"id": "V1", "callback_id": "commit_modal"},
            }
        ),
        FORM,
        200,
    ),
    (
        "a shortcut",
        payload({"type": "shortcut", "callback_id": "x", "team": {"id": TEAM}, "user": USER, "trigger_id": "4.t"}),
        FORM,
        200,
    ),
]


def rows(engine) -> dict[str, int]:
    tables = [*SQLModel.metadata.sorted_tables, *slack_metadata().sorted_tables]
    with engine.connect() as connection:
        return {t.name: connection.execute(sa.select(sa.func.count()).select_from(t)).scalar() for t in tables}


def sent_to_slack(standin) -> list[str]:
    return [c.method for c in standin.calls if c.method != "auth.test"]


def test_every_odd_signed_request_gets_a_clean_answer_and_nothing_is_written(slack, standin, engine):
    before = rows(engine)
    answers = {what: slack.post(body, content_type).status for what, body, content_type, _ in ODD}
    time.sleep(0.5)  # a listener would run after the ack: give it the time to write, were it to

    assert {what: status for what, status in answers.items() if status >= 500} == {}
    assert answers == {what: expected for what, _, _, expected in ODD}
    assert rows(engine) == before
    assert sent_to_slack(standin) == []


def test_a_forged_or_replayed_signature_is_refused_whatever_the_body(slack, engine):
    before = rows(engine)
    good = command()
    forged = slack.post(good, FORM, signature="v0=" + "0" * 64)
    stale = str(int(time.time()) - 10 * 60)  # Slack's window is five minutes
    replayed = slack.post(good, FORM, timestamp=stale, signature=sign(slack.secret, stale, good))
    forged_garbage = slack.post("{not json", JSON, signature="v0=bad")
    not_a_number = slack.post(good, FORM, timestamp="soon", signature=sign(slack.secret, "soon", good))
    unsigned = slack.post(good, FORM, headers={"X-Slack-Signature": ""})

    ssl_check = slack.post(urlencode({"ssl_check": "1", "token": "x"}), FORM, signature="v0=unsigned")

    assert [r.status for r in (forged, replayed, forged_garbage, not_a_number, unsigned)] == [401] * 5
    assert ssl_check.status == 200  # answered as Bolt answers it, signed or not: it reads nothing
    assert rows(engine) == before


def test_a_command_whose_text_says_payload_is_read_as_the_command_it_is(slack, session):
    """Bolt takes any form mentioning "payload" for an interaction and finds nothing in it."""
    answer = slack.command("U0ANNA", "/commit", 'kurs "Payload-hantering i e-tjänsten" senast 15 januari 2027')

    assert answer.status == 200
    assert "Payload-hantering" in slack.last_reply_text()


@pytest.mark.parametrize(
    "what,body,expected",
    [
        ("an event with no type", {"type": "event_callback", "team_id": TEAM, "event_id": "E1", "event": {}}, 400),
        ("App Home opened by nobody", json.loads(event({"type": "app_home_opened"})), 400),
        ("an interaction with no actions", {**PRESS}, 400),
        ("an event type nobody listens to", json.loads(event({"type": "reaction_added"})), 200),
        ("a message subtype", json.loads(event({"type": "message", "subtype": "bot_message"})), 200),
    ],
)
def test_socket_mode_envelopes_are_checked_the_same_way(services, standin, engine, what, body, expected):
    """Socket Mode hands Bolt the envelope's payload directly: the app's own check is the gate."""
    app = build_app(services)
    before = rows(engine)

    answer = app.dispatch(BoltRequest(body=body, mode="socket_mode"))
    time.sleep(0.2)

    assert answer.status == expected, what
    assert rows(engine) == before
    assert sent_to_slack(standin) == []
