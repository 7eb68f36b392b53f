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

from bot.tick_job import run_tick
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
    from tests.fakes.connector import ConnectorStandIn
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


# --- a first chat with someone who never wrote -------------------------------------------------


def _known_but_never_wrote(engine, user: str = "aad-ben", title: str = "Copilot in daily work") -> int:
    """Someone leadbot keeps, with a commitment, but with no chat of theirs (their data came
    along from before Teams references were kept): only the database knows them."""
    from datetime import date

    from storage import repo
    from storage.db import session_scope
    from storage.models import Commitment

    with session_scope(engine) as session:
        workspace = repo.get_or_create_workspace(session, platform="teams", external_id=TENANT)
        person = repo.get_or_create_person(session, workspace_id=workspace.id, external_id=user)
        number = repo.next_number(session, person=person)
        repo.add_commitment(
            session,
            commitment=Commitment(
                workspace_id=workspace.id,
                person_id=person.id,
                number=number,
                category="course",
                title=title,
                due=date(2027, 1, 20),
            ),
        )
        return person.id


def _chats_of(session, person_id: int) -> list[ConversationRef]:
    session.expire_all()
    return session.exec(select(ConversationRef).where(ConversationRef.person_id == person_id)).all()


def test_a_check_in_to_someone_who_never_wrote_opens_their_chat_and_a_second_one_reuses_it(
    teams, teams_services, connector, engine, session
):
    teams.say("anna", "hjälp")  # leadbot has a chat in the tenant, so it knows the connector's address
    ben = _known_but_never_wrote(engine)

    first = run_tick(teams_services, MONDAY_0905)

    assert (first.sent, first.failed, first.pending) == (1, 0, 0)
    [created] = connector.created
    assert created.body == {
        "isGroup": False,
        "bot": {"id": "28:leadbot", "name": "leadbot"},
        "members": [{"id": "aad-ben"}],
        "tenantId": TENANT,
        "channelData": {"tenant": {"id": TENANT}},
    }
    [checkin] = [s for s in connector.sent if s.cards]
    assert checkin.conversation == created.conversation and checkin.reply_to is None
    assert "Copilot in daily work" in card_text(checkin.cards[0]) and nulls(checkin.body) == []
    [chat] = _chats_of(session, ben)
    assert (chat.conversation_id, chat.team_id, chat.gone_at, chat.service_url) == (
        created.conversation,
        None,
        None,
        connector.url,
    )
    assert json.loads(chat.reference)["conversation"]["id"] == created.conversation

    second = run_tick(teams_services, MONDAY_0905 + timedelta(days=7))

    assert second.sent == 1 and len(connector.created) == 1  # the chat kept is the one used
    assert [s.conversation for s in connector.sent if s.cards] == [created.conversation] * 2
    assert len(_chats_of(session, ben)) == 1


def test_a_chat_teams_will_not_open_fails_the_check_in_once_and_is_not_tried_again(
    teams, teams_services, connector, engine, session
):
    teams.say("anna", "hjälp")
    ben = _known_but_never_wrote(engine)
    connector.fail(403, times=10, body={"error": {"code": "Forbidden", "message": "Bot is not installed"}})

    first = run_tick(teams_services, MONDAY_0905)
    again = run_tick(teams_services, MONDAY_0905 + timedelta(minutes=1))

    assert (first.sent, first.pending, first.failed) == (0, 0, 1)
    assert (again.sent, again.pending, again.failed) == (0, 0, 0)
    [nudge] = session.exec(select(Nudge)).all()
    assert nudge.state == "failed" and nudge.error.startswith("403")
    assert connector.created == [] and not [s for s in connector.sent if s.cards]
    assert _chats_of(session, ben) == []
    assert all(ref.gone_at is None for ref in session.exec(select(ConversationRef)))  # Anna's chat is fine


def test_a_busy_connector_opening_the_chat_is_waited_for_and_the_check_in_arrives(
    teams, teams_services, connector, engine, session
):
    teams.say("anna", "hjälp")
    ben = _known_but_never_wrote(engine)
    connector.fail(429, times=1, retry_after=0)

    report = run_tick(teams_services, MONDAY_0905)

    assert (report.sent, report.failed, report.pending) == (1, 0, 0)
    [created] = connector.created
    assert [s.conversation for s in connector.sent if s.cards] == [created.conversation]
    assert [c.conversation_id for c in _chats_of(session, ben)] == [created.conversation]


def test_without_any_chat_in_the_tenant_no_chat_is_opened_and_the_check_in_fails(
    teams_services, connector, engine, session
):
    _known_but_never_wrote(engine)  # nobody in the tenant ever wrote: Teams named no service URL

    report = run_tick(teams_services, MONDAY_0905)

    assert (report.sent, report.pending, report.failed) == (0, 0, 1)
    [nudge] = session.exec(select(Nudge)).all()
    assert nudge.state == "failed" and "no conversation in this tenant" in nudge.error
    assert connector.created == [] and connector.sent == []


