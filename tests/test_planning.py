"""Planning as pure functions with `now` passed in: DST weeks, time zones, holidays, pauses,
snoozes, repeats, the due-date reminders and the one-per-day rule."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from nudges.calendar import WorkCalendar
from nudges.planning import Item, Schedule, plan, plan_for_day

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SE = WorkCalendar("SE")


def local(text: str, tz: ZoneInfo = STOCKHOLM) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=tz)


def far(id_: int = 1) -> Item:
    return Item(id=id_, due=date(2027, 3, 1))


def test_the_weekly_check_in_comes_monday_0900_local():
    schedule = Schedule(tz=STOCKHOLM)
    assert plan(local("2026-11-30T08:59"), schedule, [far()], SE) is None
    found = plan(local("2026-11-30T09:00"), schedule, [far()], SE)
    assert found is not None and found.checkin and found.day == date(2026, 11, 30)
    assert found.slot == local("2026-11-30T09:00") and found.items == (1,)
    assert plan(local("2026-12-01T08:59"), schedule, [far()], SE).day == date(2026, 11, 30)  # still < a day late
    assert plan(local("2026-12-01T09:01"), schedule, [far()], SE) is None  # more than a day late: skipped


@pytest.mark.parametrize(
    ("monday", "utc_hour"),
    [("2027-03-22", 8), ("2027-04-05", 7), ("2026-10-19", 7), ("2026-10-26", 8)],  # CET/CEST either side of DST
)
def test_dst_weeks_keep_0900_local(monday, utc_hour):
    found = plan(local(f"{monday}T09:05"), Schedule(tz=STOCKHOLM), [far()], SE)
    assert found is not None and found.slot.astimezone(UTC).hour == utc_hour


def test_the_week_of_the_spring_dst_change():
    # 2027-03-28 is the last Sunday of March (clocks jump 02:00 -> 03:00) and Easter Day, so
    # Monday's check-in moves to Tuesday, still 09:00 local, now 07:00 UTC.
    schedule = Schedule(tz=STOCKHOLM, weekday=0, at=time(9, 0))
    item = Item(id=1, due=date(2027, 5, 1))
    assert plan_for_day(date(2027, 3, 29), schedule, [item], SE) is None  # Easter Monday
    moved = plan_for_day(date(2027, 3, 30), schedule, [item], SE)
    assert moved.checkin and moved.slot.astimezone(UTC) == datetime(2027, 3, 30, 7, 0, tzinfo=UTC)


def test_a_person_in_another_time_zone_gets_their_own_0900():
    new_york = ZoneInfo("America/New_York")
    schedule = Schedule(tz=new_york)
    assert plan(local("2026-11-30T09:05"), schedule, [far()], SE) is None  # 03:05 in New York
    found = plan(datetime(2026, 11, 30, 14, 5, tzinfo=UTC), schedule, [far()], SE)
    assert found is not None and found.slot == datetime(2026, 11, 30, 9, 0, tzinfo=new_york)


def test_christmas_moves_the_check_in_to_the_next_working_day():
    # Friday check-ins: 2026-12-25 is Christmas Day -> Monday 28th
    schedule = Schedule(tz=STOCKHOLM, weekday=4)
    assert plan_for_day(date(2026, 12, 25), schedule, [far()], SE) is None
    moved = plan_for_day(date(2026, 12, 28), schedule, [far()], SE)
    assert moved is not None and moved.checkin


def test_midsummer_eve_is_not_a_working_day():
    schedule = Schedule(tz=STOCKHOLM, weekday=4)  # Friday 2027-06-25 is Midsummer Eve
    assert plan_for_day(date(2027, 6, 25), schedule, [far()], SE) is None
    assert plan_for_day(date(2027, 6, 28), schedule, [far()], SE).checkin


def test_weekends_never_get_a_nudge():
    schedule = Schedule(tz=STOCKHOLM, weekday=0)
    due_monday = Item(id=1, due=date(2026, 11, 30))
    for day in (date(2026, 11, 28), date(2026, 11, 29)):
        assert plan_for_day(day, schedule, [due_monday], SE) is None


def test_a_pause_skips_and_the_next_one_carries_on():
    schedule = Schedule(tz=STOCKHOLM, paused_until=date(2026, 12, 4))
    assert plan(local("2026-11-30T09:05"), schedule, [far()], SE) is None
    assert plan(local("2026-12-07T09:05"), schedule, [far()], SE).checkin


def test_a_snoozed_commitment_is_left_out():
    schedule = Schedule(tz=STOCKHOLM)
    snoozed = Item(id=1, due=date(2027, 3, 1), snoozed_until=date(2026, 12, 2))
    assert plan(local("2026-11-30T09:05"), schedule, [snoozed], SE) is None
    found = plan(local("2026-11-30T09:05"), schedule, [snoozed, far(2)], SE)
    assert found.items == (2,)
    assert plan(local("2026-12-07T09:05"), schedule, [snoozed], SE).items == (1,)


def test_reminders_two_working_days_before_and_the_working_day_after():
    schedule = Schedule(tz=STOCKHOLM)  # Monday check-ins
    item = Item(id=7, due=date(2026, 12, 10))  # Thursday
    before = plan_for_day(date(2026, 12, 8), schedule, [item], SE)
    assert before is not None and not before.checkin and before.soon == {7}
    after = plan_for_day(date(2026, 12, 11), schedule, [item], SE)
    assert after is not None and after.overdue == {7}
    assert plan_for_day(date(2026, 12, 9), schedule, [item], SE) is None


def test_a_reminder_on_check_in_day_is_merged_into_one_message():
    schedule = Schedule(tz=STOCKHOLM)
    due_wednesday = Item(id=1, due=date(2026, 12, 2))  # two working days before = Monday 30 Nov
    found = plan_for_day(date(2026, 11, 30), schedule, [due_wednesday, far(2)], SE)
    assert found.checkin and found.soon == {1} and found.items == (1, 2)


def test_reminders_skip_weekends_and_holidays():
    schedule = Schedule(tz=STOCKHOLM, weekday=2)
    due_monday = Item(id=1, due=date(2026, 12, 28))  # working days before: 23rd (24th, 25th are holidays)
    assert plan_for_day(date(2026, 12, 22), schedule, [due_monday], SE).soon == {1}
    due_friday = Item(id=2, due=date(2026, 12, 18))
    assert plan_for_day(date(2026, 12, 21), schedule, [due_friday], SE).overdue == {2}


def test_a_repeating_commitment_is_in_every_check_in():
    schedule = Schedule(tz=STOCKHOLM)
    monthly = Item(id=3, due=date(2026, 12, 26), repeat="month")
    for monday in ("2026-11-30", "2026-12-07", "2026-12-14"):
        assert plan(local(f"{monday}T09:05"), schedule, [monthly], SE).items == (3,)


def test_nothing_to_nudge_without_active_items():
    assert plan(local("2026-11-30T09:05"), Schedule(tz=STOCKHOLM), [], SE) is None
