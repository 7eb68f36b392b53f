"""The weekly team digest as an Adaptive Card: the same summary and groups as on Slack
(bot.sentences), in Teams' markdown."""

from __future__ import annotations

from bot.i18n import format_date
from bot.sentences import digest_lines, digest_summary
from bot.teams.cards import card, text
from bot.teams.replies import CATEGORY_EMOJI, t


def digest_card(data, tz) -> dict:
    locale = data.locale
    period = t(
        locale,
        "digest.period",
        start=format_date(data.start.astimezone(tz).date(), locale),
        end=format_date(data.end.astimezone(tz).date(), locale),
    )
    body = [text(f"**{t(locale, 'digest.title')}**", size="Large"), text(period, isSubtle=True)]
    if data.quiet:
        body.append(text(t(locale, "digest.quiet")))
    else:
        body.append(text(digest_summary(data)))
        for heading, entries in digest_lines(data, emoji=CATEGORY_EMOJI):
            body.append(text(heading, weight="Bolder", separator=True))
            body += [text(entry, spacing="None") for entry in entries]
    body.append(text(t(locale, "digest.footer"), isSubtle=True, size="Small"))
    return card(body)
