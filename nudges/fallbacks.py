"""What applies to someone who has not chosen for themselves: the workspace's own defaults (set on
the admin page by that municipality's digitalisation office), else the process-wide settings.

A region hosts several municipalities, one workspace each, from one process; a setting in the
environment cannot say that one of them speaks Swedish and keeps Norwegian holidays. So every
person and team is resolved against the defaults of *their* workspace, and the process-wide
settings are only what a workspace that has set nothing gets.

The order, for a person:

- **Language**: their own choice (`language sv`, App Home) > the workspace's language > the
  language their chat client reports > the process setting. The workspace's language beats the
  client's on purpose. The client reports the language of its menus, which says little about
  which of our two languages someone reads best: Slack's menus come in no Swedish at all, so a
  Swedish municipality's whole Slack reads "en-US" or "en-GB", and a Teams client often follows
  whatever the machine was imaged with. An office that chose Swedish for its managers expects
  Swedish for all of them; someone who prefers English says so once and their choice wins over
  everything. With no workspace language, the client's is still a better guess than the process's.
- **Time zone**: the zone their chat client reports (Slack's profile, Teams' `localTimezone`) >
  the workspace's zone > the process setting. Here the platform's word wins: it is where the
  person actually is (it follows their device), and a check-in at 09:00 must be 09:00 where they
  sit. The workspace's zone is for those whose own is not known (yet).
- **Check-in day and time**: their own choice, each of the two on its own > the workspace's >
  Monday 09:00. The platforms know nothing of it.
- **Public holidays**: the workspace's country > the process setting. No one chooses their own.

A team's digest takes the workspace's language, zone, day and time when it is switched on and
keeps them as its own from then on (a channel can change them with `digest time`/`language`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time
from functools import cached_property
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from nudges.calendar import WorkCalendar
from nudges.language import LOCALES, platform_language
from nudges.zones import zone
from storage.models import WorkspaceDefaults

CHECKIN_WEEKDAY = 0  # Monday
CHECKIN_TIME = time(9, 0)
DIGEST_WEEKDAY = 4  # Friday
DIGEST_TIME = time(14, 0)


@dataclass(frozen=True)
class Fallbacks:
    """What applies in one workspace to whoever has not chosen: its own default where it set
    one, else the process-wide setting."""

    locale: str
    timezone: str
    holidays: str
    checkin_weekday: int = CHECKIN_WEEKDAY
    checkin_time: time = CHECKIN_TIME
    digest_weekday: int = DIGEST_WEEKDAY
    digest_time: time = DIGEST_TIME
    # Whether the language is the workspace's own (which then beats the chat client's).
    workspace_locale: bool = False

    def with_workspace(self, row: WorkspaceDefaults | None) -> Fallbacks:
        """These (the process's) under what the workspace set."""
        if row is None:
            return self
        valid_locale = row.locale in LOCALES
        return Fallbacks(
            locale=row.locale if valid_locale else self.locale,
            timezone=row.timezone or self.timezone,
            holidays=row.holidays or self.holidays,
            checkin_weekday=self.checkin_weekday if row.nudge_weekday is None else row.nudge_weekday,
            checkin_time=row.nudge_time or self.checkin_time,
            digest_weekday=self.digest_weekday if row.digest_weekday is None else row.digest_weekday,
            digest_time=row.digest_time or self.digest_time,
            workspace_locale=valid_locale,
        )

    def locale_for(self, platform_locale: str | None, choice: str | None) -> str:
        """A person's language: see the module's docstring for the order, and why."""
        if choice in LOCALES:
            return choice
        if self.workspace_locale:
            return self.locale
        return platform_language(platform_locale) or self.locale

    def zone_for(self, tz: str | None) -> ZoneInfo:
        """A person's time zone: the one their chat client reports, else the workspace's."""
        return zone(tz, self.timezone)

    def checkin_slot(self, weekday: int | None, at: time | None) -> tuple[int, time]:
        """A person's check-in day and time: each their own if they chose it, else the workspace's."""
        return (self.checkin_weekday if weekday is None else weekday, self.checkin_time if at is None else at)

    @cached_property
    def calendar(self) -> WorkCalendar:
        return WorkCalendar(self.holidays)


class ByWorkspace:
    """The fallbacks of many workspaces, read in one query: the tick asks for every person's,
    and a query per person (or per workspace) would follow the number of people."""

    def __init__(self, process: Fallbacks, rows: Iterable[WorkspaceDefaults] = ()) -> None:
        self.process = process
        self._of = {row.workspace_id: process.with_workspace(row) for row in rows}

    def __getitem__(self, workspace_id: int) -> Fallbacks:
        return self._of.get(workspace_id, self.process)

    def own(self) -> set[int]:
        """The workspaces that set anything of their own."""
        return set(self._of)


def read(session: Session, process: Fallbacks, workspace_ids: Iterable[int] | None = None) -> ByWorkspace:
    """The fallbacks of the given workspaces (all of them when None), in one query."""
    query = select(WorkspaceDefaults)
    if workspace_ids is not None:
        query = query.where(col(WorkspaceDefaults.workspace_id).in_(sorted(set(workspace_ids))))
    return ByWorkspace(process, session.exec(query).all())
