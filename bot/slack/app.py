"""The Bolt app: a WebClient that honours SLACK_API_URL and retries, the listeners, and
a guard that makes a retried delivery harmless. Nothing global: build as many as needed.
"""

from __future__ import annotations

import contextlib
import json
import logging
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App, BoltResponse
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.middleware import Middleware
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.oauth.token_rotation import TokenRotator
from slack_sdk.webhook import WebhookClient

from bot.i18n import t
from bot.services import Services
from bot.slack import installs
from bot.slack.handoff import handed_off
from bot.slack.listeners import actions, commands, events, views
from bot.slack.listeners.shapes import Handled, Refused, verdict
from bot.slack.manifest import BOT_SCOPES
from bot.slack.response_urls import KeptAlive, ResponseUrls
from nudges.service import chats
from storage.db import database_unreachable

log = logging.getLogger(__name__)


def make_client(services: Services, token: str | None = None, *, sending: bool = False) -> WebClient:
    """Every Web API call goes through here: to SLACK_API_URL, with slack_sdk's retries.

    A client `sending` messages that must go out exactly once (check-ins, digests) retries
    only what Slack surely did not take (429); after a broken connection or a 5xx the post may
    have gone through, so the claim is left pending and the next attempt first looks for it.
    """
    settings = services.settings
    retries = [RateLimitErrorRetryHandler(max_retry_count=3)]
    if not sending:
        retries += [ConnectionErrorRetryHandler(max_retry_count=2), ServerErrorRetryHandler(max_retry_count=2)]
    return WebClient(
        token=(settings.slack_bot_token if token is None else token) or None,
        base_url=settings.slack_api_url,
        timeout=settings.slack_timeout,
        retry_handlers=retries,
    )


class LeadbotApp(App):
    """Bolt's App, holding what the HTTP edge (bot.http) needs to check a request before Bolt
    parses it: the signing secret, and what the listeners answer."""

    def __init__(self, *, signing_secret: str, command_workers: int = 5, **kwargs) -> None:
        # Buttons, forms and events run here once handed off (bot.slack.handoff); kept so that
        # a stop can let them finish first.
        self.listener_executor = ThreadPoolExecutor(max_workers=5, thread_name_prefix="slack-listener")
        # A slash command acks on the request's thread and its work (save, answer) runs here,
        # apart from the listeners: were it on their threads, an ack would wait in line behind
        # the commands under way (at 20 at once, hundreds of milliseconds); here an ack waits
        # for nothing but its own receipt.
        self.after_ack = ThreadPoolExecutor(max_workers=command_workers, thread_name_prefix="slack-command")
        super().__init__(signing_secret=signing_secret, listener_executor=self.listener_executor, **kwargs)
        self.signing_secret = signing_secret
        self.handled = Handled()
        self.response_urls = ResponseUrls()  # every respond(): connections kept between replies

    # Buttons, forms and events are handed to the listener pool as soon as they ack (Bolt
    # processes before it responds, see bot.slack.handoff); a slash command acks on the
    # request's thread and hands its work to `after_ack` itself.
    def action(self, constraints, matchers=None, middleware=None):
        return self._handing_off(super().action(constraints, matchers, middleware))

    def view(self, constraints, matchers=None, middleware=None):
        return self._handing_off(super().view(constraints, matchers, middleware))

    def event(self, event, matchers=None, middleware=None):
        return self._handing_off(super().event(event, matchers, middleware))

    def _handing_off(self, register):
        def decorate(*functions):
            return register(*(handed_off(function, self.listener_executor) for function in functions))

        return decorate

    def finish(self) -> None:
        """Waits for the work started after acks (replies, App Home) to end."""
        self.listener_executor.shutdown(wait=True)
        self.after_ack.shutdown(wait=True)
        self.response_urls.clear()


def build_app(services: Services, *, client: WebClient | None = None) -> LeadbotApp:
    settings = services.settings
    settings.require_slack()
    extra = {"oauth_settings": oauth_settings(services)} if settings.slack_oauth else {}
    app = LeadbotApp(
        client=client or make_client(services),
        signing_secret=settings.slack_signing_secret,
        process_before_response=True,
        command_workers=command_workers(services),
        **extra,
    )
    app.use(WellFormed(app))
    app.use(OnceOnly(services))
    app.use(KeptAlive(app.response_urls))
    app.handled = Handled(
        commands=commands.register(app, services, later=app.after_ack.submit),
        actions=actions.register(app, services),
        views=views.register(app, services),
        events=events.register(app, services),
    )

    @app.error
    def on_error(error: Exception, logger: logging.Logger) -> None:
        logger.error("unhandled error in a Slack listener", exc_info=error)

    return app


