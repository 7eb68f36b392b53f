"""Add to calendar through the real app: on Slack over signed HTTP, from the reply to /commit,
a check-in and App Home, the .ics file and the two links land in the person's own DM; on Teams
the links on the card and the file through the consent flow, into the stand-in connector."""

# ruff: noqa: F811  (the Teams fixtures imported below are named as parameters)

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar
from sqlmodel import select

from bot.tick_job import run_tick
from storage.models import Commitment, Nudge
from tests.test_teams_schemas import CARD_SCHEMA, problems, schema
from tests.test_teams_wire import card_text, connector, teams, teams_services  # noqa: F401
from tests.test_teams_wire import press as teams_press
from tests.wire import blocks_text

MONDAY_0905 = datetime(2026, 11, 30, 9, 5, tzinfo=UTC)
STOCKHOLM = ZoneInfo("Europe/Stockholm")
LONDON = ZoneInfo("Europe/London")


def commit(slack, user: str, text: str, n: int, **where) -> dict:
    slack.command(user, "/commit", text, **where)
    return slack.replies(n)[-1]


def buttons(message: dict, action_id: str) -> list[dict]:
    found = []
    for block in message.get("blocks") or []:
        elements = [*(block.get("elements") or []), block.get("accessory") or {}]
        found += [e for e in elements if e.get("action_id") == action_id]
    return found


def press(slack, user: str, button: dict, container: dict | None = None):
    return slack.interact(
        {
            "type": "block_actions",
            "user": {"id": user, "team_id": "T0LEAD"},
            "container": container or {"type": "message", "channel_id": "C0GENERAL", "is_ephemeral": True},
            "actions": [{"action_id": button["action_id"], "value": button["value"], "type": "button"}],
        }
    )


def dms(standin, user: str) -> list[dict]:
    return [c.args for c in standin.of("chat.postMessage") if c.args["channel"] == user]


def event_in(upload):
    [event] = Calendar.from_ical(upload.content).walk("VEVENT")
    return event


def test_add_to_calendar_from_the_commit_reply_sends_the_file_and_the_links_to_the_dm(slack, standin, session):
    reply = commit(slack, "U0ANNA", 'kurs "AI för chefer" senast 15 dec', 1)
    [button] = buttons(reply, "commitment_calendar")
    assert button["text"]["text"] == "Lägg i kalendern"
    commitment = session.exec(select(Commitment)).one()
    assert button["value"] == str(commitment.id)

    response = press(slack, "U0ANNA", button)

    assert response.status == 200
    [message] = [c.args for c in standin.wait_for("chat.postMessage") if c.args["channel"] == "U0ANNA"]
    [upload] = standin.uploaded(channel="U0ANNA")
    assert upload.channels == ["DU0ANNA"] and upload.filename == "leadbot-1.ics"
    assert upload.initial_comment == "#1 AI för chefer: öppna filen för att lägga in den i kalendern."
    event = event_in(upload)
    assert event["UID"] == f"commitment-{commitment.id}@leadbot"
    assert event.decoded("DTSTART") == datetime(2026, 12, 14, 9, 0, tzinfo=STOCKHOLM)
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert str(event["SUMMARY"]) == "Studietid: AI för chefer"
    assert "/reflect #1 klar" in str(event["DESCRIPTION"])

    text = blocks_text(message)
    assert "*#1* AI för chefer till din kalender" in text
    assert "Måndag 14 dec. 2026 09:00–10:00 (Europe/Stockholm)" in text
    [outlook] = buttons(message, "calendar_outlook")
    [google] = buttons(message, "calendar_google")
    assert (outlook["text"]["text"], google["text"]["text"]) == ("Outlook / Microsoft 365", "Google Kalender")
    outlook_query = parse_qs(urlsplit(outlook["url"]).query)
    assert outlook_query["subject"] == ["Studietid: AI för chefer"]
    assert outlook_query["startdt"] == ["2026-12-14T09:00:00+01:00"]
    google_query = parse_qs(urlsplit(google["url"]).query)
    assert google_query["dates"] == ["20261214T090000/20261214T100000"]
    assert google_query["ctz"] == ["Europe/Stockholm"]

    press(slack, "U0ANNA", buttons(message, "calendar_outlook")[0] | {"value": ""})  # the link's own press
    assert response.status == 200


