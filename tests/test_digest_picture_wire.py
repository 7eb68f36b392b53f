"""The digest's small picture through the real app, the tick and the stand-ins: posted once with
the digest (Slack: an uploaded file in the post's image block; Teams: an image in the card), never
for a group under five, off when the channel says so, and a digest all the same when Slack will
not take the file."""

# ruff: noqa: F811  (the fixtures imported below are named as parameters)
from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.tick_job import run_tick
from storage.models import Digest, Team
from tests.fakes.connector import MESSAGE_LIMIT
from tests.test_digest_wire import FRIDAY_1405, digests, leader_command
from tests.test_teams_wire import TENANT, card_text, connector, teams, teams_services  # noqa: F401
from tests.wire import blocks_text

LEADERS = ("U0ANNA", "U0BEN", "U0PA", "U0EN", "U0LIV")
PNG = b"\x89PNG\r\n\x1a\n"


class Chat:
    """Slash commands in the team's channel, each answer waited for in turn."""

    def __init__(self, slack) -> None:
        self.slack, self.n = slack, 0

    def __call__(self, user: str, command: str, text: str) -> str:
        self.n += 1
        return leader_command(self.slack, user, command, text, self.n)


def team_of(slack, standin, clock, leaders=LEADERS, *, completing=LEADERS) -> Chat:
    """A channel of `leaders`; each of `completing` completes one step, two of them two weeks
    back (in the picture, not in this week's digest); Ben shares a failure; Anna completes a
    private step too, which nothing may count."""
    standin.add_user("U0LIV", "liv", real_name="Liv Lund")
    standin.add_channel("C0TEAM", "ledning", list(leaders))
    chat = Chat(slack)
    assert "veckobrev" in chat("U0ANNA", "/leadbot", "digest on")
    now = clock.now
    for i, user in enumerate(leaders):
        clock.now = now - timedelta(weeks=2) if i < 2 else now
        chat(user, "/commit", f'course "Kurs {i}" by 2026-12-15')
        if user in completing:
            chat(user, "/reflect", "#1 done")
    clock.now = now
    chat("U0BEN", "/reflect", "failure: the chatbot pilot flopped; ask case workers first")
    chat("U0ANNA", "/commit", 'annat "Hemlig plan" senast 20 dec privat')
    chat("U0ANNA", "/reflect", "#2 klar")
    return chat


def image_blocks(call) -> list[dict]:
    return [b for b in call.args["blocks"] if b["type"] == "image"]


def test_the_digest_is_posted_once_with_its_picture_uploaded_once(slack, standin, services, session, clock):
    team_of(slack, standin, clock)

    first = run_tick(services, FRIDAY_1405)
    again = run_tick(services, FRIDAY_1405 + timedelta(minutes=1))

    assert first.digests["sent"] == 1 and again.digests.get("sent", 0) == 0
    [post] = digests(standin)
    [image] = image_blocks(post)
    alt = image["alt_text"]
    assert alt.startswith("Last 6 weeks: 5 steps completed, 1 failure shared.")  # the private step is not one
    assert "W46 2/0" in alt and "W48 3/1" in alt and "W47 0/0" in alt
    assert image["title"]["text"] == "Last 6 weeks"
    [uploaded] = standin.uploaded()
    assert image["slack_file"] == {"id": uploaded.file_id}
    assert uploaded.content.startswith(PNG) and uploaded.channels == []  # shown by the post, shared nowhere else
    assert len(uploaded.content) < 10_000
    assert len(standin.of("files.getUploadURLExternal")) == 1
    assert "This week's leading by example" in blocks_text(post.args)
    assert "Hemlig plan" not in blocks_text(post.args) and "Hemlig plan" not in alt
    row = session.exec(select(Digest)).one()
    assert (row.state, row.picture_file) == ("sent", uploaded.file_id)


def test_four_counted_leaders_get_their_digest_without_a_picture(slack, standin, services, session, clock):
    team_of(slack, standin, clock, completing=LEADERS[:4])  # the fifth only committed: not in the numbers

    assert run_tick(services, FRIDAY_1405).digests["sent"] == 1

    [post] = digests(standin)
    assert image_blocks(post) == []
    assert standin.of("files.getUploadURLExternal") == [] and standin.uploaded() == []
    assert "completed" in blocks_text(post.args)


