"""Teams at POST /api/messages, on the same waitress server as Slack.

The Microsoft 365 Agents SDK is asyncio; our server is WSGI with threads. One event loop runs
in a thread of its own for the life of the process: every request hands its turn to that
loop and waits for the result (an invoke's answer must be in the HTTP response), and the
turn runs our synchronous flows in worker threads so that the loop never waits on the
database. Authorization is the SDK's: a Bot Framework token is checked on every request,
and with ANONYMOUS_ALLOWED (local testing only) a request without one is let through.
"""

from __future__ import annotations

import asyncio
import json
import logging

from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    AdaptiveCardInvokeResponse,
    Attachment,
    InvokeResponse,
)
from microsoft_agents.hosting.core import AgentApplication, MemoryStorage, TurnContext, TurnState
from microsoft_agents.hosting.core.app.adaptive_card import factory

from bot.services import Services
from bot.teams import cards, files, presses, render, replies
from bot.teams.peers import TeamsPeers
from bot.teams.people import actor_for, personal_reference, shared, tenant_of, text_with_partners
from bot.teams.sdk import Sdk, outgoing
from nudges.language import LOCALES
from nudges.service import chats, commands, privacy, run
from nudges.service import results as r
from nudges.service.digest_channel import Place
from storage.db import database_unreachable

log = logging.getLogger(__name__)
TURN_TIMEOUT = 14  # seconds; Teams gives up on an answer after about fifteen
PATH = "/api/messages"