def command_workers(services: Services) -> int:
    """How many commands are worked on at once. On SQLite the work is Python in this one
    interpreter and one writer at a time: more threads only take turns at the interpreter with
    the acks (measured: 5 threads made the ack p99 three times that of 1, for no more commands
    a second), two keep one reply's wait for Slack beside another's work. On PostgreSQL the
    work waits on the server, and five overlap those waits."""
    return 2 if services.engine.dialect.name == "sqlite" else 5


class WellFormed(Middleware):
    """Before anything is written: a request no listener can use gets a clean 4xx, one that is
    well-formed but not for us (an event type or subtype nobody listens to) a 200 that does
    nothing, so Slack neither retries it nor counts it as a failure. Over HTTP the edge has
    checked this already; Socket Mode's envelopes come here directly."""

    def __init__(self, app: LeadbotApp) -> None:
        self.app = app

    def process(self, *, req: BoltRequest, resp: BoltResponse, next) -> BoltResponse | None:
        try:
            found = verdict(req.body, self.app.handled)
        except Refused as refused:
            log.info("refusing a Slack request: %s", refused.reason)
            return BoltResponse(status=refused.status, body=refused.reason)
        if found == "ignore":
            return BoltResponse(status=200, body="")
        return next()


def oauth_settings(services: Services) -> OAuthSettings:
    """/slack/install and /slack/oauth_redirect, tokens and states kept in our database."""
    settings = services.settings
    installation_store, state_store = installs.stores(services.engine, settings.slack_client_id)
    oauth = OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=BOT_SCOPES,
        redirect_uri=settings.slack_redirect_uri,
        installation_store=installation_store,
        installation_store_bot_only=True,
        state_store=state_store,
        token_rotation_expiration_minutes=installs.ROTATE_MINUTES,
    )
    # Bolt's own authorizer refreshes rotating tokens through a client of its making, which
    # ignores SLACK_API_URL; this one goes where every other call goes.
    oauth.authorize = InstallationStoreAuthorize(
        logger=logging.getLogger("slack_bolt.authorize"),
        installation_store=installation_store,
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        token_rotation_expiration_minutes=installs.ROTATE_MINUTES,
        bot_only=True,
        client=make_client(services, token=""),
    )
    return oauth


def clients(services: Services) -> installs.Clients:
    """Per-workspace clients for what is sent outside a request (tick, CLI)."""
    settings = services.settings
    store = rotator = None
    if settings.slack_oauth:
        store, _ = installs.stores(services.engine, settings.slack_client_id)
        rotator = TokenRotator(
            client_id=settings.slack_client_id,
            client_secret=settings.slack_client_secret,
            client=make_client(services, token=""),
        )
    return installs.Clients(
        lambda token: make_client(services, token=token, sending=True),
        token=settings.slack_bot_token,
        store=store,
        rotator=rotator,
    )


def delivery_key(body: dict, team_id: str | None) -> str | None:
    """What identifies one delivery from Slack, however many times it is retried."""
    if body.get("event_id"):
        return f"slack:{team_id}:event:{body['event_id']}"
    if body.get("trigger_id"):
        return f"slack:{team_id}:trigger:{body['trigger_id']}"
    return None


class OnceOnly(Middleware):
    """A delivery Slack sends again (X-Slack-Retry-Num, same event_id or trigger) is acknowledged
    and otherwise ignored, so a slow moment never turns into a doubled commitment."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def process(self, *, req: BoltRequest, resp: BoltResponse, next) -> BoltResponse | None:
        key = delivery_key(req.body, req.context.team_id)
        if key is None:
            return next()
        try:
            first = chats.first_delivery(self.services.core, key)
        except Exception as error:
            if not database_unreachable(error):
                raise
            return self._database_away(req)
        if first:
            return next()
        log.info("ignoring a repeated Slack delivery (retry %s)", req.headers.get("x-slack-retry-num", ["-"])[0])
        return BoltResponse(status=200, body="")

    def _database_away(self, req: BoltRequest) -> BoltResponse:
        """Nothing can be saved or deduplicated without the database. A command is answered at
        once, in both languages (whose language it is lives in the database); an event is
        refused so that Slack delivers it again later; a button press is told to try again."""
        log.warning("the database is unreachable: a Slack request is turned away")
        first = self.services.settings.default_locale
        text = "\n".join(t(locale, "error.database") for locale in (first, *(x for x in ("sv", "en") if x != first)))
        if req.body.get("command"):
            return BoltResponse(
                status=200, body=json.dumps({"response_type": "ephemeral", "text": text}), headers=JSON_HEADERS
            )
        if req.body.get("event"):
            return BoltResponse(status=503, body="")
        if req.body.get("response_url"):
            with contextlib.suppress(Exception):
                WebhookClient(req.body["response_url"], timeout=3).send(
                    text=text, response_type="ephemeral", replace_original=False
                )
        return BoltResponse(status=200, body="")


JSON_HEADERS = {"content-type": ["application/json;charset=utf-8"]}
