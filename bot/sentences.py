"""Sentences every chat front end shows the same way, whatever its markup."""

from __future__ import annotations

from bot.i18n import format_date, t


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
