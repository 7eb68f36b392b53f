"""Teams through the real server at POST /api/messages, the real Agents SDK in anonymous mode,
and a stand-in Bot Connector on 127.0.0.1 that records what the person would see."""

from __future__ import annotations

import dataclasses
import itertools
import json
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.http import make_server, make_wsgi, serve_in_thread
from bot.services import Services
from bot.settings import Settings
from bot.teams.host import TeamsHost
from storage.models import Commitment, ConversationRef, Person, Workspace
from tests.fakes.connector import ConnectorStandIn

TENANT = "tenant-kommun"
ANONYMOUS = {"CONNECTIONS__SERVICE_CONNECTION__SETTINGS__ANONYMOUS_ALLOWED": "true"}
APP_ID = "11111111-2222-3333-4444-555555555555"
PAGES = {"privacy_url": "https://kommun.example/leadbot/privacy", "terms_url": "https://kommun.example/leadbot/terms"}
_ids = itertools.count(1)


class Teams:
    """Plays Teams' side: posts activities as Teams would, to the real server."""

    def __init__(self, base_url: str, connector: ConnectorStandIn) -> None:
        self.base_url, self.connector = base_url, connector

    def post(self, activity: dict, headers: dict | None = None) -> tuple[int, str]:
        request = urllib.request.Request(
            self.base_url + "/api/messages",
            data=json.dumps(activity).encode(),
            headers={"Content-Type": "application/json", **(headers or {})},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def activity(self, user: str, text: str, *, locale: str = "sv-SE", tz: str | None = "Europe/Stockholm") -> dict:
        n = next(_ids)
        activity = {
            "type": "message",
            "id": f"incoming-{n}",
            "channelId": "msteams",
            "serviceUrl": self.connector.url,
            "from": {"id": f"29:{user}", "name": user.title(), "aadObjectId": f"aad-{user}"},
            "recipient": {"id": "28:leadbot", "name": "leadbot"},
            "conversation": {"id": f"a:personal-{user}", "conversationType": "personal", "tenantId": TENANT},
            "channelData": {"tenant": {"id": TENANT}},
            "text": text,
            "locale": locale,
        }
        if tz:
            activity["localTimezone"] = tz
        return activity

    def say(self, user: str, text: str, **kwargs) -> str:
        before = len(self.connector.sent)
        status, _ = self.post(self.activity(user, text, **kwargs))
        assert status in (200, 202), status
        return self.connector.wait_for(before + 1)[-1].text


@pytest.fixture
def connector():
    from bot.teams.manifest import manifest

    fake = ConnectorStandIn(manifest=manifest(APP_ID, **PAGES)).start()
    yield fake
    fake.stop()


def serve(services: Services):
    host = TeamsHost(services)
    server = make_server(make_wsgi(None, services.engine, services.metrics, host), host="127.0.0.1", port=0)
    thread = serve_in_thread(server)
    return host, server, thread


@pytest.fixture
def teams(database_url, engine, clock, connector):
    settings = Settings.from_env(
        {"DATABASE_URL": database_url, "LEADBOT_DEFAULT_LOCALE": "en", **ANONYMOUS}, dotenv_path=None
    )
    services = Services(settings=settings, engine=engine, clock=clock)
    host, server, thread = serve(services)
    yield Teams(f"http://127.0.0.1:{server.effective_port}", connector)
    server.close()
    server.task_dispatcher.shutdown()
    thread.join(timeout=5)
    host.close()


def test_commit_in_teams_is_saved_and_answered_in_the_persons_language(teams, connector, session):
    reply = teams.say("anna", 'commit kurs "AI för chefer" senast 15 dec')

    assert "Åtagande sparat" in reply and "**#1**" in reply and "AI för chefer" in reply
    [sent] = connector.sent
    assert sent.method == "POST" and sent.conversation == "a:personal-anna" and sent.reply_to.startswith("incoming-")
    commitment = session.exec(select(Commitment)).one()
    assert commitment.title == "AI för chefer" and commitment.category == "course"
    person = session.exec(select(Person)).one()
    assert (person.external_id, person.platform_locale, person.tz) == ("aad-anna", "sv-SE", "Europe/Stockholm")
    workspace = session.get(Workspace, person.workspace_id)
    assert (workspace.platform, workspace.external_id) == ("teams", TENANT)
    ref = session.exec(select(ConversationRef)).one()
    assert ref.person_id == person.id and ref.service_url == connector.url
    assert json.loads(ref.reference)["conversation"]["id"] == "a:personal-anna"


def test_english_a_leading_slash_reflect_and_a_refusal(teams, connector, session):
    reply = teams.say("ben", '/commit course "Copilot in daily work" by 2026-12-18', locale="en-GB", tz="Europe/London")
    assert "Committed" in reply and "Copilot in daily work" in reply

    assert "Noted on **#1**" in teams.say("ben", "reflect #1 booked the dates", locale="en-GB")
    assert teams.say("ben", "reflect #1 done", locale="en-GB") == "🎉 **#1** Copilot in daily work is done. Well done!"
    refusal = teams.say("ben", "commit become data-driven", locale="en-GB")
    assert refusal.startswith("✏️ Not saved yet — a commitment needs a **when**")
    assert len(session.exec(select(Commitment)).all()) == 1
    assert session.exec(select(Commitment)).one().state == "done"
    help_text = teams.say("ben", "help", locale="en-GB")
    assert "commit" in help_text.lower() and "reflect" in help_text.lower()


def test_without_anonymous_mode_a_request_without_a_token_gets_401(database_url, engine, clock, connector, session):
    settings = Settings.from_env(
        {
            "DATABASE_URL": database_url,
            "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": "00000000-0000-0000-0000-00000000b07",
            "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET": "not-used-here",
            "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID": "11111111-1111-1111-1111-111111111111",
        },
        dotenv_path=None,
    )
    services = Services(settings=settings, engine=engine, clock=clock)
    host, server, thread = serve(services)
    try:
        client = Teams(f"http://127.0.0.1:{server.effective_port}", connector)
        status, _ = client.post(client.activity("mallory", 'commit kurs "X" senast 15 dec'))
        assert status == 401
        status, _ = client.post(
            client.activity("mallory", 'commit kurs "X" senast 15 dec'), {"Authorization": "Bearer not-a-jwt"}
        )
        assert status == 401
    finally:
        server.close()
        server.task_dispatcher.shutdown()
        thread.join(timeout=5)
        host.close()
    assert not connector.sent
    assert not session.exec(select(Commitment)).all()


def test_teams_settings_stand_alone_and_need_all_three_without_anonymous_mode():
    from bot.settings import SettingsError

    alone = Settings.from_env(ANONYMOUS, dotenv_path=None)
    alone.require_front_end()  # no Slack settings needed
    assert alone.slack is False and alone.teams.anonymous_allowed
    with pytest.raises(SettingsError, match="CLIENTSECRET"):
        Settings.from_env({"CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": "x"}, dotenv_path=None)
    with pytest.raises(SettingsError, match="neither Slack nor Teams"):
        Settings.from_env({}, dotenv_path=None).require_front_end()
    assert dataclasses.is_dataclass(alone.teams)


MONDAY_0905 = datetime(2026, 11, 30, 9, 5, tzinfo=UTC)
FRIDAY_1405 = datetime(2026, 12, 4, 13, 5, tzinfo=UTC)


@pytest.fixture
def teams_services(database_url, engine, clock):
    settings = Settings.from_env(
        {"DATABASE_URL": database_url, "LEADBOT_DEFAULT_LOCALE": "en", **ANONYMOUS}, dotenv_path=None
    )
    return Services(settings=settings, engine=engine, clock=clock)


def press(teams: Teams, user: str, verb: str, data: dict, *, reply_to: str = "activity-1", locale="sv-SE") -> dict:
    activity = teams.activity(user, "", locale=locale)
    activity.update(
        type="invoke",
        name="adaptiveCard/action",
        replyToId=reply_to,
        value={"action": {"type": "Action.Execute", "verb": verb, "data": data}, "trigger": "manual"},
    )
    activity.pop("text")
    status, body = teams.post(activity)
    assert status == 200, (status, body)
    return json.loads(body)


def card_text(card: dict) -> str:
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "TextBlock":
                found.append(node["text"])
            if node.get("type") == "Action.Execute":
                found.append(f"[{node['title']}]")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return "\n".join(found)


def test_a_tick_sends_a_check_in_card_and_done_on_it_completes_and_redraws(teams, teams_services, connector, session):
    from bot.tick_job import run_tick

    teams.say("anna", 'commit kurs "AI för chefer" senast 2027-01-15')
    teams.say("ben", 'commit course "Copilot in daily work" by 2027-01-20', locale="en-GB", tz="Europe/London")

    report = run_tick(teams_services, MONDAY_0905)

    assert report.sent == 2
    checkins = [s for s in connector.sent if s.cards]
    by_conversation = {s.conversation: s for s in checkins}
    assert set(by_conversation) == {"a:personal-anna", "a:personal-ben"}
    anna = by_conversation["a:personal-anna"]
    assert anna.reply_to is None  # a new message, not a reply
    [card] = anna.cards
    assert card["version"] == "1.5" and "AI för chefer" in card_text(card)
    done = next(a for a in card["body"][1]["items"][-1]["actions"] if a["verb"] == "done")
    assert done["type"] == "Action.Execute" and done["title"] == "Klar"

    answer = press(teams, "anna", "done", done["data"])

    assert answer["statusCode"] == 200 and answer["type"] == "application/vnd.microsoft.card.adaptive"
    assert "Klart" in card_text(answer["value"]) and "[Klar]" not in card_text(answer["value"])
    session.expire_all()
    assert session.exec(select(Commitment).where(Commitment.title == "AI för chefer")).one().state == "done"

    refused = press(teams, "ben", "done", done["data"], locale="en-GB")  # Ben presses Anna's card
    assert refused["type"] == "application/vnd.microsoft.activity.message"
    assert "belongs to someone else" in refused["value"]
    session.expire_all()
    assert session.exec(select(Commitment).where(Commitment.title == "Copilot in daily work")).one().state == "active"


def test_drop_asks_first_and_snooze_and_reflect_work_from_the_card(teams, teams_services, connector, session):
    from bot.tick_job import run_tick

    teams.say("ben", 'commit course "Copilot in daily work" by 2027-01-20', locale="en-GB")
    run_tick(teams_services, MONDAY_0905)
    [card] = next(s for s in connector.sent if s.cards).cards
    data = card["body"][1]["items"][-1]["actions"][0]["data"]

    asking = press(teams, "ben", "drop", data, locale="en-GB")
    assert "[Drop it]" in card_text(asking["value"]) and "[Keep it]" in card_text(asking["value"])
    session.expire_all()
    assert session.exec(select(Commitment)).one().state == "active"
    kept = press(teams, "ben", "keep", data, locale="en-GB")
    assert "[Drop]" in card_text(kept["value"])

    form = press(teams, "ben", "reflect", data, locale="en-GB")
    assert any(i.get("type") == "Input.Text" for i in form["value"]["body"])
    saved = press(
        teams,
        "ben",
        "reflect_form",
        {**form["value"]["actions"][0]["data"], "text": "Booked the dates"},
        locale="en-GB",
    )
    assert "Copilot in daily work" in card_text(saved["value"])
    session.expire_all()
    from storage.models import Reflection

    assert [r.text for r in session.exec(select(Reflection))] == ["Booked the dates"]

    snoozed = press(teams, "ben", "snooze", data, locale="en-GB")
    assert "Snoozed" in card_text(snoozed["value"])
    press(teams, "ben", "drop_confirmed", data, locale="en-GB")
    session.expire_all()
    assert session.exec(select(Commitment)).one().state == "dropped"


def test_429_from_the_connector_is_retried_without_doubling_and_403_marks_the_chat_gone(
    teams, teams_services, connector, session
):
    from bot.tick_job import run_tick

    teams.say("anna", 'commit kurs "AI för chefer" senast 2027-01-15')
    teams.say("ben", 'commit course "Copilot in daily work" by 2027-01-20', locale="en-GB")
    connector.fail(429, times=2, retry_after=0)

    report = run_tick(teams_services, MONDAY_0905)

    assert report.sent == 2
    checkins = [s.conversation for s in connector.sent if s.cards]
    assert sorted(checkins) == ["a:personal-anna", "a:personal-ben"]  # each once, after the retries

    connector.fail(403, times=5)
    later = run_tick(teams_services, MONDAY_0905 + timedelta(days=7))
    assert later.failed == 2 and later.pending == 0
    session.expire_all()
    assert all(ref.gone_at is not None for ref in session.exec(select(ConversationRef)))


def test_digest_on_in_a_channel_and_the_digest_posted_once(teams, teams_services, connector, session, clock):
    from bot.tick_job import run_tick

    clock.now = MONDAY_0905  # a week with something in it
    teams.say("anna", 'commit kurs "AI för chefer" senast 2027-01-15')
    teams.say("anna", "reflect #1 klar")
    channel = teams.activity("anna", "<at>leadbot</at> digest on")
    channel["conversation"] = {
        "id": "19:team-general@thread.tacv2;messageid=1700000000000",
        "conversationType": "channel",
        "tenantId": TENANT,
        "isGroup": True,
    }
    channel["channelData"] = {
        "tenant": {"id": TENANT},
        "team": {"id": "19:team"},
        "channel": {"id": "19:x", "name": "Ledning"},
    }
    channel["entities"] = [
        {"type": "mention", "text": "<at>leadbot</at>", "mentioned": {"id": "28:leadbot", "name": "leadbot"}}
    ]
    before = len(connector.sent)
    status, _ = teams.post(channel)
    assert status == 202
    reply = connector.wait_for(before + 1)[-1]
    assert "fredag" in reply.text.lower() or "friday" in reply.text.lower()
    connector.join("19:team-general@thread.tacv2", user_id="29:anna", name="Anna", object_id="aad-anna", tenant=TENANT)

    first = run_tick(teams_services, FRIDAY_1405)
    second = run_tick(teams_services, FRIDAY_1405 + timedelta(minutes=1))

    assert first.digests.get("sent") == 1 and second.digests.get("sent", 0) == 0
    posts = [s for s in connector.sent if s.conversation == "19:team-general@thread.tacv2" and s.cards]
    assert len(posts) == 1
    text = card_text(posts[0].cards[0])
    assert "Veckans" in text or "This week's" in text
    assert "AI för chefer" in text and "Anna" in text


# The settings `leadbot teams-manifest` needs, as an operator sets them.
MANIFEST_ENV = {
    "PATH": "/usr/bin:/bin",
    "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": APP_ID,
    "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET": "secret",
    "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID": "tenant",
    "LEADBOT_TEAMS_PRIVACY_URL": PAGES["privacy_url"],
    "LEADBOT_TEAMS_TERMS_URL": PAGES["terms_url"],
}


def teams_manifest(folder, env: dict, *args: str):
    """`leadbot teams-manifest` in its own process, in `folder`, with only `env` set."""
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "teams-manifest", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_teams_manifest_writes_a_package_for_the_configured_bot(tmp_path):
    import zipfile

    result = teams_manifest(tmp_path, MANIFEST_ENV, "--out", "app.zip")
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "app.zip") as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(package.read("manifest.json"))
        assert package.read("color.png")[:8] == b"\x89PNG\r\n\x1a\n"
        assert package.read("color.png")[16:24] == (192).to_bytes(4, "big") * 2
        assert package.read("outline.png")[16:24] == (32).to_bytes(4, "big") * 2
    assert manifest["id"] == APP_ID and manifest["bots"][0]["botId"] == APP_ID
    assert manifest["bots"][0]["supportsFiles"] is True  # export offers a file consent card
    assert manifest["developer"]["privacyUrl"] == PAGES["privacy_url"]
    assert manifest["developer"]["termsOfUseUrl"] == PAGES["terms_url"]
    titles = {c["title"] for lst in manifest["bots"][0]["commandLists"] for c in lst["commands"]}
    assert {"commit", "reflect", "help", "digest on"} <= titles

    missing = teams_manifest(tmp_path, {"PATH": "/usr/bin:/bin"})
    assert missing.returncode == 2 and "CLIENTID is not set" in missing.stderr

    no_terms = {k: v for k, v in MANIFEST_ENV.items() if k != "LEADBOT_TEAMS_TERMS_URL"}
    unnamed = teams_manifest(tmp_path, no_terms, "--out", "other.zip")
    assert unnamed.returncode == 2 and "LEADBOT_TEAMS_TERMS_URL is not set" in unnamed.stderr
    assert not (tmp_path / "other.zip").exists()
    plain = teams_manifest(
        tmp_path, {**MANIFEST_ENV, "LEADBOT_TEAMS_PRIVACY_URL": "http://kommun.example/privacy"}, "--out", "other.zip"
    )
    assert plain.returncode == 2 and "LEADBOT_TEAMS_PRIVACY_URL must be the https URL" in plain.stderr


