"""The streak shown in App Home: consecutive weeks in which the person did something.

A week counts when it holds a reflection or a completion. The current week may still be
empty without breaking the streak (it is not over yet), so a Monday morning never shows 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def streak(activity: Iterable[datetime], *, now: datetime, tz: ZoneInfo) -> int:
    weeks = {week_start(moment.astimezone(tz).date()) for moment in activity}
    current = week_start(now.astimezone(tz).date())
    if current not in weeks:
        current -= timedelta(weeks=1)
    count = 0
    while current in weeks:
        count += 1
        current -= timedelta(weeks=1)
    return count
