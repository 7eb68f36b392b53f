"""Aggregate uptake for admins: never one person's data, and no figure at all for a group
so small that a figure could point at someone."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, func, select

from storage.models import Commitment

MIN_GROUP = 5
MONTHS = 6


@dataclass(frozen=True)
class Uptake:
    leaders: int
    active: int
    # (year, month) -> category -> completions, the last MONTHS months, newest first
    completions: list[tuple[tuple[int, int], dict[str, int]]]


def uptake(session: Session, *, workspace_id: int, now: datetime, tz: ZoneInfo) -> Uptake | None:
    leaders = session.exec(
        select(func.count(func.distinct(Commitment.person_id))).where(Commitment.workspace_id == workspace_id)
    ).one()
    if leaders < MIN_GROUP:
        return None
    active = session.exec(
        select(func.count(func.distinct(Commitment.person_id))).where(
            Commitment.workspace_id == workspace_id, Commitment.state == "active"
        )
    ).one()
    local = now.astimezone(tz)
    months = []
    year, month = local.year, local.month
    for _ in range(MONTHS):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    counts: dict[tuple[int, int], Counter] = {m: Counter() for m in months}
    for category, completed_at in session.exec(
        select(Commitment.category, Commitment.completed_at).where(
            Commitment.workspace_id == workspace_id, col(Commitment.completed_at).is_not(None)
        )
    ):
        day = completed_at.astimezone(tz)
        if (day.year, day.month) in counts:
            counts[(day.year, day.month)][category] += 1
    return Uptake(leaders=leaders, active=active, completions=[(m, dict(counts[m])) for m in months])
