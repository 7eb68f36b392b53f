"""Buttons and menus: on App Home (and, later, on check-ins), and inside the reflect modal.

Every commitment id that arrives in a payload is looked up through the person pressing the
button, so someone else's id simply is not found and nothing changes.
"""

from __future__ import annotations

import json
import logging
from datetime import date, time

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.i18n import LOCALES, t
from bot.services import Services
from bot.slack import blocks, flows, ids, privacy_flows
from bot.slack.listeners.common import kindly
from bot.slack.people import Actor, actor_for, reload, team_of, user_of

log = logging.getLogger(__name__)


def _commitment_id(body: dict) -> int | None:
    value = (body.get("actions") or [{}])[0].get("value") or ""
    return int(value) if value.isdigit() else None


def _tell(client: WebClient, actor: Actor, reply: blocks.Reply) -> None:
    client.chat_postMessage(channel=actor.user_id, text=reply.text, blocks=reply.blocks)


def register(app: App, services: Services) -> frozenset[str]:
    """Returns the action ids registered."""
    default = services.settings.default_locale

    def acting(body: dict, client: WebClient) -> Actor:
        return actor_for(services, client, team_id=team_of(body), user_id=user_of(body))

    def refuse(client: WebClient, actor: Actor) -> None:
        _tell(client, actor, blocks.reply(t(actor.locale, "denial.no_such_commitment_id")))

    def answer(body: dict, client: WebClient, actor: Actor, reply: blocks.Reply) -> None:
        """Where the button was: a check-in message is redrawn in place, App Home is republished."""
        if reply.refused:
            _tell(client, actor, reply)
        container = body.get("container") or {}
        if container.get("type") == "message":
            flows.redraw_checkin(
                services, client, actor, container.get("channel_id", ""), container.get("message_ts", "")
            )
        else:
            flows.publish_home(services, client, actor)

    @app.action(ids.DONE)
    def done(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        with kindly(None, lambda: default, "done button"):
            actor = acting(body, client)
            answer(body, client, actor, flows.complete(services, client, actor, _commitment_id(body) or 0))

    @app.action(ids.DROP)
    def drop(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        with kindly(None, lambda: default, "drop button"):
            actor = acting(body, client)
            answer(body, client, actor, flows.drop(services, actor, commitment_id=_commitment_id(body) or 0))

    @app.action(ids.SNOOZE)
    def snooze(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        with kindly(None, lambda: default, "snooze button"):
            actor = acting(body, client)
            answer(body, client, actor, flows.snooze(services, actor, _commitment_id(body) or 0))

    @app.action(ids.REFLECT)
    def reflect(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        with kindly(None, lambda: default, "reflect button"):
            actor = acting(body, client)
            commitment = flows.own_commitment(services, actor, _commitment_id(body) or 0)
            if commitment is None:
                return refuse(client, actor)
            view = blocks.reflect_modal(
                actor.locale,
                commitments=flows.active_commitments(services, actor),
                selected=commitment,
                metadata=json.dumps({"commitment": commitment.id}),
            )
            client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.action(ids.NEW_COMMITMENT)
    def new_commitment(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        with kindly(None, lambda: default, "new commitment button"):
            actor = acting(body, client)
            today = actor.today(services.now())
            client.views_open(trigger_id=body["trigger_id"], view=blocks.commit_modal(actor.locale, today=today))

    @app.action(ids.NEW_REFLECTION)
    def new_reflection(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        with kindly(None, lambda: default, "new reflection button"):
            actor = acting(body, client)
            view = blocks.reflect_modal(actor.locale, commitments=flows.active_commitments(services, actor))
            client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.action(ids.PICK_COMMITMENT)
    def pick(ack: Ack, body: dict, client: WebClient) -> None:
        """Picking a failure-sharing commitment turns the form into its two questions."""
        ack()
        with kindly(None, lambda: default, "reflect form"):
            actor = acting(body, client)
            value = ((body.get("actions") or [{}])[0].get("selected_option") or {}).get("value", "")
            selected = flows.own_commitment(services, actor, int(value)) if value.isdigit() else None
            metadata = json.dumps({"commitment": selected.id} if selected else {})
            view = blocks.reflect_modal(
                actor.locale,
                commitments=flows.active_commitments(services, actor),
                selected=selected,
                metadata=metadata,
            )
            client.views_update(view_id=body["view"]["id"], hash=body["view"].get("hash"), view=view)

    @app.action(ids.ERASE)
    def erase(ack: Ack, body: dict, client: WebClient, respond: Respond) -> None:
        """Only ever the presser's own data: the button carries no id worth trusting."""
        ack()
        actor = None
        with kindly(respond, lambda: actor.locale if actor else default, "erase button"):
            actor = acting(body, client)
            reply = privacy_flows.erase(services, actor)
            respond(text=reply.text, blocks=reply.blocks, replace_original=True)

    def setting(action_id: str, read):
        @app.action(action_id)
        def change(ack: Ack, body: dict, client: WebClient) -> None:
            ack()
            with kindly(None, lambda: default, f"setting {action_id}"):
                actor = acting(body, client)
                fields = read((body.get("actions") or [{}])[0], actor)
                if fields is not None:
                    flows.update_settings(services, actor, **fields)
                flows.publish_home(services, client, reload(services, actor))

        return change

    def language(action: dict, actor: Actor) -> dict | None:
        value = (action.get("selected_option") or {}).get("value")
        return {"locale_choice": value} if value in LOCALES else None

    def weekday(action: dict, actor: Actor) -> dict | None:
        value = (action.get("selected_option") or {}).get("value", "")
        return {"nudge_weekday": int(value)} if value.isdigit() and int(value) < 5 else None

    def nudge_time(action: dict, actor: Actor) -> dict | None:
        try:
            return {"nudge_time": time.fromisoformat(action.get("selected_time") or "")}
        except ValueError:
            return None

    def pause(action: dict, actor: Actor) -> dict | None:
        try:
            day = date.fromisoformat(action.get("selected_date") or "")
        except ValueError:
            return None
        return {"paused_until": day if day >= actor.today(services.now()) else None}

    setting(ids.SET_LANGUAGE, language)
    setting(ids.SET_NUDGE_DAY, weekday)
    setting(ids.SET_NUDGE_TIME, nudge_time)
    setting(ids.SET_PAUSE, pause)
    setting(ids.RESUME, lambda action, actor: {"paused_until": None})
    setting(
        ids.SET_DIGEST_OPT_OUT,
        lambda action, actor: {
            "digest_opt_out": any(o.get("value") == "opt_out" for o in action.get("selected_options") or [])
        },
    )
    return frozenset(
        {
            ids.DONE,
            ids.DROP,
            ids.SNOOZE,
            ids.REFLECT,
            ids.NEW_COMMITMENT,
            ids.NEW_REFLECTION,
            ids.PICK_COMMITMENT,
            ids.ERASE,
            ids.SET_LANGUAGE,
            ids.SET_NUDGE_DAY,
            ids.SET_NUDGE_TIME,
            ids.SET_PAUSE,
            ids.RESUME,
            ids.SET_DIGEST_OPT_OUT,
        }
    )
