"""Block Kit, built by pure functions: data in, Slack JSON out, no I/O.

Whatever a person typed is escaped before it goes into mrkdwn, so a title such as
"<!channel>" is shown as written and never pings anyone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.i18n import LOCALES, format_date, t, weekday_name
from bot.sentences import checkin_status, clip, digest_lines, digest_summary, join_reasons, streak_text
from bot.slack import ids
from nudges.drafts import MAX_TITLE, Category, Denial, Problem, Repeat
from nudges.service.results import CommitmentView as Commitment
from nudges.service.results import Home
from nudges.service.results import ReflectionView as Reflection

EMOJI = {
    Category.COURSE: ":books:",
    Category.FAILURE: ":seedling:",
    Category.COLLABORATION: ":handshake:",
    Category.OTHER: ":dart:",
}
HOME_ACTIVE_LIMIT = 15
HOME_RECENT_LIMIT = 5
LIST_LIMIT = 40
MAX_TEXT = 3000
MAX_BUTTON = 75


def esc(text: str) -> str:
    """Slack's own escaping for mrkdwn; it also defuses <!channel>, <!here> and <@U…>."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain(text: str, limit: int = MAX_BUTTON) -> dict:
    return {"type": "plain_text", "text": clip(text, limit), "emoji": True}


def section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, MAX_TEXT)}}


def context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(text, MAX_TEXT)}]}


def option(text: str, value: str) -> dict:
    return {"text": plain(text), "value": value}


def category_label(locale: str, category: str) -> str:
    return f"{EMOJI[Category(category)]} {t(locale, f'category.{category}')}"


def due_phrase(locale: str, commitment: Commitment, today: date) -> str:
    due = format_date(commitment.due, locale)
    if commitment.repeat:
        return t(locale, "list.repeat", repeat=t(locale, f"repeat.{commitment.repeat}"), due=due)
    if commitment.due < today:
        return t(locale, "list.overdue", due=due)
    return t(locale, "list.due", due=due)


def commitment_line(locale: str, commitment: Commitment, today: date) -> str:
    parts = [
        f"*#{commitment.number}* {EMOJI[Category(commitment.category)]} {esc(commitment.title)}",
        due_phrase(locale, commitment, today),
    ]
    if commitment.partner_external_id:
        parts.append(t(locale, "list.partner", partner=f"<@{commitment.partner_external_id}>"))
    if commitment.private:
        parts.append(f":lock: {t(locale, 'home.private')}")
    return " · ".join(parts)


# --- replies to commands ----------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    """An ephemeral answer: a notification fallback and the blocks."""

    text: str
    blocks: list[dict] = field(default_factory=list)
    refused: bool = False  # nothing was changed: the answer is a refusal


def reply(*lines: str) -> Reply:
    lines = tuple(line for line in lines if line)
    return Reply(text=clip(lines[0], MAX_TEXT), blocks=[section(line) for line in lines])


def committed(locale: str, commitment: Commitment, *, partner_note: str | None = None, focus_note: str = "") -> Reply:
    values = dict(
        number=commitment.number,
        category=t(locale, f"category.{commitment.category}"),
        title=esc(commitment.title),
        due=format_date(commitment.due, locale),
    )
    if commitment.repeat:
        head = t(locale, "commit.saved_repeat", repeat=t(locale, f"repeat.{commitment.repeat}"), **values)
    else:
        head = t(locale, "commit.saved", **values)
    notes = [
        t(locale, "commit.private_note") if commitment.private else "",
        partner_note or "",
        focus_note,
        t(locale, "commit.next_step", number=commitment.number),
    ]
    blocks = [section(head), *[context(note) for note in notes if note], calendar_actions(locale, commitment.id)]
    return Reply(text=head, blocks=blocks)


