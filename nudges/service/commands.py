"""What a person asks for, as one command type, whatever the front end: a typed line is
read here, once, with its Swedish and English words; a form's fields become the same
commands (`CommitForm`, `ReflectForm`) without being turned back into a line.

Slack's `/commit X` is the line "commit X", `/reflect X` is "reflect X" and `/leadbot X` is
"X"; on Teams the line is what was written to the bot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from nudges.drafts import Category, Repeat

COMMIT_WORDS = frozenset({"commit", "åtagande", "atagande"})
REFLECT_WORDS = frozenset({"reflect", "reflektera"})
HELP_WORDS = frozenset({"help", "hjälp", "hjalp", "?"})
LIST_WORDS = frozenset({"list", "lista", "ls"})
DROP_WORDS = frozenset({"drop", "stryk", "släpp"})
MOVE_WORDS = frozenset({"move", "flytta", "reschedule"})
FOCUS_WORDS = frozenset({"focus", "fokus", "fokusområde"})
NO_FOCUS = frozenset({"none", "ingen", "inget", "-"})
DIGEST_WORDS = frozenset({"digest", "veckobrev"})
STATS_WORDS = frozenset({"stats", "statistik"})
EXPORT_WORDS = frozenset({"export", "exportera"})
ERASE_WORDS = frozenset({"erase", "radera"})
ADMIN_WORDS = frozenset({"admin", "adminsida", "adminsidan"})
CALENDAR_WORDS = frozenset({"calendar", "kalender", "kalendern"})
# A person's own settings, by word: what App Home's menus do on Slack.
SETTING_WORDS = {
    "settings": "show",
    "inställningar": "show",
    "installningar": "show",
    "language": "language",
    "språk": "language",
    "sprak": "language",
    "checkin": "checkin",
    "avstämning": "checkin",
    "avstamning": "checkin",
    "pause": "pause",
    "pausa": "pause",
    "resume": "resume",
    "återuppta": "resume",
    "ateruppta": "resume",
    "hide": "hide",
    "dölj": "hide",
    "dolj": "hide",
    "show": "show_in_digests",
    "visa": "show_in_digests",
}
DIGEST_ACTIONS = {
    "on": "on",
    "på": "on",
    "off": "off",
    "av": "off",
    "time": "time",
    "tid": "time",
    "language": "language",
    "språk": "language",
    "sprak": "language",
    "picture": "picture",
    "bild": "picture",
}
NUMBER = re.compile(r"^#?(\d{1,6})$")


# --- commands ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Commit:
    text: str  # one line of the /commit grammar


@dataclass(frozen=True)
class CommitForm:
    category: Category
    title: str
    due: date | None
    repeat: Repeat | None = None
    partner: str | None = None  # a platform user id, picked in the form
    private: bool = False
    focus: str | None = None  # the key of the focus area picked, if any


@dataclass(frozen=True)
class Reflect:
    text: str  # one line of the /reflect grammar


@dataclass(frozen=True)
class ReflectForm:
    text: str
    done: bool = False
    share: bool = False
    learned: str | None = None  # "what did you learn", asked for a failure-sharing commitment
    commitment_id: int | None = None
    number: int | None = None


@dataclass(frozen=True)
class OpenForm:
    kind: str  # "commit" or "reflect"
    commitment_id: int | None = None  # for reflect: the commitment picked
    start: str | None = None  # for commit: a focus area's suggested first step, "key:index"


@dataclass(frozen=True)
class Listing:
    pass


@dataclass(frozen=True)
class Help:
    topics: tuple[str, ...]


@dataclass(frozen=True)
class Usage:
    """A command word with what follows it unreadable: say how it is written."""

    key: str


@dataclass(frozen=True)
class Drop:
    number: int | None = None
    commitment_id: int | None = None


@dataclass(frozen=True)
class Move:
    number: int
    when: str


@dataclass(frozen=True)
class Complete:
    commitment_id: int


@dataclass(frozen=True)
class Snooze:
    commitment_id: int


@dataclass(frozen=True)
class AddToCalendar:
    """A calendar event for one of the person's own commitments."""

    commitment_id: int | None = None
    number: int | None = None


@dataclass(frozen=True)
class SetFocus:
    """`commit focus #2 ai`: the strategy's focus area a commitment serves (`none` for none)."""

    number: int
    tag: str | None


