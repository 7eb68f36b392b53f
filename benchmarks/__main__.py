"""Figures for leadbot's speed, each beside a baseline measured in the same run.

    python -m benchmarks [--quick]

- /commit ack latency: signed requests over loopback HTTP against the real app (waitress,
  SQLite) versus a bare Bolt app on the same server stack whose handler only acks.
- Check-in tick: N people with an active commitment, one tick at their Monday slot against
  the stand-in Slack, versus a plain slack_sdk loop posting as many messages at the same
  concurrency.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path

from slack_bolt import App
from slack_sdk import WebClient

from bot.http import make_server, make_wsgi, serve_in_thread
from bot.services import Services
from bot.settings import Settings
from bot.slack.app import build_app, make_client
from bot.slack.standin import StandIn
from bot.ticking import run_tick
from nudges.tick import TickConfig
from storage import db, repo
from storage.db import session_scope
from storage.models import Commitment
from tests.wire import Slack

SECRET = "bench-secret"
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def serve(wsgi):
    server = make_server(wsgi, host="127.0.0.1", port=0, threads=8)
    serve_in_thread(server)
    return server


def timed_commands(slack: Slack, count: int, concurrency: int, text: str) -> tuple[list[float], float]:
    def one(i: int) -> float:
        start = time.perf_counter()
        response = slack.command(f"U{i % 50:04d}", "/commit", text)
        assert response.status == 200, response
        return time.perf_counter() - start

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        times = list(pool.map(one, range(count)))
    return times, time.perf_counter() - start


def settings_for(standin: StandIn, url: str) -> Settings:
    return Settings.from_env(
        {
            "SLACK_BOT_TOKEN": standin.token,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": standin.api_url,
            "DATABASE_URL": url,
        },
        dotenv_path=None,
    )


def bench_commit(count: int, concurrency: int, workdir: Path) -> dict:
    standin = StandIn().start()
    for i in range(50):
        standin.add_user(f"U{i:04d}", f"user{i}", locale="sv-SE")
    url = f"sqlite:///{workdir / 'commit.db'}"
    db.upgrade(url)
    services = Services(settings=settings_for(standin, url), engine=db.make_engine(url), clock=lambda: NOW)
    real = serve(make_wsgi(build_app(services), services.engine))

    bare = App(client=WebClient(token=standin.token, base_url=standin.api_url), signing_secret=SECRET)
    bare.command("/commit")(lambda ack: ack())
    baseline = serve(make_wsgi(bare, services.engine))

    text = 'kurs "AI för chefer" senast 15 december'
    real_slack = Slack(f"http://127.0.0.1:{real.effective_port}", SECRET, standin)
    bare_slack = Slack(f"http://127.0.0.1:{baseline.effective_port}", SECRET, standin)
    timed_commands(real_slack, 20, 4, text)  # warm-up: imports, first parse, connections
    timed_commands(bare_slack, 20, 4, text)
    bare_times, bare_wall = timed_commands(bare_slack, count, concurrency, text)
    real_times, real_wall = timed_commands(real_slack, count, concurrency, text)
    standin.wait_for("response_url", count + 20, timeout=120)
    real.close()
    baseline.close()
    standin.stop()
    return {
        "leadbot": (statistics.median(real_times), percentile(real_times, 0.99), max(real_times), count / real_wall),
        "bare": (statistics.median(bare_times), percentile(bare_times, 0.99), max(bare_times), count / bare_wall),
    }


def bench_tick(people: int, concurrency: int, workdir: Path) -> dict:
    standin = StandIn().start()
    for i in range(people):
        standin.add_user(f"U{i:05d}", f"user{i}")
    url = f"sqlite:///{workdir / 'tick.db'}"
    db.upgrade(url)
    services = Services(settings=settings_for(standin, url), engine=db.make_engine(url))
    with session_scope(services.engine) as session:
        workspace = repo.get_or_create_workspace(session, platform="slack", external_id=standin.team_id)
        for i in range(people):
            person = repo.get_or_create_person(session, workspace_id=workspace.id, external_id=f"U{i:05d}")
            person.tz = "Europe/Stockholm"
            session.add(
                Commitment(
                    workspace_id=workspace.id,
                    person_id=person.id,
                    number=1,
                    category="course",
                    title="AI för chefer",
                    due=date(2026, 12, 15),
                )
            )
    monday = datetime(2026, 11, 30, 8, 5, tzinfo=UTC)

    start = time.perf_counter()
    report = run_tick(services, monday)
    tick_seconds = time.perf_counter() - start
    assert report.sent == people, report

    client = make_client(services)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(lambda i: client.chat_postMessage(channel=f"U{i:05d}", text="hello"), range(people)))
    loop_seconds = time.perf_counter() - start
    standin.stop()
    return {"tick": tick_seconds, "loop": loop_seconds, "people": people}


def bench_planning(stored: int, due: int, workdir: Path) -> tuple[float, int]:
    """Planning time for one tick with `stored` commitments in the database, `due` of them due."""
    from sqlalchemy import insert

    from nudges.calendar import WorkCalendar
    from nudges.tick import TickConfig, _due_plans
    from storage.models import Person, Workspace

    url = f"sqlite:///{workdir / f'plan{stored}.db'}"
    db.upgrade(url)
    engine = db.make_engine(url)
    per_person = 3
    people = max(due, stored // per_person)
    created = datetime(2026, 11, 1, tzinfo=UTC)
    with engine.begin() as connection:
        connection.execute(
            insert(Workspace.__table__), [{"platform": "slack", "external_id": "T0", "created_at": created}]
        )
        for start in range(0, people, 50_000):
            connection.execute(
                insert(Person.__table__),
                [
                    {
                        "workspace_id": 1,
                        "external_id": f"U{i:07d}",
                        "tz": "Europe/Stockholm",
                        "nudge_weekday": 0 if i < due else 2,
                        "nudge_time": datetime(2026, 1, 1, 9).time(),
                        "digest_opt_out": False,
                        "last_number": per_person,
                        "created_at": created,
                    }
                    for i in range(start, min(people, start + 50_000))
                ],
            )
        rows = (
            {
                "workspace_id": 1,
                "person_id": 1 + (i // per_person),
                "number": 1 + i % per_person,
                "category": "course",
                "title": "AI för chefer",
                "due": date(2027, 3, 1),
                "private": False,
                "state": "active",
                "created_at": created,
            }
            for i in range(people * per_person)
        )
        batch: list[dict] = []
        for row in rows:
            batch.append(row)
            if len(batch) == 50_000:
                connection.execute(insert(Commitment.__table__), batch)
                batch = []
        if batch:
            connection.execute(insert(Commitment.__table__), batch)
    config = TickConfig(calendar=WorkCalendar("SE"), default_tz="Europe/Stockholm", default_locale="en")
    monday = datetime(2026, 11, 30, 8, 5, tzinfo=UTC)
    best, found = float("inf"), 0
    for _ in range(3):
        start = time.perf_counter()
        found = len(_due_plans(engine, monday, config))
        best = min(best, time.perf_counter() - start)
    engine.dispose()
    return best, found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="small sizes, to prove the benchmarks still work")
    parser.add_argument("--concurrency", type=int, default=20, help="concurrent /commit requests (default 20)")
    args = parser.parse_args(argv)
    requests, people = (50, 200) if args.quick else (200, 2000)
    concurrency = TickConfig.__dataclass_fields__["concurrency"].default
    with tempfile.TemporaryDirectory() as tmp:
        commit = bench_commit(requests, args.concurrency, Path(tmp))
        tick = bench_tick(people, concurrency, Path(tmp))
        sizes = (10_000, 100_000) if args.quick else (10_000, 100_000, 1_000_000)
        planning = [(n, *bench_planning(n, 1000, Path(tmp))) for n in sizes]
    ms = lambda s: f"{s * 1000:.1f} ms"  # noqa: E731
    print(f"/commit, {requests} signed requests over loopback, concurrency {args.concurrency} (SQLite)")
    print(f"  {'':10} {'median':>10} {'p99':>10} {'worst':>10} {'req/s':>8}")
    for name, (p50, p99, worst, rate) in commit.items():
        print(f"  {name:10} {ms(p50):>10} {ms(p99):>10} {ms(worst):>10} {rate:8.0f}")
    print(f"  throughput ratio leadbot/bare: {commit['leadbot'][3] / commit['bare'][3]:.2f}")
    print(f"check-in tick, {tick['people']} people, concurrency {concurrency}, stand-in Slack")
    print(
        f"  tick: {tick['tick']:.2f} s ({tick['people'] / tick['tick']:.0f} messages/s); "
        f"plain slack_sdk loop: {tick['loop']:.2f} s ({tick['people'] / tick['loop']:.0f} messages/s); "
        f"ratio {tick['loop'] / tick['tick']:.2f}"
    )
    print("tick planning, 1,000 people due, SQLite (best of 3)")
    for stored, seconds, found in planning:
        print(f"  {stored:>9,} commitments stored: {seconds * 1000:8.1f} ms, {found} due")
    growth = planning[-1][1] / planning[0][1]
    print(f"  growth from {planning[0][0]:,} to {planning[-1][0]:,} stored: {growth:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
