"""A digest as plain text, for `leadbot digest --preview` in a terminal."""

from __future__ import annotations

import re

from bot.i18n import format_date, t
from bot.slack.blocks import digest_lines, digest_summary

_MARKS = re.compile(r"[*_~]")


def _plain(text: str) -> str:
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return _MARKS.sub("", re.sub(r":[a-z_]+: ", "", text))


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
