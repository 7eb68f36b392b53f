"""The stand-in refuses what Slack refuses: a scope the install lacks, an argument a method does not
take, Block Kit over its limits, too many calls a minute, and a Socket Mode envelope left without
an acknowledgement. Driven through the real slack_sdk client, as the app drives it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from websockets.sync.client import connect

from bot.sandbox.slack_standin import StandIn, app_scopes
from bot.sandbox.slack_standin.methods import METHODS
from bot.sandbox.slack_standin.socket import NoAck

SECTION = {"type": "section", "text": {"type": "mrkdwn", "text": "hej"}}
HOME = {"type": "home", "blocks": [SECTION]}
MODAL = {"type": "modal", "title": {"type": "plain_text", "text": "Commit"}, "blocks": [SECTION]}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def fake():
    standin = StandIn(clock=Clock())
    standin.add_user("U0ANNA", "anna")
    standin.add_user("U0BEN", "ben")
    standin.add_channel("C0PUB", "ledning", ["U0ANNA"], bot_member=True)
    standin.add_channel("C0PRIV", "hemligt", ["U0ANNA"], private=True, bot_member=True)
    standin.add_team("T0OTHER", "Other Co")
    standin.add_user("U0OLA", "ola", team_id="T0OTHER")
    standin.start()
    yield standin
    standin.stop()


def client(standin: StandIn, token: str | None = None) -> WebClient:
    return WebClient(token=token or standin.token, base_url=standin.api_url, retry_handlers=[])


def answer_of(call) -> dict:
    with pytest.raises(SlackApiError) as raised:
        call()
    return raised.value.response.data


# --- scopes -------------------------------------------------------------------------------

# One call per method and kind of conversation, and the scope Slack's reference names for it.
SCOPED_CALLS = [
    ("chat.postMessage", {"channel": "U0ANNA", "text": "hej"}, "chat:write"),
    ("chat.postEphemeral", {"channel": "C0PUB", "user": "U0ANNA", "text": "hej"}, "chat:write"),
    ("chat.update", {"channel": "DU0ANNA", "ts": "1.000001", "text": "hej"}, "chat:write"),
    ("conversations.open", {"users": "U0ANNA"}, "im:write"),
    ("conversations.history", {"channel": "DU0ANNA"}, "im:history"),
    ("conversations.history", {"channel": "C0PUB"}, "channels:history"),
    ("conversations.history", {"channel": "C0PRIV"}, "groups:history"),
    ("conversations.members", {"channel": "C0PUB"}, "channels:read"),
    ("conversations.members", {"channel": "C0PRIV"}, "groups:read"),
    ("conversations.join", {"channel": "C0PUB"}, "channels:join"),
    ("users.info", {"user": "U0ANNA"}, "users:read"),
    ("users.list", {}, "users:read"),
    ("files.getUploadURLExternal", {"filename": "a.json", "length": 2}, "files:write"),
    ("files.completeUploadExternal", {"files": json.dumps([{"id": "F0NONE"}])}, "files:write"),
]


@pytest.mark.parametrize(("method", "args", "scope"), SCOPED_CALLS, ids=[f"{m}-{s}" for m, _, s in SCOPED_CALLS])
def test_a_method_without_its_scope_answers_missing_scope(fake, method, args, scope):
    everything = sorted({s for _, _, s in SCOPED_CALLS} | set(app_scopes()))
    fake.grant([s for s in everything if s != scope])

    answer = answer_of(lambda: client(fake).api_call(method, data=args))

    assert answer["error"] == "missing_scope" and answer["needed"] == scope
    assert answer["provided"].split(",") == [s for s in everything if s != scope]
    assert fake.of(method) == []  # nothing was done
    fake.grant(everything)
    try:  # with the scope, the same call gets past the scope check
        client(fake).api_call(method, data=args)
    except SlackApiError as error:
        assert error.response["error"] != "missing_scope"


def test_the_granted_scopes_are_the_manifests_and_per_workspace(fake):
    from bot.slack.manifest import manifest

    assert fake.granted() == manifest()["oauth_config"]["scopes"]["bot"] == fake.scope.split(",")
    fake.grant(["chat:write"], team_id="T0OTHER")
    assert answer_of(lambda: client(fake, "xoxb-t0other").users_info(user="U0OLA"))["error"] == "missing_scope"
    assert client(fake).users_info(user="U0ANNA")["ok"]  # the other workspace keeps its grant
    code = fake.authorize_url("T0OTHER", "U0OLA")
    installed = client(fake, "").oauth_v2_access(client_id=fake.client_id, client_secret=fake.client_secret, code=code)
    assert installed["scope"] == "chat:write"


def test_views_and_auth_test_need_no_scope(fake):
    fake.grant([])
    slack = client(fake)
    assert slack.auth_test()["ok"]
    assert slack.views_publish(user_id="U0ANNA", view=HOME)["ok"]
    assert slack.views_open(trigger_id="1.2.3", view=MODAL)["ok"]


def test_a_bot_reads_and_posts_only_where_it_is_a_member(fake):
    fake.add_channel("C0OUT", "allmant", ["U0ANNA"])
    fake.add_channel("C0SECRET", "styrelsen", ["U0ANNA"], private=True)
    slack = client(fake)
    assert answer_of(lambda: slack.chat_postMessage(channel="C0OUT", text="hej"))["error"] == "not_in_channel"
    assert answer_of(lambda: slack.conversations_history(channel="C0OUT"))["error"] == "not_in_channel"
    assert slack.conversations_members(channel="C0OUT")["members"] == ["U0ANNA"]  # public: listed anyway
    for call in (
        lambda: slack.chat_postMessage(channel="C0SECRET", text="hej"),
        lambda: slack.conversations_history(channel="C0SECRET"),
        lambda: slack.conversations_members(channel="C0SECRET"),
    ):
        assert answer_of(call)["error"] == "channel_not_found"  # a private channel shows only to members
    assert answer_of(lambda: slack.conversations_join(channel="C0SECRET"))["error"] == (
        "method_not_supported_for_channel_type"
    )

    assert slack.conversations_join(channel="C0OUT")["ok"]
    assert slack.chat_postMessage(channel="C0OUT", text="hej")["ok"]
    fake.grant([*fake.granted(), "chat:write.public"])
    fake.add_channel("C0OPEN", "oppet", ["U0ANNA"])
    assert slack.chat_postMessage(channel="C0OPEN", text="hej")["ok"]  # posting anywhere public


# --- arguments ----------------------------------------------------------------------------


def test_an_argument_the_method_does_not_take_is_invalid_arguments(fake):
    answer = answer_of(lambda: client(fake).api_call("chat.postMessage", data={"channel": "U0ANNA", "colour": "red"}))
    assert answer["error"] == "invalid_arguments"
    assert answer["response_metadata"]["messages"] == ["[ERROR] unknown argument: colour"]
    # team_id is taken everywhere: slack_sdk sends it with each call a Bolt listener makes
    assert WebClient(token=fake.token, base_url=fake.api_url, team_id="T0LEAD").users_info(user="U0ANNA")["ok"]


def test_a_missing_required_argument_is_answered_as_slack_documents(fake):
    slack = client(fake)
    answer = answer_of(lambda: slack.api_call("conversations.history", data={"limit": 5}))
    assert answer["error"] == "invalid_arguments"
    assert answer["response_metadata"]["messages"] == ["[ERROR] missing required field: channel"]
    assert answer_of(lambda: slack.api_call("conversations.history", data={"channel": ""}))["error"] == (
        "channel_not_found"
    )
    assert answer_of(lambda: slack.api_call("chat.postMessage", data={"text": "hej"}))["error"] == "channel_not_found"
    assert answer_of(lambda: slack.api_call("views.publish", json={"view": HOME}))["error"] == "invalid_arguments"


def test_every_method_in_the_table_has_an_answer_and_nothing_else_does(fake):
    for method in METHODS:
        if method in ("oauth.v2.access", "apps.connections.open"):
            continue
        name = "_" + method.replace(".", "_")
        assert callable(getattr(fake, name, None)), method
    assert answer_of(lambda: client(fake).api_call("chat.delete", data={"channel": "C0PUB", "ts": "1.1"}))["error"] == (
        "unknown_method"
    )


# --- Block Kit ----------------------------------------------------------------------------


def section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def button(text: str = "Klar", **more) -> dict:
    return {"type": "button", "text": {"type": "plain_text", "text": text}, "action_id": "done", **more}


@pytest.mark.parametrize(
    ("good", "bad", "pointer"),
    [
        ([section("x")] * 50, [section("x")] * 51, "/blocks"),
        ([section("x" * 3000)], [section("x" * 3001)], "/blocks/0/text/text"),
        (
            [{"type": "section", "fields": [{"type": "mrkdwn", "text": "f" * 2000}] * 10}],
            [{"type": "section", "fields": [{"type": "mrkdwn", "text": "f"}] * 11}],
            "/blocks/0/fields",
        ),
        (
            [{"type": "section", "fields": [{"type": "mrkdwn", "text": "f" * 2000}]}],
            [{"type": "section", "fields": [{"type": "mrkdwn", "text": "f" * 2001}]}],
            "/blocks/0/fields/0/text",
        ),
        (
            [{"type": "header", "text": {"type": "plain_text", "text": "h" * 150}}],
            [{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}],
            "/blocks/0/text/text",
        ),
        (
            [{"type": "actions", "elements": [button("b" * 75)]}],
            [{"type": "actions", "elements": [button("b" * 76)]}],
            "/blocks/0/elements/0/text/text",
        ),
        (
            [{"type": "actions", "elements": [button(value="v" * 2000, action_id="a" * 255)]}],
            [{"type": "actions", "elements": [button(value="v" * 2001)]}],
            "/blocks/0/elements/0/value",
        ),
        (
            [{"type": "actions", "elements": [button(action_id=f"a{i}") for i in range(25)]}],
            [{"type": "actions", "elements": [button(action_id=f"a{i}") for i in range(26)]}],
            "/blocks/0/elements",
        ),
        (
            [{"type": "actions", "block_id": "b" * 255, "elements": [button()]}],
            [{"type": "actions", "elements": [button(action_id="a" * 256)]}],
            "/blocks/0/elements/0/action_id",
        ),
        (
            [{"type": "context", "elements": [{"type": "mrkdwn", "text": "c"}] * 10}],
            [{"type": "context", "elements": [{"type": "mrkdwn", "text": "c"}] * 11}],
            "/blocks/0/elements",
        ),
        ([section("x")], [section("")], "/blocks/0/text/text"),
    ],
)
def test_a_message_over_block_kit_limits_is_invalid_blocks(fake, good, bad, pointer):
    slack = client(fake)
    assert slack.chat_postMessage(channel="C0PUB", text="t", blocks=good)["ok"]

    answer = answer_of(lambda: slack.chat_postMessage(channel="C0PUB", text="t", blocks=bad))

    assert answer["error"] == "invalid_blocks"
    assert any(
        m.startswith("[ERROR]") and f"[json-pointer:{pointer}]" in m for m in answer["response_metadata"]["messages"]
    )
    assert len(fake.of("chat.postMessage")) == 1


def test_options_and_message_text_limits(fake):
    slack = client(fake)
    options = [{"text": {"type": "plain_text", "text": f"o{i}"}, "value": str(i)} for i in range(101)]
    select = {"type": "static_select", "action_id": "pick", "options": options}
    answer = answer_of(
        lambda: slack.chat_postMessage(channel="C0PUB", text="t", blocks=[{"type": "actions", "elements": [select]}])
    )
    assert answer["error"] == "invalid_blocks"
    assert slack.chat_postMessage(channel="C0PUB", text="x" * 40_000)["ok"]
    assert answer_of(lambda: slack.chat_postMessage(channel="C0PUB", text="x" * 40_001))["error"] == "msg_too_long"


@pytest.mark.parametrize(
    ("change", "pointer"),
    [
        ({"title": {"type": "plain_text", "text": "t" * 25}}, "/view/title/text"),
        ({"submit": {"type": "plain_text", "text": "s" * 25}}, "/view/submit/text"),
        ({"close": {"type": "plain_text", "text": "c" * 25}}, "/view/close/text"),
        ({"private_metadata": "m" * 3001}, "/view/private_metadata"),
        ({"callback_id": "c" * 256}, "/view/callback_id"),
        ({"blocks": [SECTION] * 101}, "/view/blocks"),
    ],
)
def test_a_view_over_its_limits_is_invalid_arguments(fake, change, pointer):
    slack = client(fake)
    fits = {**MODAL, "title": {"type": "plain_text", "text": "t" * 24}, "private_metadata": "m" * 3000}
    assert slack.views_open(trigger_id="1.2.3", view={**fits, "blocks": [SECTION] * 100})["ok"]

    answer = answer_of(lambda: slack.views_open(trigger_id="1.2.3", view={**MODAL, **change}))

    assert answer["error"] == "invalid_arguments"
    assert any(f"[json-pointer:{pointer}]" in m for m in answer["response_metadata"]["messages"])


# --- rate limits --------------------------------------------------------------------------


def test_each_tier_allows_its_rate_per_method_per_workspace(fake):
    slack = client(fake)
    for _ in range(20):  # users.list is Tier 2: 20 a minute
        slack.users_list()
    limited = answer_of(slack.users_list)
    assert limited["error"] == "ratelimited"
    assert client(fake).users_info(user="U0ANNA")["ok"]  # another method has its own bucket
    assert client(fake, "xoxb-t0other").users_list()["ok"]  # and another workspace its own

    with pytest.raises(SlackApiError) as raised:
        slack.users_list()
    assert raised.value.response.status_code == 429 and raised.value.response.headers["Retry-After"] == "3"
    fake.clock.now += 3  # 20 a minute is one every three seconds
    assert slack.users_list()["ok"]
    assert answer_of(slack.users_list)["error"] == "ratelimited"


def test_post_message_is_limited_per_channel_and_per_workspace(fake):
    slack = client(fake)
    for _ in range(10):  # about one a second per channel, with a short burst
        slack.chat_postMessage(channel="C0PUB", text="burst")
    assert answer_of(lambda: slack.chat_postMessage(channel="C0PUB", text="one more"))["error"] == "ratelimited"
    assert slack.chat_postMessage(channel="U0ANNA", text="another channel")["ok"]
    fake.clock.now += 1
    assert slack.chat_postMessage(channel="C0PUB", text="a second later")["ok"]

    for i in range(300 - 12 + 5):  # 300 a minute across the workspace; 12 went, 5 came back in that second
        fake.add_user(f"U{i:05d}", f"user{i}")
        slack.chat_postMessage(channel=f"U{i:05d}", text="fan-out")
    fake.add_user("U0LAST", "last")
    assert answer_of(lambda: slack.chat_postMessage(channel="U0LAST", text="one too many"))["error"] == "ratelimited"
    fake.clock.now += 60
    assert slack.chat_postMessage(channel="U0LAST", text="a minute later")["ok"]


def test_rate_scale_lets_a_minute_pass_in_a_second(fake):
    fake.rate_scale = 60
    slack = client(fake)
    for _ in range(20):
        slack.users_list()
    with pytest.raises(SlackApiError) as raised:
        slack.users_list()
    assert raised.value.response.headers["Retry-After"] == "1"  # Slack never says less than a second
    fake.clock.now += 0.05  # three seconds of Slack's minute
    assert slack.users_list()["ok"]


def test_history_outside_the_marketplace_is_once_a_minute_and_15_messages(fake):
    fake.marketplace = False
    slack = client(fake)
    for n in range(20):
        fake.clock.now += 1
        slack.chat_postMessage(channel="U0ANNA", text=f"m{n}")
    page = slack.conversations_history(channel="DU0ANNA", limit=200)
    assert len(page["messages"]) == 15 and page["has_more"]
    assert answer_of(lambda: slack.conversations_history(channel="DU0ANNA"))["error"] == "ratelimited"
    fake.clock.now += 60
    assert slack.conversations_history(channel="DU0ANNA")["ok"]


# --- Socket Mode --------------------------------------------------------------------------


def test_socket_mode_needs_the_app_level_token_and_a_fresh_ticket(fake):
    assert answer_of(lambda: client(fake).apps_connections_open(app_token=fake.token))["error"] == (
        "not_allowed_token_type"
    )
    assert answer_of(lambda: client(fake).apps_connections_open(app_token="xapp-nobody"))["error"] == "invalid_auth"
    assert answer_of(lambda: client(fake, fake.app_token).auth_test())["error"] == "not_allowed_token_type"

    url = client(fake).apps_connections_open(app_token=fake.app_token)["url"]
    assert url.startswith("ws://127.0.0.1:") and "ticket=" in url
    with connect(url) as link:
        hello = json.loads(link.recv(timeout=5))
        assert hello["type"] == "hello" and hello["connection_info"]["app_id"] == fake.app_id
        envelope_id = fake.socket.push("events_api", {"type": "event_callback", "event": {"type": "app_mention"}})
        envelope = json.loads(link.recv(timeout=5))
        assert envelope["envelope_id"] == envelope_id and envelope["retry_attempt"] == 0
        with pytest.raises(NoAck):  # Slack waits three seconds for the acknowledgement
            fake.socket.wait_ack(envelope_id, timeout=0.3)
        link.send(json.dumps({"envelope_id": envelope_id}))
        assert fake.socket.wait_ack(envelope_id) == {"envelope_id": envelope_id}
    with pytest.raises(Exception):  # noqa: B017  (a used ticket opens nothing)
        connect(url, open_timeout=5)


# --- the app manifest ---------------------------------------------------------------------

SCHEMA = json.loads((Path(__file__).parent / "data" / "slack" / "app_manifest.schema.json").read_text())
# Slack refuses a manifest whose bot events lack the scope each needs (its event reference).
EVENT_SCOPES = {
    "app_home_opened": None,
    "app_uninstalled": None,
    "tokens_revoked": None,
    "message.im": "im:history",
    "message.channels": "channels:history",
    "message.groups": "groups:history",
    "message.mpim": "mpim:history",
    "app_mention": "app_mentions:read",
    "member_joined_channel": "channels:read",
}


def schema_errors(value, schema: dict, at: str = "") -> list[str]:
    """The few JSON Schema keywords our encoding of Slack's manifest schema uses."""
    kinds = {"object": dict, "array": list, "string": str, "boolean": bool}
    if "type" in schema and not isinstance(value, kinds[schema["type"]]):
        return [f"{at or '/'}: not a {schema['type']}"]
    errors = []
    if isinstance(value, dict):
        errors += [f"{at}/{key}: required" for key in schema.get("required", []) if key not in value]
        properties = schema.get("properties", {})
        for key, item in value.items():
            if key in properties:
                errors += schema_errors(item, properties[key], f"{at}/{key}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{at}/{key}: not allowed")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0) or len(value) > schema.get("maxLength", len(value)):
            errors.append(f"{at}: {len(value)} characters")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(f"{at}: does not match {schema['pattern']}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0) or len(value) > schema.get("maxItems", len(value)):
            errors.append(f"{at}: {len(value)} items")
        if schema.get("uniqueItems") and len({json.dumps(v, sort_keys=True) for v in value}) != len(value):
            errors.append(f"{at}: items repeat")
        for i, item in enumerate(value):
            errors += schema_errors(item, schema.get("items", {}), f"{at}/{i}")
    return errors


@pytest.mark.parametrize("url", [None, "https://leadbot.example.org"], ids=["socket-mode", "http"])
def test_the_app_manifest_fits_slacks_manifest_schema(url):
    from bot.slack.manifest import manifest

    written = manifest(request_url=url)
    assert schema_errors(written, SCHEMA) == []
    assert written["settings"]["socket_mode_enabled"] is (url is None)
    granted = set(written["oauth_config"]["scopes"]["bot"])
    for event in written["settings"]["event_subscriptions"]["bot_events"]:
        assert event in EVENT_SCOPES, f"{event}: look up the scope it needs"
        assert EVENT_SCOPES[event] is None or EVENT_SCOPES[event] in granted, event
    assert "commands" in granted  # slash commands need it


def test_the_manifest_check_refuses_what_slack_refuses():
    from bot.slack.manifest import manifest

    written = manifest(request_url="https://leadbot.example.org")
    written["display_information"]["name"] = "l" * 36
    written["features"]["slash_commands"][0]["command"] = "commit"
    written["features"]["app_home"]["home_tab"] = True
    written["settings"]["interactivity"]["request_url"] = "ftp://leadbot.example.org"
    written["oauth_config"]["scopes"]["bot"].append("chat:write")
    assert sorted(schema_errors(written, SCHEMA)) == [
        "/display_information/name: 36 characters",
        "/features/app_home/home_tab: not allowed",
        "/features/slash_commands/0/command: does not match ^/",
        "/oauth_config/scopes/bot: items repeat",
        "/settings/interactivity/request_url: does not match ^https?://",
    ]
