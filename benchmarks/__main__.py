"""Figures for leadbot's speed and memory, each beside a baseline measured in the same run.

    python -m benchmarks [--quick] [--write BENCHMARKS.md]

/commit against `leadbot run` and a bare Bolt app in their own processes (SQLite, PostgreSQL);
the check-in fan-out against a plain slack_sdk loop (with and without Slack latency); tick
planning as the stored data grows; digests for many channels; the /commit grammar against
dateparser; memory. BENCHMARKS.md explains
each figure and the goals. The stand-in Slack runs without its rate limits here: these figures
are about our code's speed, and Slack's limits (tested in tests/) would only measure Slack's.
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

from benchmarks import elsewhere
from benchmarks.grammar import bench_grammar
from bot.sandbox.simulator import Slack
from bot.sandbox.slack_standin import StandIn
from bot.services import Services
from bot.settings import Settings
from bot.slack.app import clients, make_client
from bot.tick_job import run_tick
from nudges.tick import TickConfig
from storage import db
from storage.locks import Owner
from storage.models import Commitment

SECRET = "bench-secret"
SECTIONS = ("commit", "fanout", "planning", "digests", "grammar", "memory", "wave")
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
FANOUT_RUNS = (("tick", "leadbot tick"), ("loop", 'plain loop, "hello"'), ("same", "plain loop, same payload"))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class Confirmations:
    """Plays the receiving end of each command's response_url: when the confirmation a person
    sees (the reply posted there) arrived, per request."""

    def __init__(self) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        arrived: dict[str, float] = {}
        lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            # Keeps a connection open between requests, as Slack's hooks endpoint does: leadbot
            # posts its replies over kept connections; urllib (the same-work app's respond) asks
            # for a connection of its own each time and closes it, as it would with Slack.
            protocol_version = "HTTP/1.1"
            # The answer's head and body go out as two writes: without this the body waits for
            # the client's delayed ACK (40 ms on Linux) on a connection that stays open.
            disable_nagle_algorithm = True

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with lock:
                    arrived.setdefault(self.path.rsplit("/", 1)[-1], time.perf_counter())
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args) -> None:
                pass

        self.arrived = arrived
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/response"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait(self, keys: list[str], timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and any(k not in self.arrived for k in keys):
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def timed_commands(
    slack: Slack,
    count: int,
    concurrency: int,
    text: str,
    confirmations: Confirmations,
    tag: str,
    rate: float | None = None,
) -> dict:
    """Times each request until its ack and until its confirmation reached response_url; one
    that fails or takes over 10 s counts as an error, not a time. With `rate`, request i is
    sent at i / rate seconds (as people type, whoever else is waiting) instead of as soon as
    one of the `concurrency` senders is free."""
    from urllib.parse import urlencode

    sent: dict[str, float] = {}
    begun = time.perf_counter()

    def one(i: int) -> float | None:
        if rate:
            time.sleep(max(0.0, begun + i / rate - time.perf_counter()))
        key = f"{tag}-{i}"
        fields = slack.command_fields(f"U{i % 50:04d}", "/commit", text)
        fields["response_url"] = f"{confirmations.url}/{key}"
        body = urlencode(fields)
        start = sent[key] = time.perf_counter()
        try:
            response = slack.post(body, "application/x-www-form-urlencoded")
        except OSError:
            return None
        return time.perf_counter() - start if response.status == 200 else None

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(one, range(count)))
    acked = time.perf_counter() - start
    keys = [f"{tag}-{i}" for i in range(count)]
    confirmations.wait(keys)
    times = [t for t in results if t is not None]
    confirmed = [confirmations.arrived[k] - sent[k] for k in keys if k in confirmations.arrived]
    last = max((confirmations.arrived[k] for k in keys if k in confirmations.arrived), default=start)
    return {
        "times": times,
        "wall": acked,
        "errors": len(results) - len(times),
        "confirmed": confirmed,
        "confirmed_wall": last - start,
    }


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
        with Owner(engine) as owner:
            start = time.perf_counter()
            found = len(_due_plans(engine, monday, config, owner))
            best = min(best, time.perf_counter() - start)
    engine.dispose()
    return best, found


# --- /commit against `leadbot run` in its own process ------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_process(args: list[str], env: dict, port: int):
    import subprocess
    import tempfile as tmp
    import urllib.request

    # The server's log goes to a file: a pipe nobody reads fills up and stops the server.
    log = tmp.NamedTemporaryFile(prefix="leadbot-bench-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen([sys.executable, *args], env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(Path(log.name).read_text()) from None
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{args} did not start")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# The paced run: a steady rate that every server here keeps up with, so that the time to the
# confirmation is the command's own and not its place in a queue (at full speed, 20 senders
# that each send again as soon as their ack is back queue up faster than any server saves).
PACED_RATE = 80.0


def bench_commit_processes(url: str, count: int, concurrency: int) -> dict:
    """2,000 signed /commit requests at concurrency 20 against `leadbot run` and the bare app."""
    import os
    import subprocess

    standin = StandIn(rate_limits=False).start()
    for i in range(50):
        standin.add_user(f"U{i:04d}", f"user{i}", locale="sv-SE")
    db.upgrade(url)
    base = {
        **os.environ,
        "SLACK_BOT_TOKEN": standin.token,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": standin.api_url,
        "DATABASE_URL": url,
        "LEADBOT_SCHEDULER": "off",
        "HOST": "127.0.0.1",
    }
    text = 'kurs "AI för chefer" senast 15 december'
    out = {}
    confirmations = Confirmations()
    servers = (
        ("bare Bolt app, ack only", ["-m", "benchmarks.bare_app", "ack"]),
        ("bare Bolt app, same work", ["-m", "benchmarks.bare_app", "same-work"]),
        ("leadbot run", ["-m", "bot.cli", "run"]),
    )
    for name, args in servers:
        port = free_port()
        process = start_process(args, {**base, "PORT": str(port)}, port)
        try:
            slack = Slack(f"http://127.0.0.1:{port}", SECRET, standin)
            idle = rss_mb(process.pid)
            timed_commands(slack, 50, 4, text, confirmations, f"{port}-warm")  # warm-up
            run = timed_commands(slack, count, concurrency, text, confirmations, str(port))
            time.sleep(1.0)  # let the work after the acks finish before reading memory
            after_mb = rss_mb(process.pid)
            paced = timed_commands(
                slack, count // 2, concurrency, text, confirmations, f"{port}-paced", rate=PACED_RATE
            )
            times, confirmed = run["times"], run["confirmed"]
            out[name] = {
                "paced_p50": statistics.median(paced["times"]) if paced["times"] else float("nan"),
                "paced_p99": percentile(paced["times"], 0.99) if paced["times"] else float("nan"),
                "paced_confirmed_p50": statistics.median(paced["confirmed"]) if paced["confirmed"] else float("nan"),
                "paced_confirmed_p99": percentile(paced["confirmed"], 0.99) if paced["confirmed"] else float("nan"),
                "paced_errors": paced["errors"] + (count // 2 - len(paced["confirmed"])) * (not name.endswith("only")),
                "p50": statistics.median(times),
                "p99": percentile(times, 0.99),
                "rps": len(times) / run["wall"],
                "confirmed_p50": statistics.median(confirmed) if confirmed else float("nan"),
                "confirmed_p99": percentile(confirmed, 0.99) if confirmed else float("nan"),
                "confirmed_rps": len(confirmed) / run["confirmed_wall"] if confirmed else 0.0,
                "unconfirmed": count - len(confirmed),
                "errors": run["errors"],
                "idle_mb": idle,
                "after_mb": after_mb,
            }
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    confirmations.stop()
    standin.stop()
    return out


def fresh_postgres(url: str) -> str | None:
    """A database of its own for the benchmark, created when missing; None when unreachable."""
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database}
            ).first()
            if not exists:
                connection.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    except sa.exc.OperationalError:
        return None
    finally:
        admin.dispose()
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    return url


# --- check-in fan-out ---------------------------------------------------------------------------


def seed_people(url: str, people: int, per_person: int, standin: StandIn) -> Services:
    from sqlalchemy import insert

    from storage.models import Person, Workspace

    db.upgrade(url)
    services = Services(settings=settings_for(standin, url), engine=db.make_engine(url))
    created = datetime(2026, 11, 1, tzinfo=UTC)
    nine = datetime(2026, 1, 1, 9).time()
    with services.engine.begin() as connection:
        connection.execute(
            insert(Workspace.__table__), [{"platform": "slack", "external_id": standin.team_id, "created_at": created}]
        )
        connection.execute(
            insert(Person.__table__),
            [
                {
                    "workspace_id": 1,
                    "external_id": f"U{i:05d}",
                    "tz": "Europe/Stockholm",
                    "nudge_weekday": 0,
                    "nudge_time": nine,
                    "digest_opt_out": False,
                    "last_number": per_person,
                    "created_at": created,
                }
                for i in range(people)
            ],
        )
        connection.execute(
            insert(Commitment.__table__),
            [
                {
                    "workspace_id": 1,
                    "person_id": 1 + i // per_person,
                    "number": 1 + i % per_person,
                    "category": ("course", "failure", "collaboration")[i % 3],
                    "title": f"Step {i}",
                    "due": date(2027, 1, 15),
                    "private": False,
                    "state": "active",
                    "created_at": created,
                }
                for i in range(people * per_person)
            ],
        )
    return services


MONDAY = datetime(2026, 11, 30, 8, 5, tzinfo=UTC)


def bench_fanout(people: int, latency: float, concurrency: int, workdir: Path, *, apart: bool = False) -> dict:
    def scene(standin: StandIn) -> None:
        for i in range(people):
            standin.add_user(f"U{i:05d}", f"user{i}")

    with elsewhere.standin(scene, apart=apart, delay=latency, record=False, rate_limits=False) as standin:
        return _fanout(standin, people, latency, concurrency, workdir / f"fanout{people}-{latency}-{apart}.db")


def _fanout(standin, people: int, latency: float, concurrency: int, path: Path) -> dict:
    services = seed_people(f"sqlite:///{path}", people, 3, standin)
    with elsewhere.Busy(standin) as tick:
        report = run_tick(services, MONDAY)
    assert report.sent == people, report
    client = make_client(services)
    with elsewhere.Busy(standin) as loop, ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(lambda i: client.chat_postMessage(channel=f"U{i:05d}", text="hello"), range(people)))
    message = _a_checkin(services)
    with elsewhere.Busy(standin) as same, ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(
            pool.map(
                lambda i: client.chat_postMessage(channel=f"U{i:05d}", text=message.text, blocks=message.blocks),
                range(people),
            )
        )
    services.engine.dispose()
    return {
        "tick": people / tick.seconds,
        "loop": people / loop.seconds,
        "same": people / same.seconds,
        "busy": {"tick": tick, "loop": loop, "same": same},
    }


def _a_checkin(services: Services):
    """The first check-in the tick sent, rendered again: a plain loop can post the same payload."""
    from sqlmodel import Session, select

    from bot.slack import blocks
    from nudges import checkin, fallbacks
    from storage.models import Nudge

    with Session(services.engine) as session:
        nudge = session.exec(select(Nudge).order_by(Nudge.id)).first()
        own = fallbacks.read(session, fallbacks.Fallbacks(locale="sv", timezone="Europe/Stockholm", holidays="SE"))
        built = checkin.build(session, nudge, fallbacks=own, now=MONDAY)
    return blocks.checkin_message(built)


def bench_tick_memory(people: int, workdir: Path) -> float:
    """Peak resident memory of a `leadbot tick` process that nudges `people` people."""
    import os
    import subprocess

    standin = StandIn(record=False, rate_limits=False)
    for i in range(people):
        standin.add_user(f"U{i:05d}", f"user{i}")
    standin.start()
    url = f"sqlite:///{workdir / f'memory{people}.db'}"
    seed_people(url, people, 3, standin).engine.dispose()
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": standin.token,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": standin.api_url,
        "DATABASE_URL": url,
    }
    # The process's own high-water mark (VmHWM), not getrusage's ru_maxrss: that one is carried
    # over an exec from the forking parent, here the benchmark with the stand-in and its people.
    probe = (
        "import sys; from pathlib import Path; from bot.cli import main; code = main(['tick', '--at', sys.argv[1]]); "
        "print('peak-kb', next(l.split()[1] for l in Path('/proc/self/status').read_text().splitlines() "
        "if l.startswith('VmHWM:'))); sys.exit(code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, MONDAY.isoformat()], env=env, capture_output=True, text=True, timeout=900
    )
    standin.stop()
    assert f"{people} sent" in result.stdout, result.stdout + result.stderr
    peak_kb = next(int(line.split()[1]) for line in result.stdout.splitlines() if line.startswith("peak-kb"))
    return peak_kb / 1024


# --- digests -----------------------------------------------------------------------------------


def bench_digests(channels: int, members: int, workdir: Path, *, apart: bool = False, picture: bool = True) -> dict:
    def scene(standin: StandIn) -> None:
        for c in range(channels):
            standin.add_channel(
                f"C{c:05d}", f"team{c}", [f"U{c * members + m:05d}" for m in range(members)], bot_member=True
            )

    with elsewhere.standin(scene, apart=apart, record=False, rate_limits=False) as standin:
        return _digests(standin, channels, members, workdir / f"digest{channels}-{apart}-{picture}.db", picture)


def _digests(standin, channels: int, members: int, path: Path, picture: bool) -> dict:
    from sqlalchemy import insert

    from bot.slack.delivery import SlackOutbound
    from nudges import digest_posting as digests
    from nudges.outbound import Outbounds
    from storage.models import Reflection, Team

    people = channels * members
    url = f"sqlite:///{path}"
    services = seed_people(url, people, 3, standin)
    friday = datetime(2026, 12, 4, 13, 5, tzinfo=UTC)
    with services.engine.begin() as connection:
        connection.execute(
            insert(Team.__table__),
            [
                {
                    "workspace_id": 1,
                    "channel_id": f"C{c:05d}",
                    "name": f"team{c}",
                    "enabled": True,
                    "weekday": 4,
                    "at": datetime(2026, 1, 1, 14).time(),
                    "locale": "sv",
                    "tz": "Europe/Stockholm",
                    "created_at": friday,
                    "picture": picture,
                }
                for c in range(channels)
            ],
        )
        connection.execute(
            insert(Reflection.__table__),
            [
                {
                    "workspace_id": 1,
                    "person_id": 1 + p,
                    "kind": ("learning", "failure")[p % 2],
                    "text": "Vi testade något nytt",
                    "learning": "Fråga först",
                    "private": False,
                    "created_at": datetime(2026, 12, 2, 9, tzinfo=UTC),
                }
                for p in range(people)
            ],
        )
        connection.exec_driver_sql("UPDATE commitment SET created_at = '2026-12-01 09:00:00'")
    outbound = Outbounds({"slack": SlackOutbound(clients(services), "Europe/Stockholm")})
    start = time.perf_counter()
    with Owner(services.engine) as owner:
        counts = digests.post_due(
            friday, engine=services.engine, outbound=outbound, default_tz="Europe/Stockholm", owner=owner
        )
    total = time.perf_counter() - start
    assert counts["sent"] == channels, counts
    client = make_client(services)
    start = time.perf_counter()
    for c in range(channels):
        client.chat_postMessage(channel=f"C{c:05d}", text="hello")
    loop = time.perf_counter() - start
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(lambda c: client.chat_postMessage(channel=f"C{c:05d}", text="hello"), range(channels)))
    parallel = time.perf_counter() - start
    services.engine.dispose()
    return {"digests": total, "loop": loop, "pool": parallel, "channels": channels}


# --- the runner --------------------------------------------------------------------------------


def machine() -> str:
    import platform
    import sqlite3

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    import os

    return (
        f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes (< 60 s), to prove the benchmarks work")
    parser.add_argument(
        "--postgres",
        default="postgresql+psycopg://postgres@127.0.0.1:5432/leadbot_bench",
        help="PostgreSQL URL for the /commit run (its own database; skipped when unreachable)",
    )
    parser.add_argument(
        "--wave-postgres",
        default="postgresql+psycopg://postgres@127.0.0.1:5432/leadbot_wave_bench",
        help="PostgreSQL URL for the wave (its own database; SQLite when unreachable or --quick)",
    )
    parser.add_argument(
        "--only", action="append", choices=SECTIONS, default=None, help="only these sections (repeatable)"
    )
    parser.add_argument("--write", default=None, help="write the report to this file (full runs: BENCHMARKS.md)")
    args = parser.parse_args(argv)
    quick = args.quick
    lines: list[str] = []

    def want(section: str) -> bool:
        return not args.only or section in args.only

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    say(f"Machine: {machine()}")
    say(f"Mode: {'quick (sizes cut down; figures only prove the benchmarks run)' if quick else 'full'}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if want("commit"):
            requests = 100 if quick else 2000
            say()
            say(f"## /commit: {requests} signed requests over loopback, concurrency 20")
            say(
                "Ack: until the HTTP answer. Confirmed: until the reply reached response_url (what the person "
                "sees); confirmed/s counts the run until the last confirmation."
            )
            say(
                "| server | database | ack p50 | ack p99 | acks/s | confirmed p50 | confirmed p99 | confirmed/s | "
                "ratio to ack-only (acks/s) | ratio to same work (confirmed/s) | errors | RSS idle | RSS after |"
            )
            say("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
            targets = [("SQLite", f"sqlite:///{work / 'commit.db'}")]
            if not quick and (pg := fresh_postgres(args.postgres)):
                targets.append(("PostgreSQL", pg))
            paced = []
            for label, url in targets:
                result = bench_commit_processes(url, requests, 20)
                bare, same = result["bare Bolt app, ack only"], result["bare Bolt app, same work"]
                for name, row in result.items():
                    same_ratio = (
                        "—" if name.endswith("ack only") else f"{row['confirmed_rps'] / same['confirmed_rps']:.2f}"
                    )
                    confirmed = (
                        "—"
                        if name.endswith("ack only")
                        else f"{row['confirmed_p50'] * 1000:.1f} ms | {row['confirmed_p99'] * 1000:.1f} ms | "
                        f"{row['confirmed_rps']:.0f}"
                    )
                    if name.endswith("ack only"):
                        confirmed = "— | — | —"
                    say(
                        f"| {name} | {label} | {row['p50'] * 1000:.1f} ms | {row['p99'] * 1000:.1f} ms | "
                        f"{row['rps']:.0f} | {confirmed} | {row['rps'] / bare['rps']:.2f} | {same_ratio} | "
                        f"{row['errors'] + row['unconfirmed'] * (not name.endswith('ack only'))} | "
                        f"{row['idle_mb']:.0f} MB | {row['after_mb']:.0f} MB |"
                    )
                paced.append((label, result))
            say()
            say(
                f"Paced: {requests // 2} requests sent at {PACED_RATE:.0f} a second (each at its time, "
                "whoever else is waiting), after the run above."
            )
            say("| server | database | ack p50 | ack p99 | confirmed p50 | confirmed p99 | errors |")
            say("|---|---|---|---|---|---|---|")
            for label, result in paced:
                for name, row in result.items():
                    confirmed = (
                        "— | —"
                        if name.endswith("ack only")
                        else f"{row['paced_confirmed_p50'] * 1000:.1f} ms | {row['paced_confirmed_p99'] * 1000:.1f} ms"
                    )
                    say(
                        f"| {name} | {label} | {row['paced_p50'] * 1000:.1f} ms | {row['paced_p99'] * 1000:.1f} ms | "
                        f"{confirmed} | {row['paced_errors']} |"
                    )
        if want("fanout"):
            people = 300 if quick else 10_000
            concurrency = TickConfig.__dataclass_fields__["concurrency"].default
            say()
            say(f"## Check-in fan-out: {people:,} people x 3 commitments, one tick, concurrency {concurrency}")
            say(
                '| stand-in latency | leadbot tick | plain slack_sdk loop, "hello" | ratio | '
                "plain loop, the same check-in payload | ratio |"
            )
            say("|---|---|---|---|---|---|")
            busy = []
            for latency in (0.0, 0.03):
                size = people if latency == 0 or not quick else 100
                result = bench_fanout(size, latency, concurrency, work, apart=True)
                say(
                    f"| {latency * 1000:.0f} ms ({size:,} people) | {result['tick']:.0f} msg/s | "
                    f"{result['loop']:.0f} msg/s | {result['tick'] / result['loop']:.2f} | "
                    f"{result['same']:.0f} msg/s | {result['tick'] / result['same']:.2f} |"
                )
                busy.append((latency, result["busy"]))
            say()
            say("Processor time over wall time in each run (1.00 = one core busy throughout): who worked, who waited.")
            say("| stand-in latency | run | sender's process | stand-in Slack |")
            say("|---|---|---|---|")
            for latency, phases in busy:
                for name, label in FANOUT_RUNS:
                    phase = phases[name]
                    say(f"| {latency * 1000:.0f} ms | {label} | {phase.ours:.2f} | {phase.theirs:.2f} |")

        if want("planning"):
            sizes = (10_000, 30_000) if quick else (10_000, 100_000, 1_000_000)
            say()
            say("## Tick planning with 1,000 people due (SQLite, best of 3)")
            say("| commitments stored | planning time | due found |")
            say("|---|---|---|")
            planning = [(n, *bench_planning(n, 1000, work)) for n in sizes]
            for stored, seconds, found in planning:
                say(f"| {stored:,} | {seconds * 1000:.1f} ms | {found} |")
            say(
                f"Growth from {planning[0][0]:,} to {planning[-1][0]:,} stored: "
                f"{planning[-1][1] / planning[0][1]:.2f}x (baseline: the smallest size, same run)"
            )

        if want("digests"):
            channels = 50 if quick else 1000
            say()
            say(f"## Weekly digest for {channels:,} team channels (10 leaders each, a week of activity)")
            say("| what | time | per channel | ratio (baseline / leadbot) |")
            say("|---|---|---|---|")
            for picture, label in (
                (True, "with the picture: members, 3 upload calls, the post"),
                (False, "the picture off: members, the post"),
            ):
                result = bench_digests(channels, 10, work, apart=True, picture=picture)
                say(
                    f"| leadbot, {label} | {result['digests']:.2f} s | "
                    f"{result['digests'] / channels * 1000:.1f} ms | — |"
                )
                for name, key in (
                    ("plain slack_sdk loop, one by one", "loop"),
                    ("plain slack_sdk loop, 16 at a time", "pool"),
                ):
                    say(
                        f"| {name} | {result[key]:.2f} s | {result[key] / channels * 1000:.1f} ms | "
                        f"{result[key] / result['digests']:.2f} |"
                    )

        if want("grammar"):
            result = bench_grammar(1 if quick else 5)
            say()
            say(f"## The /commit grammar: median time per line over {result['lines']} example lines, cold cache")
            say(
                f"Grammar: {result['grammar'] * 1e6:.0f} µs; one dateparser call on the same line: "
                f"{result['dateparser'] * 1e6:.0f} µs; ratio {result['grammar'] / result['dateparser']:.2f}"
            )
            say("Worst lines: " + "; ".join(f"{name}: {s * 1000:.0f} ms" for name, s in result["worst"].items()))

        if want("memory"):
            sizes = (300, 1500) if quick else (10_000, 50_000)
            say()
            say("## Memory: peak resident memory of a `leadbot tick` process nudging everyone")
            say("| people | peak RSS |")
            say("|---|---|")
            peaks = [(n, bench_tick_memory(n, work)) for n in sizes]
            for n, peak in peaks:
                say(f"| {n:,} | {peak:.0f} MB |")
            say(f"Growth from {sizes[0]:,} to {sizes[-1]:,} people: {peaks[-1][1] / peaks[0][1]:.2f}x")

        if want("wave"):
            from benchmarks.wave import bench_wave

            workspaces, people = (3, 350) if quick else (20, 1000)
            pg = None if quick else fresh_postgres(args.wave_postgres)
            if pg:
                database, url_for = "PostgreSQL", lambda _name: fresh_postgres(args.wave_postgres)
            else:
                database, url_for = "SQLite", lambda name: f"sqlite:///{work / f'wave-{name}.db'}"
            say()
            say(
                f"## A region's Monday wave: {workspaces} workspaces x {people:,} people, one tick, "
                f"Slack's limits per workspace ({database})"
            )
            result = bench_wave(url_for, workspaces, people)
            say("| what | time | Slack's floor | ratio |")
            say("|---|---|---|---|")
            say(
                f"| every check-in answered | {result['wave']:.1f} s | {result['floor']:.1f} s | "
                f"{result['wave'] / result['floor']:.2f} |"
            )
            say(
                f"| the other workspaces, one throttled hard | {result['others']:.1f} s | {result['floor']:.1f} s | "
                f"{result['others'] / result['floor']:.2f} |"
            )
            say(
                f"The throttled workspace ({result['throttle']}) got {result['throttled_sent']} check-ins "
                f"in the tick's {result['budget']:.0f} s of sending, of {result['throttled_floor_sent']:.0f} its limit "
                f"allows; the rest were left for the next tick ({result['hard_report'].summary()})"
            )
    if args.write:
        Path(args.write).write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
