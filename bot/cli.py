"""The `leadbot` command. Wires things in order: .env and settings, database, app, server."""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.engine import make_url

from bot import logs
from bot.settings import Settings, SettingsError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="leadbot", description="Lead by example: a Slack bot for managers.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="serve Slack (Socket Mode with SLACK_APP_TOKEN, else HTTP on HOST:PORT)")
    commands.add_parser(
        "scheduler", help="only the scheduler (with LEADBOT_SCHEDULER=off on the web processes); /healthz on HOST:PORT"
    )
    sandbox = commands.add_parser("sandbox", help="try leadbot in the terminal against a built-in stand-in for Slack")
    sandbox.add_argument("--fresh", action="store_true", help="start over with an empty sandbox database")
    sandbox.add_argument("--db", default="sandbox.db", help="the sandbox's own SQLite file (default: sandbox.db)")
    tick = commands.add_parser("tick", help="do, once, all scheduled work due at an instant (default: now)")
    tick.add_argument("--at", help="ISO-8601 instant, e.g. 2026-11-30T09:05+01:00 (no offset: LEADBOT_TIMEZONE)")
    digest = commands.add_parser("digest", help="build a team's weekly digest and post it now (or preview it)")
    digest.add_argument("--team", required=True, help="the team's channel id or name")
    digest.add_argument("--preview", action="store_true", help="print the digest instead of posting it")
    db = commands.add_parser("db", help="database migrations")
    db.add_argument(
        "action",
        choices=["upgrade", "check", "revision"],
        help="upgrade: apply migrations; check: models match them; revision: write a new one",
    )
    db.add_argument("-m", "--message", default="change", help="for revision: what the migration does")
    strategy = commands.add_parser("strategy", help="the strategy's focus areas from a TOML file (added or updated)")
    strategy.add_argument("action", choices=["import"], help="import: add and update focus areas from FILE")
    strategy.add_argument("file", help="a TOML file with one [[focus]] table per focus area (see README)")
    strategy.add_argument(
        "--workspace", required=True, help="whose: slack:<team id> or teams:<tenant id>, e.g. slack:T0123ABCD"
    )
    teams_manifest = commands.add_parser(
        "teams-manifest", help="write the Teams app package (manifest.json and icons, zipped) for the configured bot"
    )
    teams_manifest.add_argument("--out", default="leadbot-teams.zip", help="where to write it (default: %(default)s)")
    manifest = commands.add_parser("manifest", help="print the Slack app manifest (JSON)")
    manifest.add_argument("--url", help="public base URL for HTTP mode, e.g. https://leadbot.example.org")
    args = parser.parse_args(argv)
    logs.configure(os.environ.get("LEADBOT_LOG_FORMAT", "text").lower())

    try:
        if args.command == "sandbox":
            logging.disable(logging.INFO)  # the terminal is for the conversation
            from bot.sandbox.run import main as sandbox

            return sandbox(args.db, fresh=args.fresh)
        if args.command == "manifest":
            print(json.dumps(_manifest(args.url), indent=2, ensure_ascii=False))
            return 0
        settings = Settings.from_env()
        if args.command == "teams-manifest":
            return _teams_manifest(settings, args.out)
        if args.command == "db":
            return _db(settings, args.action, args.message)
        if args.command == "tick":
            return _tick(settings, args.at)
        if args.command == "digest":
            return _digest(settings, args.team, args.preview)
        if args.command == "strategy":
            return _strategy(settings, args.file, args.workspace)
        logs.configure(settings.log_format)
        if args.command == "scheduler":
            return _scheduler(settings)
        return _run(settings)
    except SettingsError as error:
        print(f"leadbot: {error}", file=sys.stderr)
        return 2


def _manifest(url: str | None) -> dict:
    from bot.slack.manifest import manifest

    return manifest(request_url=url)


def _strategy(settings: Settings, path: str, workspace: str) -> int:
    from pathlib import Path

    from bot.services import Services
    from nudges.strategy_file import StrategyFileError, import_file
    from storage import db, repo
    from storage.db import session_scope

    platform, _, external = workspace.partition(":")
    if platform not in ("slack", "teams") or not external:
        raise SettingsError(f"--workspace: slack:<team id> or teams:<tenant id> (got {workspace!r})")
    _prepare_database(settings)
    services = Services(settings=settings, engine=db.make_engine(settings.database_url))
    with session_scope(services.engine) as session:
        workspace_id = repo.get_or_create_workspace(session, platform=platform, external_id=external).id
    try:
        done = import_file(services.core, workspace_id, Path(path))
    except StrategyFileError as error:
        print(f"leadbot: {error}", file=sys.stderr)
        return 2
    for item in done:
        print(f"{item.key}: {item.outcome}")
    return 1 if any(item.outcome.startswith("refused") for item in done) else 0


