"""The small picture in a team's digest: the team's last weeks as numbers, counted as the digest
counts them.

Each week counts what `team_week.build()` over that week would list, by the same privacy rules
(`team_week.shown`: private items, people who opted out, people not in the channel, other
workspaces never count): "steps completed" is what the digest lists as completed, "failures
shared" what it lists under failures shared. Weeks are ISO weeks in the team's time zone, the
last one ending at the digest's moment, so the newest bar is the week the digest tells of. The
weeks are counted in one pass over the items, each put in its week, not by a `build()` a week:
six sorts and six lists of entries a channel were a tenth of a digest run's interpreter time.

The picture is shown only when at least MIN_LEADERS different leaders made its numbers: people
with a completed step or a shared failure that `build()` kept, anywhere in the span. With fewer,
a bar is one or two people's record week by week (who did nothing, whose failure it was), which
is what the digest never shows: trust, not naming and shaming. Five is the floor the admin
figures use too. Counting those who only committed would let a picture of one person's steps
through on the strength of four others who did nothing the picture shows.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from nudges.team_week import Activity, shown

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
    first = span_start(end, tz, weeks).date()
    days = [first + timedelta(weeks=i) for i in range(weeks)]
    # Week i is [starts[i], stops[i]): each ends where the next begins, the last at `end`. In UTC,
    # as the items' moments are: two datetimes of one zone compare without asking it its offset.
    starts = [datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC) for day in days]
    stops = [min(datetime.combine(day + timedelta(weeks=1), time(0), tzinfo=tz), end).astimezone(UTC) for day in days]
    counts = {"completed": [0] * weeks, "failure": [0] * weeks}
    people: set[str] = set()
    for item in activity:
        counted = counts.get(item.kind)
        if counted is None or not shown(item, workspace_id, members):
            continue
        i = bisect_right(starts, item.at) - 1  # the one week that can hold it: the last begun by then
        if i >= 0 and item.at < stops[i]:
            counted[i] += 1
            people.add(item.person)
    found = tuple(
        Week(*day.isocalendar()[:2], counts["completed"][i], counts["failure"][i]) for i, day in enumerate(days)
    )
    return Trend(locale, found, len(people))


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
