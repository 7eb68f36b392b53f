"""/leadbot digest … and /leadbot stats: a channel becomes a team, admins see uptake."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.i18n import month_label, t, weekday_name
from bot.services import Services
from bot.slack import blocks
from bot.slack.blocks import Reply
from bot.slack.people import Actor
from nudges import teams
from nudges.language import LOCALES
from nudges.stats import uptake
from storage.db import session_scope

log = logging.getLogger(__name__)


def _schedule_text(locale: str, team) -> dict:
    day = weekday_name(team.weekday, locale)
    return {"day": day.lower() if locale == "sv" else day, "time": team.at.strftime("%H:%M"), "tz": team.tz}


def digest(services: Services, client: WebClient, actor: Actor, body: dict, words: list[str]) -> Reply:
    channel = body.get("channel_id") or ""
    if not channel or channel.startswith("D"):
        return blocks.reply(t(actor.locale, "digest.not_a_channel"))
    action = words[0].lower() if words else ""
    with session_scope(services.engine) as session:
        team = teams.find(session, workspace_id=actor.workspace_id, channel_id=channel)
        if action in ("on", "på"):
            team = teams.switch_on(
                session,
                workspace_id=actor.workspace_id,
                channel_id=channel,
                name=body.get("channel_name"),
                locale=services.settings.default_locale,
                tz=services.settings.timezone,
            )
            text = t(actor.locale, "digest.on", **_schedule_text(actor.locale, team))
            joined = _join(client, channel)
            return blocks.reply(text, "" if joined else t(actor.locale, "digest.invite"))
        if team is None:
            return blocks.reply(t(actor.locale, "digest.not_on"))
        if action in ("off", "av"):
            team.enabled = False
            session.add(team)
            return blocks.reply(t(actor.locale, "digest.off"))
        if action in ("time", "tid"):
            when = teams.parse_when(words[1:])
            if when is None:
                return blocks.reply(t(actor.locale, "digest.bad_time"))
            team.weekday, team.at = when
            session.add(team)
            return blocks.reply(t(actor.locale, "digest.moved", **_schedule_text(actor.locale, team)))
        if action in ("language", "språk", "sprak"):
            choice = words[1].lower() if len(words) > 1 else ""
            if choice not in LOCALES:
                return blocks.reply(t(actor.locale, "digest.bad_language"))
            team.locale = choice
            session.add(team)
            return blocks.reply(t(choice, "digest.language_set"))
    return blocks.help_reply(actor.locale, "digest")


def _join(client: WebClient, channel: str) -> bool:
    """Public channels can be joined; for a private one the reply says how to invite the bot."""
    try:
        client.conversations_join(channel=channel)
        return True
    except SlackApiError as error:
        data = getattr(error.response, "data", None)
        return bool(isinstance(data, dict) and data.get("error") == "already_in_channel")
    except (SlackClientError, OSError):
        log.warning("could not join a channel for its digest", exc_info=True)
        return False


def stats(services: Services, client: WebClient, actor: Actor) -> Reply:
    try:
        user = client.users_info(user=actor.user_id)["user"]
    except (SlackApiError, SlackClientError, OSError):
        return blocks.reply(t(actor.locale, "error.generic"))
    if not (user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner")):
        return blocks.reply(t(actor.locale, "stats.admins_only"))
    with session_scope(services.engine) as session:
        figures = uptake(session, workspace_id=actor.workspace_id, now=services.now(), tz=actor.tz)
    if figures is None:
        return blocks.reply(t(actor.locale, "stats.too_few"))
    lines = []
    for (year, month), counts in figures.completions:
        label = month_label(year, month, actor.locale)
        if counts:
            parts = ", ".join(f"{t(actor.locale, f'category.{c}')} {n}" for c, n in sorted(counts.items()))
        else:
            parts = "0"
        lines.append(t(actor.locale, "stats.month", month=label, counts=parts))
    return blocks.reply(
        f"*{t(actor.locale, 'stats.title')}*",
        t(actor.locale, "stats.leaders", active=figures.active, leaders=figures.leaders),
        "\n".join(lines),
    )