def test_settings_answers_to_a_check_in_export_and_erase_in_teams(teams, teams_services, connector, session):
    from bot.tick_job import run_tick
    from storage.models import Reflection

    teams.say("ben", 'commit course "Copilot in daily work" by 2027-01-20', locale="en-GB")
    shown = teams.say("ben", "checkin tue 08:30", locale="en-GB")
    assert "check-in Tuesday 08:30" in shown and "Your streak starts" in shown
    assert "Give a weekday" in teams.say("ben", "checkin sat 08:30", locale="en-GB")
    assert "paused until" in teams.say("ben", "pause until 2026-12-01", locale="en-GB")
    assert "paused" not in teams.say("ben", "resume", locale="en-GB")
    assert "team digests: left out" in teams.say("ben", "hide", locale="en-GB")
    assert "språk Svenska" in teams.say("ben", "language sv", locale="en-GB")
    teams.say("ben", "language en", locale="en-GB")

    run_tick(teams_services, datetime(2026, 12, 1, 8, 35, tzinfo=UTC))  # Tuesday 08:35 in London
    assert [s for s in connector.sent if s.cards], "a check-in at the new slot"
    answered = teams.say("ben", "Booked two days in January", locale="en-GB")
    assert "Noted on **#1**" in answered
    assert "1-week streak" in teams.say("ben", "settings", locale="en-GB")
    listed = teams.say("ben", "commit list", locale="en-GB")
    assert "Copilot in daily work" in listed and "Recent reflections" in listed
    assert "Booked two days in January" in listed
    session.expire_all()
    assert [(r.text, r.commitment_id is not None) for r in session.exec(select(Reflection))] == [
        ("Booked two days in January", True)
    ]

    before = len(connector.sent)
    status, _ = teams.post(teams.activity("ben", "export", locale="en-GB"))
    assert status == 202
    offer = connector.wait_for(before + 1)[-1]
    [attachment] = offer.body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.teams.card.file.consent"
    accept = teams.activity("ben", "", locale="en-GB")
    accept.pop("text")
    accept.update(
        type="invoke",
        name="fileConsent/invoke",
        value={
            "type": "fileUpload",
            "action": "accept",
            "context": attachment["content"]["acceptContext"],
            "uploadInfo": {
                "name": attachment["name"],
                "uploadUrl": connector.upload_url("export.json"),
                "contentUrl": "https://onedrive.example/export.json",
                "uniqueId": "u1",
                "fileType": "json",
            },
        },
    )
    status, _ = teams.post(accept)
    assert status == 200
    data = json.loads(connector.uploads["export.json"])
    assert [c["title"] for c in data["commitments"]] == ["Copilot in daily work"]
    assert [r["text"] for r in data["reflections"]] == ["Booked two days in January"]
    assert connector.sent[-1].body["attachments"][0]["contentType"] == "application/vnd.microsoft.teams.card.file.info"

    before = len(connector.sent)
    teams.post(teams.activity("ben", "erase", locale="en-GB"))
    [card] = connector.wait_for(before + 1)[-1].cards
    assert "cannot be undone" in card_text(card)
    erased = press(teams, "ben", card["actions"][0]["verb"], card["actions"][0]["data"], locale="en-GB")
    assert "Done: 1 commitments, 1 reflections and 1 check-ins are erased" in erased["value"]
    session.expire_all()
    assert not session.exec(select(Commitment)).all() and not session.exec(select(Reflection)).all()
    assert not session.exec(select(Person).where(Person.external_id == "aad-ben")).all()
    assert not session.exec(select(ConversationRef)).all()


