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
    return 0


if __name__ == "__main__":
    sys.exit(main())
