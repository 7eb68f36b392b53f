"""Slash commands: /commit, /reflect and /leadbot, read as the core's commands. Ack first,
then the work."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.i18n import format_date, t
from bot.services import Services
from bot.slack import blocks, render
from bot.slack.blocks import Reply
from bot.slack.listeners.common import kindly, send
from bot.slack.peers import SlackPeers
from bot.slack.people import PLATFORM, actor_for
from nudges.service import Actor, run
from nudges.service import commands as c
from nudges.service import results as r
from nudges.service.actors import forget, recent
from nudges.service.digest_channel import Place

log = logging.getLogger(__name__)
COMMANDS = {"/commit": "commit", "/reflect": "reflect", "/leadbot": ""}


def register(app: App, services: Services, *, later: Callable[..., object]) -> frozenset[str]:
    """Returns the commands registered. `later(work, *args)` runs a command's work after its
    ack (an executor's submit): Bolt processes a request before it answers it, so work done in
    the listener itself would hold the ack back."""
    for name in COMMANDS:
        app.command(name)(_handler(services, name, later))
    return frozenset(COMMANDS)


def _handler(services: Services, name: str, later: Callable[..., object]):
    def handle(ack: Ack, body: dict, client: WebClient, respond: Respond) -> None:
        """Ack at once; the work goes on elsewhere, so that the next ack need not wait for it."""
        ack()
        later(work, body, client, respond)

    def work(body: dict, client: WebClient, respond: Respond) -> None:
        """Who is acting, the answer, and a kind word if anything breaks."""
        actor = None
        outcome = "failed"
        with kindly(respond, lambda: actor.locale if actor else services.settings.default_locale, name):
            command = command_of(name, body.get("text") or "")
            if isinstance(command, c.Commit):
                actor, reply = commit(services, client, body, command)
            else:
                actor = actor_for(services, client, team_id=body["team_id"], user_id=body["user_id"])
                reply = answer(services, client, actor, body, command)
            if reply is not None:
                send(respond, reply)
            outcome = "ok"
        services.metrics.commands.labels(name, outcome).inc()

    return handle


def commit(services: Services, client: WebClient, body: dict, command: c.Commit) -> tuple[Actor, Reply | None]:
    """A typed /commit, the command people send most, trusts who was found acting in the last
    few seconds (nudges.service.actors.recent). If that person is not there any more (erased
    by another process since), the save finds no row and saves nothing: forget, ask again."""
    who = {"platform": PLATFORM, "workspace": body["team_id"], "user": body["user_id"]}
    actor = recent(services.core, **who)
    if actor.stale:
        actor = actor_for(services, client, team_id=body["team_id"], user_id=body["user_id"])
    try:
        return actor, answer(services, client, actor, body, command)
    except LookupError:
        forget(services.core, **who)
        actor = actor_for(services, client, team_id=body["team_id"], user_id=body["user_id"])
        return actor, answer(services, client, actor, body, command)


def command_of(name: str, text: str) -> c.Command:
    """`/commit X` is the line "commit X", `/reflect X` is "reflect X", `/leadbot X` is "X"
    (where anything unknown is asked for help)."""
    command = c.parse(f"{COMMANDS[name]} {text.strip()}".strip())
    if name == "/leadbot" and isinstance(command, c.Message):
        return c.Help(c.LEADBOT_HELP)
    return command


def answer(services: Services, client: WebClient, actor: Actor, body: dict, command: c.Command) -> Reply | None:
    channel = body.get("channel_id") or ""
    place = Place(channel, body.get("channel_name"), is_channel=bool(channel) and not channel.startswith("D"))
    peers = SlackPeers(services, client, actor.workspace)
    result = run(services.core, actor, command, peers, place=place)
    if isinstance(result, r.FormNeeded):
        view = modal(result, actor.locale, metadata=json.dumps({"channel": channel}) if result.kind == "commit" else "")
        client.views_open(trigger_id=body["trigger_id"], view=view)
        return None
    if isinstance(result, r.Exported):
        return export(client, actor, result)
    if isinstance(result, r.SignInLink):  # in their own DM only, never in a channel
        client.chat_postMessage(channel=actor.user_id, text=t(actor.locale, "admin.link", url=result.url))
        return blocks.reply(t(actor.locale, "admin.sent"))
    if isinstance(result, r.CalendarEvent):  # typed `/leadbot kalender 2`: the file too, as a press sends it
        from bot.slack.listeners.actions import send_event

        send_event(client, actor, result, with_links=False)
    return render.reply(result, actor.locale)


def modal(form: r.FormNeeded, locale: str, *, metadata: str = "") -> dict:
    if form.kind == "commit":
        return blocks.commit_modal(
            locale, today=form.today, metadata=metadata, focus_areas=form.focus_areas, start=form.start
        )
    chosen = json.dumps({"commitment": form.selected.id}) if form.selected else metadata
    return blocks.reflect_modal(locale, commitments=form.active, selected=form.selected, metadata=chosen)


def export(client: WebClient, actor: Actor, exported: r.Exported) -> Reply:
    """The file goes to the person's own DM, whatever channel the command was typed in."""
    try:
        channel = client.conversations_open(users=actor.user_id)["channel"]["id"]
        client.files_upload_v2(
            channel=channel,
            content=exported.content.encode("utf-8"),
            filename=exported.filename,
            title=f"leadbot {exported.today.isoformat()}",
            initial_comment=t(actor.locale, "privacy.export.comment", date=format_date(exported.today, actor.locale)),
        )
    except (SlackApiError, SlackClientError, OSError):
        log.warning("export for person %s could not be sent", actor.person_id, exc_info=True)
        return blocks.reply(t(actor.locale, "privacy.export.failed"))
    log.info("export sent to person %s (%s bytes)", actor.person_id, len(exported.content))
    return blocks.reply(t(actor.locale, "privacy.export.sent"))