def test_a_retry_after_the_post_failed_shows_the_file_it_uploaded_before(slack, standin, services, session, clock):
    team_of(slack, standin, clock)
    standin.fail("chat.postMessage", 503, times=1)  # the post may or may not have gone out

    first = run_tick(services, FRIDAY_1405)
    kept = session.exec(select(Digest)).one().picture_file
    second = run_tick(services, FRIDAY_1405 + timedelta(minutes=5))

    assert first.digests["pending"] == 1 and second.digests["sent"] == 1
    assert kept is not None
    assert len(standin.of("files.getUploadURLExternal")) == 1
    assert len(standin.of("files.completeUploadExternal")) == 1
    [post] = digests(standin)
    assert image_blocks(post)[0]["slack_file"] == {"id": kept}
    session.expire_all()
    row = session.exec(select(Digest)).one()
    assert (row.state, row.attempts, row.picture_file) == ("sent", 2, kept)


def test_an_upload_slack_keeps_failing_does_not_hold_the_digest_back(slack, standin, services, session, clock):
    team_of(slack, standin, clock)
    standin.fail("files.getUploadURLExternal", 503, times=20)  # a host the municipality's proxy blocks, say

    report = run_tick(services, FRIDAY_1405)

    assert report.digests["sent"] == 1
    [post] = digests(standin)
    assert image_blocks(post) == []
    row = session.exec(select(Digest)).one()
    assert (row.state, row.attempts, row.picture_file) == ("sent", 1, None)
    assert run_tick(services, FRIDAY_1405 + timedelta(minutes=5)).digests["sent"] == 0  # posted once


@pytest.mark.slack_refuses  # missing_scope is what this test is about
def test_an_install_without_files_write_gets_its_digest_without_picture_at_once(
    slack, standin, services, session, clock
):
    team_of(slack, standin, clock)
    standin.grant([s for s in standin.granted() if s != "files:write"])

    report = run_tick(services, FRIDAY_1405)

    assert report.digests["sent"] == 1
    [post] = digests(standin)
    assert image_blocks(post) == []
    [refused] = [c for c in standin.refused if c.method == "files.getUploadURLExternal"]
    assert refused.result["error"] == "missing_scope" and refused.result["needed"] == "files:write"
    assert standin.of("files.completeUploadExternal") == []
    row = session.exec(select(Digest)).one()
    assert (row.state, row.attempts, row.picture_file) == ("sent", 1, None)


def test_picture_off_and_on_in_english_and_swedish(slack, standin, services, session, clock):
    chat = team_of(slack, standin, clock)

    assert "without its chart" in chat("U0BEN", "/leadbot", "digest picture off")
    assert session.exec(select(Team)).one().picture is False
    assert run_tick(services, FRIDAY_1405).digests["sent"] == 1
    assert image_blocks(digests(standin)[0]) == [] and standin.uploaded() == []

    assert "visar åter ett litet diagram" in chat("U0ANNA", "/leadbot", "veckobrev bild på")
    session.expire_all()
    assert session.exec(select(Team)).one().picture is True
    assert "utan diagram" in chat("U0ANNA", "/leadbot", "veckobrev bild av")
    assert "`on` or `off`" in chat("U0BEN", "/leadbot", "digest picture maybe")
    session.expire_all()
    assert session.exec(select(Team)).one().picture is False
    clock.now += timedelta(days=7)
    chat("U0PA", "/commit", 'kurs "Ny vecka" senast 2027-01-15')
    assert run_tick(services, FRIDAY_1405 + timedelta(days=7)).digests["sent"] == 1
    assert [image_blocks(p) for p in digests(standin)] == [[], []]


def test_the_digest_settings_reply_and_help_tell_of_the_picture(slack, standin):
    standin.add_channel("C0TEAM", "ledning", ["U0ANNA", "U0BEN"])
    chat = Chat(slack)
    assert "litet diagram" in chat("U0ANNA", "/leadbot", "digest on")
    assert "`/leadbot digest picture on|off`" in chat("U0BEN", "/leadbot", "digest")


# --- Teams ---------------------------------------------------------------------------------

CHANNEL = "19:team-general@thread.tacv2"
PEOPLE = ("anna", "ben", "cai", "dan", "eva")


