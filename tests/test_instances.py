"""Several processes on one database, as real `leadbot` processes: one scheduler leads and
another takes over when it is killed; two ticks at the same instant nudge each person once;
a tick killed part-way through 2,000 people, then run again, nudges everyone exactly once."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time

import pytest
from sqlalchemy import insert
from sqlmodel import Session, select

from nudges.tick import TickConfig
from storage.models import Commitment, Heartbeat, Nudge, Person, Workspace
from tests.conftest import SECRET

MONDAY_0905 = datetime(2026, 11, 30, 9, 5, tzinfo=UTC)


def seed(engine, standin, people: int) -> None:
    """`people` managers in Stockholm, each with one commitment and a Monday 09:00 check-in."""
    nine = clock_time(9, 0)
    for i in range(people):
        standin.add_user(f"U{i:05d}", f"user{i}")
    with engine.begin() as connection:
        connection.execute(insert(Workspace.__table__), [{"platform": "slack", "external_id": standin.team_id}])
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
                    "last_number": 1,
                }
                for i in range(people)
            ],
        )
        connection.execute(
            insert(Commitment.__table__),
            [
                {
                    "workspace_id": 1,
                    "person_id": 1 + i,
                    "number": 1,
                    "category": "course",
                    "title": f"Step {i}",
                    "due": date(2027, 1, 15),
                    "private": False,
                    "state": "active",
                }
                for i in range(people)
            ],
        )


def environment(standin, database_url: str, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "LEADBOT_", "DATABASE_URL"))}
    env.update(
        {
            "SLACK_BOT_TOKEN": standin.token,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": standin.api_url,
            "DATABASE_URL": database_url,
            "HOST": "127.0.0.1",
            "PORT": str(free_port()),
            **extra,
        }
    )
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def leadbot(tmp_path, env: dict, *args: str, name: str) -> subprocess.Popen:
    """A real `leadbot` process, in a folder of its own (no stray .env), its output in a file."""
    log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115  (closed with the process)
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", *args], cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT
    )


def output(tmp_path, name: str) -> str:
    return (tmp_path / f"{name}.log").read_text()


def checkin_counts(standin) -> Counter:
    return Counter(
        c.args["channel"]
        for c in standin.of("chat.postMessage")
        if (c.args.get("metadata") or {}).get("event_type") == "leadbot_nudge"
    )


def leader_pid(engine) -> int | None:
    with Session(engine) as session:
        beat = session.get(Heartbeat, "tick")
        return int(beat.instance.split(":")[1]) if beat else None


def wait_until(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"waited {timeout} s for {what}")


def test_one_scheduler_leads_and_another_takes_over_when_it_is_killed(database_url, engine, standin, tmp_path):
    env = environment(standin, database_url, LEADBOT_TICK_SECONDS="1")
    first = leadbot(tmp_path, env, "scheduler", name="first")
    try:
        wait_until(lambda: leader_pid(engine), 30, "a first tick")
        second = leadbot(tmp_path, {**env, "PORT": str(free_port())}, "scheduler", name="second")
        try:
            wait_until(lambda: "scheduler running" in output(tmp_path, "second"), 30, "the second scheduler")
            seen = set()
            for _ in range(30):  # three seconds of ticks: only ever the leader's
                seen.add(leader_pid(engine))
                time.sleep(0.1)
            assert seen == {first.pid}
            assert "now leads" not in output(tmp_path, "second")

            first.send_signal(signal.SIGKILL)
            killed = time.monotonic()
            wait_until(lambda: leader_pid(engine) == second.pid, 30, "the second scheduler to take over")
            failover = time.monotonic() - killed
            print(f"failover after kill -9 with a 1 s tick: {failover:.2f} s")
            assert failover < 10
            assert "this instance now leads" in output(tmp_path, "second")

            second.send_signal(signal.SIGTERM)
            assert second.wait(timeout=20) == 0  # a graceful stop
            assert "stopped" in output(tmp_path, "second")
        finally:
            if second.poll() is None:
                second.kill()
    finally:
        if first.poll() is None:
            first.kill()


def test_two_tick_processes_at_the_same_instant_nudge_each_person_once(database_url, engine, standin, tmp_path):
    seed(engine, standin, 300)
    env = environment(standin, database_url)

    ticks = [leadbot(tmp_path, env, "tick", "--at", MONDAY_0905.isoformat(), name=f"tick{i}") for i in range(2)]
    assert [t.wait(timeout=180) for t in ticks] == [0, 0], [output(tmp_path, f"tick{i}") for i in range(2)]

    counts = checkin_counts(standin)
    assert len(counts) == 300 and set(counts.values()) == {1}
    with Session(engine) as session:
        nudges = session.exec(select(Nudge)).all()
    assert len(nudges) == 300 and {n.state for n in nudges} == {"sent"} and all(n.ts for n in nudges)


@pytest.mark.parametrize("people", [2000])
def test_a_tick_killed_part_way_then_run_again_nudges_everyone_exactly_once(
    database_url, engine, standin, tmp_path, people
):
    """On Slack's rate limits (a minute of them passes in a second here): the restart looks up
    only the sends that were under way at the kill, never every claim of the run that died."""
    seed(engine, standin, people)
    standin.delay = 0.02  # a distant Slack, so the kill lands part-way
    standin.rate_scale = 60
    env = environment(standin, database_url)

    first = leadbot(tmp_path, env, "tick", "--at", MONDAY_0905.isoformat(), name="killed")
    try:
        standin.wait_for("chat.postMessage", people * 3 // 10, timeout=120)  # inside the second batch
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    time.sleep(0.5)  # posts already on the wire when it died still reach Slack
    before = sum(checkin_counts(standin).values())
    with Session(engine) as session:
        recorded = len(session.exec(select(Nudge).where(Nudge.state == "sent")).all())
        begun = len(session.exec(select(Nudge).where(Nudge.send_started_at.is_not(None))).all())
    assert 0 < before < people, "the kill should land part-way"

    standin.delay = 0
    runs = 0
    while True:  # a tick a minute, as the scheduler would, until Slack's limits let everything through
        runs += 1
        at = (MONDAY_0905 + timedelta(minutes=runs)).isoformat()
        again = leadbot(tmp_path, env, "tick", "--at", at, name=f"again{runs}")
        assert again.wait(timeout=300) == 0, output(tmp_path, f"again{runs}")
        with Session(engine) as session:
            if not session.exec(select(Nudge).where(Nudge.state != "sent")).first() or runs == 5:
                break

    counts = checkin_counts(standin)
    assert len(counts) == people and set(counts.values()) == {1}, Counter(counts.values())
    posted = {
        c.result["channel"]: c.result["ts"]
        for c in standin.of("chat.postMessage")
        if (c.args.get("metadata") or {}).get("event_type") == "leadbot_nudge"
    }
    with Session(engine) as session:
        nudges = session.exec(select(Nudge)).all()
        people_ids = {p.id: p.external_id for p in session.exec(select(Person))}
    assert len(nudges) == people and {n.state for n in nudges} == {"sent"}
    assert all(posted["D" + people_ids[n.person_id]] == n.ts for n in nudges)  # the ts of the one message
    found = sum(
        output(tmp_path, f"again{i}").count("had gone out before its sender stopped") for i in range(1, runs + 1)
    )
    lookups = len(standin.of("conversations.history"))
    print(
        f"killed after {before} of {people} check-ins had reached Slack ({recorded} recorded, {begun} begun); "
        f"in {runs} tick(s) the restart looked up {lookups}, found {found} sent-but-unrecorded by their "
        f"metadata and sent {people - before}"
    )
    assert found == before - recorded
    # Only the sends under way at the kill: the sender's concurrency at most, and those that had
    # reached Slack without being recorded.
    assert lookups <= CONCURRENCY + (before - recorded)


CONCURRENCY = TickConfig.__dataclass_fields__["concurrency"].default  # what `leadbot tick` sends with
