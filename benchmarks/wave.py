"""A region's Monday wave: many workspaces' check-ins due at the same minute, sent by one tick
against the stand-in Slack with Slack's rate limits on, each workspace limited on its own.

Check-ins go to direct messages, each its own channel, so Slack's one-a-second per channel hardly
binds; the workspace-wide limit of chat.postMessage does. The floor is what that limit allows:
per workspace the burst at once and the rest at the rate, the workspaces side by side. The
stand-in runs in a process of its own (as Slack is elsewhere), so its parsing of every post does
not take the tick's interpreter.

A second run throttles one workspace hard (and answers it slowly): the others should still
finish at their own floor.
"""

from __future__ import annotations

import multiprocessing
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime

from bot.sandbox.slack_standin import StandIn
from bot.sandbox.slack_standin.limits import floor_seconds
from bot.sandbox.slack_standin.methods import POST_PER_WORKSPACE

MONDAY = datetime(2026, 11, 30, 8, 5, tzinfo=UTC)
SECRET = "bench-secret"
THROTTLE = (60.0, 10.0)  # the throttled workspace: a fifth of the usual limit, a small burst
THROTTLE_DELAY = 0.25  # and a quarter of a second more on each of its answers


def team(w: int) -> str:
    return f"TW{w:02d}"


def user(w: int, i: int) -> str:
    return f"U{w:02d}{i:05d}"


def _serve(workspaces: int, people: int, throttled: str | None, ready, stop) -> None:
    """The stand-in Slack, in its own process: every workspace installed, its people added."""
    standin = StandIn(record=False, rate_limits=True)
    for w in range(workspaces):
        standin.add_team(team(w), f"Kommun {w}", token=f"xoxb-{team(w).lower()}")
        for i in range(people):
            standin.add_user(user(w, i), f"user{w}-{i}", team_id=team(w))
    if throttled:
        standin.throttle(throttled, post_per_workspace=THROTTLE, delay=THROTTLE_DELAY)
    standin.start()
    ready.put((standin.api_url, standin.client_id, standin.client_secret))
    stop.wait()
    standin.stop()


def seed(url: str, workspaces: int, people: int, client_id: str) -> None:
    from slack_sdk.oauth.installation_store.models.installation import Installation
    from sqlalchemy import insert

    from bot.slack.installs import stores
    from storage import db
    from storage.models import Commitment, Person, Workspace

    db.upgrade(url)
    engine = db.make_engine(url)
    created = datetime(2026, 11, 1, tzinfo=UTC)
    nine = datetime(2026, 1, 1, 9).time()
    with engine.begin() as connection:
        connection.execute(
            insert(Workspace.__table__),
            [{"platform": "slack", "external_id": team(w), "created_at": created} for w in range(workspaces)],
        )
        connection.execute(
            insert(Person.__table__),
            [
                {
                    "workspace_id": 1 + w,
                    "external_id": user(w, i),
                    "tz": "Europe/Stockholm",
                    "nudge_weekday": 0,
                    "nudge_time": nine,
                    "digest_opt_out": False,
                    "last_number": 3,
                    "created_at": created,
                }
                for w in range(workspaces)
                for i in range(people)
            ],
        )
        connection.execute(
            insert(Commitment.__table__),
            [
                {
                    "workspace_id": 1 + p // people,
                    "person_id": 1 + p,
                    "number": 1 + n,
                    "category": ("course", "failure", "collaboration")[n],
                    "title": f"Step {n} of {p}",
                    "due": date(2027, 1, 15),
                    "private": False,
                    "state": "active",
                    "created_at": created,
                }
                for p in range(workspaces * people)
                for n in range(3)
            ],
        )
    store, _ = stores(engine, client_id)
    for w in range(workspaces):
        store.save(
            Installation(
                app_id="A0LEADBOT",
                team_id=team(w),
                team_name=f"Kommun {w}",
                bot_token=f"xoxb-{team(w).lower()}",
                bot_id=f"B{team(w)}",
                bot_user_id=f"U{team(w)}BOT",
                bot_scopes="chat:write,im:write,im:history",
                user_id=user(w, 0),
                installed_at=created.timestamp(),
            )
        )
    engine.dispose()


