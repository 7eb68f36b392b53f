"""Posting the weekly digests: claim the team's period, build, post, record, as for nudges.

The claim is the row (team, ISO week of the slot); a digest posted by hand with
`leadbot digest --team` takes the same key, so the scheduled one is then not posted again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from nudges import team_week as digest_data
from nudges.claims import Attempt, Claim, Sent, Starts, claim, record
from nudges.outbound import Outbounds
from nudges.team_week import DigestData
from nudges.zones import zone
from storage.locks import Owner
from storage.models import Digest, Team, Workspace

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DigestMessage:
    digest_id: int | None
    platform: str
    workspace: str
    channel: str
    tz: str
    data: DigestData


def post_due(now: datetime, *, engine: Engine, outbound: Outbounds, default_tz: str, owner: Owner) -> dict[str, int]:
    counts = {"sent": 0, "pending": 0, "failed": 0, "skipped": 0}
    with Session(engine) as session:
        teams = session.exec(
            select(Team)
            .join(Workspace, col(Workspace.id) == col(Team.workspace_id))
            .where(Team.enabled == True, col(Workspace.uninstalled_at).is_(None))  # noqa: E712
        ).all()
    for team in teams:
        if owner.lost.is_set():  # another run may hold these claims now: stop here
            break
        tz = zone(team.tz, default_tz)
        moment = digest_data.slot(now, weekday=team.weekday, at=team.at, tz=tz)
        if moment is None:
            continue
        claimed = claim_period(engine, team, digest_data.period_key(moment, tz), end=moment, now=now, owner=owner)
        if claimed is None:
            counts["skipped"] += 1
            continue
        outcome = send(engine, claimed, outbound, now, owner=owner)
        counts[outcome] += 1
    return counts


def claim_period(
    engine: Engine, team: Team, period: str, *, end: datetime, now: datetime, owner: Owner
) -> Claim | None:
    start = previous_end(engine, team) or end - digest_data.DEFAULT_PERIOD

    def make() -> Digest:
        return Digest(
            workspace_id=team.workspace_id, team_id=team.id, period=period, period_start=start, period_end=end
        )

    return claim(engine, Digest, key={"team_id": team.id, "period": period}, make=make, now=now, owner=owner)


def previous_end(engine: Engine, team: Team) -> datetime | None:
    with Session(engine) as session:
        return session.exec(
            select(Digest.period_end)
            .where(Digest.team_id == team.id, Digest.state == "sent")
            .order_by(col(Digest.period_end).desc())
        ).first()


def message_for(
    session: Session, team: Team, *, start: datetime, end: datetime, members: set[str], digest_id: int | None
) -> DigestMessage:
    workspace = session.get(Workspace, team.workspace_id)
    activity = digest_data.load_activity(session, workspace_id=team.workspace_id, start=start, end=end, members=members)
    data = digest_data.build(
        activity, workspace_id=team.workspace_id, members=members, start=start, end=end, locale=team.locale
    )
    return DigestMessage(
        digest_id=digest_id,
        platform=workspace.platform,
        workspace=workspace.external_id,
        channel=team.channel_id,
        tz=team.tz,
        data=data,
    )


def send(engine: Engine, claimed: Claim, outbound: Outbounds, now: datetime, *, owner: Owner) -> str:
    """One attempt at a digest; "sent", "pending" or "failed" (a refusal that will never
    succeed is not tried again), or "skipped" when another run took the claim meanwhile."""
    digest_id = claimed.id
    with Session(engine) as session:
        row = session.get(Digest, digest_id)
        team = session.get(Team, row.team_id)
        workspace = session.get(Workspace, team.workspace_id)

        built: list[DigestMessage] = []

        def prepare() -> None:  # before the send is noted as begun: only the post itself counts
            members = outbound.of(workspace.platform).members(workspace.external_id, team.channel_id)
            built.append(
                message_for(
                    session, team, start=row.period_start, end=row.period_end, members=members, digest_id=digest_id
                )
            )

        def post() -> Sent:
            return outbound.of(workspace.platform).post_digest(built[-1])

        def find(since: datetime) -> Sent | None:
            message = (
                built[-1]
                if built
                else DigestMessage(digest_id, workspace.platform, workspace.external_id, team.channel_id, team.tz, None)
            )
            return outbound.of(workspace.platform).find_digest(message, since)

        attempt = Attempt(claimed, Starts(engine, Digest, owner), now, f"digest {digest_id}")
        outcome, fields = attempt(post, find if outbound.looks_back(workspace.platform) else None, prepare)
    if outcome == "failed":
        log.warning("digest %s for channel %s will not be posted: %s", digest_id, team.channel_id, fields.get("error"))
    return record(engine, Digest, digest_id, outcome, fields, owner=owner)


def find_team(session: Session, ref: str) -> Team | None:
    """By channel id or by name (with or without '#')."""
    name = ref.lstrip("#")
    return session.exec(
        select(Team).where(or_(col(Team.channel_id) == ref, col(Team.name) == name)).order_by(col(Team.id))
    ).first()


def post_now(engine: Engine, team: Team, outbound: Outbounds, now: datetime, default_tz: str) -> str:
    """Posts this week's digest now; the scheduled one for the same week is then skipped."""
    tz = zone(team.tz, default_tz)
    with Owner(engine) as owner:
        claimed = claim_period(engine, team, digest_data.period_key(now, tz), end=now, now=now, owner=owner)
        if claimed is None:
            return "skipped"
        return send(engine, claimed, outbound, now, owner=owner)
