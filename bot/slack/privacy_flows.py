"""/leadbot export and /leadbot erase: what the person asked for, in their own DM, and
nobody else's data (the acting user is the only subject; no id in a payload is trusted)."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.i18n import format_date, t
from bot.services import Services
from bot.slack import blocks, installs
from bot.slack.blocks import Reply
from bot.slack.people import Actor
from nudges import personal_data

log = logging.getLogger(__name__)


def export(services: Services, client: WebClient, actor: Actor) -> Reply:
    now = services.now()
    content = personal_data.export_json(services.engine, actor.person_id, now=now)
    today = now.astimezone(actor.tz).date()
    try:
        channel = client.conversations_open(users=actor.user_id)["channel"]["id"]
        client.files_upload_v2(
            channel=channel,
            content=content.encode("utf-8"),
            filename=f"leadbot-{today.isoformat()}.json",
            title=f"leadbot {today.isoformat()}",
            initial_comment=t(actor.locale, "privacy.export.comment", date=format_date(today, actor.locale)),
        )
    except (SlackApiError, SlackClientError, OSError):
        log.warning("export for person %s could not be sent", actor.person_id, exc_info=True)
        return blocks.reply(t(actor.locale, "privacy.export.failed"))
    log.info("export sent to person %s (%s bytes)", actor.person_id, len(content))
    return blocks.reply(t(actor.locale, "privacy.export.sent"))


def erase_prompt(actor: Actor) -> Reply:
    return blocks.erase_prompt(actor.locale)


def erase(services: Services, actor: Actor) -> Reply:
    erased = personal_data.erase(services.engine, actor.person_id, also=(installs.forget_installer,))
    log.info(
        "person %s erased: %s commitments, %s reflections, %s nudges, %s partner mentions",
        actor.person_id,
        erased.commitments,
        erased.reflections,
        erased.nudges,
        erased.partner_mentions,
    )
    return blocks.reply(
        t(
            actor.locale,
            "privacy.erase.done",
            commitments=erased.commitments,
            reflections=erased.reflections,
            nudges=erased.nudges,
        )
    )
