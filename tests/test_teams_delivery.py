"""Proactive Teams sends (check-ins, digests, partner notes) on the Bot Connector's terms:
no null fields, a refusal (4xx) recorded as failed and never retried, the roster read as
Teams documents it. Through the real server, the real SDK and the stand-in connector."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.ticking import run_tick
from storage.models import ConversationRef, Digest, Nudge

# ruff: noqa: F811  (the fixtures imported below are named as parameters)
from tests.test_teams_wire import (  # noqa: F401
    FRIDAY_1405,
    MONDAY_0905,
    TENANT,
    card_text,
    connector,
    teams,
    teams_services,
)

INVALID = {"error": {"code": "BadArgument", "message": "Invalid input"}}
CHANNEL = "19:team-general@thread.tacv2"


def nulls(value, path="") -> list[str]:
    if value is None:
        return [path]
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in nulls(item, f"{path}.{key}")]
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in nulls(item, f"{path}[{i}]")]
    return []


def test_the_stand_in_refuses_an_activity_with_a_null_field_as_the_connector_does(connector):
    activity = {"type": "message", "id": None, "text": "hi", "conversation": {"id": "a:x"}}
    request = urllib.request.Request(
        connector.url + "v3/conversations/a:x/activities",
        data=json.dumps(activity).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        urllib.request.urlopen(request, timeout=5)
        raise AssertionError("a null id was accepted")
    except urllib.error.HTTPError as error:
        assert error.code == 400 and json.loads(error.read()) == INVALID
    assert not connector.sent

    activity.pop("id")
    request.data = json.dumps(activity).encode()
    with urllib.request.urlopen(request, timeout=5) as answer:
        assert answer.status == 201 and json.loads(answer.read())["id"]


def test_a_check_in_and_a_partner_note_carry_no_null_field_and_arrive(teams, teams_services, connector, session):
    teams.say("anna", "hjälp")  # Anna has a chat with leadbot
    activity = teams.activity(
        "ben", 'commit collaboration "Call Täby" by 2027-01-12 with <at>Anna</at>', locale="en-GB"
    )
    activity["entities"] = [
        {"type": "mention", "text": "<at>Anna</at>", "mentioned": {"id": "29:anna", "aadObjectId": "aad-anna"}}
    ]
    before = len(connector.sent)
    assert teams.post(activity)[0] == 202
    note = next(s for s in connector.wait_for(before + 2)[before:] if s.conversation == "a:personal-anna")
    assert "Ben har valt dig som parhäst" in note.text and note.reply_to is None

    report = run_tick(teams_services, MONDAY_0905)

    assert report.sent == 1 and report.failed == 0 and report.pending == 0
    [checkin] = [s for s in connector.sent if s.cards]
    assert checkin.conversation == "a:personal-ben" and "Call Täby" in card_text(checkin.cards[0])
    assert nulls(checkin.body) == [] and nulls(note.body) == []
    assert connector.refused == []
    assert session.exec(select(Nudge.state)).all() == ["sent"]


def test_a_400_from_the_connector_fails_the_check_in_for_good_and_is_not_retried(
    teams, teams_services, connector, session
):
    teams.say("ben", 'commit course "Copilot in daily work" by 2027-01-20', locale="en-GB")
    connector.fail(400, times=10, body=INVALID)
    posts = len(connector.sent)

    report = run_tick(teams_services, MONDAY_0905)
    again = run_tick(teams_services, MONDAY_0905 + timedelta(minutes=1))

    assert (report.sent, report.pending, report.failed) == (0, 0, 1)
    assert (again.sent, again.pending, again.failed) == (0, 0, 0)
    [nudge] = session.exec(select(Nudge)).all()
    assert nudge.state == "failed" and "400" in nudge.error and "BadArgument: Invalid input" in nudge.error
    assert len(connector.sent) == posts  # nothing got through, and nothing was tried again and again
    session.expire_all()
    assert all(ref.gone_at is None for ref in session.exec(select(ConversationRef)))  # the chat is still there


@pytest.mark.parametrize("status", [401, 408])
def test_a_time_out_or_a_credential_not_yet_taken_is_tried_again(teams, teams_services, connector, session, status):
    teams.say("ben", 'commit course "Copilot in daily work" by 2027-01-20', locale="en-GB")
    connector.fail(status, times=1, body={"error": {"code": "Unauthorized" if status == 401 else "Timeout"}})

    first = run_tick(teams_services, MONDAY_0905)
    second = run_tick(teams_services, MONDAY_0905 + timedelta(minutes=1))

    assert (first.sent, first.pending, first.failed) == (0, 1, 0)
    assert (second.sent, second.failed) == (1, 0)
    session.expire_all()
    assert [n.state for n in session.exec(select(Nudge))] == ["sent"]


def test_a_404_fails_the_check_in_and_marks_the_chat_gone(teams, teams_services, connector, session):
    teams.say("ben", 'commit course "Copilot in daily work" by 2027-01-20', locale="en-GB")
    connector.fail(404, times=10, body={"error": {"code": "ConversationNotFound", "message": "Conversation not found"}})

    report = run_tick(teams_services, MONDAY_0905)

    assert (report.sent, report.pending, report.failed) == (0, 0, 1)
    [nudge] = session.exec(select(Nudge)).all()
    assert nudge.state == "failed" and nudge.error.startswith("404 ConversationNotFound")
    session.expire_all()
    assert all(ref.gone_at is not None for ref in session.exec(select(ConversationRef)))


def _digest_on(teams, connector) -> None:
    channel = teams.activity("anna", "<at>leadbot</at> digest on")
    channel["conversation"] = {"id": f"{CHANNEL};messageid=1", "conversationType": "channel", "tenantId": TENANT}
    channel["channelData"] = {"tenant": {"id": TENANT}, "team": {"id": "19:team"}, "channel": {"name": "Ledning"}}
    channel["entities"] = [{"type": "mention", "text": "<at>leadbot</at>", "mentioned": {"id": "28:leadbot"}}]
    before = len(connector.sent)
    assert teams.post(channel)[0] == 202
    connector.wait_for(before + 1)


def test_a_digest_refused_with_400_is_counted_as_failed_and_not_posted_again(
    teams, teams_services, connector, session, clock
):
    clock.now = MONDAY_0905
    teams.say("anna", 'commit kurs "AI för chefer" senast 2027-01-15')
    _digest_on(teams, connector)
    connector.join(CHANNEL, user_id="29:anna", name="Anna Berg", object_id="aad-anna", tenant=TENANT)
    connector.fail(400, times=10, body=INVALID)

    first = run_tick(teams_services, FRIDAY_1405)
    second = run_tick(teams_services, FRIDAY_1405 + timedelta(minutes=1))

    assert first.digests.get("failed") == 1 and first.digests.get("pending", 0) == 0
    assert second.digests.get("failed", 0) == 0 and second.digests.get("sent", 0) == 0
    [digest] = session.exec(select(Digest)).all()
    assert digest.state == "failed" and "BadArgument" in digest.error
    assert not [s for s in connector.sent if s.conversation == CHANNEL and s.cards]


def test_the_roster_as_teams_documents_it_counts_the_weeks_activity(teams, teams_services, connector, clock):
    clock.now = MONDAY_0905
    teams.say("anna", 'commit kurs "AI för chefer" senast 2027-01-15')
    teams.say("anna", "reflect #1 klar")
    _digest_on(teams, connector)
    connector.join(CHANNEL, user_id="29:anna", name="Anna Berg", object_id="aad-anna", tenant=TENANT)
    connector.join(CHANNEL, user_id="29:ceo", name="Chef Chefsson", object_id="aad-ceo", tenant=TENANT)

    report = run_tick(teams_services, FRIDAY_1405)

    assert report.digests.get("sent") == 1
    [post] = [s for s in connector.sent if s.conversation == CHANNEL and s.cards]
    text = card_text(post.cards[0])
    assert "En lugn vecka" not in text and "A quiet week" not in text
    assert "AI för chefer" in text and "Anna" in text
    assert "1 leader completed 1 commitment" in text  # the team digest is in LEADBOT_DEFAULT_LOCALE


def _post(url: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_the_stand_in_offers_files_only_for_an_app_whose_manifest_supports_them():
    from bot.teams.manifest import manifest
    from bot.teams.standin import ConnectorStandIn
    from tests.test_teams_wire import APP_ID, PAGES

    shipped = manifest(APP_ID, **PAGES)
    without = {**shipped, "bots": [{**shipped["bots"][0], "supportsFiles": False}]}
    offer = {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.teams.card.file.consent",
                "name": "leadbot.json",
                "content": {"description": "x", "sizeInBytes": 2, "acceptContext": {}, "declineContext": {}},
            }
        ],
    }
    for app, expected in ((without, 400), (shipped, 201), (None, 400)):
        fake = ConnectorStandIn(manifest=app).start()
        try:
            status, _ = _post(fake.url + "v3/conversations/a:x/activities", offer)
            assert status == expected, app and app["bots"][0]["supportsFiles"]
        finally:
            fake.stop()


def test_the_stand_in_answers_the_roster_as_teams_documents_it(connector):
    connector.join(CHANNEL, user_id="29:anna", name="Anna Berg", object_id="aad-anna", tenant=TENANT)
    with urllib.request.urlopen(connector.url + f"v3/conversations/{CHANNEL}/members", timeout=5) as answer:
        [member] = json.loads(answer.read())
    assert member == {
        "id": "29:anna",
        "name": "Anna Berg",
        "objectId": "aad-anna",
        "givenName": "Anna",
        "surname": "Berg",
        "userPrincipalName": "anna@kommun.example",
        "tenantId": TENANT,
        "userRole": "user",
    }


def test_an_answer_to_an_activity_without_an_id_carries_no_null_field(teams, connector):
    install = teams.activity("eva", "", locale="en-US", tz=None)
    install.pop("text")
    install.pop("id")  # an event Teams sends without an id of its own: the answer is a new message
    install.pop("locale")
    install.update(type="conversationUpdate", membersAdded=[{"id": "28:leadbot"}])

    assert teams.post(install)[0] == 202

    [hello] = connector.wait_for(1)
    assert "commit" in hello.text and hello.reply_to is None and nulls(hello.body) == []
    assert connector.refused == []