def moved(locale: str, commitment: Commitment) -> Reply:
    """A new date, and the event to match it (the same event, moved, once added again)."""
    head = t(
        locale,
        "commit.moved",
        number=commitment.number,
        title=esc(commitment.title),
        due=format_date(commitment.due, locale),
    )
    blocks = [section(head), context(t(locale, "calendar.moved")), calendar_actions(locale, commitment.id)]
    return Reply(text=head, blocks=blocks)


def calendar_button(locale: str, commitment_id: int) -> dict:
    return {
        "type": "button",
        "action_id": ids.CALENDAR,
        "text": plain(t(locale, "button.calendar")),
        "value": str(commitment_id),
    }


def calendar_actions(locale: str, commitment_id: int) -> dict:
    return {
        "type": "actions",
        "block_id": f"calendar-{commitment_id}",
        "elements": [calendar_button(locale, commitment_id)],
    }


def calendar_message(locale: str, commitment: Commitment, notes: list[str], outlook: str, google: str) -> Reply:
    """What goes to the person's DM next to the .ics file: when, and a link for each calendar."""
    head = t(locale, "calendar.sent", number=commitment.number, title=esc(commitment.title))
    links = {
        "type": "actions",
        "block_id": f"calendar-links-{commitment.id}",
        "elements": [
            {"type": "button", "action_id": ids.CALENDAR_OUTLOOK, "text": plain(t(locale, "calendar.outlook")),
             "url": outlook},
            {"type": "button", "action_id": ids.CALENDAR_GOOGLE, "text": plain(t(locale, "calendar.google")),
             "url": google},
        ],
    }  # fmt: skip
    return Reply(text=head, blocks=[section(head), *[context(esc(note)) for note in notes], links])


def problem_text(locale: str, problem: Problem, **values: object) -> str:
    return t(locale, f"problem.{problem.value}", max=MAX_TITLE, **values)


def commit_refused(locale: str, problems: tuple[Problem, ...]) -> Reply:
    reasons = join_reasons(problem_text(locale, p) for p in dict.fromkeys(problems))
    head = t(locale, "commit.not_saved", reason=reasons)
    hint = t(locale, "commit.vision_help" if Problem.FLUFFY in problems else "commit.example")
    return Reply(text=head, blocks=[section(head), context(hint)])


def reflect_refused(locale: str, problems: tuple[Problem, ...], number: int | None = None) -> Reply:
    reasons = join_reasons(problem_text(locale, p, number=number or 1) for p in dict.fromkeys(problems))
    return reply(t(locale, "reflect.not_saved", reason=reasons))


def denied(locale: str, denial: Denial, number: int | None) -> Reply:
    if denial == Denial.WHICH_ONE:
        text = t(locale, "denial.which_one")
    elif number is None:
        text = t(locale, "denial.no_such_commitment_id")
    else:
        text = t(locale, f"denial.{denial.value}", number=number)
    return Reply(text=text, blocks=[section(text)], refused=True)


def dropped(locale: str, commitment: Commitment) -> Reply:
    return reply(t(locale, "commit.dropped", number=commitment.number, title=esc(commitment.title)))


def commitment_list(locale: str, commitments: list[Commitment], today: date) -> Reply:
    if not commitments:
        return reply(t(locale, "list.empty"))
    shown = commitments[:LIST_LIMIT]
    lines = [commitment_line(locale, c, today) for c in shown]
    blocks = [{"type": "header", "text": plain(t(locale, "list.header"), 150)}]
    blocks += [section("\n".join(chunk)) for chunk in _chunks(lines, MAX_TEXT)]
    if len(commitments) > len(shown):
        blocks.append(context(t(locale, "home.more", count=len(commitments) - len(shown))))
    return Reply(text=t(locale, "list.header"), blocks=blocks)


def _chunks(lines: list[str], limit: int) -> list[list[str]]:
    chunks: list[list[str]] = [[]]
    size = 0
    for line in lines:
        if chunks[-1] and size + len(line) + 1 > limit:
            chunks.append([])
            size = 0
        chunks[-1].append(line)
        size += len(line) + 1
    return chunks