@dataclass
class Wave:
    seconds: float  # until the last normal workspace's last check-in was answered
    finished: dict[str, float]  # workspace -> seconds until its last check-in was answered
    sent: dict[str, int]
    report: object
    floor: float  # Slack's floor for a normal workspace (and so for the wave)


class _Timed:
    """The Slack way out, noting when each workspace's check-ins were answered."""

    def __init__(self, inner, start: float) -> None:
        self.inner, self.start = inner, start
        self.looks_back = inner.looks_back
        self.finished: dict[str, float] = {}
        self.sent: dict[str, int] = {}

    def send_checkin(self, checkin):
        sent = self.inner.send_checkin(checkin)
        self.finished[checkin.workspace] = time.perf_counter() - self.start
        self.sent[checkin.workspace] = self.sent.get(checkin.workspace, 0) + 1
        return sent

    def __getattr__(self, name):
        return getattr(self.inner, name)


def run_wave(url: str, workspaces: int, people: int, *, throttled: str | None, send_budget: float) -> Wave:
    """One tick at the Monday slot, with everyone due; the stand-in in its own process."""
    from bot.services import Services
    from bot.settings import Settings
    from bot.slack.app import clients
    from bot.slack.delivery import SlackOutbound
    from nudges.calendar import WorkCalendar
    from nudges.outbound import Outbounds
    from nudges.tick import TickConfig, tick
    from storage import db

    context = multiprocessing.get_context("fork")
    ready, stop = context.Queue(), context.Event()
    server = context.Process(target=_serve, args=(workspaces, people, throttled, ready, stop), daemon=True)
    server.start()
    try:
        api_url, client_id, client_secret = ready.get(timeout=300)
        seed(url, workspaces, people, client_id)
        settings = Settings.from_env(
            {
                "SLACK_CLIENT_ID": client_id,
                "SLACK_CLIENT_SECRET": client_secret,
                "SLACK_SIGNING_SECRET": SECRET,
                "SLACK_API_URL": api_url,
                "DATABASE_URL": url,
            },
            dotenv_path=None,
        )
        services = Services(settings=settings, engine=db.make_engine(url))
        start = time.perf_counter()
        timed = _Timed(SlackOutbound(clients(services), settings.timezone), start)
        config = TickConfig(
            calendar=WorkCalendar(settings.holidays),
            default_tz=settings.timezone,
            default_locale=settings.default_locale,
            send_budget=send_budget,
        )
        report = tick(MONDAY, engine=services.engine, outbound=Outbounds({"slack": timed}), config=config)
        services.engine.dispose()
    finally:
        stop.set()
        server.join(timeout=30)
        if server.is_alive():
            server.kill()
    normal = [team(w) for w in range(workspaces) if team(w) != throttled]
    floor = floor_seconds(people, *POST_PER_WORKSPACE)
    return Wave(
        seconds=max(timed.finished.get(t, float("inf")) for t in normal),
        finished=dict(timed.finished),
        sent=dict(timed.sent),
        report=report,
        floor=floor,
    )


def bench_wave(url_for, workspaces: int, people: int) -> dict:
    """The wave with every workspace at Slack's usual limits, then with the first one throttled.
    `url_for(name)` gives an empty database for each run."""
    floor = floor_seconds(people, *POST_PER_WORKSPACE)
    plain = run_wave(url_for("plain"), workspaces, people, throttled=None, send_budget=max(60.0, floor * 3))
    assert plain.report.sent == workspaces * people, plain.report
    slow = team(0)
    budget = max(10.0, floor * 1.5)
    hard = run_wave(url_for("throttled"), workspaces, people, throttled=slow, send_budget=budget)
    others = [team(w) for w in range(1, workspaces)]
    assert all(hard.sent.get(t) == people for t in others), hard.sent
    return {
        "floor": floor,
        "wave": plain.seconds,
        "report": plain.report,
        "others": hard.seconds,
        "throttled_sent": hard.sent.get(slow, 0),
        "throttled_floor_sent": min(people, THROTTLE[1] + budget * THROTTLE[0] / 60),
        "budget": budget,
        "throttle": f"{THROTTLE[0]:.0f} a minute, a burst of {THROTTLE[1]:.0f}, {THROTTLE_DELAY * 1000:.0f} ms slower",
        "hard_report": hard.report,
    }
