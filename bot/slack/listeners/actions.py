"""Buttons and menus: on App Home, on check-ins, and inside the reflect modal, read as the
core's commands.

Every commitment id that arrives in a payload is looked up through the person pressing the
button, so someone else's id simply is not found and nothing changes.
"""

from __future__ import annotations

import json
import logging
from datetime import date, time

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.i18n import t
from bot.services import Services
from bot.slack import blocks, ids, render
from bot.slack.listeners.commands import modal
from bot.slack.listeners.common import kindly
from bot.slack.peers import SlackPeers
from bot.slack.people import actor_for, team_of, user_of
from nudges.service import Actor, checkins, home, run
from nudges.service import commands as c
from nudges.service import results as r

log = logging.getLogger(__name__)


def _action(body: dict) -> dict:
    return (body.get("actions") or [{}])[0]


def _commitment_id(body: dict) -> int:
    value = _action(body).get("value") or ""
    return int(value) if value.isdigit() else 0


def _tell(client: WebClient, actor: Actor, reply: blocks.Reply) -> None:
    client.chat_postMessage(channel=actor.user_id, text=reply.text, blocks=reply.blocks)


def publish_home(services: Services, client: WebClient, actor: Actor) -> None:
    try:
        client.views_publish(user_id=actor.user_id, view=blocks.home_view(home.home(services.core, actor)))
    except (SlackApiError, SlackClientError, OSError):
        log.warning("could not publish App Home", exc_info=True)


def redraw_checkin(services: Services, client: WebClient, actor: Actor, channel: str, ts: str) -> bool:
    """Redraws a check-in message in place after a button on it was pressed."""
    checkin = checkins.current(services.core, actor, channel=channel, ts=ts)
    if checkin is None:
        return False
    message = blocks.checkin_message(checkin)
    try:
        client.chat_update(channel=channel, ts=ts, text=message.text, blocks=message.blocks)
    except (SlackApiError, SlackClientError, OSError):
        log.warning("could not redraw a check-in", exc_info=True)
        return False
    return True


# A button on a commitment (App Home, a check-in): the command it means.
BUTTONS = {
    ids.DONE: lambda body: c.Complete(_commitment_id(body)),
    ids.DROP: lambda body: c.Drop(commitment_id=_commitment_id(body)),
    ids.SNOOZE: lambda body: c.Snooze(_commitment_id(body)),
}


def _language(action: dict, actor: Actor) -> dict:
    return {"locale_choice": (action.get("selected_option") or {}).get("value")}


def _weekday(action: dict, actor: Actor) -> dict:
    value = (action.get("selected_option") or {}).get("value", "")
    return {"nudge_weekday": int(value)} if value.isdigit() else {}


def _nudge_time(action: dict, actor: Actor) -> dict:
    try:
        return {"nudge_time": time.fromisoformat(action.get("selected_time") or "")}
    except ValueError:
        return {}


def _pause(action: dict, actor: Actor) -> dict:
    try:
        return {"paused_until": date.fromisoformat(action.get("selected_date") or "")}
    except ValueError:
        return {}


def _opt_out(action: dict, actor: Actor) -> dict:
    return {"digest_opt_out": any(o.get("value") == "opt_out" for o in action.get("selected_options") or [])}


# App Home's menus: the settings each one sets.
SETTINGS = {
    ids.SET_LANGUAGE: _language,
    ids.SET_NUDGE_DAY: _weekday,
    ids.SET_NUDGE_TIME: _nudge_time,
    ids.SET_PAUSE: _pause,
    ids.RESUME: lambda action, actor: {"paused_until": None},
    ids.SET_DIGEST_OPT_OUT: _opt_out,
}
FORMS = (ids.REFLECT, ids.NEW_COMMITMENT, ids.NEW_REFLECTION, ids.PICK_COMMITMENT, ids.PICK_START)
LINKS = (ids.CALENDAR_OUTLOOK, ids.CALENDAR_GOOGLE)


def register(app: App, services: Services) -> frozenset[str]:
    """Returns the action ids registered."""
    for action_id in BUTTONS:
        app.action(action_id)(_button(services, action_id))
    for action_id in SETTINGS:
        app.action(action_id)(_setting(services, action_id))
    for action_id in FORMS:
        app.action(action_id)(_form(services, action_id))
    app.action(ids.ERASE)(_erase(services))
    app.action(ids.CALENDAR)(_calendar(services))
    for action_id in LINKS:
        app.action(action_id)(_opened)
    return frozenset({*BUTTONS, *SETTINGS, *FORMS, ids.ERASE, ids.CALENDAR, *LINKS})


def _acting(services: Services, body: dict, client: WebClient) -> Actor:
    return actor_for(services, client, team_id=team_of(body), user_id=user_of(body))


def _button(services: Services, action_id: str):
    def pressed(ack: Ack, body: dict, client: WebClient) -> None:
        """Where the button was: a check-in message is redrawn in place, App Home is republished."""
        ack()
        with kindly(None, lambda: services.settings.default_locale, f"{action_id} button"):
            actor = _acting(services, body, client)
            result = run(services.core, actor, BUTTONS[action_id](body), SlackPeers(services, client, actor.workspace))
            if isinstance(result, r.Denied):
                _tell(client, actor, render.reply(result, actor.locale))
            container = body.get("container") or {}
            if container.get("type") == "message":
                redraw_checkin(
                    services, client, actor, container.get("channel_id", ""), container.get("message_ts", "")
                )
            else:
                publish_home(services, client, actor)

    return pressed


