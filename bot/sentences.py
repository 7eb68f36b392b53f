"""Sentences every chat front end shows the same way, whatever its markup."""

from __future__ import annotations

from bot.i18n import format_date, month_label, t, weekday_name
from bot.markup import CATEGORY_EMOJI
from nudges.drafts import Category


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def checkin_status(locale: str, line) -> str:
    """Where a commitment in a check-in stands: due in N days, today, tomorrow, overdue, repeating."""
    due = format_date(line.due, locale)
    if line.repeat:
        return t(locale, "checkin.repeat", repeat=t(locale, f"repeat.{line.repeat}"), due=due)
    if line.overdue and line.days_left < 0:
        return t(locale, "checkin.overdue", due=due, number=line.number)
    if line.days_left == 0:
        return t(locale, "checkin.due_today")
    if line.days_left == 1:
        return t(locale, "checkin.due_tomorrow", due=due)
    return t(locale, "checkin.due_in", days=line.days_left, due=due)


def join_reasons(reasons) -> str:
    """Several reasons after "Not saved yet — …" as sentences: "… by next friday. That sounds
    like a vision …", not "… by next friday.; that sounds …". The first stays as it is (it
    continues the sentence), the others start with a capital letter."""
    parts = [reason.strip() for reason in reasons if reason and reason.strip()]
    out = []
    for i, part in enumerate(parts):
        if i:
            part = part[:1].upper() + part[1:]
            if out[-1][-1:] not in ".!?":
                out[-1] += "."
        out.append(part)
    return " ".join(out)


def streak_text(locale: str, weeks: int, t) -> str:
    """As at the top of App Home, and in Teams' settings."""
    if weeks == 0:
        return t(locale, "home.streak.none")
    if weeks == 1:
        return t(locale, "home.streak.one")
    return t(locale, "home.streak", weeks=weeks)


def settings_lines(locale: str, home, t) -> list[str]:
    """The person's settings in words, after their streak; `t` is the front end's own (Teams
    says some sentences its own way)."""
    lines = [
        streak_text(locale, home.streak, t),
        t(
            locale,
            "settings.show",
            language=t(locale, f"language.{locale}"),
            day=day_in_sentence(home.nudge_weekday, locale),
            time=home.nudge_time.strftime("%H:%M"),
            digest=t(locale, "settings.hidden" if home.digest_opt_out else "settings.shown"),
        ),
    ]
    if home.paused_until:
        lines.append(t(locale, "settings.paused", until=format_date(home.paused_until, locale)))
    lines.append(t(locale, "settings.how"))
    return lines


def figures_lines(locale: str, figures, t) -> tuple[str, str, list[str]]:
    """Workspace figures for admins: a title, the leaders line, a line a month."""
    months = []
    for (year, month), counts in figures.months:
        parts = ", ".join(f"{t(locale, f'category.{c}')} {n}" for c, n in sorted(counts.items())) if counts else "0"
        months.append(t(locale, "stats.month", month=month_label(year, month, locale), counts=parts))
    leaders = t(locale, "stats.leaders", active=figures.active, leaders=figures.leaders)
    if figures.areas:
        months.append(t(locale, "stats.areas"))
    for followed in figures.areas:
        name = followed.area.name(locale)
        now = followed.months[-1] if followed.months else None
        if now is None or now.too_few:
            months.append(t(locale, "stats.area_too_few", name=name))
        else:
            counts = {k: getattr(now, k) for k in ("leaders", "completed", "failures", "courses", "collaborations")}
            months.append(t(locale, "stats.area", name=name, **counts))
    return t(locale, "stats.title"), leaders, months


DIGEST_LINES = 15  # per group; the rest is summarised as "and N more"


def _counted(locale: str, key: str, count: int) -> str:
    return t(locale, f"{key}.{'one' if count == 1 else 'many'}", count=count)


