"""What a use case answers: plain, frozen data that every renderer reads the same way.

Views copy what a renderer may show out of the rows while the transaction is open, so a
renderer never touches the database and private things are decided here, not in markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from nudges.calendar_event import CalendarSlot
from nudges.drafts import Denial, Problem
from nudges.service.commands import Command


@dataclass(frozen=True)
class CommitmentView:
    id: int
    number: int
    category: str
    title: str
    due: date
    repeat: str | None
    private: bool
    state: str
    partner_external_id: str | None
    completed_at: datetime | None = None

    @classmethod
    def of(cls, row) -> CommitmentView:
        return cls(
            id=row.id,
            number=row.number,
            category=row.category,
            title=row.title,
            due=row.due,
            repeat=row.repeat,
            private=row.private,
            state=row.state,
            partner_external_id=row.partner_external_id,
            completed_at=row.completed_at,
        )


@dataclass(frozen=True)
class ReflectionView:
    kind: str
    text: str
    private: bool
    created_at: datetime
    commitment_id: int | None
    number: int | None  # of the commitment it is about

    @classmethod
    def of(cls, row, number: int | None) -> ReflectionView:
        return cls(row.kind, row.text, row.private, row.created_at, row.commitment_id, number)


@dataclass(frozen=True)
class Partner:
    """The partner named in a new commitment: told, or not found by the handle typed."""

    user_id: str | None
    name: str | None = None
    handle: str | None = None  # typed as @handle and not found
    told: bool = True  # False: the platform could not reach them (the owner should tell them)


@dataclass(frozen=True)
class Committed:
    commitment: CommitmentView
    partner: Partner | None = None
    focus: Focus | None = None


@dataclass(frozen=True)
class Focus:
    """What a new commitment says about the strategy: the focus area it serves (named by its
    tag, or picked in the form), a tag that named none of them, or the one its words suggest
    (for the manager to confirm with `commit focus #N tag`)."""

    serves: object | None = None  # a focus area view (nudges.service.strategy.FocusAreaView)
    unknown: str | None = None  # the tag as typed
    suggested: object | None = None
    tags: tuple[str, ...] = ()  # the workspace's focus areas' tags, to say which exist


@dataclass(frozen=True)
class Focused:
    """A commitment now serves a focus area (or, with `serves` None, none)."""

    commitment: CommitmentView
    serves: object | None


@dataclass(frozen=True)
class Refused:
    """Not saved: a line the grammar (or a form) could not take, with every reason."""

    kind: str  # "commit", "reflect", "move"
    problems: tuple[Problem, ...]
    number: int | None = None
    form: bool = False  # answered on a form (the way to keep a vision is said as the form does it)


@dataclass(frozen=True)
class FormRefused:
    """A form not saved, with a problem for each field it concerns (Slack shows them next to
    the field; Teams redraws the form with the first)."""

    kind: str
    problems: dict[str, Problem]  # field: what, due, partner, text
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Denied:
    denial: Denial
    number: int | None


@dataclass(frozen=True)
class Reflected:
    commitment: CommitmentView | None
    kind: str
    private: bool


@dataclass(frozen=True)
class Completed:
    commitment: CommitmentView
    next_due: date | None


@dataclass(frozen=True)
class Dropped:
    commitment: CommitmentView


@dataclass(frozen=True)
class Moved:
    commitment: CommitmentView


@dataclass(frozen=True)
class Snoozed:
    commitment: CommitmentView
    until: date


@dataclass(frozen=True)
class CalendarEvent:
    """A commitment's event, for the front end to send as a file and as links."""

    commitment: CommitmentView
    slot: CalendarSlot


@dataclass(frozen=True)
class Home:
    """Everything about the person's own commitments: App Home on Slack, `list` on Teams."""

    locale: str
    tz: ZoneInfo
    today: date
    active: list[CommitmentView]
    completed: list[CommitmentView]
    reflections: list[ReflectionView]
    streak: int
    nudge_weekday: int
    nudge_time: time
    paused_until: date | None
    digest_opt_out: bool = False

    @property
    def numbers(self) -> dict[int, int]:
        return {r.commitment_id: r.number for r in self.reflections if r.commitment_id and r.number}


@dataclass(frozen=True)
class Listing:
    home: Home


@dataclass(frozen=True)
class SettingsShown:
    home: Home
    changed: bool = True


@dataclass(frozen=True)
class SettingRefused:
    name: str  # language, checkin, pause


@dataclass(frozen=True)
class FormNeeded:
    kind: str  # commit, reflect
    today: date
    active: list[CommitmentView] = field(default_factory=list)
    selected: CommitmentView | None = None
    focus_areas: tuple = ()  # the workspace's focus areas, for the commit form to offer
    start: StartingPoint | None = None  # a suggested first step the commit form starts from


@dataclass(frozen=True)
class StartingPoint:
    """A focus area's suggested first step, picked to fill the commit form: its words in the
    person's language, its category, and the area it serves. The manager still edits and saves."""

    value: str  # "key:index", as the form offers it
    focus: str
    category: str
    title: str


@dataclass(frozen=True)
class Said:
    """One sentence of the catalog, with its values (in `locale` when it is not the actor's)."""

    key: str
    values: dict = field(default_factory=dict)
    locale: str | None = None
    note: str | None = None  # a second sentence's key (e.g. how to invite the bot)


@dataclass(frozen=True)
class HelpShown:
    topics: tuple[str, ...]


@dataclass(frozen=True)
class DigestSchedule:
    key: str  # digest.on, digest.moved
    weekday: int
    at: time
    tz: str
    joined: bool = True
    picture: bool = False  # the digest carries its chart of the team's last weeks


@dataclass(frozen=True)
class Figures:
    active: int
    leaders: int
    months: list  # [((year, month), {category: count})]
    areas: tuple = ()  # this month per focus area (nudges.service.strategy.AreaFollowUp)


@dataclass(frozen=True)
class Exported:
    content: str
    filename: str
    today: date


@dataclass(frozen=True)
class SignInLink:
    """A one-time link to the admin page: for the admin's own chat only."""

    url: str


@dataclass(frozen=True)
class EraseAsked:
    pass


@dataclass(frozen=True)
class Erased:
    commitments: int
    reflections: int
    nudges: int


@dataclass(frozen=True)
class NotAnAnswer:
    """A message that answers no open check-in: the front end says what it can do instead."""

    command: Command


Result = (
    Committed
    | Focused
    | Refused
    | FormRefused
    | Denied
    | Reflected
    | Completed
    | Dropped
    | Moved
    | Snoozed
    | CalendarEvent
    | Listing
    | Home
    | SettingsShown
    | SettingRefused
    | FormNeeded
    | Said
    | HelpShown
    | DigestSchedule
    | Figures
    | Exported
    | SignInLink
    | EraseAsked
    | Erased
    | NotAnAnswer
)