@pytest.fixture
def outbound(teams_services):
    from bot.teams.delivery import TeamsOutbound
    from bot.teams.sdk import Sdk

    sdk = Sdk(teams_services.settings.teams, "teams-tell")
    yield TeamsOutbound(sdk, teams_services.engine, teams_services.settings.timezone)
    sdk.close()


def _message(text: str):
    from microsoft_agents.activity import Activity, ActivityTypes

    return Activity(type=ActivityTypes.message, text=text)


def test_tell_reaches_someone_who_never_wrote_and_then_their_existing_chat(teams, outbound, connector, engine, session):
    teams.say("anna", "hjälp")
    ben = _known_but_never_wrote(engine)
    before = len(connector.sent)

    assert outbound.tell(TENANT, "aad-ben", _message("Anna har valt dig som parhäst")) is True
    assert outbound.tell(TENANT, "aad-anna", _message("Ben har svarat")) is True

    told = connector.wait_for(before + 2)[before:]
    [created] = connector.created
    assert [(s.conversation, s.text) for s in told] == [
        (created.conversation, "Anna har valt dig som parhäst"),
        ("a:personal-anna", "Ben har svarat"),
    ]
    assert [c.conversation_id for c in _chats_of(session, ben)] == [created.conversation]
    assert outbound.personal_chat(TENANT, "aad-ben").conversation_id == created.conversation


def test_tell_says_no_for_a_stranger_and_for_a_chat_teams_says_is_gone(teams, outbound, connector, engine, session):
    teams.say("anna", "hjälp")
    before = len(connector.sent)

    assert outbound.personal_chat(TENANT, "aad-stranger") is None  # leadbot keeps nobody by that id
    assert outbound.tell(TENANT, "aad-stranger", _message("hej")) is False
    assert outbound.tell("another-tenant", "aad-anna", _message("hej")) is False
    connector.fail(403, times=10, body={"error": {"code": "Forbidden", "message": "The bot was removed"}})
    assert outbound.tell(TENANT, "aad-anna", _message("hej")) is False

    assert connector.created == [] and len(connector.sent) == before
    session.expire_all()
    [chat] = session.exec(select(ConversationRef)).all()
    assert chat.conversation_id == "a:personal-anna" and chat.gone_at is not None


def test_in_anonymous_mode_no_chat_is_opened_through_a_real_connector(teams, outbound, connector, engine, session):
    """Anonymous mode sends no token: a real Bot Connector would refuse the call, so leadbot does
    not make it; only a connector on this machine (a stand-in, the Agents Playground) is asked."""
    teams.say("anna", "hjälp")
    ben = _known_but_never_wrote(engine)
    chat = session.exec(select(ConversationRef)).one()
    real = "https://smba.trafficmanager.net/emea/"
    chat.service_url = real
    chat.reference = json.dumps({**json.loads(chat.reference), "serviceUrl": real})
    session.add(chat)
    session.commit()

    assert outbound.personal_chat(TENANT, "aad-ben") is None
    assert outbound.tell(TENANT, "aad-ben", _message("hej")) is False
    assert connector.created == [] and _chats_of(session, ben) == []


def test_the_stand_in_opens_a_chat_only_as_the_connector_does(connector):
    url = connector.url + "v3/conversations"
    good = {
        "isGroup": False,
        "bot": {"id": "28:leadbot"},
        "members": [{"id": "aad-ben"}],
        "tenantId": TENANT,
        "channelData": {"tenant": {"id": TENANT}},
    }
    bad = lambda message: (400, {"error": {"code": "BadArgument", "message": message}})  # noqa: E731

    assert _post(url, {**good, "members": []}) == bad("Conversation members are required")
    assert _post(url, {k: v for k, v in good.items() if k != "members"}) == bad("Conversation members are required")
    assert _post(url, {**good, "channelData": {}}) == bad("Tenant id is required")
    assert _post(url, {**good, "members": [{"id": "aad-ben"}, {"id": "aad-anna"}]}) == bad(
        "A 1:1 conversation has exactly one member"
    )
    assert _post(url, {**good, "topicName": None}) == (400, INVALID)
    assert [status for status, _ in connector.refused] == [400] * 5 and connector.created == []

    status, first = _post(url, good)
    again = _post(url, good)
    other = _post(url, {**good, "members": [{"id": "aad-anna"}]})
    with_message = _post(url, {**good, "activity": {"type": "message", "text": "Hej Ben"}})

    assert status == 201 and set(first) == {"id"} and again == (201, first)  # one 1:1 chat per bot and person
    assert other[1]["id"] != first["id"]
    assert with_message[1]["id"] == first["id"] and with_message[1]["activityId"]
    assert [c.conversation for c in connector.created] == [first["id"], first["id"], other[1]["id"], first["id"]]
    assert [(s.conversation, s.text) for s in connector.sent] == [(first["id"], "Hej Ben")]
