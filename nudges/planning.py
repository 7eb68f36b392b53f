"""What is due for whom, and when: pure functions of a person's schedule, their commitments
and `now`, so that tests can walk across DST weeks and holidays without a clock.

One nudge message per person per local day at most: the weekly check-in and the reminders
around due dates are planned per day, and whatever falls on the same day is merged. One
check-in per ISO week: a slot moved after this week's was sent (by the person, or by the
workspace's default) waits for next week, and meanwhile only reminders go out (the tick knows
what was sent, see `reminders_only`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from nudges.calendar import WorkCalendar

LATE_LIMIT = timedelta(days=1)  # a slot missed by more than this is skipped, not sent late


@dataclass(frozen=True)
class Schedule:
    tz: ZoneInfo
    weekday: int = 0  # Monday
    at: time = time(9, 0)
    paused_until: date | None = None


@dataclass(frozen=True)
class Item:
    """A commitment as planning sees it."""

    id: int
    due: date
    repeat: str | None = None
    snoozed_until: date | None = None


@dataclass(frozen=True)
class Plan:
    day: date  # the person's local date of the slot: the key of "one per day"
    slot: datetime  # when it is due, aware
    checkin: bool  # the weekly check-in (else only reminders)
    items: tuple[int, ...]  # commitment ids to mention, in order
    soon: frozenset[int] = frozenset()  # due in two working days
    overdue: frozenset[int] = frozenset()  # passed yesterday (a working day ago)


def slot_time(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The local wall-clock time on that day; in a DST gap it lands just after the jump."""
    local = datetime.combine(day, at, tzinfo=tz)
    return local.astimezone(ZoneInfo("UTC")).astimezone(tz)


def checkin_days(week_monday: date, weekday: int, calendar: WorkCalendar) -> date:
    return calendar.on_or_after(week_monday + timedelta(days=weekday))


def is_checkin_day(day: date, schedule: Schedule, calendar: WorkCalendar) -> bool:
    """The chosen weekday, moved to the next working day when it is a weekend or a holiday
    (so a check-in moved from last week's Friday still counts)."""
    monday = day - timedelta(days=day.weekday())
    return any(checkin_days(monday - timedelta(weeks=w), schedule.weekday, calendar) == day for w in (0, 1, 2))


def plan_for_day(day: date, schedule: Schedule, items: list[Item], calendar: WorkCalendar) -> Plan | None:
    if schedule.paused_until and day <= schedule.paused_until:
        return None
    if not calendar.is_working_day(day):
        return None
    awake = [i for i in items if not (i.snoozed_until and day <= i.snoozed_until)]
    if not awake:
        return None
    soon = frozenset(i.id for i in awake if calendar.add_working_days(i.due, -2) == day and i.due > day)
    overdue = frozenset(i.id for i in awake if calendar.on_or_after(i.due + timedelta(days=1)) == day)
    checkin = is_checkin_day(day, schedule, calendar)
    if not (checkin or soon or overdue):
        return None
    ordered = sorted(awake, key=lambda i: (i.due, i.id))
    mentioned = tuple(i.id for i in ordered if checkin or i.id in soon or i.id in overdue)
    return Plan(
        day=day,
        slot=slot_time(day, schedule.at, schedule.tz),
        checkin=checkin,
        items=mentioned,
        soon=soon,
        overdue=overdue,
    )


def reminders_only(found: Plan) -> Plan | None:
    """A check-in day in a week that already had its check-in (the person, or their workspace,
    moved the slot after it was sent): only what is due soon or overdue, if anything."""
    if not (found.soon or found.overdue):
        return None
    keep = found.soon | found.overdue
    return replace(found, checkin=False, items=tuple(i for i in found.items if i in keep))


def plan(now: datetime, schedule: Schedule, items: list[Item], calendar: WorkCalendar) -> Plan | None:
    """The nudge due at `now`, if any: today's once its slot has come, else yesterday's
    if it is still less than a day late (the bot was down at the time)."""
    today = now.astimezone(schedule.tz).date()
    for day in (today, today - timedelta(days=1)):
        found = plan_for_day(day, schedule, items, calendar)
        if found and found.slot <= now < found.slot + LATE_LIMIT:
            return found
    return None
