"""A commitment as a calendar event: the default slot, the .ics file read back with the same
library, and the links' query strings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from bot.i18n import format_date, t
from nudges import calendar_event
from nudges.calendar import WorkCalendar

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NEW_YORK = ZoneInfo("America/New_York")
THURSDAY = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm
SE = WorkCalendar("SE")


@dataclass(frozen=True)
class Commitment:
    id: int = 41
    number: int = 3
    category: str = "course"
    title: str = "AI för chefer"
    due: date = date(2026, 12, 15)
    repeat: str | None = None
    private: bool = False


def slot(now: datetime = THURSDAY, tz: ZoneInfo = STOCKHOLM, workdays: WorkCalendar = SE, **fields):
    return calendar_event.default_slot(Commitment(**fields), tz=tz, now=now, workdays=workdays)


def event_of(content: bytes):
    [event] = Calendar.from_ical(content).walk("VEVENT")
    return event


def ics(found, locale: str = "sv") -> bytes:
    words = calendar_event.words(found, locale, t, format_date)
    return calendar_event.ics(found, summary=words.summary, description=words.description, language=locale)


def test_the_default_is_the_kinds_slot_on_the_working_day_before_it_is_due():
    course = slot(due=date(2026, 12, 15))  # a Tuesday: Monday the 14th, 09:00–10:00
    assert (course.start, course.end) == (
        datetime(2026, 12, 14, 9, 0, tzinfo=STOCKHOLM),
        datetime(2026, 12, 14, 10, 0, tzinfo=STOCKHOLM),
    )
    failure = slot(category="failure", due=date(2026, 12, 15))  # the afternoon before the team meeting
    assert (failure.start.hour, failure.end - failure.start) == (15, timedelta(minutes=30))
    meeting = slot(category="collaboration", due=date(2026, 12, 15))
    assert (meeting.start.hour, meeting.end - meeting.start) == (10, timedelta(hours=1))


@pytest.mark.parametrize(
    "due, expected",
    [
        (date(2026, 12, 7), date(2026, 12, 4)),  # due Monday: the Friday before, not the weekend
        (date(2026, 12, 28), date(2026, 12, 23)),  # 24–27 Dec are Christmas Eve, Christmas and a weekend
        (date(2027, 1, 7), date(2027, 1, 5)),  # 6 Jan is Epiphany
        (date(2027, 6, 28), date(2027, 6, 24)),  # Midsummer Eve (Friday 25 June), then the weekend
    ],
)
def test_the_default_day_is_never_a_weekend_or_a_holiday(due, expected):
    found = slot(due=due)
    assert found.start.date() == expected
    assert SE.is_working_day(found.start.date())


def test_another_countrys_holidays_when_the_workspace_says_so():
    due = date(2027, 12, 7)  # Tuesday; Monday the 6th is Finland's Independence Day
    assert slot(due=due, now=datetime(2027, 11, 1, tzinfo=UTC)).start.date() == date(2027, 12, 6)
    finnish = slot(due=due, now=datetime(2027, 11, 1, tzinfo=UTC), workdays=WorkCalendar("FI"))
    assert finnish.start.date() == date(2027, 12, 3)


def test_the_default_is_never_in_the_past():
    # Due tomorrow (Friday), asked on Thursday at 10:00: 09:00 has gone, so Friday 09:00.
    assert slot(due=date(2026, 11, 27)).start == datetime(2026, 11, 27, 9, 0, tzinfo=STOCKHOLM)
    # The same at 07:00: today's 09:00 is still ahead.
    early = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)
    assert slot(now=early, due=date(2026, 11, 27)).start == datetime(2026, 11, 26, 9, 0, tzinfo=STOCKHOLM)
    # Overdue: the next working day's slot, not a day gone by.
    assert slot(due=date(2026, 11, 20)).start == datetime(2026, 11, 27, 9, 0, tzinfo=STOCKHOLM)


def test_the_file_read_back_field_by_field():
    found = slot()
    event = event_of(ics(found))

    assert event["UID"] == "commitment-41@leadbot"
    start = event.decoded("DTSTART")
    assert start == datetime(2026, 12, 14, 9, 0, tzinfo=STOCKHOLM) and str(start.tzinfo) == "Europe/Stockholm"
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert event.decoded("DTEND") == datetime(2026, 12, 14, 10, 0, tzinfo=STOCKHOLM)
    assert str(event["SUMMARY"]) == "Studietid: AI för chefer"
    assert event["SUMMARY"].params["LANGUAGE"] == "sv"
    description = str(event["DESCRIPTION"])
    assert "Åtagande #3 i leadbot: AI för chefer, senast 15 dec. 2026." in description
    assert "/reflect #3 klar" in description
    assert str(event["CLASS"]) == "PUBLIC" and "RRULE" not in event
    calendar = Calendar.from_ical(ics(found))
    assert str(calendar["METHOD"]) == "PUBLISH" and str(calendar["VERSION"]) == "2.0"
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Stockholm"


def test_the_uid_is_the_same_for_every_press_and_a_later_press_is_a_later_version():
    first = event_of(ics(slot()))
    later = event_of(ics(slot(now=THURSDAY + timedelta(minutes=5), due=date(2026, 12, 18))))
    assert first["UID"] == later["UID"]
    assert int(later["SEQUENCE"]) > int(first["SEQUENCE"])
    assert later.decoded("DTSTART").date() == date(2026, 12, 17)


def test_english_words_and_the_persons_own_zone():
    found = slot(tz=NEW_YORK, category="collaboration", title="Call Täby about their AI policy")
    event = event_of(ics(found, "en"))
    assert event.decoded("DTSTART") == datetime(2026, 12, 14, 10, 0, tzinfo=NEW_YORK)
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert str(event["SUMMARY"]) == "Meeting: Call Täby about their AI policy"
    assert "Commitment #3 in leadbot" in str(event["DESCRIPTION"])
    assert "/reflect #3 done" in str(event["DESCRIPTION"])


@pytest.mark.parametrize(
    "repeat, rule",
    [
        ("week", {"FREQ": ["WEEKLY"]}),
        ("biweekly", {"FREQ": ["WEEKLY"], "INTERVAL": [2]}),
        ("month", {"FREQ": ["MONTHLY"], "BYDAY": ["2MO"]}),  # 14 Dec 2026 is the second Monday
    ],
)
def test_a_repeating_commitment_is_a_series_that_ends(repeat, rule):
    found = slot(repeat=repeat)
    event = event_of(ics(found))
    rrule = dict(event["RRULE"])
    until = rrule.pop("UNTIL")[0]
    assert rrule == rule
    assert until.tzinfo is not None and until.utcoffset() == timedelta(0)  # UTC, as RFC 5545 asks with a TZID
    assert date(2028, 9, 1) < until.date() <= date(2028, 11, 26)  # leadbot's two-year planning horizon
    assert f"AI för chefer, {t('sv', f'repeat.{repeat}')}." in str(event["DESCRIPTION"])


def test_repeats_that_land_on_a_holiday_are_left_out():
    # Weekly on Wednesdays from 30 Dec: 6 Jan 2027 (Epiphany) is skipped, 13 Jan is not.
    found = slot(repeat="week", due=date(2026, 12, 31))
    event = event_of(ics(found))
    exdates = event.get("EXDATE")
    exdates = exdates if isinstance(exdates, list) else [exdates]
    skipped = {d.dt for e in exdates for d in e.dts}
    assert datetime(2027, 1, 6, 9, 0, tzinfo=STOCKHOLM) in skipped
    assert datetime(2027, 1, 13, 9, 0, tzinfo=STOCKHOLM) not in skipped
    assert all(not SE.is_working_day(d.date()) for d in skipped)


def test_a_private_commitment_is_a_private_event_with_nothing_but_itself():
    event = event_of(ics(slot(private=True)))
    assert str(event["CLASS"]) == "PRIVATE"
    assert "ATTENDEE" not in event and "ORGANIZER" not in event


def test_the_outlook_link_opens_a_pre_filled_event():
    found = slot()
    words = calendar_event.words(found, "sv", t, format_date)
    link = calendar_event.outlook_link(found, summary=words.summary, body=words.description)
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "outlook.office.com", "/calendar/0/deeplink/compose")
    query = parse_qs(parts.query)
    assert query["subject"] == ["Studietid: AI för chefer"]
    assert query["startdt"] == ["2026-12-14T09:00:00+01:00"]
    assert query["enddt"] == ["2026-12-14T10:00:00+01:00"]
    assert query["body"] == [words.description]
    assert query["path"] == ["/calendar/action/compose"] and query["rru"] == ["addevent"]


def test_the_google_link_opens_a_pre_filled_event_with_its_repeat():
    found = slot(repeat="month", category="failure", title="Berätta om piloten")
    words = calendar_event.words(found, "sv", t, format_date)
    link = calendar_event.google_link(found, summary=words.summary, details=words.description)
    parts = urlsplit(link)
    assert (parts.netloc, parts.path) == ("calendar.google.com", "/calendar/render")
    query = parse_qs(parts.query)
    assert query["action"] == ["TEMPLATE"]
    assert query["text"] == ["Inför teammötet: Berätta om piloten"]
    assert query["dates"] == ["20261214T150000/20261214T153000"]
    assert query["ctz"] == ["Europe/Stockholm"]
    assert query["details"] == [words.description]
    [recur] = query["recur"]
    assert recur.startswith("RRULE:FREQ=MONTHLY;BYDAY=2MO;UNTIL=2028") and recur.endswith("Z")
    assert "recur" not in parse_qs(urlsplit(calendar_event.google_link(slot(), summary="x", details="y")).query)
