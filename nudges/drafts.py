"""Plain data that the grammar and the forms produce and the rest of leadbot consumes.

Kept apart from the parsing so that chat front ends, storage and tests can speak of a
commitment or a reflection without importing the grammar's machinery.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Category(StrEnum):
    COURSE = "course"
    FAILURE = "failure"
    COLLABORATION = "collaboration"
    OTHER = "other"


class Repeat(StrEnum):
    WEEK = "week"
    BIWEEKLY = "biweekly"  # every other week
    MONTH = "month"


class ReflectionKind(StrEnum):
    PROGRESS = "progress"
    DONE = "done"
    FAILURE = "failure"
    LEARNING = "learning"


# Why a line could not become a commitment or a reflection. Front ends turn the code into
# kind words in the person's language; the grammar never writes prose itself.
class Problem(StrEnum):
    NO_WHEN = "no_when"  # no date at all
    OPEN_ENDED = "open_ended"  # "efter semestern", "sometime in spring": a start or a guess, not a deadline
    NO_WHAT = "no_what"  # empty or missing title
    FLUFFY = "fluffy"  # the what is a slogan, not a concrete step ("become data-driven")
    PAST = "past"  # the date has passed
    NO_SUCH_DATE = "no_such_date"  # 31 February, 2030-13-45, …
    UNREADABLE_DATE = "unreadable_date"  # a date marker was there but the words after it are not a date
    TOO_FAR = "too_far"  # more than two years ahead: not a plan
    TOO_LONG = "too_long"  # title over MAX_TITLE characters
    NO_TEXT = "no_text"  # /reflect #N with nothing said and no done
    EMPTY = "empty"  # nothing typed at all
    PARTNER_SELF = "partner_self"  # a form naming its own author as partner


MAX_TITLE = 150
MAX_REFLECTION = 3000


@dataclass(frozen=True)
class Refusal:
    """A line that is not saved, with the reasons (first one is the main one)."""

    problems: tuple[Problem, ...]

    @property
    def problem(self) -> Problem:
        return self.problems[0]


@dataclass(frozen=True)
class CommitDraft:
    category: Category
    title: str
    due: date
    repeat: Repeat | None = None
    # Either a platform user id (from an escaped mention such as <@U0PA|pat>) or, when the
    # person typed a plain "@pat", the handle without "@"; the front end resolves handles.
    partner: str | None = None
    partner_is_handle: bool = False
    private: bool = False
    # The strategy's focus area the line names with a tag ("#ai"), as typed: the core matches
    # it to the workspace's focus areas (typos forgiven).
    focus: str | None = None


@dataclass(frozen=True)
class ReflectDraft:
    number: int | None  # the #N the reflection is about, if any
    kind: ReflectionKind
    text: str
    done: bool = False
    private: bool = False


class Denial(StrEnum):
    """Why an action on an existing commitment was not carried out."""

    NO_SUCH_COMMITMENT = "no_such_commitment"  # also what someone else's commitment looks like
    ALREADY_DONE = "already_done"
    ALREADY_DROPPED = "already_dropped"
    WHICH_ONE = "which_one"  # "klar" with no number, and no check-in to say which
