"""A digest as plain text, for `leadbot digest --preview` in a terminal: the shared digest
sentences (bot.sentences) without their markup."""

from __future__ import annotations

from bot.i18n import format_date, t
from bot.markup import terminal as _plain
from bot.sentences import digest_lines, digest_summary


def digest_text(data, tz) -> str:
    locale = data.locale
    lines = [
        t(locale, "digest.title"),
        t(
            locale,
            "digest.period",
            start=format_date(data.start.astimezone(tz).date(), locale),
            end=format_date(data.end.astimezone(tz).date(), locale),
        ),
        "",
    ]
    if data.quiet:
        lines.append(_plain(t(locale, "digest.quiet")))
    else:
        lines.append(digest_summary(data))
        for heading, entries in digest_lines(data):
            lines += ["", _plain(heading)] + [f"  - {_plain(entry)}" for entry in entries]
    lines += ["", _plain(t(locale, "digest.footer"))]
    return "\n".join(lines)
