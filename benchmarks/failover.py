"""Failover of the scheduler, measured: two `leadbot scheduler` processes on one database, the
leader killed with SIGKILL, and the time until the other has run a tick.

    python -m benchmarks.failover [--database-url URL] [--tick-seconds 60] [--rounds 1]

With the default one-minute tick the answer is bounded by the tick interval: a follower asks
for the lock once a tick. The baseline printed beside it is the interval itself.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlmodel import Session

from bot.sandbox.slack_standin import StandIn
from storage import db
from storage.models import Heartbeat


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _leader(engine) -> tuple[int, float] | None:
    with Session(engine) as session:
        beat = session.get(Heartbeat, "tick")
        return (int(beat.instance.split(":")[1]), beat.at.timestamp()) if beat else None


def _wait(predicate, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.1)
    raise SystemExit(f"gave up after {timeout} s")


def measure(url: str, tick_seconds: int, workdir: Path) -> float:
    standin = StandIn(record=False, rate_limits=False).start()
    db.upgrade(url)
    engine = db.make_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM heartbeat")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "LEADBOT_", "DATABASE_URL"))}
    env.update(
        SLACK_BOT_TOKEN=standin.token,
        SLACK_SIGNING_SECRET="benchmark",
        SLACK_API_URL=standin.api_url,
        DATABASE_URL=url,
        HOST="127.0.0.1",
        LEADBOT_TICK_SECONDS=str(tick_seconds),
    )
    processes = []
    try:
        for name in ("a", "b"):
            log = open(workdir / f"scheduler-{name}.log", "wb")  # noqa: SIM115
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "bot.cli", "scheduler"],
                    cwd=workdir,
                    env={**env, "PORT": str(_port())},
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        leader, _ = _wait(lambda: _leader(engine), 3 * tick_seconds + 30)
        survivor = next(p for p in processes if p.pid != leader)
        time.sleep(1)
        os.kill(leader, signal.SIGKILL)
        killed = time.time()
        _wait(
            lambda: (found := _leader(engine)) and found[0] == survivor.pid and found[1] > killed, 3 * tick_seconds + 30
        )
        return time.time() - killed
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
        engine.dispose()
        standin.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.failover")
    parser.add_argument("--database-url", help="default: a SQLite file in a temporary folder")
    parser.add_argument("--tick-seconds", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'failover.db'}"
        for round_ in range(1, args.rounds + 1):
            seconds = measure(url, args.tick_seconds, Path(folder))
            print(
                f"failover round {round_}: {seconds:.1f} s from kill -9 of the leader to the follower's first tick "
                f"(tick interval {args.tick_seconds} s; ratio {seconds / args.tick_seconds:.2f} of the interval)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