def test_from_a_check_in_in_english_and_a_second_press_updates_the_same_event(slack, standin, services, session):
    commit(slack, "U0BEN", 'collaboration "Call Täby about their AI policy" by 2027-01-12', 1)
    run_tick(services, MONDAY_0905)
    nudge = session.exec(select(Nudge)).one()
    [checkin] = [c.args for c in standin.of("chat.postMessage") if c.args["channel"] == "U0BEN"]
    [button] = buttons(checkin, "commitment_calendar")
    assert button["text"]["text"] == "Add to calendar"
    on_the_checkin = {"type": "message", "channel_id": nudge.channel, "message_ts": nudge.ts}

    press(slack, "U0BEN", button, on_the_checkin)
    standin.wait_for("files.completeUploadExternal")
    press(slack, "U0BEN", button, on_the_checkin)
    standin.wait_for("files.completeUploadExternal", 2)

    first, second = (event_in(u) for u in standin.uploaded(channel="U0BEN"))
    assert first["UID"] == second["UID"]
    assert int(second["SEQUENCE"]) >= int(first["SEQUENCE"])
    # Ben is in London: the meeting with the other organisation at 10:00 his time, the Monday before.
    assert first.decoded("DTSTART") == datetime(2027, 1, 11, 10, 0, tzinfo=LONDON)
    assert str(first["SUMMARY"]) == "Meeting: Call Täby about their AI policy"
    assert "/reflect #1 done" in str(first["DESCRIPTION"])
    assert not standin.of("chat.update")  # the check-in itself is left as it was
    session.expire_all()
    assert session.exec(select(Commitment)).one().state == "active"


def test_a_repeating_commitment_from_app_home_is_a_series(slack, standin, session):
    commit(slack, "U0ANNA", 'annat "Skriva månadsbrev till personalen" varje månad', 1)
    slack.event({"type": "app_home_opened", "user": "U0ANNA", "tab": "home", "channel": "D0ANNA"})
    [home] = standin.wait_for("views.publish")
    [button] = buttons(home.args["view"], "commitment_calendar")

    press(slack, "U0ANNA", button, {"type": "view", "view_id": "VHOME"})

    [message] = [c.args for c in standin.wait_for("chat.postMessage") if c.args["channel"] == "U0ANNA"]
    event = event_in(standin.uploaded(channel="U0ANNA")[0])
    rule = dict(event["RRULE"])
    assert rule["FREQ"] == ["MONTHLY"] and rule["UNTIL"][0].year == 2028
    assert "Upprepas varje månad till och med" in blocks_text(message)
    google = parse_qs(urlsplit(buttons(message, "calendar_google")[0]["url"]).query)
    assert google["recur"][0].startswith("RRULE:FREQ=MONTHLY;BYDAY=")


def test_moving_a_commitment_offers_the_moved_event(slack, standin, session):
    commit(slack, "U0ANNA", 'kurs "AI för chefer" senast 15 dec', 1)
    moved = commit(slack, "U0ANNA", "move #1 2027-01-15", 2)
    assert "Ligger det redan i kalendern?" in blocks_text(moved)
    [button] = buttons(moved, "commitment_calendar")

    press(slack, "U0ANNA", button)

    standin.wait_for("files.completeUploadExternal")
    event = event_in(standin.uploaded(channel="U0ANNA")[0])
    assert event.decoded("DTSTART") == datetime(2027, 1, 14, 9, 0, tzinfo=STOCKHOLM)