def _teams_manifest(settings: Settings, out: str) -> int:
    from bot.teams.manifest import package

    data = package(settings.teams)  # a SettingsError says which setting is missing
    with open(out, "wb") as file:
        file.write(data)
    print(f"leadbot: wrote {out} for bot {settings.teams.client_id}; upload it in Teams (Apps → Manage your apps)")
    return 0


def _db(settings: Settings, action: str, message: str) -> int:
    from storage import db

    if action == "revision":
        db.revision(settings.database_url, message)
    elif action == "upgrade":
        db.upgrade(settings.database_url)
        print("leadbot: the database is up to date")
    else:
        db.check(settings.database_url)
        print("leadbot: the models and the migrations agree")
    return 0


def _instant(text: str | None, settings: Settings) -> datetime:
    if not text:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise SettingsError(f"--at must be an ISO-8601 instant such as 2026-11-30T09:05+01:00 (got {text!r})") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(settings.timezone))


def _prepare_database(settings: Settings) -> None:
    from storage import db

    if make_url(settings.database_url).get_backend_name() == "sqlite":
        db.upgrade(settings.database_url)
    elif not db.is_current(settings.database_url):
        raise SettingsError("DATABASE_URL: the PostgreSQL database is not up to date: run `leadbot db upgrade` first")


def _tick(settings: Settings, at: str | None) -> int:
    settings.require_front_end()
    from bot.services import Services
    from bot.tick_job import run_tick
    from storage import db

    now = _instant(at, settings)
    _prepare_database(settings)
    services = Services(settings=settings, engine=db.make_engine(settings.database_url))
    report = run_tick(services, now)
    print(f"leadbot: tick at {now.isoformat()}: {report.summary()}")
    return 0


def _digest(settings: Settings, ref: str, preview: bool) -> int:
    from sqlmodel import Session

    from bot.digest_text import digest_text
    from bot.outbound import outbounds
    from bot.services import Services
    from nudges import digest_posting as digests
    from nudges.zones import zone
    from storage import db
    from storage.models import Workspace

    settings.require_front_end()
    _prepare_database(settings)
    services = Services(settings=settings, engine=db.make_engine(settings.database_url))
    outbound = outbounds(services)
    now = services.now()
    with Session(services.engine) as session:
        team = digests.find_team(session, ref)
        if team is None:
            raise SettingsError(f"--team: no team with channel id or name {ref!r}; `/leadbot digest on` makes one")
        if preview:
            workspace = session.get(Workspace, team.workspace_id)
            members = outbound.of(workspace.platform).members(workspace.external_id, team.channel_id)
            start = digests.previous_end(services.engine, team) or now - digests.digest_data.DEFAULT_PERIOD
            message = digests.message_for(session, team, start=start, end=now, members=members, digest_id=None)
            print(digest_text(message.data, zone(team.tz, settings.timezone)))
            return 0
    outcome = digests.post_now(services.engine, team, outbound, now, settings.timezone)
    messages = {
        "sent": "posted",
        "skipped": "already posted for this week",
        "pending": "Slack could not take it now; the next tick tries again",
        "failed": "could not be posted (see the log)",
    }
    print(f"leadbot: digest for #{team.name or team.channel_id}: {messages[outcome]}")
    return 0 if outcome in ("sent", "skipped") else 1