class TeamsHost:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.sdk = Sdk(services.settings.teams, "teams-turns")
        self.app = AgentApplication[TurnState](
            storage=MemoryStorage(), connection_manager=self.sdk.connections, start_typing_timer=False
        )
        self._register()

    # --- HTTP -----------------------------------------------------------------------------

    def wsgi(self, environ, start_response):
        if environ.get("REQUEST_METHOD") != "POST":
            return _answer(start_response, 405, None)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        try:
            response = self.sdk.loop.run(
                self.sdk.process(environ.get("HTTP_AUTHORIZATION"), body, self.app), TURN_TIMEOUT
            )
        except TimeoutError:
            log.warning("a Teams turn took longer than %s s", TURN_TIMEOUT)
            return _answer(start_response, 504, None)
        except ValueError:  # not JSON, or not an activity
            return _answer(start_response, 400, {"error": "not an activity"})
        except Exception:
            log.exception("a Teams turn failed")
            return _answer(start_response, 500, None)
        return _answer(start_response, int(response.status_code), response.body)

    def close(self) -> None:
        self.sdk.close()

    # --- turns ----------------------------------------------------------------------------

    def _register(self) -> None:
        @self.app.activity(ActivityTypes.message)
        async def on_message(context: TurnContext, _state: TurnState) -> None:
            later: list = []
            answer = await asyncio.to_thread(self._answer, context.activity, later)
            if answer is None:  # a delivery seen before: answered then
                return
            if isinstance(answer, render.FileOffer):
                answer = await asyncio.to_thread(self._export_offer, context.activity)
            offer = None
            if isinstance(answer, render.CalendarOffer):  # the links first, then the file to accept
                answer, offer = answer.card, calendar_consent(answer)
            for reference, message, *moved in later:  # an answer moved to a personal chat
                try:
                    await self.sdk.deliver(reference, message)
                except Exception:
                    log.warning("could not deliver a message to another chat", exc_info=True)
                    if moved:  # the pointer would point at nothing: say where to ask instead
                        answer = replies.say(moved[0], "teams.private.no_chat")
            await context.send_activity(outgoing(answer) if isinstance(answer, Activity) else _reply(answer))
            if offer is not None:
                await context.send_activity(outgoing(offer))

        @self.app.invoke("fileConsent/invoke")
        async def on_file_consent(context: TurnContext, _state: TurnState) -> None:
            """The person accepted (or declined) the export file: upload it where Teams says,
            then show it in the chat. Only ever the accepting person's own data."""
            activity = context.activity
            value = activity.value if isinstance(activity.value, dict) else {}
            actor = await asyncio.to_thread(actor_for, self.services, activity)
            info = value.get("uploadInfo") or {}
            asked = value.get("context") if isinstance(value.get("context"), dict) else {}
            if "calendar" in asked:
                await self._calendar_file(context, actor, value, asked["calendar"])
            elif value.get("action") == "accept" and self._upload_allowed(info.get("uploadUrl") or ""):
                content = await asyncio.to_thread(self._export_content, actor)
                await files.upload(info["uploadUrl"], content)
                await context.send_activity(outgoing(files.file_info(info, replies.say(actor.locale, "export.sent"))))
            else:
                await context.send_activity(_markdown(replies.say(actor.locale, "export.declined")))
            await context.send_activity(
                Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=200, body={}))
            )

        for verb in (*cards.CHECKIN_VERBS, cards.COMMIT_FORM, cards.COMMIT_START, cards.REFLECT_FORM, cards.ERASE):
            self.app.adaptive_card.action_execute(verb)(self._action(verb))

        @self.app.conversation_update("membersAdded")
        async def on_installed(context: TurnContext, _state: TurnState) -> None:
            """Installed in a personal chat: keep the chat's reference, and say hello."""
            activity = context.activity
            if activity.conversation and activity.conversation.conversation_type == "personal":
                actor = await asyncio.to_thread(actor_for, self.services, activity)
                await context.send_activity(_markdown(replies.say(actor.locale, "hello")))

    def _action(self, verb: str):
        async def on_press(context: TurnContext, _state: TurnState, data: dict):
            offers: list = []
            response = await asyncio.to_thread(self._press, context.activity, verb, data or {}, offers)
            for offer in offers:  # Add to calendar: the file, offered in the chat next to the card
                try:
                    await context.send_activity(outgoing(offer))
                except Exception:
                    log.warning("could not offer a calendar file", exc_info=True)
            return response

        return on_press

    async def _calendar_file(self, context: TurnContext, actor, value: dict, commitment_id) -> None:
        """An accepted calendar file: made again for the accepting person's own commitment
        (whatever the context says, someone else's is not found) and put where Teams says."""
        info = value.get("uploadInfo") or {}
        if value.get("action") != "accept" or not self._upload_allowed(info.get("uploadUrl") or ""):
            await context.send_activity(_markdown(replies.say(actor.locale, "calendar.declined")))
            return
        number = commitment_id if isinstance(commitment_id, int) else 0
        result = await asyncio.to_thread(run, self.services.core, actor, commands.AddToCalendar(commitment_id=number))
        if not isinstance(result, r.CalendarEvent):
            await context.send_activity(_markdown(replies.say(actor.locale, "calendar.other")))
            return
        _, content = render.calendar_file(result, actor.locale)
        await files.upload(info["uploadUrl"], content)
        await context.send_activity(outgoing(files.file_info(info, replies.say(actor.locale, "calendar.saved"))))

    def _press(self, activity, verb: str, data: dict, offers: list) -> AdaptiveCardInvokeResponse:
        try:
            actor = actor_for(self.services, activity)
            answer = presses.press(self.services, actor, verb, data, activity)
            if answer.offer is not None:
                offers.append(calendar_consent(answer.offer))
        except Exception as error:
            unreachable = database_unreachable(error)
            if not unreachable:
                log.exception("a Teams card action failed")
            key = "error.database" if unreachable else "error.generic"
            locale = _locale(activity, self.services)
            return factory.message(replies.plain(replies.t(locale, key), locale))
        if answer.card is not None:
            return factory.adaptive_card(answer.card)
        return factory.message(replies.plain(answer.message or "", actor.locale))

    def _upload_allowed(self, url: str) -> bool:
        """Teams' upload URLs are https (OneDrive/SharePoint); plain http only in local testing."""
        from urllib.parse import urlparse

        scheme = urlparse(url).scheme
        return scheme == "https" or (scheme == "http" and self.services.settings.teams.anonymous_allowed)

    def _first_delivery(self, activity) -> bool:
        """The same activity delivered again (a retry after a slow answer) changes nothing twice."""
        if not activity.id:
            return True
        return chats.first_delivery(self.services.core, f"teams:{tenant_of(activity)}:activity:{activity.id}")

    def _export_content(self, actor) -> bytes:
        return privacy.export(self.services.core, actor).content.encode("utf-8")

    def _export_offer(self, activity) -> Activity:
        actor = actor_for(self.services, activity)
        exported = privacy.export(self.services.core, actor)
        content = exported.content.encode("utf-8")
        log.info("export offered to person %s (%s bytes)", actor.person_id, len(content))
        return files.consent(exported.filename, len(content), replies.t(actor.locale, "export.offer"))

    def _elsewhere(self, actor, activity, command, tell) -> str:
        """Asked in a group chat or a channel for something of the person's own: the answer goes
        to their personal chat, and the shared conversation reads only a pointer there."""
        reference = personal_reference(self.services, actor.person_id)
        if reference is None:
            return replies.say(actor.locale, "teams.private.no_chat")
        answer = self._run(actor, activity, command)
        if isinstance(answer, render.CalendarOffer):  # the links; the file can be asked for there
            answer = answer.card
        moved = self._export_offer(activity) if isinstance(answer, render.FileOffer) else _reply(answer)
        tell(reference, moved, actor.locale)  # sent before the pointer, which it replaces if it fails
        return replies.say(actor.locale, "teams.private.moved")

    def _run(self, actor, activity, command, place: Place | None = None):
        result = run(self.services.core, actor, command, TeamsPeers(self.services, actor, activity), place=place)
        return render.answer(result, actor.locale)

    def _answer(self, activity, later: list) -> str | dict | render.FileOffer | None:
        try:
            if not self._first_delivery(activity):
                log.info("ignoring a repeated Teams delivery")
                return None
            actor = actor_for(self.services, activity)
            tell = lambda *message: later.append(message)  # noqa: E731
            command = commands.parse(text_with_partners(activity))
            if shared(activity) and commands.is_personal(command):
                return self._elsewhere(actor, activity, command, tell)
            kind = activity.conversation.conversation_type if activity.conversation else None
            if kind == "channel":  # in a team's channel only the digest is at home
                if not isinstance(command, commands.Digest):
                    return replies.help_text(actor.locale, "digest", "teams")
                place = Place(channel_of(activity), channel_name(activity), is_channel=True)
                return self._run(actor, activity, command, place)
            if shared(activity):  # a group chat: help, and nothing of anyone's own
                return replies.help_text(actor.locale, "teams")
            return self._run(actor, activity, command)
        except Exception as error:
            locale = _locale(activity, self.services)
            if database_unreachable(error):
                log.warning("Teams message: the database is unreachable")
                return replies.say(locale, "error.database")
            log.exception("a Teams message could not be answered")
            return replies.say(locale, "error.generic")