def test_a_partner_named_by_mention_is_kept_and_told_in_their_chat(teams, connector, session):
    teams.say("anna", "help")  # Anna has a chat with leadbot
    activity = teams.activity(
        "ben", 'commit collaboration "Call Täby" by 2027-01-12 with <at>Anna</at>', locale="en-GB"
    )
    activity["entities"] = [
        {
            "type": "mention",
            "text": "<at>Anna</at>",
            "mentioned": {"id": "29:anna", "name": "Anna", "aadObjectId": "aad-anna"},
        }
    ]
    before = len(connector.sent)
    status, _ = teams.post(activity)
    assert status == 202
    sent = connector.wait_for(before + 2)
    told = next(s for s in sent[before:] if s.conversation == "a:personal-anna")
    reply = next(s for s in sent[before:] if s.conversation == "a:personal-ben")
    assert "Anna is your partner" in reply.text and "Call Täby" in reply.text
    assert "Ben har valt dig som parhäst" in told.text
    assert session.exec(select(Commitment)).one().partner_external_id == "aad-anna"

    refusal_free = teams.say("ben", 'commit course "X" by 2027-01-12 with @nobody', locale="en-GB")
    assert "couldn't find anyone called @nobody" in refusal_free


def test_installing_in_a_personal_chat_keeps_the_chat_and_says_hello(teams, connector, session):
    install = teams.activity("eva", "", locale="en-US", tz=None)
    install.pop("text")
    install.update(type="conversationUpdate", membersAdded=[{"id": "28:leadbot"}])

    status, _ = teams.post(install)

    assert status == 202
    hello = connector.wait_for(1)[-1]
    assert hello.conversation == "a:personal-eva" and "commit" in hello.text
    person = session.exec(select(Person)).one()
    assert (person.external_id, person.tz) == ("aad-eva", None)  # no time zone given: LEADBOT_TIMEZONE applies
    assert session.exec(select(ConversationRef)).one().person_id == person.id