@dataclass(frozen=True)
class Setting:
    """A setting by word: `language en`, `checkin mon 09:00`, `pause until 7 jan`, …"""

    name: str
    value: str = ""


@dataclass(frozen=True)
class SetSettings:
    """Settings already typed by a form or a menu (App Home)."""

    fields: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Digest:
    action: str  # on, off, time, language, picture, or "" (say how)
    args: tuple[str, ...] = ()


@dataclass(frozen=True)
class Stats:
    pass


@dataclass(frozen=True)
class AdminSignIn:
    """`admin`: a one-time link to the admin page, for an admin, in their own chat."""


@dataclass(frozen=True)
class Export:
    pass


@dataclass(frozen=True)
class Erase:
    confirmed: bool = False


@dataclass(frozen=True)
class Message:
    """Anything else written to the bot: an answer to a check-in, if one is open."""

    text: str
    channel: str | None = None
    thread: str | None = None


Command = (
    Commit
    | CommitForm
    | Reflect
    | ReflectForm
    | OpenForm
    | Listing
    | Help
    | Usage
    | Drop
    | Move
    | Complete
    | Snooze
    | AddToCalendar
    | SetFocus
    | Setting
    | SetSettings
    | Digest
    | Stats
    | Export
    | AdminSignIn
    | Erase
    | Message
)

LEADBOT_HELP = ("leadbot", "commit", "reflect", "digest", "privacy")


def split(text: str) -> tuple[str, str]:
    """('commit', 'kurs "AI" senast 15 dec') from '/commit kurs "AI" senast 15 dec'."""
    stripped = (text or "").strip().lstrip("/")
    word, _, rest = stripped.partition(" ")
    return word.lower(), rest.strip()


def parse(line: str) -> Command:
    """One typed line as a command. A line that starts with no command word is a `Message`."""
    word, rest = split(line)
    if word in COMMIT_WORDS:
        return _commit(rest)
    if word in REFLECT_WORDS:
        if not rest:
            return OpenForm("reflect")
        if rest.lower() in HELP_WORDS:
            return Help(("reflect",))
        return Reflect(rest)
    if word in LIST_WORDS and not rest:
        return Listing()
    if word in HELP_WORDS:
        return Help(LEADBOT_HELP)
    if word in DIGEST_WORDS:
        words = rest.split()
        action = DIGEST_ACTIONS.get(words[0].lower(), "") if words else ""
        return Digest(action, tuple(words[1:]))
    if word in STATS_WORDS and not rest:
        return Stats()
    if word in ADMIN_WORDS and not rest:
        return AdminSignIn()
    if word in EXPORT_WORDS and not rest:
        return Export()
    if word in ERASE_WORDS and not rest:
        return Erase()
    if word in CALENDAR_WORDS and (number := NUMBER.match(rest)):
        return AddToCalendar(number=int(number.group(1)))
    if word in SETTING_WORDS:
        return Setting(SETTING_WORDS[word], rest)
    return Message(line or "")


def _commit(rest: str) -> Command:
    words = rest.split()
    first = words[0].lower() if words else ""
    if not rest:
        return OpenForm("commit")
    if first in LIST_WORDS and len(words) == 1:
        return Listing()
    if first in HELP_WORDS and len(words) == 1:
        return Help(("commit",))
    if first in DROP_WORDS and len(words) <= 2:
        match = NUMBER.match(words[1]) if len(words) == 2 else None
        return Drop(number=int(match.group(1))) if match else Usage("commit.drop_usage")
    if first in FOCUS_WORDS:
        match = NUMBER.match(words[1]) if len(words) == 3 else None
        if match is None:
            return Usage("focus.usage")
        tag = words[2].lstrip("#")
        return SetFocus(int(match.group(1)), None if tag.lower() in NO_FOCUS else tag)
    if first in MOVE_WORDS:
        match = NUMBER.match(words[1]) if len(words) > 2 else None
        return Move(int(match.group(1)), " ".join(words[2:])) if match else Usage("commit.move_usage")
    return Commit(rest)


def is_personal(command: Command) -> bool:
    """Whether the answer shows what is the person's alone (their commitments, reflections,
    settings, data, workspace figures): where others can read along, it is answered in
    private."""
    return not isinstance(command, Help | Digest | Usage | Message)
