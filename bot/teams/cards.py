"""Adaptive Cards (version 1.5, Universal Actions) for Teams, built by pure functions.

A check-in is a card with the person's commitments, each with Done / Reflect / Snooze /
Drop as `Action.Execute`; the press comes back as an invoke and is answered with the same
card redrawn from the database. Adaptive Cards have no confirm dialog, so Drop first turns
the card into a question.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.sentences import checkin_status
from bot.teams.replies import CATEGORY_EMOJI, card_text, t
from nudges.checkin import CheckIn, Line
from nudges.drafts import MAX_TITLE, Category, Repeat

CARD = "application/vnd.microsoft.card.adaptive"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"
LINES = 10

DONE, REFLECT, SNOOZE, DROP, DROP_CONFIRMED, KEEP = "done", "reflect", "snooze", "drop", "drop_confirmed", "keep"
CALENDAR = "calendar"
COMMIT_FORM, REFLECT_FORM = "commit_form", "reflect_form"
COMMIT_START = "commit_start"  # a suggested first step fills the commit form
STARTS = 5  # suggested first steps offered as buttons (Teams shows few actions in a row)
CHECKIN_VERBS = (DONE, REFLECT, SNOOZE, DROP, DROP_CONFIRMED, KEEP, CALENDAR)


@dataclass(frozen=True)
class CalendarLinks:
    """A commitment's event as a card shows it: what and when, and a link for each calendar."""

    commitment_id: int
    locale: str
    head: str
    notes: tuple[str, ...]
    outlook: str
    google: str


def card(body: list[dict], actions: list[dict] | None = None) -> dict:
    out = {"type": "AdaptiveCard", "$schema": SCHEMA, "version": VERSION, "body": body}
    if actions:
        out["actions"] = actions
    return out


def text(value: str, **style) -> dict:
    return {"type": "TextBlock", "text": card_text(value), "wrap": True, **style}


def execute(title: str, verb: str, data: dict, **style) -> dict:
    return {"type": "Action.Execute", "title": title, "verb": verb, "data": data, **style}


def open_url(title: str, url: str) -> dict:
    return {"type": "Action.OpenUrl", "title": title, "url": url}


def calendar_links(locale: str, links: CalendarLinks) -> list[dict]:
    """The event's lines and its two links, for a card of its own or inside a check-in's line."""
    return [
        *(text(note, isSubtle=True, size="Small") for note in links.notes),
        {
            "type": "ActionSet",
            "actions": [
                open_url(t(locale, "calendar.outlook"), links.outlook),
                open_url(t(locale, "calendar.google"), links.google),
            ],
        },
    ]


def calendar_card(locale: str, links: CalendarLinks) -> dict:
    return card([text(links.head), *calendar_links(locale, links)])


def calendar_button(locale: str, commitment_id: int, nudge_id: int | None = None) -> dict:
    data = {"commitment": commitment_id, "nudge": nudge_id or 0}
    return execute(t(locale, "button.calendar"), CALENDAR, data)


def checkin_card(checkin: CheckIn, *, confirm_drop: int | None = None, calendar: CalendarLinks | None = None) -> dict:
    """The check-in, and after each press the same card redrawn (done items show as done);
    after Add to calendar, that line shows its event's links."""
    locale = checkin.locale
    body = [text(f"*{checkin.intro}*", weight="Bolder", size="Medium")]
    for line in checkin.lines[:LINES]:
        head = f"**#{line.number}** {CATEGORY_EMOJI[Category(line.category)]} {line.title}"
        if line.focus:
            head += f" · _{line.focus}_"
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
            if calendar is not None and calendar.commitment_id == line.commitment_id:
                items += calendar_links(locale, calendar)
        body.append({"type": "Container", "separator": True, "items": items})
    if len(checkin.lines) > LINES:
        body.append(text(t(locale, "checkin.more", count=len(checkin.lines) - LINES), isSubtle=True))
    open_lines = [line for line in checkin.lines[:LINES] if line.state not in ("done", "dropped")]
    if open_lines:
        body.append(text(t(locale, "checkin.answer", number=open_lines[0].number), isSubtle=True, size="Small"))
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
            execute(t(locale, "button.calendar"), CALENDAR, data),
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