def test_someone_elses_commitment_gives_no_event_and_a_private_one_stays_in_the_own_dm(slack, standin, session):
    reply = commit(slack, "U0ANNA", 'misslyckande "Berätta om piloten" senast 2027-01-20 privat', 1)
    [button] = buttons(reply, "commitment_calendar")

    press(slack, "U0BEN", button)  # Ben presses Anna's button (or forges its value)

    [refusal] = [c.args for c in standin.wait_for("chat.postMessage") if c.args["channel"] == "U0BEN"]
    assert "Berätta om piloten" not in blocks_text(refusal)
    assert not standin.uploaded()

    press(slack, "U0ANNA", button)  # pressed on the reply in #general

    standin.wait_for("files.completeUploadExternal")
    [upload] = standin.uploaded()
    assert upload.channels == ["DU0ANNA"]
    event = event_in(upload)
    assert str(event["CLASS"]) == "PRIVATE" and "ATTENDEE" not in event
    assert str(event["SUMMARY"]) == "Inför teammötet: Berätta om piloten"
    everywhere_else = [
        c.args for c in standin.of("chat.postMessage") if c.args["channel"] not in ("U0ANNA", "U0BEN", "DU0ANNA")
    ]
    assert not any("Berätta om piloten" in blocks_text(m) for m in everywhere_else)


def test_a_done_commitment_has_no_event(slack, standin, session):
    reply = commit(slack, "U0ANNA", 'kurs "AI för chefer" senast 15 dec', 1)
    slack.command("U0ANNA", "/reflect", "#1 klar")
    slack.replies(2)

    press(slack, "U0ANNA", buttons(reply, "commitment_calendar")[0])

    [said] = [c.args for c in standin.wait_for("chat.postMessage") if c.args["channel"] == "U0ANNA"]
    assert "#1" in blocks_text(said) and not standin.uploaded()


def test_typed_on_slack_the_links_come_in_the_reply(slack, standin, session):
    commit(slack, "U0ANNA", 'kurs "AI för chefer" senast 15 dec', 1)

    slack.command("U0ANNA", "/leadbot", "kalender #1")

    [reply] = slack.replies(2)[1:]
    assert "*#1* AI för chefer till din kalender" in blocks_text(reply)
    [google] = buttons(reply, "calendar_google")
    assert parse_qs(urlsplit(google["url"]).query)["text"] == ["Studietid: AI för chefer"]
    slack.command("U0ANNA", "/leadbot", "kalender #7")
    assert "#7" in blocks_text(slack.replies(3)[-1])


# --- Teams -----------------------------------------------------------------------------------

CONSENT = "application/vnd.microsoft.teams.card.file.consent"


def actions_of(card: dict) -> list[dict]:
    found = []

    def walk(node):
        if isinstance(node, dict):
            if str(node.get("type", "")).startswith("Action."):
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return found


def accept(teams, user: str, consent: dict, name: str, *, locale: str = "sv-SE", action: str = "accept") -> int:
    activity = teams.activity(user, "", locale=locale)
    activity.pop("text")
    activity.update(
        type="invoke",
        name="fileConsent/invoke",
        value={
            "type": "fileUpload",
            "action": action,
            "context": consent["content"]["acceptContext"],
            "uploadInfo": {
                "name": consent["name"],
                "uploadUrl": teams.connector.upload_url(name),
                "contentUrl": f"https://onedrive.example/{name}",
                "uniqueId": name,
                "fileType": "ics",
            },
        },
    )
    status, _ = teams.post(activity)
    return status


