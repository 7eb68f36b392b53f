"""Many workspaces: Slack's OAuth install flow keeps each workspace's bot token in our own
database (slack_sdk's SQLAlchemy installation and state stores, tables made by our Alembic
migrations), and whatever sends on its own — the tick, `leadbot digest` — asks here for the
right client for a workspace, refreshing a rotating token when it is about to expire.

With SLACK_BOT_TOKEN instead (one workspace), the same questions have one answer.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime

from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlalchemy import MetaData
from sqlalchemy.engine import Engine
from sqlmodel import select

from nudges.claims import PermanentFailure, TemporaryFailure
from storage.db import session_scope
from storage.models import Workspace

log = logging.getLogger(__name__)
ROTATE_MINUTES = 120  # refresh a rotating token this long before it expires (Bolt's default)
STATE_SECONDS = 600


class InstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's store, which also tells our tables that a workspace (re)installed the app."""

    def save(self, installation: Installation) -> None:
        super().save(installation)
        if installation.team_id:
            mark_installed(self.engine, installation.team_id, installation.team_name)
            log.info("installed in workspace %s", installation.team_id)


def stores(engine: Engine, client_id: str) -> tuple[InstallationStore, SQLAlchemyOAuthStateStore]:
    return (
        InstallationStore(client_id=client_id, engine=engine),
        SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine),
    )


def mark_installed(engine: Engine, team_id: str, name: str | None) -> None:
    with session_scope(engine) as session:
        workspace = session.exec(
            select(Workspace).where(Workspace.platform == "slack", Workspace.external_id == team_id)
        ).first()
        if workspace is None:
            workspace = Workspace(platform="slack", external_id=team_id, name=name)
        workspace.uninstalled_at = None
        if name:
            workspace.name = name
        session.add(workspace)


def mark_uninstalled(engine: Engine, team_id: str, now: datetime | None = None) -> bool:
    """Nothing more is sent to this workspace (its data stays until erased or retained out)."""
    with session_scope(engine) as session:
        workspace = session.exec(
            select(Workspace).where(Workspace.platform == "slack", Workspace.external_id == team_id)
        ).first()
        if workspace is None:
            return False
        workspace.uninstalled_at = now or datetime.now(UTC)
        session.add(workspace)
        return True


class Clients:
    """The WebClient to use for a workspace, outside any Slack request (the tick, the CLI)."""

    def __init__(self, make, *, token: str | None, store: InstallationStore | None, rotator: TokenRotator | None):
        self._make, self._token, self._store, self._rotator = make, token, store, rotator
        self._single = make(token) if token else None
        self._cache: dict[str, tuple[float, WebClient]] = {}
        self._guard = threading.Lock()

    def for_workspace(self, team_id: str) -> WebClient:
        if self._single is not None:
            return self._single
        with self._guard:
            cached = self._cache.get(team_id)
            if cached and cached[0] > time.time():
                return cached[1]
            bot = self._bot(team_id)
            keep = time.time() + 300  # read again now and then: a reinstall brings a new token
            if bot.bot_token_expires_at:
                keep = min(keep, bot.bot_token_expires_at - ROTATE_MINUTES * 60)
            client = self._make(bot.bot_token)
            self._cache[team_id] = (keep, client)
            return client

    def _bot(self, team_id: str) -> Bot:
        bot = self._store.find_bot(enterprise_id=None, team_id=team_id)
        if bot is None:
            raise PermanentFailure(f"the app is not installed in workspace {team_id}")
        if self._rotator is not None and bot.bot_refresh_token:
            try:
                refreshed = self._rotator.perform_bot_token_rotation(bot=bot, minutes_before_expiration=ROTATE_MINUTES)
            except Exception as error:
                raise TemporaryFailure(f"token rotation failed: {type(error).__name__}") from error
            if refreshed is not None:
                self._store.save_bot(refreshed)
                log.info("rotated the bot token of workspace %s", team_id)
                bot = refreshed
        return bot


def forget_installer(session, person) -> None:
    """Erasure: the installation record keeps the id (and any user token) of who installed the
    app; the bot's token stays so the workspace keeps working."""
    from sqlalchemy import inspect, update

    from storage.models import Workspace as _Workspace

    workspace = session.get(_Workspace, person.workspace_id)
    if workspace is None or workspace.platform != "slack":
        return
    if not inspect(session.connection()).has_table(SQLAlchemyInstallationStore.default_installations_table_name):
        return
    table = SQLAlchemyInstallationStore.build_installations_table(
        MetaData(), SQLAlchemyInstallationStore.default_installations_table_name
    )
    session.execute(
        update(table)
        .where(table.c.team_id == workspace.external_id, table.c.user_id == person.external_id)
        .values(user_id="", user_token=None, user_refresh_token=None, user_scopes=None, user_token_expires_at=None)
    )
