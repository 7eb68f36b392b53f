"""Posting the weekly digests: claim the team's period, build, post, record, as for nudges.

The claim is the row (team, ISO week of the slot); a digest posted by hand with
`leadbot digest --team` takes the same key, so the scheduled one is then not posted again.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func, or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from nudges import team_trend
from nudges import team_week as digest_data
from nudges.claims import Attempt, Claim, Sent, Starts, TemporaryFailure, claim, claim_many, record, record_many
from nudges.outbound import Outbound, Outbounds
from nudges.team_trend import Trend
from nudges.team_week import DigestData
from nudges.zones import zone
from storage.db import writing
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
    # The team's last weeks, when the channel wants its picture and enough leaders are in it.
    picture: Trend | None = None
    # Where the picture already is on the platform (Slack: the file an earlier attempt uploaded).
    picture_file: str | None = None


BATCH = 100  # channels claimed, read and posted together


@dataclass(frozen=True)
class _Due:
    team: Team
    workspace: Workspace
    period: str
    end: datetime
    tz: ZoneInfo


def post_due(
    now: datetime,
    *,
    engine: Engine,
    outbound: Outbounds,
    default_tz: str,
    owner: Owner,
    concurrency: int = 16,
    stop: threading.Event | None = None,
) -> dict[str, int]:
    """Every team whose digest is due, as check-ins go: claimed in batches (one insert), the
    channels' members asked and the posts sent by `concurrency` threads, the week's activity
    read for the whole batch at once, each send noted as begun with the others (Starts) and
    the outcomes recorded together by this thread, the only writer."""
    counts = {"sent": 0, "pending": 0, "failed": 0, "skipped": 0}
    with Session(engine) as session:
        rows = session.exec(
            select(Team, Workspace)
            .join(Workspace, col(Workspace.id) == col(Team.workspace_id))
            .where(Team.enabled == True, col(Workspace.uninstalled_at).is_(None))  # noqa: E712
            .order_by(col(Team.id))
        ).all()
    due: list[_Due] = []
    for team, workspace in rows:
        tz = zone(team.tz, default_tz)
        moment = digest_data.slot(now, weekday=team.weekday, at=team.at, tz=tz)
        if moment is not None:
            due.append(_Due(team, workspace, digest_data.period_key(moment, tz), moment, tz))
    if not due:
        return counts
    starts = Starts(engine, Digest, owner)
    with ThreadPoolExecutor(max_workers=max(1, concurrency), thread_name_prefix="digest") as pool:
        for first in range(0, len(due), BATCH):
            if owner.lost.is_set() or (stop is not None and stop.is_set()):
                break  # another run may hold these claims now, or this one is stopping: the rest is theirs
            for outcome in _post_batch(engine, due[first : first + BATCH], outbound, now, owner, starts, pool, stop):
                counts[outcome] += 1
    return counts


def _post_batch(engine, batch: list[_Due], outbound, now, owner, starts, pool, stop) -> list[str]:
    claims = _claim_batch(engine, batch, now=now, owner=owner)
    outcomes = ["skipped"] * (len(batch) - len(claims))
    if not claims:
        return outcomes
    with Session(engine) as session:
        digests = {d.id: d for d in session.exec(select(Digest).where(col(Digest.id).in_(list(claims))))}
    by_team = {d.team.id: d for d in batch}
    work = [(claims[i], digests[i], by_team[digests[i].team_id]) for i in claims]

    def members(item) -> set[str] | BaseException:
        _, _, d = item
        try:
            return outbound.of(d.workspace.platform).members(d.workspace.external_id, d.team.channel_id)
        except Exception as error:  # told to the attempt, which ends it as it ends a failed send
            return error

    found = list(pool.map(members, work))
    with Session(engine) as session:
        activity = digest_data.load_activity_many(
            session,
            [
                (row.workspace_id, m, _read_from(d.team, row.period_start, row.period_end, d.tz), row.period_end)
                for (_, row, d), m in zip(work, found, strict=True)
                if not isinstance(m, BaseException)
            ],
        )
    futures = {}
    for (claimed, row, d), m in zip(work, found, strict=True):
        message = None if isinstance(m, BaseException) else _message(d, row, m, activity)
        futures[pool.submit(_attempt, engine, claimed, row, d, message, m, outbound, starts, now, owner, stop)] = row.id
    done = [(futures[f], *f.result()) for f in as_completed(futures)]
    for row_id, outcome, fields in done:
        if outcome == "failed":
            log.warning("digest %s will not be posted: %s", row_id, fields.get("error"))
    return outcomes + record_many(engine, Digest, done, owner=owner)


def _message(d: _Due, row: Digest, members: set[str], activity: dict) -> DigestMessage:
    mine = activity.get(d.team.workspace_id, {})
    items = [item for person in members for item in mine.get(person, ())]
    data = digest_data.build(
        items,
        workspace_id=d.team.workspace_id,
        members=members,
        start=row.period_start,
        end=row.period_end,
        locale=d.team.locale,
    )
    picture = _picture(d.team, items, members, row.period_end, d.tz)
    return DigestMessage(
        row.id,
        d.workspace.platform,
        d.workspace.external_id,
        d.team.channel_id,
        d.team.tz,
        data,
        picture,
        row.picture_file,
    )


def _read_from(team: Team, start: datetime, end: datetime, tz: ZoneInfo) -> datetime:
    """Where a digest's reading starts: its period, or the picture's weeks when it has one."""
    return min(start, team_trend.span_start(end, tz)) if team.picture else start


def _picture(team: Team, items, members: set[str], end: datetime, tz: ZoneInfo) -> Trend | None:
    if not team.picture:
        return None
    return team_trend.picture(
        items, workspace_id=team.workspace_id, members=members, end=end, tz=tz, locale=team.locale
    )


def _post(engine: Engine, out: Outbound, message: DigestMessage, owner: Owner) -> Sent:
    """The post, its picture uploaded first where the platform needs that (Slack), once: the
    file is kept on the digest's row before the post, so a post tried again after a passing
    failure shows the same file. A platform that cannot take the picture (an install without
    files:write) answers no file, and the digest goes out without it."""
    if message.picture is not None and out.uploads_pictures and message.picture_file is None:
        file = out.upload_picture(message)
        if file:
            _keep_picture(engine, message.digest_id, file, owner)
        message = replace(message, picture_file=file)
    return out.post_digest(message)


# The file kept on the digest's row, only while this run still holds the claim. Built once: one
# statement on its own connection (`storage.db.writing`: on PostgreSQL a single autocommitted round
# trip), not a statement built and an ORM session opened and committed per channel, which was
# 1.4 s of interpreter time posting 1,000 digests.
_KEEP_PICTURE = (
    update(Digest.__table__)
    .where(
        Digest.__table__.c.id == bindparam("digest_id"),
        Digest.__table__.c.claimed_by == bindparam("owner"),
        Digest.__table__.c.state == "sending",
    )
    .values(picture_file=bindparam("file"))
)


def _keep_picture(engine: Engine, digest_id: int | None, file: str, owner: Owner) -> None:
    if digest_id is None:
        return
    with writing(engine) as connection:
        kept = connection.execute(_KEEP_PICTURE, {"digest_id": digest_id, "owner": owner.key, "file": file}).rowcount
    if kept != 1:
        raise TemporaryFailure("taken over by another run before posting", unsent=True)


def _attempt(engine, claimed, row, d: _Due, message, members, outbound, starts, now, owner, stop) -> tuple[str, dict]:
    """One digest in a worker thread: the stop and lock checks, then what prepare() did for
    a single digest (a failed members lookup ends it the same way), then the send."""
    platform = d.workspace.platform

    def check() -> None:
        if owner.lost.is_set():
            raise TemporaryFailure("this run lost its lock before sending", unsent=True)
        if stop is not None and stop.is_set():
            raise TemporaryFailure("stopping: left for the next tick", unsent=True)
        if isinstance(members, BaseException):
            raise members

    def post() -> Sent:
        return _post(engine, outbound.of(platform), message, owner)

    def find(since: datetime) -> Sent | None:
        looked = message or DigestMessage(row.id, platform, d.workspace.external_id, d.team.channel_id, d.team.tz, None)
        return outbound.of(platform).find_digest(looked, since)

    attempt = Attempt(claimed, starts, now, f"digest {row.id}")
    return attempt(post, find if outbound.looks_back(platform) else None, check)


def _claim_batch(engine: Engine, batch: list[_Due], *, now: datetime, owner: Owner) -> dict[int, Claim]:
    """The batch's periods claimed in one insert (existing ones taken over by the usual rules);
    a new period starts where the team's last posted digest ended."""
    with Session(engine) as session:
        ends = dict(
            session.exec(
                select(Digest.team_id, func.max(Digest.period_end))
                .where(col(Digest.team_id).in_([d.team.id for d in batch]), Digest.state == "sent")
                .group_by(col(Digest.team_id))
            ).all()
        )
    rows = [
        {
            "workspace_id": d.team.workspace_id,
            "team_id": d.team.id,
            "period": d.period,
            "period_start": ends.get(d.team.id) or d.end - digest_data.DEFAULT_PERIOD,
            "period_end": d.end,
        }
        for d in batch
    ]
    return {c.id: c for c in claim_many(engine, Digest, rows, key=("team_id", "period"), now=now, owner=owner)}


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
    session: Session,
    team: Team,
    *,
    start: datetime,
    end: datetime,
    members: set[str],
    digest_id: int | None,
    default_tz: str = "UTC",
    picture_file: str | None = None,
) -> DigestMessage:
    workspace = session.get(Workspace, team.workspace_id)
    tz = zone(team.tz, default_tz)
    activity = digest_data.load_activity(
        session, workspace_id=team.workspace_id, start=_read_from(team, start, end, tz), end=end, members=members
    )
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
        picture=_picture(team, activity, members, end, tz),
        picture_file=picture_file,
    )


def send(
    engine: Engine, claimed: Claim, outbound: Outbounds, now: datetime, *, owner: Owner, default_tz: str = "UTC"
) -> str:
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
                    session,
                    team,
                    start=row.period_start,
                    end=row.period_end,
                    members=members,
                    digest_id=digest_id,
                    default_tz=default_tz,
                    picture_file=row.picture_file,
                )
            )

        def post() -> Sent:
            return _post(engine, outbound.of(workspace.platform), built[-1], owner)

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
        return send(engine, claimed, outbound, now, owner=owner, default_tz=default_tz)