def reflected(locale: str, *, commitment: Commitment | None, kind: str, private: bool) -> Reply:
    if kind == "failure":
        head = t(locale, "reflect.saved_failure")
    elif commitment is not None:
        head = t(locale, "reflect.saved_on", number=commitment.number, title=esc(commitment.title))
    else:
        head = t(locale, "reflect.saved_free")
    return reply(head, t(locale, "reflect.private_note") if private else "")


def completed(locale: str, commitment: Commitment, next_due: date | None) -> Reply:
    values = dict(number=commitment.number, title=esc(commitment.title))
    if next_due:
        return reply(t(locale, "reflect.done_repeat", due=format_date(next_due, locale), **values))
    return reply(t(locale, "reflect.done", **values))


def help_reply(locale: str, *topics: str) -> Reply:
    return reply(*(t(locale, f"help.{topic}") for topic in topics))


def partner_message(locale: str, *, owner_id: str, commitment: Commitment) -> Reply:
    return reply(
        t(
            locale,
            "partner.dm",
            owner=f"<@{owner_id}>",
            number=commitment.number,
            title=esc(commitment.title),
            due=format_date(commitment.due, locale),
        )
    )


# --- buttons ----------------------------------------------------------------------------


def commitment_buttons(locale: str, commitment: Commitment) -> dict:
    value = str(commitment.id)
    return {
        "type": "actions",
        "block_id": f"commitment-{commitment.id}",
        "elements": [
            {
                "type": "button",
                "action_id": ids.DONE,
                "text": plain(t(locale, "button.done")),
                "value": value,
                "style": "primary",
            },
            {"type": "button", "action_id": ids.REFLECT, "text": plain(t(locale, "button.reflect")), "value": value},
            calendar_button(locale, commitment.id),
            {
                "type": "button",
                "action_id": ids.DROP,
                "text": plain(t(locale, "button.drop")),
                "value": value,
                "confirm": {
                    "title": plain(t(locale, "confirm.drop.title"), 100),
                    "text": plain(
                        t(locale, "confirm.drop.text", number=commitment.number, title=commitment.title), 300
                    ),
                    "confirm": plain(t(locale, "confirm.drop.yes"), 30),
                    "deny": plain(t(locale, "confirm.cancel"), 30),
                    "style": "danger",
                },
            },
        ],
    }


# --- App Home ---------------------------------------------------------------------------


def home_view(data: Home) -> dict:
    locale = data.locale
    blocks: list[dict] = [
        {"type": "header", "text": plain(t(locale, "home.title"), 150)},
        context(t(locale, "home.intro")),
        {
            "type": "actions",
            "block_id": "home-new",
            "elements": [
                {
                    "type": "button",
                    "action_id": ids.NEW_COMMITMENT,
                    "text": plain(t(locale, "button.new")),
                    "style": "primary",
                },
                {"type": "button", "action_id": ids.NEW_REFLECTION, "text": plain(t(locale, "button.new_reflection"))},
            ],
        },
        section(streak_text(locale, data.streak, t)),
        {"type": "divider"},
        {"type": "header", "text": plain(t(locale, "home.active"), 150)},
    ]
    if not data.active:
        blocks.append(section(t(locale, "home.none")))
    for commitment in data.active[:HOME_ACTIVE_LIMIT]:
        blocks.append(section(commitment_line(locale, commitment, data.today)))
        blocks.append(commitment_buttons(locale, commitment))
    if len(data.active) > HOME_ACTIVE_LIMIT:
        blocks.append(context(t(locale, "home.more", count=len(data.active) - HOME_ACTIVE_LIMIT)))

    blocks += [{"type": "divider"}, {"type": "header", "text": plain(t(locale, "home.completed"), 150)}]
    if data.completed:
        lines = [
            f"*#{c.number}* {EMOJI[Category(c.category)]} {esc(c.title)} · "
            f"{format_date(c.completed_at.astimezone(data.tz).date(), locale)}"
            for c in data.completed[:HOME_RECENT_LIMIT]
        ]
        blocks.append(section("\n".join(lines)))
    else:
        blocks.append(context(t(locale, "home.completed.none")))

    blocks += [{"type": "header", "text": plain(t(locale, "home.reflections"), 150)}]
    if data.reflections:
        blocks.append(section("\n".join(_reflection_line(data, r) for r in data.reflections[:HOME_RECENT_LIMIT])))
    else:
        blocks.append(context(t(locale, "home.reflections.none")))

    blocks += [{"type": "divider"}, *settings_blocks(data)]
    return {"type": "home", "blocks": blocks}