def channel_says(teams, user: str, text: str) -> dict:
    activity = teams.activity(user, f"<at>leadbot</at> {text}")
    activity["conversation"] = {
        "id": f"{CHANNEL};messageid=1700000000000",
        "conversationType": "channel",
        "tenantId": TENANT,
        "isGroup": True,
    }
    activity["channelData"] = {
        "tenant": {"id": TENANT},
        "team": {"id": "19:team"},
        "channel": {"id": "19:x", "name": "Ledning"},
    }
    activity["entities"] = [
        {"type": "mention", "text": "<at>leadbot</at>", "mentioned": {"id": "28:leadbot", "name": "leadbot"}}
    ]
    return activity


def teams_team(teams, connector, people) -> None:
    for person in people:
        teams.say(person, 'commit kurs "Kurs" senast 2027-01-15')
        teams.say(person, "reflect #1 klar")
    before = len(connector.sent)
    status, _ = teams.post(channel_says(teams, "anna", "digest on"))
    assert status == 202
    connector.wait_for(before + 1)
    for person in PEOPLE:
        connector.join(CHANNEL, user_id=f"29:{person}", name=person.title(), object_id=f"aad-{person}", tenant=TENANT)


def posted_cards(connector) -> list:
    return [s for s in connector.sent if s.conversation == CHANNEL and s.cards]


def images(card: dict) -> list[dict]:
    return [element for element in card["body"] if element["type"] == "Image"]


def test_teams_gets_the_picture_in_its_digest_card_once(teams, teams_services, connector, clock):
    teams_team(teams, connector, PEOPLE)

    first = run_tick(teams_services, FRIDAY_1405)
    second = run_tick(teams_services, FRIDAY_1405 + timedelta(minutes=1))

    assert first.digests.get("sent") == 1 and second.digests.get("sent", 0) == 0
    [post] = posted_cards(connector)
    [image] = images(post.cards[0])
    kind, _, data = image["url"].partition(",")
    assert kind == "data:image/png;base64" and base64.b64decode(data).startswith(PNG)
    assert image["altText"].startswith(("Last 6 weeks: 5 steps completed", "De senaste 6 veckorna: 5 steg avklarade"))
    assert len(json.dumps(post.body).encode()) < MESSAGE_LIMIT
    assert "Kurs" in card_text(post.cards[0])


def test_teams_with_four_leaders_or_picture_off_gets_no_picture(teams, teams_services, connector, clock):
    teams_team(teams, connector, PEOPLE[:4])

    assert run_tick(teams_services, FRIDAY_1405).digests.get("sent") == 1
    teams.say("eva", 'commit kurs "Kurs" senast 2027-01-15')
    teams.say("eva", "reflect #1 klar")
    before = len(connector.sent)
    teams.post(channel_says(teams, "ben", "veckobrev bild av"))
    assert "utan diagram" in connector.wait_for(before + 1)[-1].text
    assert run_tick(teams_services, FRIDAY_1405 + timedelta(days=7)).digests.get("sent") == 1

    assert [images(post.cards[0]) for post in posted_cards(connector)] == [[], []]


def test_the_connector_refuses_a_message_over_its_size_limit(teams, connector):
    big = teams.activity("anna", "x" * (MESSAGE_LIMIT + 1))
    request = urllib.request.Request(
        f"{connector.url}/v3/conversations/a:personal-anna/activities",
        data=json.dumps(big).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 413
    assert json.loads(refused.value.read())["error"]["code"] == "MessageSizeTooBig"


@pytest.mark.slack_refuses  # Slack refuses a file it is still scanning: that is what this is about
def test_a_file_slack_is_still_scanning_is_waited_for_then_left_out(slack, standin, services, session, clock):
    team_of(slack, standin, clock)
    standin.file_ready_after = 0.5  # ready before the post's second try (a second later)

    assert run_tick(services, FRIDAY_1405).digests["sent"] == 1
    [post] = digests(standin)
    [refused] = [c for c in standin.refused if c.method == "chat.postMessage"]
    assert image_blocks(post)[0]["slack_file"] == image_blocks(refused)[0]["slack_file"]

    standin.file_ready_after = 3600  # never ready within the tick: the digest goes without it
    assert run_tick(services, FRIDAY_1405 + timedelta(days=7)).digests["sent"] == 1
    later = digests(standin)[-1]
    assert image_blocks(later) == []
    assert len([c for c in standin.refused if c.method == "chat.postMessage"]) == 1 + 3  # tried, waited, twice
    assert len(standin.of("files.getUploadURLExternal")) == 2  # one upload per digest