def test_move_and_drop_by_number_and_a_repeated_delivery_is_applied_once(teams, connector, session):
    activity = teams.activity("ben", 'commit course "Copilot in daily work" by 2027-01-20', locale="en-GB")
    assert teams.post(activity)[0] == 202
    assert teams.post(activity)[0] == 202  # Teams delivering the same activity again
    connector.wait_for(1)
    assert len(session.exec(select(Commitment)).all()) == 1

    moved = teams.say("ben", "commit move #1 to 2027-02-03", locale="en-GB")
    assert "#1" in moved and "Feb 3, 2027" in moved
    assert "is one of yours" not in teams.say("ben", "commit drop #1", locale="en-GB")
    session.expire_all()
    commitment = session.exec(select(Commitment)).one()
    assert (commitment.state, commitment.due.isoformat()) == ("dropped", "2027-02-03")
    assert len(connector.sent) == 3  # one answer each: the repeat got none


def test_bare_commit_and_reflect_answer_with_forms_that_save(teams, connector, session):
    from storage.models import Reflection

    before = len(connector.sent)
    teams.post(teams.activity("anna", "commit"))
    [form] = connector.wait_for(before + 1)[-1].cards
    inputs = {i["id"]: i for i in form["body"] if i.get("id")}
    assert set(inputs) == {"category", "what", "due", "repeat", "private"} and form["version"] == "1.5"
    assert [c["title"] for c in inputs["repeat"]["choices"]] == [
        "Upprepas inte", "varje vecka", "varannan vecka", "varje månad"
    ] and inputs["repeat"]["value"] == "none"  # fmt: skip
    save = form["actions"][0]
    answer = press(
        teams,
        "anna",
        save["verb"],
        {**save["data"], "category": "course", "what": "AI för chefer", "due": "2026-12-15", "private": "false"},
    )
    # the form turns into what was saved: nothing left to fill in or send again
    assert answer["type"] == "application/vnd.microsoft.card.adaptive"
    saved = card_text(answer["value"])
    assert "Åtagande sparat" in saved and "AI för chefer" in saved and "`" not in saved
    assert "actions" not in answer["value"] and not [i for i in answer["value"]["body"] if i.get("id")]
    past = press(teams, "anna", save["verb"], {"category": "course", "what": "Gammalt", "due": "2025-01-01"})
    assert "Gammalt" not in str(session.exec(select(Commitment.title)).all())
    # refused: the same form again, with what was typed and why
    again = {i["id"]: i for i in past["value"]["body"] if i.get("id")}
    assert again["what"]["value"] == "Gammalt" and again["what"]["isRequired"] and again["due"]["isRequired"]
    assert again["what"]["maxLength"] == 150  # as the grammar allows
    assert "passerat" in card_text(past["value"]) and past["value"]["actions"][0]["verb"] == save["verb"]

    before = len(connector.sent)
    teams.post(teams.activity("anna", "reflect"))
    [form] = connector.wait_for(before + 1)[-1].cards
    choices = next(i for i in form["body"] if i.get("id") == "number")["choices"]
    assert [c["value"] for c in choices] == ["0", "1"]
    save = form["actions"][0]
    done = press(teams, "anna", save["verb"], {**save["data"], "number": "1", "text": "", "done": "true"})
    assert "AI för chefer" in card_text(done["value"]) and "actions" not in done["value"]
    session.expire_all()
    assert session.exec(select(Commitment)).one().state == "done"
    press(teams, "anna", save["verb"], {**save["data"], "number": "0", "text": "Gå-möten fungerar", "done": "false"})
    session.expire_all()
    assert [r.text for r in session.exec(select(Reflection))][-1] == "Gå-möten fungerar"

    # a vision in the form is questioned as in a line, and kept when its title ends with "ändå"
    before = len(connector.sent)
    teams.post(teams.activity("anna", "commit"))
    [form] = connector.wait_for(before + 1)[-1].cards
    save = form["actions"][0]
    vision = {**save["data"], "category": "other", "what": "Öka tilliten i teamet", "due": "2026-12-15"}
    challenged = press(teams, "anna", save["verb"], vision)
    assert "mål än ett steg" in card_text(challenged["value"]) and "actions" in challenged["value"]
    assert "avsluta titeln med ”ändå”" in card_text(challenged["value"])  # not "send the same line"
    kept = press(teams, "anna", save["verb"], {**vision, "what": "Öka tilliten i teamet ändå"})
    assert "Åtagande sparat" in card_text(kept["value"])
    session.expire_all()
    assert "Öka tilliten i teamet" in session.exec(select(Commitment.title)).all()

    # a repeating step, as the Slack form offers it
    monthly = {**save["data"], "category": "failure", "what": "Dela en lärdom på APT", "due": "2026-12-15"}
    answer = press(teams, "anna", save["verb"], {**monthly, "repeat": "month"})
    assert "varje månad" in card_text(answer["value"])
    session.expire_all()
    saved = session.exec(select(Commitment).where(Commitment.title == "Dela en lärdom på APT")).one()
    assert saved.repeat == "month"


