"""Tables. Every row carries its workspace, and the unique constraints carry the promises
that must hold even with several processes: one person per chat user per workspace, one
number per commitment per person, one handling per inbound Slack delivery.

Platform-neutral on purpose: a workspace is a Slack team or a Teams tenant, a person's
external id is whatever that platform calls them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


def utcnow() -> datetime:
    return datetime.now(UTC)


class Workspace(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("platform", "external_id", name="uq_workspace_platform_external"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    external_id: str = Field(max_length=64)
    name: str | None = Field(default=None, max_length=200)
    # Set when the app is removed or its tokens revoked: nothing is sent there any more.
    uninstalled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Person(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("workspace_id", "external_id", name="uq_person_workspace_external"),
        Index("ix_person_schedule", "workspace_id", "nudge_weekday", "nudge_time", "tz"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    external_id: str = Field(max_length=64)
    display_name: str | None = Field(default=None, max_length=200)
    tz: str | None = Field(default=None, max_length=64)
    # The language the platform reports; `locale_choice` wins when the person picked one.
    platform_locale: str | None = Field(default=None, max_length=16)
    locale_choice: str | None = Field(default=None, max_length=8)
    # The check-in day (0 = Monday) and time the person chose; None follows their workspace's
    # default (nudges.fallbacks), each of the two on its own.
    nudge_weekday: int | None = None
    nudge_time: time | None = None
    paused_until: date | None = None
    digest_opt_out: bool = Field(default=False)
    last_number: int = Field(default=0)
    profile_checked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Commitment(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("person_id", "number", name="uq_commitment_person_number"),
        Index("ix_commitment_workspace_state_due", "workspace_id", "state", "due"),
        Index("ix_commitment_state_due", "state", "due"),
        Index("ix_commitment_person_state", "person_id", "state"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    person_id: int = Field(foreign_key="person.id")
    number: int
    category: str = Field(max_length=16)
    title: str = Field(max_length=200)
    due: date
    repeat: str | None = Field(default=None, max_length=8)
    partner_external_id: str | None = Field(default=None, max_length=64)
    private: bool = Field(default=False)
    state: str = Field(default="active", max_length=8)
    snoozed_until: date | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    dropped_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The strategy's focus area this step serves, if the person said so (never required).
    focus_area_id: int | None = Field(default=None, foreign_key="focusarea.id", index=True)


class Reflection(SQLModel, table=True):
    __table_args__ = (
        Index("ix_reflection_person_created", "person_id", "created_at"),
        Index("ix_reflection_created", "created_at"),  # retention deletes by age
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    person_id: int = Field(foreign_key="person.id")
    commitment_id: int | None = Field(default=None, foreign_key="commitment.id", index=True)
    kind: str = Field(max_length=16)
    text: str = Field(sa_column=Column(Text, nullable=False))
    # For a shared failure: what was learned, kept apart from what happened.
    learning: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    private: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class InboundReceipt(SQLModel, table=True):
    """One row per chat delivery handled, so a retried delivery is recognised and skipped."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Delivery(SQLModel):
    """How sending a message went: claimed, sent (with the platform's message id), pending a
    retry, or failed for good. Shared by everything leadbot sends exactly once."""

    state: str = Field(default="sending", max_length=8)  # sending (claimed), sent, pending (retry), failed
    attempts: int = Field(default=0)
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The run that claimed it (storage.locks.Owner.key): a claim whose owner is gone
    # is resolved at once instead of after the timeout.
    claimed_by: int | None = None
    # Wall-clock time the platform call for it first began with its outcome still unknown (None:
    # no send has begun, or the last one surely did not go through). Only such a claim can have
    # reached the platform unrecorded, so only it is looked for there before being sent again:
    # "sending" alone means claimed, which costs no lookup after a crash.
    send_started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    channel: str | None = Field(default=None, max_length=64)
    ts: str | None = Field(default=None, max_length=32)
    error: str | None = Field(default=None, max_length=200)


