"""Add to calendar, pressed on Slack through the real app over signed HTTP: from the reply to
/commit, a check-in and App Home, the .ics file and the two links land in the person's own DM."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar
from sqlmodel import select

from bot.tick_job import run_tick
from storage.models import Commitment, Nudge
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
        found += [e for e in block.get("elements") or [] if e.get("action_id") == action_id]
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