def commit_form(
    locale: str, *, today: date, values: dict | None = None, problem: str | None = None, focus_areas=(), start=None
) -> dict:
    """Bare `commit`: the same fields as the Slack form. Both text fields are required (Teams
    will not send the form with either empty); a refused save comes back as the same form with
    what was typed and why it was not saved. The focus areas' suggested first steps are buttons
    above it that fill it in (`start`, the one pressed): buttons, as a menu sent with the form's
    fields would be held back by Teams while the required ones are empty."""
    values = values or {}
    if start is not None:
        values = {**values, "what": start.title, "focus": start.focus}
        if start.category in {c.value for c in Category}:
            values["category"] = start.category
    categories = [
        {"title": f"{CATEGORY_EMOJI[c]} {t(locale, f'category.{c.value}')}", "value": c.value} for c in Category
    ]
    chosen = values.get("category") if values.get("category") in {c.value for c in Category} else None
    what = {
        "type": "Input.Text",
        "id": "what",
        "label": t(locale, "modal.what"),
        "placeholder": t(locale, "modal.what.placeholder"),
        "isRequired": True,
        "errorMessage": t(locale, "modal.what"),
        "maxLength": MAX_TITLE,
    }
    if values.get("what"):
        what["value"] = str(values["what"])[:MAX_TITLE]
    due = {
        "type": "Input.Date",
        "id": "due",
        "label": t(locale, "modal.due"),
        "isRequired": True,
        "errorMessage": t(locale, "modal.due"),
        "min": today.isoformat(),
    }
    if values.get("due"):
        due["value"] = str(values["due"])
    repeats = [{"title": t(locale, "repeat.none"), "value": "none"}] + [
        {"title": t(locale, f"repeat.{r.value}"), "value": r.value} for r in Repeat
    ]
    repeat = {
        "type": "Input.ChoiceSet",
        "id": "repeat",
        "label": t(locale, "modal.repeat"),
        "choices": repeats,
        "value": values.get("repeat") if values.get("repeat") in {r.value for r in Repeat} else "none",
    }
    body = [
        *_form_head(locale, "modal.commit.title", problem),
        {
            "type": "Input.ChoiceSet",
            "id": "category",
            "label": t(locale, "modal.category"),
            "choices": categories,
            "value": chosen or Category.COURSE.value,
            "isRequired": True,
            "errorMessage": t(locale, "modal.category"),
        },
        what,
        due,
        repeat,
        _toggle("private", t(locale, "modal.visibility.private"), values),
    ]
    if focus_areas:  # the strategy's focus areas, when the organisation has named them (optional)
        keys = {area.key for area in focus_areas}
        body.insert(
            -1,
            {
                "type": "Input.ChoiceSet",
                "id": "focus",
                "label": t(locale, "modal.focus"),
                "choices": [{"title": t(locale, "modal.focus.none"), "value": "none"}]
                + [{"title": area.name(locale), "value": area.key} for area in focus_areas],
                "value": values.get("focus") if values.get("focus") in keys else "none",
            },
        )
    starts = _starting_points(locale, focus_areas)
    if starts:
        body[1:1] = [text(f"**{t(locale, 'modal.start')}**"), {"type": "ActionSet", "actions": starts}]
    return card(body, [execute(t(locale, "modal.submit"), COMMIT_FORM, {}, associatedInputs="auto")])


def _starting_points(locale: str, focus_areas) -> list[dict]:
    found = []
    for area in focus_areas:
        for index, suggestion in enumerate(area.suggestions):
            words = suggestion.sv if locale == "sv" else suggestion.en
            found.append(
                execute(f"{area.name(locale)}: {words}", COMMIT_START, {"start": f"{area.key}:{index}"},
                        associatedInputs="none")
            )  # fmt: skip
    return found[:STARTS]


def receipt(message: str, *, calendar_for: int | None = None, locale: str = "en") -> dict:
    """What a saved form turns into: what was saved, and nothing left to press or send again
    (but to put a new commitment in the calendar)."""
    if calendar_for is None:
        return card([text(message)])
    return card([text(message), {"type": "ActionSet", "actions": [calendar_button(locale, calendar_for)]}])


def _toggle(ident: str, title: str, values: dict) -> dict:
    """A yes/no field, on when the values it comes back with say so."""
    on = str(values.get(ident)).lower() == "true"
    return {"type": "Input.Toggle", "id": ident, "title": title, "value": "true" if on else "false",
            "valueOn": "true", "valueOff": "false"}  # fmt: skip


def _form_head(locale: str, title_key: str, problem: str | None) -> list[dict]:
    """A form's title, and why it came back when it did."""
    head = [text(f"**{t(locale, title_key)}**", size="Medium")]
    return [*head, text(problem, color="Attention")] if problem else head


def reflect_form(locale: str, commitments: list, *, values: dict | None = None, problem: str | None = None) -> dict:
    """Bare `reflect`: pick a commitment (or none), say what happened, or mark it done."""
    values = values or {}
    choices = [{"title": t(locale, "modal.commitment.none"), "value": "0"}] + [
        {"title": f"#{c.number} {c.title}", "value": str(c.number)} for c in commitments
    ]
    chosen = str(values.get("number") or "0")
    said = {
        "type": "Input.Text",
        "id": "text",
        "label": t(locale, "modal.text"),
        "placeholder": t(locale, "modal.text.placeholder"),
        "isMultiline": True,
        "maxLength": 3000,
    }
    if values.get("text"):
        said["value"] = str(values["text"])[:3000]
    body = [
        *_form_head(locale, "modal.reflect.title", problem),
        {
            "type": "Input.ChoiceSet",
            "id": "number",
            "label": t(locale, "modal.commitment"),
            "choices": choices,
            "value": chosen if chosen in {c["value"] for c in choices} else "0",
        },
        said,
        _toggle("done", t(locale, "modal.done.option"), values),
        # private unless the person chooses to share, as in Slack's form
        _toggle("share", t(locale, "modal.share.option"), values),
    ]
    return card(body, [execute(t(locale, "modal.submit"), REFLECT_FORM, {}, associatedInputs="auto")])


ERASE = "erase"


def erase_prompt(locale: str) -> dict:
    """`erase` asks before anything goes: the card says what will be deleted, one button does it."""
    return card(
        [text(t(locale, "privacy.erase.ask"))],
        [execute(t(locale, "teams.erase.button"), ERASE, {}, style="destructive")],
    )
