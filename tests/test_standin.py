"""The stand-in itself, driven through the real slack_sdk client: if it lies about how Slack
answers, every wire test built on it proves less than it claims."""

from __future__ import annotations

import threading
import time
import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.sandbox.slack_standin import StandIn


@pytest.fixture
def fake():
    standin = StandIn()
    standin.add_user("U0ANNA", "anna")
    standin.add_team("T0OTHER", "Other Co")
    standin.add_user("U0OLA", "ola", team_id="T0OTHER")
    standin.add_channel("C0LEAD", "ledning", ["U0ANNA"], bot_member=True)
    standin.add_channel("C0OTHER", "general", ["U0OLA"], team_id="T0OTHER", bot_member=True)
    standin.start()
    yield standin
    standin.stop()


HOME = {"type": "home", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Hej"}}]}


def client(standin: StandIn, token: str | None = None, **kwargs) -> WebClient:
    return WebClient(token=token or standin.token, base_url=standin.api_url, **kwargs)


def error_of(call) -> str:
    with pytest.raises(SlackApiError) as raised:
        call()
    return raised.value.response["error"]


# --- workspaces ---------------------------------------------------------------------------


def test_each_token_sees_only_its_own_workspace(fake):
    lead, other = client(fake), client(fake, "xoxb-t0other")
    assert fake.team_of("xoxb-t0other") == "T0OTHER" and fake.tokens[fake.token] == "T0LEAD"

    assert lead.auth_test()["team_id"] == "T0LEAD"
    assert other.auth_test()["team_id"] == "T0OTHER" and other.auth_test()["team"] == "Other Co"
    assert [u["id"] for u in lead.users_list()["members"]] == ["U0ANNA"]
    assert [u["id"] for u in other.users_list()["members"]] == ["U0OLA"]
    assert other.users_info(user="U0OLA")["user"]["team_id"] == "T0OTHER"

    assert error_of(lambda: lead.users_info(user="U0OLA")) == "user_not_found"
    assert error_of(lambda: other.conversations_open(users="U0ANNA")) == "user_not_found"
    assert error_of(lambda: lead.chat_postMessage(channel="U0OLA", text="hi")) == "channel_not_found"
    assert error_of(lambda: lead.chat_postMessage(channel="DU0OLA", text="hi")) == "channel_not_found"
    assert error_of(lambda: lead.conversations_members(channel="C0OTHER")) == "channel_not_found"
    assert error_of(lambda: other.views_publish(user_id="U0ANNA", view=HOME)) == ("user_not_found")

    other.chat_postMessage(channel="C0OTHER", text="hej")
    [call] = fake.of("chat.postMessage")
    assert (call.team_id, call.token) == ("T0OTHER", "xoxb-t0other")


def test_unknown_missing_and_revoked_tokens(fake):
    assert error_of(lambda: client(fake, "xoxb-nobody").auth_test()) == "invalid_auth"
    assert error_of(lambda: WebClient(base_url=fake.api_url).auth_test()) == "not_authed"

    other = client(fake, "xoxb-t0other")
    assert other.auth_test()["ok"]
    fake.revoke("xoxb-t0other")
    assert error_of(other.auth_test) == "token_revoked"
    assert client(fake).auth_test()["ok"]  # the other workspace's token is untouched
    assert fake.team_of("xoxb-t0other") == "T0OTHER"
    with pytest.raises(KeyError):
        fake.revoke("xoxb-nobody")


# --- OAuth v2 -----------------------------------------------------------------------------


def test_install_without_rotation(fake):
    app = client(fake, token="")
    code = fake.authorize_url("T0OTHER", "U0OLA", redirect_uri="https://leadbot.example/slack/oauth")

    assert (
        error_of(lambda: app.oauth_v2_access(client_id=fake.client_id, client_secret="wrong", code=code))
        == "bad_client_secret"
    )
    assert (
        error_of(lambda: app.oauth_v2_access(client_id=fake.client_id, client_secret=fake.client_secret, code=code))
        == "bad_redirect_uri"
    )
    answer = app.oauth_v2_access(
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        code=code,
        redirect_uri="https://leadbot.example/slack/oauth",
    ).data
    assert answer == {
        "ok": True,
        "app_id": fake.app_id,
        "authed_user": {"id": "U0OLA"},
        "scope": fake.scope,
        "token_type": "bot",
        "access_token": "xoxb-t0other",
        "bot_user_id": fake.teams["T0OTHER"].bot_user_id,
        "team": {"id": "T0OTHER", "name": "Other Co"},
        "enterprise": None,
        "is_enterprise_install": False,
    }
    assert client(fake, answer["access_token"]).auth_test()["team_id"] == "T0OTHER"
    [call] = fake.of("oauth.v2.access")
    assert call.team_id == "T0OTHER" and call.token is None

    again = dict(client_id=fake.client_id, client_secret=fake.client_secret, redirect_uri=call.args["redirect_uri"])
    assert error_of(lambda: app.oauth_v2_access(code=code, **again)) == "invalid_code"  # a code works once

    # Credentials in the form rather than as Basic auth are accepted too.
    form = {"client_id": fake.client_id, "client_secret": fake.client_secret}
    answer = app.api_call("oauth.v2.access", data={**form, "code": fake.authorize_url("T0LEAD", "U0ANNA")})
    assert answer["access_token"] == fake.token and answer["team"]["id"] == "T0LEAD"


def test_install_with_rotation_refresh_and_expiry(fake):
    fake.rotate_tokens = True
    app = client(fake, token="")
    credentials = {"client_id": fake.client_id, "client_secret": fake.client_secret}

    installed = app.oauth_v2_access(code=fake.authorize_url("T0OTHER", "U0OLA"), **credentials)
    assert installed["access_token"].startswith("xoxe.xoxb-") and installed["refresh_token"].startswith("xoxe-1-")
    assert installed["expires_in"] == 43200 and installed["token_type"] == "bot"
    assert client(fake, installed["access_token"]).auth_test()["team_id"] == "T0OTHER"

    refreshed = app.oauth_v2_access(grant_type="refresh_token", refresh_token=installed["refresh_token"], **credentials)
    assert refreshed["access_token"] != installed["access_token"]
    assert refreshed["refresh_token"] != installed["refresh_token"] and refreshed["expires_in"] == 43200
    assert refreshed["team"] == {"id": "T0OTHER", "name": "Other Co"}
    assert client(fake, refreshed["access_token"]).auth_test()["team_id"] == "T0OTHER"
    assert client(fake, installed["access_token"]).auth_test()["ok"]  # the old one lives out its time
    used = {"grant_type": "refresh_token", "refresh_token": installed["refresh_token"], **credentials}
    assert error_of(lambda: app.oauth_v2_access(**used)) == "invalid_refresh_token"
    unknown = {**used, "refresh_token": "xoxe-1-nonsense"}
    assert error_of(lambda: app.oauth_v2_access(**unknown)) == "invalid_refresh_token"
    assert error_of(lambda: app.oauth_v2_access(code="123.nonsense", **credentials)) == "invalid_code"
    assert len(fake.of("oauth.v2.access")) == 2  # only what was answered ok

    fake.token_lifetime = 0.2
    short = app.oauth_v2_access(code=fake.authorize_url("T0OTHER", "U0OLA"), **credentials)
    assert short["expires_in"] == 1
    assert client(fake, short["access_token"]).auth_test()["ok"]
    time.sleep(0.25)
    assert error_of(client(fake, short["access_token"]).auth_test) == "token_expired"


# --- messages and history -----------------------------------------------------------------


def test_history_with_metadata_filters_and_paging(fake):
    slack = client(fake)
    assert slack.conversations_open(users="U0ANNA")["channel"]["id"] == "DU0ANNA"
    posted = []
    for n in range(5):
        answer = slack.chat_postMessage(
            channel="U0ANNA" if n % 2 else "DU0ANNA",
            text=f"message {n}",
            metadata={"event_type": "nudge", "event_payload": {"n": n}},
        )
        assert answer["channel"] == "DU0ANNA"
        posted.append(answer["ts"])
    slack.chat_postMessage(channel="DU0ANNA", text="a reply", thread_ts=posted[0])
    slack.chat_update(channel="DU0ANNA", ts=posted[1], text="message 1, redrawn")
    assert [m["text"] for m in fake.messages["DU0ANNA"]][1] == "message 1, redrawn"

    history = slack.conversations_history(channel="DU0ANNA")
    assert [m["ts"] for m in history["messages"]] == posted[::-1]  # newest first, no thread replies
    assert "metadata" not in history["messages"][0] and history["has_more"] is False
    assert history["messages"][3]["text"] == "message 1, redrawn"
    assert history["messages"][4]["reply_count"] == 1

    with_metadata = slack.conversations_history(channel="DU0ANNA", include_all_metadata=True)
    assert [m["metadata"]["event_payload"]["n"] for m in with_metadata["messages"]] == [4, 3, 2, 1, 0]

    between = slack.conversations_history(channel="DU0ANNA", oldest=posted[1], latest=posted[4])
    assert [m["ts"] for m in between["messages"]] == [posted[3], posted[2]]
    inclusive = slack.conversations_history(channel="DU0ANNA", oldest=posted[1], latest=posted[4], inclusive=True)
    assert len(inclusive["messages"]) == 4

    first = slack.conversations_history(channel="DU0ANNA", limit=2)
    assert first["has_more"] is True and first["response_metadata"]["next_cursor"]
    pages = [[m["ts"] for m in page["messages"]] for page in slack.conversations_history(channel="DU0ANNA", limit=2)]
    assert pages == [posted[4:2:-1], posted[2:0:-1], posted[:1]]

    # A public channel's history needs channels:history, which a DM's (im:history) does not give.
    fake.grant([s for s in fake.granted() if s != "channels:history"])
    assert error_of(lambda: slack.conversations_history(channel="C0LEAD")) == "missing_scope"
    fake.grant([*fake.granted(), "channels:history"])
    assert slack.conversations_history(channel="C0LEAD")["messages"] == []
    assert error_of(lambda: slack.conversations_history(channel="C0OTHER")) == "channel_not_found"
    assert error_of(lambda: slack.conversations_history(channel="C0LEAD", cursor="garbage!")) == "invalid_cursor"


# --- files --------------------------------------------------------------------------------


def test_files_upload_v2_keeps_the_bytes(fake):
    slack = client(fake)
    content = b"name,done\nanna,3\n\x00\xff"
    answer = slack.files_upload_v2(
        channel="DU0ANNA", content=content, filename="report.csv", initial_comment="This week"
    )
    [uploaded] = fake.uploaded("DU0ANNA")
    assert answer["file"]["id"] == uploaded.file_id and answer["file"]["title"] == "report.csv"
    assert (uploaded.filename, uploaded.content, uploaded.channel) == ("report.csv", content, "DU0ANNA")
    assert (uploaded.initial_comment, uploaded.team_id) == ("This week", "T0LEAD")
    assert fake.uploaded("U0ANNA") == [uploaded] and fake.uploaded("C0LEAD") == []
    [message] = slack.conversations_history(channel="DU0ANNA")["messages"]
    assert message["text"] == "This week" and message["files"][0]["id"] == uploaded.file_id

    # The same step done as a browser or curl -F would: a multipart form.
    step = slack.files_getUploadURLExternal(filename="notes.txt", length=5)
    boundary = "standin-boundary"
    form = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="notes.txt"\r\n'
        f"Content-Type: text/plain\r\n\r\nhello\r\n--{boundary}--\r\n"
    ).encode()
    request = urllib.request.Request(
        step["upload_url"], data=form, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200
    slack.files_completeUploadExternal(files=[{"id": step["file_id"]}], channel_id="C0LEAD")
    assert [f.content for f in fake.uploaded("C0LEAD")] == [b"hello"]


def test_files_upload_errors(fake):
    slack = client(fake)
    assert error_of(lambda: slack.api_call("files.getUploadURLExternal", params={"length": 3})) == "invalid_arguments"
    assert error_of(lambda: slack.api_call("files.getUploadURLExternal", params={"filename": "a"})) == (
        "invalid_arguments"
    )
    assert error_of(lambda: slack.files_completeUploadExternal(files=[{"id": "F0NOPE"}])) == "file_not_found"

    step = slack.files_getUploadURLExternal(filename="a.txt", length=1)  # bytes never sent
    assert error_of(lambda: slack.files_completeUploadExternal(files=[{"id": step["file_id"]}])) == "file_not_found"
    twice = [{"id": step["file_id"]}] * 2
    assert error_of(lambda: slack.files_completeUploadExternal(files=twice)) == "invalid_arguments"
    assert error_of(lambda: client(fake, "xoxb-t0other").files_upload_v2(channel="DU0ANNA", content="x")) == (
        "channel_not_found"
    )
    assert fake.files == {}


# --- hanging ------------------------------------------------------------------------------


def test_a_hung_call_times_out_and_a_released_one_answers(fake):
    fake.hang("chat.postMessage")
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        client(fake, timeout=1).chat_postMessage(channel="U0ANNA", text="lost?")
    assert 0.9 < time.monotonic() - started < 1.8
    fake.wait_hung(1)
    fake.release()  # the late answer goes nowhere, but Slack did take the message
    fake.wait_for("chat.postMessage")

    fake.clear()
    fake.hang("chat.postMessage")
    answers = []
    worker = threading.Thread(
        target=lambda: answers.append(client(fake, timeout=5).chat_postMessage(channel="U0ANNA", text="slow"))
    )
    worker.start()
    fake.wait_hung(1)
    assert answers == []
    fake.release()
    worker.join(timeout=2)
    assert answers[0]["ok"] and answers[0]["channel"] == "DU0ANNA"
    assert client(fake).chat_postMessage(channel="U0ANNA", text="no longer hung")["ok"]


def test_stop_lets_hung_calls_go(fake):
    fake.hang("auth.test", times=2)
    errors = []

    def call():
        try:
            client(fake, timeout=5, retry_handlers=[]).auth_test()
        except Exception as error:
            errors.append(error)

    workers = [threading.Thread(target=call) for _ in range(2)]
    for worker in workers:
        worker.start()
    fake.wait_hung(2)
    started = time.monotonic()
    fake.stop()
    for worker in workers:
        worker.join(timeout=2)
    assert time.monotonic() - started < 1.5 and len(errors) == 2
    assert fake.calls == []  # closed unanswered, never carried out


def test_an_image_block_shows_only_an_uploaded_image_of_its_own_workspace(fake):
    slack = client(fake)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
    picture = slack.files_upload_v2(file=png, filename="chart.png", title="Chart")["file"]["id"]
    text = slack.files_upload_v2(file=b"just words", filename="notes.txt")["file"]["id"]
    other = client(fake, fake.teams["T0OTHER"].token).files_upload_v2(file=png, filename="theirs.png")["file"]["id"]
    announced = slack.files_getUploadURLExternal(filename="later.png", length=len(png))["file_id"]  # never sent

    def post(file: dict) -> dict:
        image = {"type": "image", "alt_text": "A chart", "slack_file": file}
        return slack.chat_postMessage(channel="C0LEAD", text="Digest", blocks=[image])

    assert post({"id": picture})["ok"] and fake.uploaded("C0LEAD") == []  # shown, not shared
    for refused in ({"id": text}, {"id": other}, {"id": announced}, {"id": "F0NONE"}):
        with pytest.raises(SlackApiError) as raised:
            post(refused)
        assert raised.value.response["error"] == "invalid_blocks", refused
        assert raised.value.response["errors"] == ["invalid slack file [json-pointer:/blocks/0/slack_file]"]
    both = {"id": picture, "url": "https://files.slack.com/files-pri/T0LEAD-x/chart.png"}
    assert error_of(lambda: post(both)) == "invalid_blocks"
    no_alt = [{"type": "image", "slack_file": {"id": picture}}]
    assert error_of(lambda: slack.chat_postMessage(channel="C0LEAD", text="x", blocks=no_alt)) == "invalid_blocks"