def digest_summary(data, *, escape=lambda text: text) -> str:
    """'3 leaders completed 4 commitments, 1 shared a failure': only what happened, no zeros.
    `escape` makes the focus areas' names (typed on the admin page) safe for the markup shown."""
    locale = data.locale
    parts = []
    if data.completed:
        parts.append(
            t(
                locale,
                "digest.summary.completed",
                leaders=_counted(locale, "digest.summary.leaders", data.leaders_completing),
                commitments=_counted(locale, "digest.summary.commitments", len(data.completed)),
            )
        )
    if data.sharers:
        parts.append(t(locale, "digest.summary.shared", count=data.sharers))
    if data.committed:
        parts.append(_counted(locale, "digest.summary.new", len(data.committed)))
    if data.learnings:
        parts.append(_counted(locale, "digest.summary.learnings", len(data.learnings)))
    for name, count in data.steps_by_focus(locale):  # the strategy, where the week served it
        parts.append(
            t(locale, f"digest.summary.focus.{'one' if count == 1 else 'many'}", count=count, name=escape(name))
        )
    return ", ".join(parts) + "." if parts else ""


def digest_lines(data, *, escape=lambda text: text, emoji=None) -> list[tuple[str, list[str]]]:
    """The groups, each a heading and its lines, in the catalogs' markup (*bold*, _italic_);
    `escape` makes what people wrote safe for the markup shown (Slack's mrkdwn), `emoji` names
    each category's emoji the front end's way."""
    emojis = emoji or CATEGORY_EMOJI
    locale = data.locale

    def thing(entry) -> str:
        mark = emojis[Category(entry.category)] + " " if entry.category in set(Category) else ""
        return f"*{escape(entry.name)}* · {mark}{escape(clip(entry.title or '', 200))}"

    def failure(entry) -> str:
        line = f"*{escape(entry.name)}* · {escape(clip(entry.text or entry.title or '', 400))}"
        if entry.learning:
            line += f" — _{escape(t(locale, 'digest.learned', learning=clip(entry.learning, 300)))}_"
        return line

    def learning(entry) -> str:
        return f"*{escape(entry.name)}* · {escape(clip(entry.text or '', 400))}"

    groups = [
        ("digest.failures", [failure(e) for e in data.failures]),
        ("digest.completed", [thing(e) for e in data.completed]),
        ("digest.committed", [thing(e) for e in data.committed]),
        ("digest.learnings", [learning(e) for e in data.learnings]),
    ]
    out = []
    for key, lines in groups:
        if not lines:
            continue
        shown = lines[:DIGEST_LINES]
        if len(lines) > len(shown):
            shown.append(f"_{t(locale, 'digest.more', count=len(lines) - len(shown))}_")
        out.append((t(locale, key), shown))
    return out


def day_in_sentence(weekday: int, locale: str) -> str:
    """A weekday as written mid-sentence: lower case in Swedish ("måndag"), capitalised in English."""
    day = weekday_name(weekday, locale)
    return day.lower() if locale == "sv" else day


def focus_note(locale: str, focus, number: int, t) -> str:
    """What a new commitment's reply says of the strategy's focus areas: which one it serves,
    that its tag named none, or which one it seems to serve (to confirm)."""
    if focus is None:
        return ""
    if focus.serves is not None:
        return t(locale, "focus.serves", name=focus.serves.name(locale))
    if focus.unknown and not focus.tags:
        return t(locale, "focus.none_defined_commit", tag=focus.unknown)
    if focus.unknown:
        known = ", ".join(f"#{tag}" for tag in focus.tags)
        first = focus.tags[0] if focus.tags else ""
        return t(locale, "focus.unknown_commit", tag=focus.unknown, known=known, number=number, first=first)
    if focus.suggested is not None:
        return t(locale, "focus.suggested", name=focus.suggested.name(locale), number=number, tag=focus.suggested.key)
    return ""


def day_in_words(day, locale: str) -> str:
    """'Måndag 14 dec. 2026': a calendar event's day."""
    return f"{weekday_name(day.weekday(), locale)} {format_date(day, locale)}"


def calendar_file(event, locale: str, t) -> tuple[str, bytes]:
    """A calendar event's .ics: its file name and bytes, in the person's language (`t` is the
    front end's own, as Teams says some sentences its own way)."""
    from nudges import calendar_event

    slot = event.slot
    words = calendar_event.words(slot, locale, t, format_date)
    content = calendar_event.ics(slot, summary=words.summary, description=words.description, language=locale)
    return f"leadbot-{slot.number}.ics", content
