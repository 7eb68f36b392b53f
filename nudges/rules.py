"""What makes a commitment acceptable, whichever way it was entered (one line or a form).

Principle 1: a what and a when, concrete enough to act on, within a horizon that is a plan
rather than a wish.
"""

from __future__ import annotations

from datetime import date, timedelta

from nudges.drafts import MAX_TITLE, Category, Problem

HORIZON = timedelta(days=730)


# A title in a form that ends with one of these keeps a vision as written, as a line does.
_INSIST = (" ändå", " anyway", " i alla fall")


def title_problems(title: str, category: Category | None = None) -> tuple[Problem, ...]:
    from nudges.grammar import is_fluffy

    stripped = title.strip()
    if not stripped:
        return (Problem.NO_WHAT,)
    if len(stripped) > MAX_TITLE:
        return (Problem.TOO_LONG,)
    if not insisted(stripped) and is_fluffy(stripped, category=category):
        return (Problem.FLUFFY,)
    return ()


def insisted(title: str) -> bool:
    return title.lower().endswith(_INSIST)


def without_insisting(title: str) -> str:
    """The title to keep: "Öka tilliten i teamet ändå" is saved as "Öka tilliten i teamet"."""
    lower = title.lower()
    for word in _INSIST:
        if lower.endswith(word):
            return title[: -len(word)].rstrip(" ,")
    return title


def due_problems(due: date | None, *, today: date) -> tuple[Problem, ...]:
    if due is None:
        return (Problem.NO_WHEN,)
    if due < today:
        return (Problem.PAST,)
    if due - today > HORIZON:
        return (Problem.TOO_FAR,)
    return ()