def test_an_empty_reflect_form_comes_back_saying_what_is_missing(teams, connector, session):
    from storage.models import Reflection

    teams.say("anna", 'commit kurs "AI för chefer" senast 2027-01-15')
    empty = press(teams, "anna", "reflect_form", {"number": "0", "text": " ", "done": "false"})

    assert empty["type"] == "application/vnd.microsoft.card.adaptive"
    shown = card_text(empty["value"])
    assert "Inte sparat" in shown and "skriv vad du vill notera" in shown and "Logga framsteg" not in shown
    assert empty["value"]["actions"][0]["verb"] == "reflect_form"  # the form again, to fill in
    assert session.exec(select(Reflection)).all() == []


def test_on_teams_a_suggested_step_fills_the_card_and_is_saved_serving_its_area(
    teams, teams_services, connector, session
):
    before = len(connector.sent)
    teams.post(teams.activity("anna", "hjälp"))
    connector.wait_for(before + 1)
    from tests.test_starting_points_wire import with_strategy

    with_strategy(session, teams_services, "aad-anna")

    before = len(connector.sent)
    teams.post(teams.activity("anna", "commit"))
    [form] = connector.wait_for(before + 1)[-1].cards
    starts = [a for b in form["body"] if b.get("type") == "ActionSet" for a in b["actions"]]
    assert [a["title"] for a in starts] == [
        "AI i verksamheten: Gå kursen AI för chefer",
        "AI i verksamheten: Besök en kommun som använder AI i handläggningen",
    ]
    assert all(a["associatedInputs"] == "none" for a in starts)  # pressed before the required fields are filled

    refilled = press(teams, "anna", starts[0]["verb"], starts[0]["data"])["value"]
    inputs = {i["id"]: i for i in refilled["body"] if i.get("id")}
    assert (inputs["what"]["value"], inputs["category"]["value"], inputs["focus"]["value"]) == (
        "Gå kursen AI för chefer",
        "course",
        "ai",
    )
    save = refilled["actions"][0]
    answer = press(teams, "anna", save["verb"], {"category": "course", "what": "Gå kursen AI för chefer",
                                                 "due": "2027-02-12", "focus": "ai", "private": "false"})  # fmt: skip
    assert "Åtagande sparat" in card_text(answer["value"])
    session.expire_all()
    saved = session.exec(select(Commitment)).one()
    from storage.models import FocusArea

    assert saved.title == "Gå kursen AI för chefer" and session.get(FocusArea, saved.focus_area_id).key == "ai"
    assert json.dumps(refilled).count("commit_start") == 2  # the starting points stay offered