class Nudge(Delivery, table=True):
    """One nudge message per person per local day: the unique key is the claim that makes
    a second tick, a restart or a second instance send nothing twice."""

    __table_args__ = (
        UniqueConstraint("person_id", "day", name="uq_nudge_person_day"),
        Index("ix_nudge_state_claimed", "state", "claimed_at"),
        Index("ix_nudge_channel_ts", "channel", "ts"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    person_id: int = Field(foreign_key="person.id")
    day: date  # the person's local date of the slot
    slot_at: datetime = Field(sa_type=UTCDateTime)
    checkin: bool = Field(default=True)
    items: str = Field(default="[]", sa_column=Column(Text, nullable=False))  # JSON: ids, soon, overdue


class Team(SQLModel, table=True):
    """A team's chat channel that gets the weekly digest of what its leaders did."""

    __table_args__ = (UniqueConstraint("workspace_id", "channel_id", name="uq_team_workspace_channel"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    channel_id: str = Field(max_length=64)
    name: str | None = Field(default=None, max_length=200)
    enabled: bool = Field(default=True)
    weekday: int = Field(default=4)  # Friday
    at: time = Field(default=time(14, 0))
    locale: str = Field(default="en", max_length=8)
    tz: str = Field(default="Europe/Stockholm", max_length=64)
    picture: bool = Field(default=True)  # the digest carries a small chart of the team's last weeks
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Digest(Delivery, table=True):
    """One digest per team per period; the unique key is the claim, as for nudges."""

    __table_args__ = (UniqueConstraint("team_id", "period", name="uq_digest_team_period"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    team_id: int = Field(foreign_key="team.id", index=True)
    period: str = Field(max_length=16)  # ISO week of the slot, e.g. 2026-W49
    period_start: datetime = Field(sa_type=UTCDateTime)
    period_end: datetime = Field(sa_type=UTCDateTime)
    # The picture uploaded for this digest (Slack's file id), kept before the post: a post tried
    # again after a passing failure shows the same file instead of uploading a second one.
    picture_file: str | None = Field(default=None, max_length=64)


class Heartbeat(SQLModel, table=True):
    """How the last tick went, written by whichever instance ran it, so that every instance's
    /healthz and /metrics can tell (and an operator can see who leads)."""

    name: str = Field(primary_key=True, max_length=32)
    instance: str = Field(max_length=200)
    at: datetime = Field(sa_type=UTCDateTime)  # when the last tick ended
    duration_ms: int = Field(default=0)
    ok: bool = Field(default=True)
    last_ok_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ConversationRef(SQLModel, table=True):
    """Where a platform that only lets a bot speak into a known conversation (Teams) can be
    written to later: a person's personal chat, or a team channel for its digest. Kept per
    tenant with its service URL; marked gone when the bot is no longer in it (403)."""

    __table_args__ = (UniqueConstraint("workspace_id", "conversation_id", name="uq_conversationref"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    conversation_id: str = Field(max_length=400)
    service_url: str = Field(max_length=500)
    reference: str = Field(sa_column=Column(Text, nullable=False))  # the SDK's ConversationReference, as JSON
    gone_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class FocusArea(SQLModel, table=True):
    """One focus area of the organisation's strategy, as its digitalisation office decided it:
    a short name and what it means, in both languages, and first steps to suggest. Archived,
    never deleted: commitments made for it keep pointing at it."""

    __table_args__ = (UniqueConstraint("workspace_id", "key", name="uq_focusarea_workspace_key"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    key: str = Field(max_length=40)  # a short tag people can type, e.g. "ai"
    name_sv: str = Field(max_length=80)
    name_en: str = Field(max_length=80)
    meaning_sv: str = Field(default="", max_length=300)
    meaning_en: str = Field(default="", max_length=300)
    # JSON: [{"category": "course", "sv": "…", "en": "…"}, …] — suggested first steps and courses
    suggestions: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    position: int = Field(default=0)
    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class WorkspaceDefaults(SQLModel, table=True):
    """What one workspace (one municipality) sets for itself on the admin page; an empty field
    falls back to the process-wide setting."""

    workspace_id: int = Field(foreign_key="workspace.id", primary_key=True)
    timezone: str | None = Field(default=None, max_length=64)
    locale: str | None = Field(default=None, max_length=8)
    nudge_weekday: int | None = None
    nudge_time: time | None = None
    digest_weekday: int | None = None
    digest_time: time | None = None
    holidays: str | None = Field(default=None, max_length=8)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AdminLink(SQLModel, table=True):
    """A one-time sign-in link to the admin page, sent in an admin's DM: only a hash of its
    token is kept, it expires within minutes and works once."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    person_id: int = Field(foreign_key="person.id", index=True)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AdminSession(SQLModel, table=True):
    """A signed-in admin's session on the admin page (the cookie holds the token, we keep its
    hash), with the CSRF token every form carries."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    csrf: str = Field(max_length=64)
    workspace_id: int = Field(foreign_key="workspace.id")
    person_id: int = Field(foreign_key="person.id", index=True)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
