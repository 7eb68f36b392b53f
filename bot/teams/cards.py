"""Adaptive Cards (version 1.5, Universal Actions) for Teams, built by pure functions.

A check-in is a card with the person's commitments, each with Done / Reflect / Snooze /
Drop as `Action.Execute`; the press comes back as an invoke and is answered with the same
card redrawn from the database. Adaptive Cards have no confirm dialog, so Drop first turns
the card into a question.
"""

from __future__ import annotations

from datetime import date

from bot.i18n import t
from bot.sentences import checkin_status
from bot.teams.replies import CATEGORY_EMOJI, markdown
from nudges.checkin import CheckIn, Line
from nudges.drafts import Category

CARD = "application/vnd.microsoft.card.adaptive"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"
LINES = 10

DONE, REFLECT, SNOOZE, DROP, DROP_CONFIRMED, KEEP = "done", "reflect", "snooze", "drop", "drop_confirmed", "keep"
COMMIT_FORM, REFLECT_FORM = "commit_form", "reflect_form"
CHECKIN_VERBS = (DONE, REFLECT, SNOOZE, DROP, DROP_CONFIRMED, KEEP)


def card(body: list[dict], actions: list[dict] | None = None) -> dict:
    out = {"type": "AdaptiveCard", "$schema": SCHEMA, "version": VERSION, "body": body}
    if actions:
        out["actions"] = actions
    return out


def text(value: str, **style) -> dict:
    return {"type": "TextBlock", "text": markdown(value), "wrap": True, **style}


def execute(title: str, verb: str, data: dict, **style) -> dict:
    return {"type": "Action.Execute", "title": title, "verb": verb, "data": data, **style}


def checkin_card(checkin: CheckIn, *, confirm_drop: int | None = None) -> dict:
    """The check-in, and after each press the same card redrawn (done items show as done)."""
    locale = checkin.locale
    body = [text(f"*{checkin.intro}*", weight="Bolder", size="Medium")]
    for line in checkin.lines[:LINES]:
        head = f"**#{line.number}** {CATEGORY_EMOJI[Category(line.category)]} {line.title}"
        if line.private:
            head += f" · 🔒 {t(locale, 'home.private')}"
        items = [text(head, weight="Bolder")]
        if line.state == "done":
            items.append(text(t(locale, "checkin.done")))
        elif line.state == "dropped":
            items.append(text(t(locale, "checkin.dropped")))
        elif line.snoozed:
            items.append(text(t(locale, "checkin.snoozed")))
        elif confirm_drop == line.commitment_id:
            items.append(text(t(locale, "confirm.drop.text", number=line.number, title=line.title)))
            items.append(_buttons(locale, line, checkin.nudge_id, confirming=True))
        else:
            soon = " " + t(locale, "checkin.soon") if line.soon else ""
            items.append(text(checkin_status(locale, line) + soon))
            items.append(text(line.hint, isSubtle=True, size="Small"))
            items.append(_buttons(locale, line, checkin.nudge_id))
        body.append({"type": "Container", "separator": True, "items": items})
    if len(checkin.lines) > LINES:
        body.append(text(t(locale, "checkin.more", count=len(checkin.lines) - LINES), isSubtle=True))
    body.append(text(t(locale, "teams.checkin.answer"), isSubtle=True, size="Small"))
    return card(body)


def _buttons(locale: str, line: Line, nudge_id: int, *, confirming: bool = False) -> dict:
    data = {"commitment": line.commitment_id, "nudge": nudge_id}
    if confirming:
        actions = [
            execute(t(locale, "confirm.drop.yes"), DROP_CONFIRMED, data, style="destructive"),
            execute(t(locale, "confirm.cancel"), KEEP, data),
        ]
    else:
        actions = [
            execute(t(locale, "button.done"), DONE, data, style="positive"),
            execute(t(locale, "button.reflect"), REFLECT, data),
            execute(t(locale, "button.snooze"), SNOOZE, data),
            execute(t(locale, "button.drop"), DROP, data),
        ]
    return {"type": "ActionSet", "actions": actions}


def reflect_card(locale: str, *, number: int, title: str, commitment_id: int, nudge_id: int | None) -> dict:
    """What Reflect on a check-in opens: one line about the commitment, sent back with Save."""
    return card(
        [
            text(f"**#{number}** {title}", weight="Bolder"),
            {
                "type": "Input.Text",
                "id": "text",
                "label": t(locale, "modal.text"),
                "isMultiline": True,
                "isRequired": True,
                "errorMessage": t(locale, "modal.text"),
                "maxLength": 3000,
            },
        ],
        [execute(t(locale, "modal.submit"), REFLECT_FORM, {"commitment": commitment_id, "nudge": nudge_id or 0})],
    )


def commit_form(locale: str, *, today: date) -> dict:
    """Bare `commit`: the same fields as the Slack form."""
    categories = [
        {"title": f"{CATEGORY_EMOJI[c]} {t(locale, f'category.{c.value}')}", "value": c.value} for c in Category
    ]
    return card(
        [
            text(f"**{t(locale, 'modal.commit.title')}**", size="Medium"),
            {
                "type": "Input.ChoiceSet",
                "id": "category",
                "label": t(locale, "modal.category"),
                "choices": categories,
                "value": Category.COURSE.value,
            },
            {
                "type": "Input.Text",
                "id": "what",
                "label": t(locale, "modal.what"),
                "isRequired": True,
                "errorMessage": t(locale, "modal.what"),
                "maxLength": 200,
            },
            {
                "type": "Input.Date",
                "id": "due",
                "label": t(locale, "modal.due"),
                "isRequired": True,
                "errorMessage": t(locale, "modal.due"),
                "min": today.isoformat(),
            },
            {"type": "Input.Toggle", "id": "private", "title": t(locale, "modal.visibility.private"), "value": "false"},
        ],
        [execute(t(locale, "modal.submit"), COMMIT_FORM, {})],
    )


def reflect_form(locale: str, commitments: list) -> dict:
    """Bare `reflect`: pick a commitment (or none), say what happened, or mark it done."""
    choices = [{"title": t(locale, "modal.commitment.none"), "value": "0"}] + [
        {"title": f"#{c.number} {c.title}", "value": str(c.number)} for c in commitments
    ]
    return card(
        [
            text(f"**{t(locale, 'modal.reflect.title')}**", size="Medium"),
            {
                "type": "Input.ChoiceSet",
                "id": "number",
                "label": t(locale, "modal.commitment"),
                "choices": choices,
                "value": "0",
            },
            {"type": "Input.Text", "id": "text", "label": t(locale, "modal.text"), "isMultiline": True},
            {"type": "Input.Toggle", "id": "done", "title": t(locale, "modal.done.option"), "value": "false"},
        ],
        [execute(t(locale, "modal.submit"), REFLECT_FORM, {})],
    )


ERASE = "erase"


def erase_prompt(locale: str) -> dict:
    """`erase` asks before anything goes: the card says what will be deleted, one button does it."""
    return card(
        [text(t(locale, "privacy.erase.ask"))],
        [execute(t(locale, "teams.erase.button"), ERASE, {}, style="destructive")],
    )
