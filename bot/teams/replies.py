"""What a Teams user reads: the same sentences as on Slack (bot.i18n), in Teams' markdown.

Pure functions from domain objects to text, so tests can check them without a server.
Slack's mrkdwn in the shared sentences is translated: *bold* becomes **bold**, emoji
short codes become the characters themselves.
"""

from __future__ import annotations

import re
from datetime import date

from bot.i18n import format_date, t
from nudges.drafts import Category, Denial, Problem
from storage.models import Commitment

EMOJI = {
    "white_check_mark": "✅",
    "lock": "🔒",
    "handshake": "🤝",
    "tada": "🎉",
    "memo": "📝",
    "sparkles": "✨",
    "fire": "🔥",
    "seedling": "🌱",
    "zzz": "💤",
    "wave": "👋",
    "wastebasket": "🗑️",
    "hourglass_flowing_sand": "⏳",
    "calendar": "📅",
    "busts_in_silhouette": "👥",
    "bulb": "💡",
    "dart": "🎯",
    "books": "📚",
    "pencil2": "✏️",
}
CATEGORY_EMOJI = {Category.COURSE: "📚", Category.FAILURE: "🌱", Category.COLLABORATION: "🤝", Category.OTHER: "🎯"}
MAX_TITLE = 200
_BOLD = re.compile(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])")
_SHORTCODE = re.compile(r":([a-z][a-z0-9_]*):")


def markdown(text: str) -> str:
    """Slack mrkdwn → Teams markdown (the few forms our sentences use)."""
    text = _BOLD.sub(r"**\1**", text)
    return _SHORTCODE.sub(lambda m: EMOJI.get(m.group(1), m.group(0)), text)


def say(locale: str, key: str, **values: object) -> str:
    return markdown(t(locale, key, **values))


def lines(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)


def committed(locale: str, commitment: Commitment) -> str:
    values = dict(
        number=commitment.number,
        category=t(locale, f"category.{commitment.category}"),
        title=commitment.title,
        due=format_date(commitment.due, locale),
    )
    if commitment.repeat:
        head = say(locale, "commit.saved_repeat", repeat=t(locale, f"repeat.{commitment.repeat}"), **values)
    else:
        head = say(locale, "commit.saved", **values)
    return lines(
        head,
        say(locale, "commit.private_note") if commitment.private else "",
        say(locale, "commit.next_step", number=commitment.number),
    )


def problem_text(locale: str, problem: Problem, **values: object) -> str:
    return t(locale, f"problem.{problem.value}", max=MAX_TITLE, **values)


def commit_refused(locale: str, problems: tuple[Problem, ...]) -> str:
    reasons = "; ".join(problem_text(locale, p) for p in dict.fromkeys(problems))
    return lines(say(locale, "commit.not_saved", reason=reasons), say(locale, "commit.example"))


def reflect_refused(locale: str, problems: tuple[Problem, ...], number: int | None = None) -> str:
    reasons = "; ".join(problem_text(locale, p, number=number or 1) for p in dict.fromkeys(problems))
    return say(locale, "reflect.not_saved", reason=reasons)


def denied(locale: str, denial: Denial, number: int | None) -> str:
    if number is None:
        return say(locale, "denial.no_such_commitment_id")
    return say(locale, f"denial.{denial.value}", number=number)


def reflected(locale: str, *, commitment: Commitment | None, kind: str, private: bool) -> str:
    if kind == "failure":
        head = say(locale, "reflect.saved_failure")
    elif commitment is not None:
        head = say(locale, "reflect.saved_on", number=commitment.number, title=commitment.title)
    else:
        head = say(locale, "reflect.saved_free")
    return lines(head, say(locale, "reflect.private_note") if private else "")


def completed(locale: str, commitment: Commitment, next_due: date | None) -> str:
    values = dict(number=commitment.number, title=commitment.title)
    if next_due:
        return say(locale, "reflect.done_repeat", due=format_date(next_due, locale), **values)
    return say(locale, "reflect.done", **values)


def commitment_line(locale: str, commitment: Commitment, today: date) -> str:
    due = format_date(commitment.due, locale)
    if commitment.repeat:
        when = t(locale, "list.repeat", repeat=t(locale, f"repeat.{commitment.repeat}"), due=due)
    elif commitment.due < today:
        when = t(locale, "list.overdue", due=due)
    else:
        when = t(locale, "list.due", due=due)
    private = f" · 🔒 {t(locale, 'home.private')}" if commitment.private else ""
    emoji = CATEGORY_EMOJI[Category(commitment.category)]
    return f"**#{commitment.number}** {emoji} {commitment.title} · {when}{private}"


def listing(locale: str, commitments: list[Commitment], today: date) -> str:
    if not commitments:
        return say(locale, "list.empty")
    return lines(f"**{t(locale, 'list.header')}**", *(commitment_line(locale, c, today) for c in commitments))


def help_text(locale: str, *topics: str) -> str:
    return lines(*(say(locale, f"help.{topic}") for topic in topics))
