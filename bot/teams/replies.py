"""What a Teams user reads: the shared sentences (bot.i18n), rendered from the catalogs'
neutral markup into Teams' markup (bot.markup), in Teams' words.

Pure functions from results to text, so tests can check them without a server. Where the
meaning differs (App Home, Slack's own features), a Teams version of the sentence lives
under `teams.<key>` and is used instead.
"""

from __future__ import annotations

from datetime import date

from bot.i18n import CATALOGS, format_date
from bot.i18n import t as shared_t
from bot.markup import CATEGORY_EMOJI, card_text, markdown, plain  # noqa: F401  (Teams' three kinds of text)
from bot.sentences import join_reasons
from nudges.drafts import MAX_TITLE, Category, Denial, Problem
from nudges.service.results import CommitmentView as Commitment


def t(locale: str, key: str, **values: object) -> str:
    """The sentence as Teams says it: its `teams.` version where there is one."""
    teams_key = f"teams.{key}"
    return shared_t(locale, teams_key if teams_key in CATALOGS["en"] else key, **values)


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


def commit_refused(locale: str, problems: tuple[Problem, ...], *, form: bool = False) -> str:
    reasons = join_reasons(problem_text(locale, p) for p in dict.fromkeys(problems))
    vision = "commit.vision_form_help" if form else "commit.vision_help"
    hint = say(locale, vision if Problem.FLUFFY in problems else "commit.example")
    return lines(say(locale, "commit.not_saved", reason=reasons), hint)


def reflect_refused(locale: str, problems: tuple[Problem, ...], number: int | None = None) -> str:
    reasons = join_reasons(problem_text(locale, p, number=number or 1) for p in dict.fromkeys(problems))
    return say(locale, "reflect.not_saved", reason=reasons)


def denied(locale: str, denial: Denial, number: int | None) -> str:
    if denial == Denial.WHICH_ONE:
        return say(locale, "denial.which_one")
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