def _reflection_line(data: Home, reflection: Reflection) -> str:
    locale = data.locale
    when = format_date(reflection.created_at.astimezone(data.tz).date(), locale)
    about = f"*#{data.numbers[reflection.commitment_id]}* " if reflection.commitment_id in data.numbers else ""
    text = clip(esc(reflection.text or ""), 200)
    lock = f" :lock: {t(locale, 'home.private')}" if reflection.private else ""
    said = f" · {text}" if text else ""
    return f"{about}_{t(locale, f'reflection.kind.{reflection.kind}')}_ · {when}{said}{lock}"


def settings_blocks(data: Home) -> list[dict]:
    locale = data.locale
    languages = [option(t(code, f"language.{code}"), code) for code in LOCALES]
    days = [option(weekday_name(i, locale), str(i)) for i in range(5)]
    pause: dict = {"type": "datepicker", "action_id": ids.SET_PAUSE, "placeholder": plain(t(locale, "home.pause.none"))}
    if data.paused_until:
        pause["initial_date"] = data.paused_until.isoformat()
    blocks = [
        {"type": "header", "text": plain(t(locale, "home.settings"), 150)},
        {
            "type": "section",
            "block_id": "setting-language",
            "text": {"type": "mrkdwn", "text": f"*{t(locale, 'home.language')}*"},
            "accessory": {
                "type": "static_select",
                "action_id": ids.SET_LANGUAGE,
                "options": languages,
                "initial_option": next(o for o in languages if o["value"] == locale),
            },
        },
        {
            "type": "section",
            "block_id": "setting-day",
            "text": {"type": "mrkdwn", "text": f"*{t(locale, 'home.nudge_day')}*"},
            "accessory": {
                "type": "static_select",
                "action_id": ids.SET_NUDGE_DAY,
                "options": days,
                "initial_option": days[min(data.nudge_weekday, 4)],
            },
        },
        {
            "type": "section",
            "block_id": "setting-time",
            "text": {"type": "mrkdwn", "text": f"*{t(locale, 'home.nudge_time')}*"},
            "accessory": {
                "type": "timepicker",
                "action_id": ids.SET_NUDGE_TIME,
                "initial_time": data.nudge_time.strftime("%H:%M"),
            },
        },
        {
            "type": "section",
            "block_id": "setting-pause",
            "text": {"type": "mrkdwn", "text": f"*{t(locale, 'home.pause')}*"},
            "accessory": pause,
        },
    ]
    if data.paused_until:
        blocks.append(
            {
                "type": "actions",
                "block_id": "setting-resume",
                "elements": [{"type": "button", "action_id": ids.RESUME, "text": plain(t(locale, "home.pause.none"))}],
            }
        )
    opt_out = option(t(locale, "home.digest.opt_out"), "opt_out")
    opt_out_element = {"type": "checkboxes", "action_id": ids.SET_DIGEST_OPT_OUT, "options": [opt_out]}
    if data.digest_opt_out:
        opt_out_element["initial_options"] = [opt_out]
    blocks.append(
        {
            "type": "section",
            "block_id": "setting-digest",
            "text": {"type": "mrkdwn", "text": f"*{t(locale, 'home.digest')}*"},
            "accessory": opt_out_element,
        }
    )
    blocks.append(context(t(locale, "home.tz", tz=str(data.tz))))
    return blocks


# --- modals -----------------------------------------------------------------------------


