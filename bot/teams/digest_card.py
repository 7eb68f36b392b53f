"""The weekly team digest as an Adaptive Card: the same summary and groups as on Slack
(bot.sentences), in Teams' markdown, and the team's last weeks as a picture carried in the card
itself (a data URL: Teams offers a bot nowhere to upload it, and it is a few kilobytes)."""

from __future__ import annotations

import base64
import json

from bot import digest_picture
from bot.i18n import format_date
from bot.sentences import digest_lines, digest_summary
from bot.teams.cards import card, text
from bot.teams.replies import CATEGORY_EMOJI, t

# A Teams message may weigh about 28 KB in all (the strictest limit Microsoft has published; a
# bigger one is refused with 413 MessageSizeTooBig, and a refused digest is lost). The card keeps
# this much of it, the activity around it the rest; a digest too long to carry its picture as
# well goes out without the picture.
CARD_BUDGET = 26 * 1024


def digest_card(data, tz, picture=None) -> dict:
    """`picture`: the team's trend (nudges.team_trend.Trend) to draw, when it has one."""
    if picture is not None:
        drawn = _card(data, tz, image(picture))
        if len(json.dumps(drawn, ensure_ascii=False).encode("utf-8")) <= CARD_BUDGET:
            return drawn
    return _card(data, tz, None)


def _card(data, tz, picture: dict | None) -> dict:
    locale = data.locale
    period = t(
        locale,
        "digest.period",
        start=format_date(data.start.astimezone(tz).date(), locale),
        end=format_date(data.end.astimezone(tz).date(), locale),
    )
    body = [text(f"**{t(locale, 'digest.title')}**", size="Large"), text(period, isSubtle=True)]
    body.append(text(t(locale, "digest.quiet") if data.quiet else digest_summary(data)))
    if picture is not None:
        body.append(picture)
    if not data.quiet:
        for heading, entries in digest_lines(data, emoji=CATEGORY_EMOJI):
            body.append(text(heading, weight="Bolder", separator=True))
            body += [text(entry, spacing="None") for entry in entries]
    body.append(text(t(locale, "digest.footer"), isSubtle=True, size="Small"))
    return card(body)


def image(trend) -> dict:
    encoded = base64.b64encode(digest_picture.png(trend)).decode("ascii")
    return {
        "type": "Image",
        "url": f"data:image/png;base64,{encoded}",
        "altText": digest_picture.alt_text(trend),
        "size": "Stretch",
    }
