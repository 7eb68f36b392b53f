"""Slash commands: /commit, /reflect and /leadbot. Ack first, then the work."""

from __future__ import annotations

import json
import re

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.i18n import t
from bot.services import Services
from bot.slack import blocks, flows, team_flows
from bot.slack.listeners.common import kindly, send
from bot.slack.people import actor_for
from nudges.drafts import Refusal
from nudges.grammar import parse_commit, parse_reflect

LIST_WORDS = {"list", "lista", "ls"}
HELP_WORDS = {"help", "hjälp", "hjalp", "?"}
DROP_WORDS = {"drop", "stryk", "släpp"}
NUMBER = re.compile(r"^#?(\d{1,6})$")


def register(app: App, services: Services) -> None:
    default = services.settings.default_locale

    @app.command("/commit")
    def commit_command(ack: Ack, body: dict, client: WebClient, respond: Respond) -> None:
        ack()
        actor = None
        with kindly(respond, lambda: actor.locale if actor else default, "/commit"):
            actor = actor_for(services, client, team_id=body["team_id"], user_id=body["user_id"])
            text = (body.get("text") or "").strip()
            words = text.split()
            first = words[0].lower() if words else ""
            if not text:
                metadata = json.dumps({"channel": body.get("channel_id", "")})
                client.views_open(
                    trigger_id=body["trigger_id"],
                    view=blocks.commit_modal(actor.locale, today=actor.today(services.now()), metadata=metadata),
                )
            elif first in LIST_WORDS and len(words) == 1:
                send(respond, flows.listing(services, actor))
            elif first in HELP_WORDS and len(words) == 1:
                send(respond, blocks.help_reply(actor.locale, "commit"))
            elif first in DROP_WORDS and len(words) <= 2:
                match = NUMBER.match(words[1]) if len(words) == 2 else None
                if match is None:
                    send(respond, blocks.reply(t(actor.locale, "commit.drop_usage")))
                else:
                    send(respond, flows.drop(services, actor, number=int(match.group(1))))
            else:
                draft = parse_commit(text, today=actor.today(services.now()))
                if isinstance(draft, Refusal):
                    send(respond, blocks.commit_refused(actor.locale, draft.problems))
                else:
                    send(respond, flows.commit(services, client, actor, draft))

    @app.command("/reflect")
    def reflect_command(ack: Ack, body: dict, client: WebClient, respond: Respond) -> None:
        ack()
        actor = None
        with kindly(respond, lambda: actor.locale if actor else default, "/reflect"):
            actor = actor_for(services, client, team_id=body["team_id"], user_id=body["user_id"])
            text = (body.get("text") or "").strip()
            if not text:
                client.views_open(
                    trigger_id=body["trigger_id"],
                    view=blocks.reflect_modal(actor.locale, commitments=flows.active_commitments(services, actor)),
                )
            elif text.lower() in HELP_WORDS:
                send(respond, blocks.help_reply(actor.locale, "reflect"))
            else:
                draft = parse_reflect(text)
                if isinstance(draft, Refusal):
                    number = NUMBER.match(text.split()[0])
                    send(
                        respond,
                        blocks.reflect_refused(actor.locale, draft.problems, int(number.group(1)) if number else None),
                    )
                else:
                    send(respond, flows.reflect(services, client, actor, draft))

    @app.command("/leadbot")
    def leadbot_command(ack: Ack, body: dict, client: WebClient, respond: Respond) -> None:
        ack()
        actor = None
        with kindly(respond, lambda: actor.locale if actor else default, "/leadbot"):
            actor = actor_for(services, client, team_id=body["team_id"], user_id=body["user_id"])
            words = (body.get("text") or "").split()
            first = words[0].lower() if words else ""
            if first in ("digest", "veckobrev"):
                send(respond, team_flows.digest(services, client, actor, body, words[1:]))
            elif first in ("stats", "statistik") and len(words) == 1:
                send(respond, team_flows.stats(services, client, actor))
            else:
                send(respond, blocks.help_reply(actor.locale, "leadbot", "commit", "reflect", "digest"))