def _input(block_id: str, label: str, element: dict, *, optional: bool = False, hint: str | None = None) -> dict:
    block = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label, 2000),
        "element": element,
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def _modal(locale: str, callback_id: str, title_key: str, blocks: list[dict], metadata: str) -> dict:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(t(locale, title_key), 24),
        "submit": plain(t(locale, "modal.submit"), 24),
        "close": plain(t(locale, "modal.cancel"), 24),
        "private_metadata": metadata[:3000],
        "blocks": blocks,
    }


def commit_modal(locale: str, *, today: date, metadata: str = "", focus_areas=(), start=None) -> dict:
    """The commit form; with suggested first steps among the focus areas, a menu of them first,
    and with one picked (`start`), the form filled from it (category, what, focus area)."""
    categories = [option(category_label(locale, c.value), c.value) for c in Category]
    filled = f"{ids.FILLED}{start.value}" if start is not None else ""
    category = next((o for o in categories if start is not None and o["value"] == start.category), categories[0])
    repeats = [option(t(locale, "repeat.none"), "none")] + [
        option(t(locale, f"repeat.{r.value}"), r.value) for r in Repeat
    ]
    visibility = [
        option(t(locale, "modal.visibility.team"), "team"),
        option(t(locale, "modal.visibility.private"), "private"),
    ]
    blocks = [
        _input(
            ids.CATEGORY + filled,
            t(locale, "modal.category"),
            {
                "type": "static_select",
                "action_id": ids.CATEGORY,
                "options": categories,
                "initial_option": category,
            },
        ),
        _input(
            ids.WHAT + filled,
            t(locale, "modal.what"),
            {
                "type": "plain_text_input",
                "action_id": ids.WHAT,
                "max_length": MAX_TITLE,
                "placeholder": plain(t(locale, "modal.what.placeholder"), 150),
                **({"initial_value": start.title[:MAX_TITLE]} if start is not None else {}),
            },
        ),
        _input(
            ids.DUE,
            t(locale, "modal.due"),
            {"type": "datepicker", "action_id": ids.DUE, "initial_date": today.isoformat()},
        ),
        _input(
            ids.REPEAT,
            t(locale, "modal.repeat"),
            {"type": "static_select", "action_id": ids.REPEAT, "options": repeats, "initial_option": repeats[0]},
        ),
        _input(
            ids.PARTNER,
            t(locale, "modal.partner"),
            {"type": "users_select", "action_id": ids.PARTNER},
            optional=True,
            hint=t(locale, "modal.partner.hint"),
        ),
        _input(
            ids.VISIBILITY,
            t(locale, "modal.visibility"),
            {
                "type": "radio_buttons",
                "action_id": ids.VISIBILITY,
                "options": visibility,
                "initial_option": visibility[0],
            },
        ),
    ]
    if focus_areas:  # the strategy's focus areas, when the organisation has named them (optional)
        choices = [option(t(locale, "modal.focus.none"), "none")]
        choices += [option(area.name(locale), area.key) for area in focus_areas[:99]]
        serves = next((o for o in choices if start is not None and o["value"] == start.focus), choices[0])
        element = {"type": "static_select", "action_id": ids.FOCUS, "options": choices, "initial_option": serves}
        blocks.insert(2, _input(ids.FOCUS + filled, t(locale, "modal.focus"), element, optional=True))
    starts = starting_points(locale, focus_areas)
    if starts:
        menu = {
            "type": "static_select",
            "action_id": ids.PICK_START,
            "placeholder": plain(t(locale, "modal.start.placeholder"), 150),
            "options": starts,
        }
        picked = next((o for o in starts if start is not None and o["value"] == start.value), None)
        if picked:
            menu["initial_option"] = picked
        text = {"type": "mrkdwn", "text": f"*{t(locale, 'modal.start')}*"}
        blocks.insert(0, {"type": "section", "block_id": ids.PICK_START, "text": text, "accessory": menu})
    return _modal(locale, ids.COMMIT_MODAL, "modal.commit.title", blocks, metadata)


