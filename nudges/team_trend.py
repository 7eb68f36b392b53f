"""The small picture in a team's digest: the team's last weeks as numbers, counted as the digest
counts them.

Each week is `team_week.build()` over that week, so the same privacy rules decide what counts
(private items, people who opted out, people not in the channel, other workspaces never do):
"steps completed" is what the digest lists as completed, "failures shared" what it lists under
failures shared. Weeks are ISO weeks in the team's time zone, the last one ending at the digest's
moment, so the newest bar is the week the digest tells of.

The picture is shown only when at least MIN_LEADERS different leaders made its numbers: people
with a completed step or a shared failure that `build()` kept, anywhere in the span. With fewer,
a bar is one or two people's record week by week (who did nothing, whose failure it was), which
is what the digest never shows: trust, not naming and shaming. Five is the floor the admin
figures use too. Counting those who only committed would let a picture of one person's steps
through on the strength of four others who did nothing the picture shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from nudges.team_week import Activity, build

WEEKS = 6
MIN_LEADERS = 5


@dataclass(frozen=True)
class Week:
    year: int
    week: int  # ISO week number
    completed: int
    failures: int


@dataclass(frozen=True)
class Trend:
    locale: str
    weeks: tuple[Week, ...]
    leaders: int  # the different leaders whose steps or failures are in the numbers

    @property
    def completed(self) -> int:
        return sum(w.completed for w in self.weeks)

    @property
    def failures(self) -> int:
        return sum(w.failures for w in self.weeks)


def span_start(end: datetime, tz: ZoneInfo, weeks: int = WEEKS) -> datetime:
    """Monday 00:00 (the team's time) of the first week the picture shows."""
    local = end.astimezone(tz).date()
    monday = local - timedelta(days=local.weekday()) - timedelta(weeks=weeks - 1)
    return datetime.combine(monday, time(0), tzinfo=tz)


def trend(
    activity: Iterable[Activity],
    *,
    workspace_id: int,
    members: set[str],
    end: datetime,
    tz: ZoneInfo,
    locale: str,
    weeks: int = WEEKS,
) -> Trend:
    items = list(activity)
    first = span_start(end, tz, weeks).date()
    found: list[Week] = []
    people: set[str] = set()
    for i in range(weeks):
        day = first + timedelta(weeks=i)
        start = datetime.combine(day, time(0), tzinfo=tz)
        stop = min(datetime.combine(day + timedelta(weeks=1), time(0), tzinfo=tz), end)
        data = build(items, workspace_id=workspace_id, members=members, start=start, end=stop, locale=locale)
        year, week, _ = day.isocalendar()
        found.append(Week(year, week, len(data.completed), len(data.failures)))
        people |= {e.person for e in data.completed} | {e.person for e in data.failures}
    return Trend(locale, tuple(found), len(people))


def picture(
    activity: Iterable[Activity],
    *,
    workspace_id: int,
    members: set[str],
    end: datetime,
    tz: ZoneInfo,
    locale: str,
) -> Trend | None:
    """The trend to draw, or None when too few leaders are in it to show it at all."""
    found = trend(activity, workspace_id=workspace_id, members=members, end=end, tz=tz, locale=locale)
    return found if found.leaders >= MIN_LEADERS else None
