"""Digest channels: a chat channel whose team gets the weekly digest, and when and in which language it comes."""

from __future__ import annotations

import re
from datetime import time

from sqlmodel import Session, select

from storage.models import Team

DAYS = {
    0: ("mon", "monday", "mån", "måndag", "man"),
    1: ("tue", "tues", "tuesday", "tis", "tisdag"),
    2: ("wed", "wednesday", "ons", "onsdag"),
    3: ("thu", "thur", "thurs", "thursday", "tor", "tors", "torsdag"),
    4: ("fri", "friday", "fre", "fredag"),
    5: ("sat", "saturday", "lör", "lördag", "lor"),
    6: ("sun", "sunday", "sön", "söndag", "son"),
}
_TIME = re.compile(r"^(?:kl\.?\s*)?(\d{1,2})(?:[:.](\d{2}))?$")


def parse_when(words: list[str]) -> tuple[int, time] | None:
    """`fri 14:00`, `fredag kl 14.00`, `tue 9`: a weekday and a time of day."""
    words = [w.lower().strip(",") for w in words if w.lower() not in ("kl", "kl.", "at")]
    if len(words) != 2:
        return None
    day = next((d for d, names in DAYS.items() if words[0] in names), None)
    match = _TIME.match(words[1])
    if day is None or not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return day, time(hour, minute)


def find(session: Session, *, workspace_id: int, channel_id: str) -> Team | None:
    return session.exec(select(Team).where(Team.workspace_id == workspace_id, Team.channel_id == channel_id)).first()


def switch_on(
    session: Session,
    *,
    workspace_id: int,
    channel_id: str,
    name: str | None,
    locale: str,
    tz: str,
    weekday: int | None = None,
    at: time | None = None,
) -> Team:
    """A new team gets the workspace's language, zone and digest slot (the weekday and the time
    given, each else Friday and 14:00); a team switched on again keeps what it had."""
    team = find(session, workspace_id=workspace_id, channel_id=channel_id)
    if team is None:
        team = Team(workspace_id=workspace_id, channel_id=channel_id, name=name, locale=locale, tz=tz)
        team.weekday = team.weekday if weekday is None else weekday
        team.at = team.at if at is None else at
    team.enabled = True
    if name:
        team.name = name
    session.add(team)
    session.flush()
    return team