def test_teams_check_in_add_to_calendar_shows_the_links_and_offers_the_file(teams, teams_services, connector, session):
    teams.say("anna", 'commit kurs "AI för chefer" senast 2027-01-15')
    run_tick(teams_services, MONDAY_0905)
    [card] = [s for s in connector.sent if s.cards][-1].cards
    [button] = [a for a in actions_of(card) if a.get("verb") == "calendar"]
    assert button["title"] == "Lägg i kalendern"
    before = len(connector.sent)

    answer = teams_press(teams, "anna", "calendar", button["data"])

    redrawn = answer["value"]
    assert answer["type"] == "application/vnd.microsoft.card.adaptive"
    assert "AI för chefer" in card_text(redrawn) and "[Klar]" in card_text(redrawn)  # still the check-in
    links = {a["title"]: a["url"] for a in actions_of(redrawn) if a["type"] == "Action.OpenUrl"}
    assert set(links) == {"Outlook / Microsoft 365", "Google Kalender"}
    outlook = parse_qs(urlsplit(links["Outlook / Microsoft 365"]).query)
    assert outlook["subject"] == ["Studietid: AI för chefer"]
    assert outlook["startdt"] == ["2027-01-14T09:00:00+01:00"] and outlook["enddt"] == ["2027-01-14T10:00:00+01:00"]
    assert "reflect #1 klar" in outlook["body"][0] and "/reflect" not in outlook["body"][0]
    google = parse_qs(urlsplit(links["Google Kalender"]).query)
    assert google["dates"] == ["20270114T090000/20270114T100000"] and google["ctz"] == ["Europe/Stockholm"]
    assert problems(redrawn, schema(CARD_SCHEMA)) == []

    [offer] = connector.wait_for(before + 1)[before:]
    assert offer.conversation == "a:personal-anna"
    [consent] = offer.body["attachments"]
    assert consent["contentType"] == CONSENT and consent["name"] == "leadbot-1.ics"
    assert "AI för chefer som kalenderfil" in consent["content"]["description"]

    assert accept(teams, "anna", consent, "anna.ics") == 200
    [event] = Calendar.from_ical(connector.uploads["anna.ics"]).walk("VEVENT")
    commitment = session.exec(select(Commitment)).one()
    assert event["UID"] == f"commitment-{commitment.id}@leadbot"
    assert event.decoded("DTSTART") == datetime(2027, 1, 14, 9, 0, tzinfo=STOCKHOLM)
    assert "reflect #1 klar" in str(event["DESCRIPTION"])
    [shown] = connector.sent[-1].body["attachments"]
    assert shown["contentType"] == "application/vnd.microsoft.teams.card.file.info"
    assert "Kalenderfilen ligger i din OneDrive" in connector.sent[-1].text


def test_teams_after_a_commit_form_and_typed_in_english(teams, connector, session):
    before = len(connector.sent)
    teams.post(teams.activity("ben", "commit", locale="en-GB"))
    [form] = connector.wait_for(before + 1)[-1].cards
    receipt = teams_press(
        teams,
        "ben",
        form["actions"][0]["verb"],
        {"category": "course", "what": "Copilot course", "due": "2027-01-20"},
        locale="en-GB",
    )["value"]
    [button] = [a for a in actions_of(receipt) if a.get("verb") == "calendar"]
    assert button["title"] == "Add to calendar"

    shown = teams_press(teams, "ben", "calendar", button["data"], locale="en-GB")["value"]

    assert "**#1** Copilot course for your calendar" in card_text(shown)
    assert "Tuesday Jan 19, 2027 09:00–10:00 (Europe/Stockholm)" in card_text(shown)
    assert problems(shown, schema(CARD_SCHEMA)) == []

    typed = teams.say("ben", 'commit course "Second course" by 2027-02-10', locale="en-GB")
    assert "`calendar #2`" in typed
    before = len(connector.sent)
    teams.post(teams.activity("ben", "calendar #2", locale="en-GB"))
    card_message, offer = connector.wait_for(before + 2)[before:]
    assert "Second course" in card_text(card_message.cards[0])
    [consent] = offer.body["attachments"]
    assert accept(teams, "ben", consent, "ben.ics", locale="en-GB", action="decline") == 200
    assert "No file was saved" in connector.sent[-1].text and "ben.ics" not in connector.uploads

    moved = teams.say("ben", "commit move #2 2027-03-10", locale="en-GB")
    assert "`calendar #2` gives the moved event" in moved


def test_teams_someone_elses_commitment_gives_no_event_or_file(teams, teams_services, connector, session):
    teams.say("anna", 'commit misslyckande "Berätta om piloten" senast 2027-01-20 privat')
    commitment = session.exec(select(Commitment)).one()
    before = len(connector.sent)

    refused = teams_press(teams, "ben", "calendar", {"commitment": commitment.id, "nudge": 0}, locale="en-GB")

    assert refused["type"] == "application/vnd.microsoft.activity.message"
    assert "belongs to someone else" in refused["value"] and "piloten" not in refused["value"]
    forged = {"name": "leadbot-1.ics", "content": {"acceptContext": {"calendar": commitment.id}}}
    assert accept(teams, "ben", forged, "forged.ics", locale="en-GB") == 200
    assert "forged.ics" not in connector.uploads
    assert all("piloten" not in str(s.body) for s in connector.sent[before:])