def _run(settings: Settings) -> int:
    settings.require_front_end()
    from bot.http import make_server, make_wsgi
    from bot.services import Services
    from bot.slack.app import build_app
    from storage import db

    log = logging.getLogger("leadbot")
    _prepare_database(settings)
    services = Services(settings=settings, engine=db.make_engine(settings.database_url))
    app = build_app(services) if settings.slack else None
    bolt = app  # kept to let the commands' work end on a stop, whichever way Slack is served
    teams = None
    if settings.teams is not None:
        from bot.teams.host import TeamsHost

        teams = TeamsHost(services)
    stop = threading.Event()
    scheduler = _start_scheduler(services, stop) if settings.scheduler else None
    if scheduler is None:
        log.info("LEADBOT_SCHEDULER=off: another process (`leadbot scheduler`) runs the scheduler")

    handler = None
    if settings.slack_app_token and app is not None:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        log.info("serving Slack over Socket Mode")
        # A link a firewall dropped without a word is only noticed by a missing pong: ping every
        # few seconds so commands are not lost for a minute (slack_sdk's default is 10 s, found
        # dead after 40-60 s in tests/test_socket_mode_wire.py; with 3 s, within about 10 s).
        handler = SocketModeHandler(app, settings.slack_app_token, ping_interval=3)
        # With LEADBOT_PUBLIC_URL the operator means the admin page to be reached (its sign-in
        # links point there), so HTTP is served beside the socket; without it, and without
        # Teams, nothing listens on a port (Socket Mode is often chosen for having none).
        if teams is None and not settings.public_url:
            _on_signals(lambda: _raise_exit())
            try:
                handler.start()
            except (KeyboardInterrupt, SystemExit):
                log.info("stopping")
            finally:
                _shut_down(services, stop, scheduler, log, bolt)
            return 0
        handler.connect()  # in the background; HTTP below serves Teams and the admin page, not Slack
        app = None

    from bot.web import make_admin

    server = make_server(
        make_wsgi(app, services.engine, services.metrics, teams, web=make_admin(services)),
        host=settings.host,
        port=settings.port,
    )
    _on_signals(lambda: _raise_exit())
    served = [
        *(["Slack at POST /slack/events"] if app else []),
        *(["Teams at POST /api/messages"] if teams else []),
        "the admin page at /admin",
    ]
    log.info("serving %s on %s:%s (GET /healthz, GET /metrics)", ", ".join(served), settings.host, settings.port)
    try:
        server.run()
    except (KeyboardInterrupt, SystemExit):
        log.info("stopping: no new requests; finishing what is under way")
    finally:
        stop.set()  # the tick under way stops sending at once, while requests finish
        server.close()
        server.task_dispatcher.shutdown(timeout=10)
        if teams is not None:
            teams.close()
        if handler is not None:
            handler.close()
        _shut_down(services, stop, scheduler, log, bolt)
    return 0


def _scheduler(settings: Settings) -> int:
    """The scheduler on its own, for N web processes with LEADBOT_SCHEDULER=off. Several may
    run: one leads, the others wait to take over."""
    from bot.http import make_server, make_wsgi, serve_in_thread
    from bot.services import Services
    from storage import db

    settings.require_front_end()
    log = logging.getLogger("leadbot")
    _prepare_database(settings)
    services = Services(settings=settings, engine=db.make_engine(settings.database_url))
    stop = threading.Event()
    scheduler = _start_scheduler(services, stop)
    server = make_server(make_wsgi(None, services.engine, services.metrics), host=settings.host, port=settings.port)
    serve_in_thread(server)
    log.info("scheduler running; GET /healthz and /metrics on %s:%s", settings.host, settings.port)
    _on_signals(stop.set)
    try:
        while not stop.wait(1):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        log.info("stopping: finishing the send under way")
        server.close()
        _shut_down(services, stop, scheduler, log)
    return 0


def _start_scheduler(services, stop: threading.Event):
    from bot.tick_job import ScheduledTick
    from nudges.scheduler import start_scheduler
    from storage.locks import Leadership

    leadership = Leadership(services.engine)
    scheduler = start_scheduler(
        ScheduledTick(services, leadership, stop), clock=services.now, every_seconds=services.settings.tick_seconds
    )
    scheduler.leadership = leadership
    logging.getLogger("leadbot").info(
        "the scheduler runs here when this instance leads (every %s s)", services.settings.tick_seconds
    )
    return scheduler


def _shut_down(services, stop: threading.Event, scheduler, log: logging.Logger, bolt=None) -> None:
    """The tick under way finishes its current sends and hands the rest back; the commands
    already acked get their answers (their work needs the database); locks go."""
    stop.set()
    if scheduler is not None:
        scheduler.shutdown(wait=True)
        scheduler.leadership.release()
    if bolt is not None:
        bolt.finish()
    services.engine.dispose()
    log.info("stopped")


def _on_signals(handler) -> None:
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: handler())


def _raise_exit() -> None:
    raise SystemExit(0)


if __name__ == "__main__":
    sys.exit(main())