def starting_points(locale: str, focus_areas) -> list[dict]:
    """Each focus area's suggested first steps, "Area: step", as a menu's options (Slack takes
    100 at most, 75 characters each)."""
    found = []
    for area in focus_areas:
        for index, suggestion in enumerate(area.suggestions):
            words = suggestion.sv if locale == "sv" else suggestion.en
            found.append(option(f"{area.name(locale)}: {words}", f"{area.key}:{index}"))
    return found[:100]


def reflect_modal(
    locale: str, *, commitments: list[Commitment], selected: Commitment | None = None, metadata: str = ""
) -> dict:
    """The failure-sharing case asks the two things worth sharing: what happened, what we learned."""
    options = [option(t(locale, "modal.commitment.none"), ids.NO_COMMITMENT)] + [
        option(f"#{c.number} {c.title}", str(c.id)) for c in commitments[:99]
    ]
    chosen = next((o for o in options if selected is not None and o["value"] == str(selected.id)), options[0])
    failure = selected is not None and selected.category == Category.FAILURE
    blocks = [
        {
            "type": "section",
            "block_id": ids.PICK_COMMITMENT,
            "text": {"type": "mrkdwn", "text": f"*{t(locale, 'modal.commitment')}*"},
            "accessory": {
                "type": "static_select",
                "action_id": ids.PICK_COMMITMENT,
                "options": options,
                "initial_option": chosen,
            },
        },
        _input(
            ids.TEXT,
            t(locale, "modal.failure.what" if failure else "modal.text"),
            {
                "type": "plain_text_input",
                "action_id": ids.TEXT,
                "multiline": True,
                "max_length": 3000,
                "placeholder": plain(t(locale, "modal.text.placeholder"), 150),
            },
            optional=selected is not None,
        ),
    ]
    if failure:
        blocks.append(
            _input(
                ids.LEARNED,
                t(locale, "modal.failure.learned"),
                {"type": "plain_text_input", "action_id": ids.LEARNED, "multiline": True, "max_length": 3000},
            )
        )
    share = option(t(locale, "modal.share.option"), "share")
    share_element = {"type": "checkboxes", "action_id": ids.SHARE, "options": [share]}
    if not (selected is not None and selected.private):
        share_element["initial_options"] = [share]
    if selected is not None:
        blocks.append(
            _input(
                ids.MARK_DONE,
                t(locale, "modal.done"),
                {
                    "type": "checkboxes",
                    "action_id": ids.MARK_DONE,
                    "options": [option(t(locale, "modal.done.option"), "done")],
                },
                optional=True,
            )
        )
    blocks.append(_input(ids.SHARE, t(locale, "modal.share"), share_element, optional=True))
    return _modal(locale, ids.REFLECT_MODAL, "modal.reflect.title", blocks, metadata)


# --- check-ins ----------------------------------------------------------------------------

CHECKIN_LINES = 14  # 3 blocks a line, plus intro and footer, within 50


def checkin_message(checkin) -> Reply:
    """The check-in as a message: each commitment with where it stands, a hint, and buttons.
    Redrawn with the same function after a button press, so done items show as done."""
    locale = checkin.locale
    shown = checkin.lines[:CHECKIN_LINES]
    out: list[dict] = [section(f"*{esc(checkin.intro)}*")]
    for line in shown:
        head = f"*#{line.number}* {EMOJI[Category(line.category)]} {esc(line.title)}"
        if line.focus:
            head += f" · _{esc(line.focus)}_"
        if line.private:
            head += f" · :lock: {t(locale, 'home.private')}"
        if line.state == "done":
            out.append(section(f"~{head}~\n{t(locale, 'checkin.done')}"))
            continue
        if line.state == "dropped":
            out.append(section(f"~{head}~\n{t(locale, 'checkin.dropped')}"))
            continue
        if line.snoozed:
            out.append(section(f"{head}\n{t(locale, 'checkin.snoozed')}"))
            continue
        status = checkin_status(locale, line)
        if line.soon:
            status += " " + t(locale, "checkin.soon")
        out.append(section(f"{head}\n{status}"))
        # The hint asks for time in the calendar, or a meeting: the button to book it sits beside it.
        out.append({**section(esc(line.hint)), "accessory": calendar_button(locale, line.commitment_id)})
        out.append(checkin_buttons(locale, line))
    if len(checkin.lines) > len(shown):
        out.append(context(t(locale, "checkin.more", count=len(checkin.lines) - len(shown))))
    out.append(context(t(locale, "checkin.answer")))
    fallback = t(locale, "checkin.fallback", count=len(checkin.lines))
    return Reply(text=fallback, blocks=out)