def calendar_consent(offer: render.CalendarOffer) -> Activity:
    """The .ics offered with a file consent card whose context names the commitment, so that
    the accept is answered with that commitment's event (not the export)."""
    commitment = offer.event.commitment
    locale = offer.links.locale
    name, content = render.calendar_file(offer.event, locale)
    description = replies.t(locale, "calendar.offer", number=commitment.number, title=commitment.title)
    activity = files.consent(name, len(content), description)
    for attachment in activity.attachments:
        attachment.content["acceptContext"] = {"calendar": commitment.id}
        attachment.content["declineContext"] = {"calendar": commitment.id}
    return activity


def _markdown(text: str) -> Activity:
    return outgoing(Activity(type=ActivityTypes.message, text=text, text_format="markdown"))


def _reply(answer: str | dict) -> Activity:
    return _card(answer) if isinstance(answer, dict) else _markdown(answer)


def _card(content: dict) -> Activity:
    return outgoing(
        Activity(type=ActivityTypes.message, attachments=[Attachment(content_type=cards.CARD, content=content)])
    )


def _locale(activity, services: Services) -> str:
    """The activity's language when nothing else is known (the database may be the trouble)."""
    locale = (activity.locale or services.settings.default_locale)[:2]
    return locale if locale in LOCALES else "en"


def channel_of(activity) -> str:
    """A channel's own conversation id: a message in a channel carries its thread as well."""
    return activity.conversation.id.split(";")[0]


def channel_name(activity) -> str | None:
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    return (data.get("channel") or {}).get("name") or activity.conversation.name


def _answer(start_response, status: int, body) -> list[bytes]:
    reasons = {200: "OK", 202: "Accepted", 400: "Bad Request", 401: "Unauthorized", 405: "Method Not Allowed"}
    data = b"" if body is None else json.dumps(body).encode()
    headers = [("Content-Length", str(len(data)))]
    if data:
        headers.append(("Content-Type", "application/json"))
    start_response(f"{status} {reasons.get(status, 'Status')}", headers)
    return [data]
