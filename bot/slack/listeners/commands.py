"""Slash commands: /commit, /reflect and /leadbot. Ack first, then the work."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.i18n import t
from bot.services import Services
from bot.slack import blocks, flows, privacy_flows, team_flows
from bot.slack.blocks import Reply
from bot.slack.listeners.common import kindly, send
from bot.slack.people import Actor, actor_for
from nudges.drafts import Refusal
from nudges.grammar import parse_commit, parse_reflect

LIST_WORDS = {"list", "lista", "ls"}
HELP_WORDS = {"help", "hjälp", "hjalp", "?"}
DROP_WORDS = {"drop", "stryk", "släpp"}
MOVE_WORDS = {"move", "flytta", "reschedule"}
NUMBER = re.compile(r"^#?(\d{1,6})$")


def register(app: App, services: Services) -> frozenset[str]:
    """Returns the commands registered."""
    default = services.settings.default_locale

    def command(name: str, answer: Callable[[dict, WebClient, Actor, str], Reply | None]) -> None:
        """Ack at once; then who is acting, the answer, and a kind word if anything breaks."""

        @app.command(name)
        def handle(ack: Ack, body: dict, client: WebClient, respond: Respond) -> None:
            ack()
            actor = None
            outcome = "failed"
            with kindly(respond, lambda: actor.locale if actor else default, name):
                actor = actor_for(services, client, team_id=body["team_id"], user_id=body["user_id"])
                reply = answer(body, client, actor, (body.get("text") or "").strip())
                if reply is not None:
                    send(respond, reply)
                outcome = "ok"
            services.metrics.commands.labels(name, outcome).inc()

    def commit(body: dict, client: WebClient, actor: Actor, text: str) -> Reply | None:
        words = text.split()
        first = words[0].lower() if words else ""
        if not text:
            metadata = json.dumps({"channel": body.get("channel_id", "")})
            view = blocks.commit_modal(actor.locale, today=actor.today(services.now()), metadata=metadata)
            client.views_open(trigger_id=body["trigger_id"], view=view)
            return None
        if first in LIST_WORDS and len(words) == 1:
            return flows.listing(services, actor)
        if first in HELP_WORDS and len(words) == 1:
            return blocks.help_reply(actor.locale, "commit")
        if first in DROP_WORDS and len(words) <= 2:
            match = NUMBER.match(words[1]) if len(words) == 2 else None
            if match is None:
                return blocks.reply(t(actor.locale, "commit.drop_usage"))
            return flows.drop(services, actor, number=int(match.group(1)))
        if first in MOVE_WORDS:
            match = NUMBER.match(words[1]) if len(words) > 2 else None
            if match is None:
                return blocks.reply(t(actor.locale, "commit.move_usage"))
            return flows.move(services, actor, int(match.group(1)), " ".join(words[2:]))
        draft = parse_commit(text, today=actor.today(services.now()))
        if isinstance(draft, Refusal):
            return blocks.commit_refused(actor.locale, draft.problems)
        return flows.commit(services, client, actor, draft)

    def reflect(body: dict, client: WebClient, actor: Actor, text: str) -> Reply | None:
        if not text:
            view = blocks.reflect_modal(actor.locale, commitments=flows.active_commitments(services, actor))
            client.views_open(trigger_id=body["trigger_id"], view=view)
            return None
        if text.lower() in HELP_WORDS:
            return blocks.help_reply(actor.locale, "reflect")
        draft = parse_reflect(text)
        if isinstance(draft, Refusal):
            number = NUMBER.match(text.split()[0])
            return blocks.reflect_refused(actor.locale, draft.problems, int(number.group(1)) if number else None)
        return flows.reflect(services, client, actor, draft)

    def leadbot(body: dict, client: WebClient, actor: Actor, text: str) -> Reply:
        words = text.split()
        first = words[0].lower() if words else ""
        if first in ("digest", "veckobrev"):
            return team_flows.digest(services, client, actor, body, words[1:])
        if first in ("stats", "statistik") and len(words) == 1:
            return team_flows.stats(services, client, actor)
        if first in ("export", "exportera") and len(words) == 1:
            return privacy_flows.export(services, client, actor)
        if first in ("erase", "radera") and len(words) == 1:
            return privacy_flows.erase_prompt(actor)
        return blocks.help_reply(actor.locale, "leadbot", "commit", "reflect", "digest", "privacy")

    command("/commit", commit)
    command("/reflect", reflect)
    command("/leadbot", leadbot)
    return frozenset({"/commit", "/reflect", "/leadbot"})