def checkin_buttons(locale: str, line) -> dict:
    value = str(line.commitment_id)
    button = lambda action, key, **extra: {  # noqa: E731
        "type": "button",
        "action_id": action,
        "text": plain(t(locale, key)),
        "value": value,
        **extra,
    }
    confirm = {
        "title": plain(t(locale, "confirm.drop.title"), 100),
        "text": plain(t(locale, "confirm.drop.text", number=line.number, title=line.title), 300),
        "confirm": plain(t(locale, "confirm.drop.yes"), 30),
        "deny": plain(t(locale, "confirm.cancel"), 30),
        "style": "danger",
    }
    return {
        "type": "actions",
        "block_id": f"checkin-{line.commitment_id}",
        "elements": [
            button(ids.DONE, "button.done", style="primary"),
            button(ids.REFLECT, "button.reflect"),
            button(ids.SNOOZE, "button.snooze"),
            button(ids.DROP, "button.drop", confirm=confirm),
        ],
    }


# --- the weekly digest ----------------------------------------------------------------------


def digest_message(data, tz, picture: tuple[str, str, str] | None = None) -> Reply:
    """`picture`: (file id, title, alt text) of the uploaded chart, shown under the summary."""
    locale = data.locale
    period = t(
        locale,
        "digest.period",
        start=format_date(data.start.astimezone(tz).date(), locale),
        end=format_date(data.end.astimezone(tz).date(), locale),
    )
    summary = digest_summary(data, escape=esc)
    out: list[dict] = [
        {"type": "header", "text": plain(t(locale, "digest.title"), 150)},
        context(period),
    ]
    out.append(section(t(locale, "digest.quiet") if data.quiet else f"*{summary}*"))
    if picture is not None:
        out.append(digest_picture(*picture))
    if not data.quiet:
        for heading, lines in digest_lines(data, escape=esc, emoji=EMOJI):
            out.append(section(heading))
            out += [section("\n".join(chunk)) for chunk in _chunks(lines, MAX_TEXT)]
    out.append(context(t(locale, "digest.footer")))
    return Reply(text=t(locale, "digest.fallback", summary=summary), blocks=out[:50])


def digest_picture(file_id: str, title: str, alt: str) -> dict:
    return {
        "type": "image",
        "slack_file": {"id": file_id},
        "title": plain(title, 2000),
        "alt_text": clip(alt, 2000),
    }


def erase_prompt(locale: str) -> Reply:
    """Erasure asks twice (the reply, then a confirm dialog): it cannot be undone."""
    confirm = {
        "title": plain(t(locale, "privacy.erase.confirm_title"), 100),
        "text": plain(t(locale, "privacy.erase.confirm_text"), 300),
        "confirm": plain(t(locale, "privacy.erase.yes"), 30),
        "deny": plain(t(locale, "confirm.cancel"), 30),
        "style": "danger",
    }
    erase = {
        "type": "button",
        "action_id": ids.ERASE,
        "text": plain(t(locale, "privacy.erase.button")),
        "style": "danger",
        "value": "erase",
        "confirm": confirm,
    }
    text = t(locale, "privacy.erase.ask")
    return Reply(text=text, blocks=[section(text), {"type": "actions", "elements": [erase]}])
