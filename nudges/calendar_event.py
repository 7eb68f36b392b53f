"""A commitment as a calendar event: the slot it gets when the person does not pick one, the
`.ics` file (RFC 5545) and the links that open a pre-filled event in Outlook on the web and in
Google Calendar.

Nothing here needs calendar access or a scope: the person imports the file or opens a link
themselves. The file's UID is the commitment's, so importing it again after a change (a new
date, a second press) updates the event instead of adding another one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday
from icalendar import Calendar, Event, Timezone

from nudges.calendar import WorkCalendar
from nudges.drafts import Category, Repeat
from nudges.rules import HORIZON

PRODID = "-//leadbot//calendar event//EN"
UID_DOMAIN = "leadbot"
OUTLOOK = "https://outlook.office.com/calendar/0/deeplink/compose"
GOOGLE = "https://calendar.google.com/calendar/render"

# When the slot is, for each kind of commitment, on the working day before it is due: study
# time in the morning, the afternoon before the team meeting to get ready to tell what went
# wrong, mid-morning for the meeting with the other organisation.
SLOTS: dict[str, tuple[time, timedelta]] = {
    Category.COURSE: (time(9, 0), timedelta(hours=1)),
    Category.FAILURE: (time(15, 0), timedelta(minutes=30)),
    Category.COLLABORATION: (time(10, 0), timedelta(hours=1)),
    Category.OTHER: (time(9, 0), timedelta(hours=1)),
}
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class CalendarSlot:
    """When the event is, in the person's own time zone, and how it repeats."""

    commitment_id: int
    number: int
    category: str
    title: str
    due: date
    repeat: str | None
    private: bool
    start: datetime  # aware, in `tz`
    end: datetime
    tz: ZoneInfo
    until: datetime | None = None  # a repeating one: the last start, in UTC
    skipped: tuple[datetime, ...] = ()  # repeats that fall on a weekend or a holiday
    stamp: datetime | None = None  # when it was made (DTSTAMP), in UTC

    @property
    def uid(self) -> str:
        return uid(self.commitment_id)

    @property
    def sequence(self) -> int:
        """Grows with every press, so a calendar takes a later file as the newer version."""
        stamp = self.stamp or datetime.now(UTC)
        return max(0, int((stamp - datetime(2026, 1, 1, tzinfo=UTC)).total_seconds() // 60))

    def rule(self) -> dict | None:
        """The RRULE's parts. A monthly one keeps to a weekday of the month (the second
        Tuesday, the last Thursday) rather than a date, so that it never lands on a weekend."""
        if not self.repeat:
            return None
        repeat = Repeat(self.repeat)
        if repeat == Repeat.MONTH:
            rule = {"FREQ": "MONTHLY", "BYDAY": f"{_nth(self.start.date())}{DAYS[self.start.weekday()]}"}
        elif repeat == Repeat.BIWEEKLY:
            rule = {"FREQ": "WEEKLY", "INTERVAL": 2}
        else:
            rule = {"FREQ": "WEEKLY"}
        return {**rule, "UNTIL": self.until}

    def rule_text(self) -> str | None:
        """The RRULE as written in a file or a link."""
        rule = self.rule()
        if rule is None:
            return None
        until = rule.pop("UNTIL").astimezone(UTC)
        return ";".join([*(f"{k}={v}" for k, v in rule.items()), f"UNTIL={until:%Y%m%dT%H%M%SZ}"])


def _nth(day: date) -> int:
    """Which of the month's weekdays of its kind `day` is: 1 to 4, or -1 for the last."""
    if (day + timedelta(days=7)).month != day.month and day.day > 21:
        return -1
    return (day.day - 1) // 7 + 1


def uid(commitment_id: int) -> str:
    return f"commitment-{commitment_id}@{UID_DOMAIN}"


def default_slot(commitment, *, tz: ZoneInfo, now: datetime, workdays: WorkCalendar) -> CalendarSlot:
    """The kind's slot on the last working day before the due date (a weekday, not a holiday,
    within working hours in the person's zone), never in the past: when no such day is left,
    the first working day's slot from now on, even if that is the due date or after it."""
    at, length = SLOTS.get(commitment.category, SLOTS[Category.OTHER])
    local_now = now.astimezone(tz)
    day = workdays.add_working_days(commitment.due, -1)
    earliest = _first_slot_day(local_now, at, workdays)
    if day < earliest:
        day = earliest
    start = datetime.combine(day, at, tzinfo=tz)
    until, skipped = None, ()
    if commitment.repeat:
        until, skipped = _repeats(Repeat(commitment.repeat), start, local_now, workdays)
    return CalendarSlot(
        commitment_id=commitment.id,
        number=commitment.number,
        category=commitment.category,
        title=commitment.title,
        due=commitment.due,
        repeat=commitment.repeat,
        private=commitment.private,
        start=start,
        end=start + length,
        tz=tz,
        until=until,
        skipped=skipped,
        stamp=now.astimezone(UTC),
    )


def _first_slot_day(local_now: datetime, at: time, workdays: WorkCalendar) -> date:
    today = local_now.date()
    if workdays.is_working_day(today) and local_now.time() < at:
        return today
    return workdays.on_or_after(today + timedelta(days=1))


def _repeats(
    repeat: Repeat, start: datetime, local_now: datetime, workdays: WorkCalendar
) -> tuple[datetime, tuple[datetime, ...]]:
    """A repeating commitment repeats until leadbot's planning horizon; the repeats that land
    on a day off (a monthly one on a Saturday, a weekly one on a holiday) are left out."""
    last = datetime.combine(local_now.date() + HORIZON, start.timetz())
    rule = {
        Repeat.WEEK: dict(freq=WEEKLY),
        Repeat.BIWEEKLY: dict(freq=WEEKLY, interval=2),
        Repeat.MONTH: dict(freq=MONTHLY, byweekday=weekday(start.weekday(), _nth(start.date()))),
    }[repeat]
    starts = list(rrule(dtstart=start, until=last, **rule))
    skipped = tuple(s for s in starts if not workdays.is_working_day(s.date()))
    return starts[-1].astimezone(UTC), skipped


@dataclass(frozen=True)
class Words:
    summary: str
    description: str


def words(slot: CalendarSlot, locale: str, t, format_date) -> Words:
    """The event's title and description in the person's language: what the commitment is,
    why the slot is there, and how to reflect on it in leadbot. Nothing else of theirs (no
    partner, no reflection) goes into an event."""
    values = dict(number=slot.number, title=slot.title, due=format_date(slot.due, locale))
    if slot.repeat:
        about = t(locale, "calendar.about_repeat", repeat=t(locale, f"repeat.{slot.repeat}"), **values)
    else:
        about = t(locale, "calendar.about", **values)
    description = "\n\n".join(
        [about, t(locale, f"calendar.why.{slot.category}"), t(locale, "calendar.how", number=slot.number)]
    )
    return Words(t(locale, f"calendar.summary.{slot.category}", title=slot.title), description)


def notes(slot: CalendarSlot, locale: str, t, day_text) -> list[str]:
    """What the person reads with the file and the links: when, how it repeats, and that
    adding it again updates the same event."""
    found = [
        t(
            locale,
            "calendar.when",
            day=day_text(slot.start.date(), locale),
            start=f"{slot.start:%H:%M}",
            end=f"{slot.end:%H:%M}",
            tz=str(slot.tz),
        )
    ]
    if slot.repeat and slot.until is not None:
        until = day_text(slot.until.astimezone(slot.tz).date(), locale)
        found.append(t(locale, "calendar.repeats", repeat=t(locale, f"repeat.{slot.repeat}"), until=until))
    found.append(t(locale, "calendar.again"))
    return found


# --- the file ---------------------------------------------------------------------------


def ics(slot: CalendarSlot, *, summary: str, description: str, language: str) -> bytes:
    """One VEVENT with its VTIMEZONE, published for the person to import."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # The zone's rules for a year at least, so that the event keeps its hour when it is moved
    # across a change to or from summer time.
    last = max((slot.until or slot.end).astimezone(slot.tz).date(), slot.start.date() + timedelta(days=366))
    calendar.add_component(
        Timezone.from_tzinfo(slot.tz, first_date=slot.start.date() - timedelta(days=1), last_date=last)
    )
    event = Event()
    event.add("uid", slot.uid)
    event.add("sequence", slot.sequence)
    event.add("dtstamp", slot.stamp or datetime.now(UTC))
    event.add("dtstart", slot.start)
    event.add("dtend", slot.end)
    event.add("summary", summary, parameters={"LANGUAGE": language})
    event.add("description", description, parameters={"LANGUAGE": language})
    event.add("class", "PRIVATE" if slot.private else "PUBLIC")
    event.add("transp", "OPAQUE")  # the point is that the time shows as busy
    rule = slot.rule()
    if rule is not None:
        event.add("rrule", rule)
        for skipped in slot.skipped:
            event.add("exdate", skipped)
    calendar.add_component(event)
    return calendar.to_ical()


# --- the links --------------------------------------------------------------------------


def outlook_link(slot: CalendarSlot, *, summary: str, body: str) -> str:
    """Outlook on the web (Microsoft 365): a new event, pre-filled, to save or change. The link
    carries one occurrence: a series comes with the file."""
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": summary,
        "startdt": slot.start.isoformat(),
        "enddt": slot.end.isoformat(),
        "body": body,
    }
    return f"{OUTLOOK}?{urlencode(query)}"


def google_link(slot: CalendarSlot, *, summary: str, details: str) -> str:
    """Google Calendar's event template: local times with the zone named, and the repeat."""
    query = {
        "action": "TEMPLATE",
        "text": summary,
        "dates": f"{slot.start:%Y%m%dT%H%M%S}/{slot.end:%Y%m%dT%H%M%S}",
        "details": details,
        "ctz": str(slot.tz),
    }
    if rule := slot.rule_text():
        query["recur"] = f"RRULE:{rule}"
    return f"{GOOGLE}?{urlencode(query)}"