def _setting(services: Services, action_id: str):
    def changed(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        with kindly(None, lambda: services.settings.default_locale, f"setting {action_id}"):
            actor = _acting(services, body, client)
            fields = SETTINGS[action_id](_action(body), actor)
            result = run(services.core, actor, c.SetSettings(fields))
            client.views_publish(user_id=actor.user_id, view=blocks.home_view(result))

    return changed


def _form(services: Services, action_id: str):
    def opened(ack: Ack, body: dict, client: WebClient) -> None:
        """A form opened from a button; picking a failure-sharing commitment in the reflect
        form turns it into its two questions, and a suggested first step fills the commit form."""
        ack()
        with kindly(None, lambda: services.settings.default_locale, f"{action_id} form"):
            actor = _acting(services, body, client)
            if action_id == ids.NEW_COMMITMENT:
                command = c.OpenForm("commit")
            elif action_id == ids.PICK_COMMITMENT:
                value = (_action(body).get("selected_option") or {}).get("value", "")
                command = c.OpenForm("reflect", int(value) if value.isdigit() and int(value) else None)
            elif action_id == ids.PICK_START:
                command = c.OpenForm("commit", start=(_action(body).get("selected_option") or {}).get("value"))
            elif action_id == ids.REFLECT:
                command = c.OpenForm("reflect", _commitment_id(body))
            else:
                command = c.OpenForm("reflect")
            result = run(services.core, actor, command)
            if isinstance(result, r.Denied) and action_id == ids.PICK_COMMITMENT:
                result = run(services.core, actor, c.OpenForm("reflect"))
            if isinstance(result, r.Denied):
                return _tell(client, actor, render.reply(r.Denied(result.denial, None), actor.locale))
            if action_id == ids.PICK_START:  # where the form was opened stays as it was
                metadata = (body.get("view") or {}).get("private_metadata") or ""
            else:
                metadata = json.dumps({}) if action_id == ids.PICK_COMMITMENT else ""
            view = modal(result, actor.locale, metadata=metadata)
            if action_id in (ids.PICK_COMMITMENT, ids.PICK_START):
                client.views_update(view_id=body["view"]["id"], hash=body["view"].get("hash"), view=view)
            else:
                client.views_open(trigger_id=body["trigger_id"], view=view)

    return opened


def _calendar(services: Services):
    def pressed(ack: Ack, body: dict, client: WebClient) -> None:
        """The event goes to the presser's own DM, wherever the button was (a check-in, App
        Home, a reply in a channel): the .ics file, then the links that open it pre-filled."""
        ack()
        with kindly(None, lambda: services.settings.default_locale, "calendar button"):
            actor = _acting(services, body, client)
            result = run(services.core, actor, c.AddToCalendar(_commitment_id(body)))
            if not isinstance(result, r.CalendarEvent):
                return _tell(client, actor, render.reply(result, actor.locale))
            send_event(client, actor, result)

    return pressed


def send_event(client: WebClient, actor: Actor, event: r.CalendarEvent, *, with_links: bool = True) -> bool:
    """The .ics file to the person's own DM, and the links beside it (unless the answer where
    they asked shows them already); False when the file could not be sent."""
    message = render.reply(event, actor.locale)
    filename, content = render.calendar_file(event, actor.locale)
    commitment = event.commitment
    try:
        channel = client.conversations_open(users=actor.user_id)["channel"]["id"]
        client.files_upload_v2(
            channel=channel,
            content=content,
            filename=filename,
            title=filename,
            initial_comment=t(
                actor.locale, "calendar.file_comment", number=commitment.number, title=blocks.esc(commitment.title)
            ),
        )
    except (SlackApiError, SlackClientError, OSError):
        log.warning("calendar file for person %s could not be sent", actor.person_id, exc_info=True)
        message = blocks.Reply(message.text, [blocks.section(t(actor.locale, "calendar.failed")), *message.blocks])
        with_links, sent = True, False
    else:
        sent = True
    if with_links:
        client.chat_postMessage(channel=actor.user_id, text=message.text, blocks=message.blocks)
    log.info("calendar event sent to person %s", actor.person_id)
    return sent


def _opened(ack: Ack) -> None:
    """A calendar link: Slack opens it in the browser; there is nothing to do here."""
    ack()


def _erase(services: Services):
    def erase(ack: Ack, body: dict, client: WebClient, respond: Respond) -> None:
        """Only ever the presser's own data: the button carries no id worth trusting."""
        ack()
        actor = None
        with kindly(respond, lambda: actor.locale if actor else services.settings.default_locale, "erase button"):
            actor = _acting(services, body, client)
            reply = render.reply(run(services.core, actor, c.Erase(confirmed=True)), actor.locale)
            respond(text=reply.text, blocks=reply.blocks, replace_original=True)

    return erase
