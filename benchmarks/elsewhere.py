"""The stand-in Slack in a process of its own, as Slack is elsewhere.

In the benchmark's own process the stand-in parses and checks every post (Block Kit, files) on
the interpreter of the code measured. In a process of its own it takes the other core, as Slack
takes its own servers. Measured on 2026-12-01 (5,000 people, 1,000 digests, one run): the
ratios hardly move (fan-out 0.37 / 0.67 in the same process, 0.37 / 0.70 apart; digests 0.066
and 0.068), everything is faster; so what a payload costs is on the sender's side, not the
stand-in's. The full runs put it apart.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from bot.sandbox.slack_standin import StandIn


@dataclass(frozen=True)
class Address:
    """What the app needs to reach the stand-in: as StandIn has it, for settings_for()."""

    api_url: str
    token: str
    team_id: str
    pid: int | None = None


def cpu_seconds(pid: int | None = None) -> float:
    """The processor time a process has used so far, all its threads (this one's when None):
    beside the wall time of a phase, it tells which side was busy and which waited."""
    if pid is None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Busy:
    """How busy the benchmark's process and the stand-in's were over a phase (1.0 = one core)."""

    def __init__(self, standin) -> None:
        self.pid = getattr(standin, "pid", None)

    def __enter__(self) -> Busy:
        self.wall, self.ours = time.perf_counter(), cpu_seconds()
        self.theirs = cpu_seconds(self.pid) if self.pid else None
        return self

    def __exit__(self, *exc) -> None:
        wall = time.perf_counter() - self.wall
        self.seconds = wall
        self.ours = (cpu_seconds() - self.ours) / wall
        self.theirs = (cpu_seconds(self.pid) - self.theirs) / wall if self.pid else None


def _serve(scene: Callable[[StandIn], None], options: dict, ready, stop) -> None:
    standin = StandIn(**options)
    scene(standin)
    standin.start()
    ready.put(Address(standin.api_url, standin.token, standin.team_id))
    stop.wait()
    standin.stop()


@contextmanager
def standin(scene: Callable[[StandIn], None], *, apart: bool, **options) -> Iterator[StandIn | Address]:
    """A started stand-in set up by `scene`: here (apart=False), or in a forked process of its
    own (apart=True), which stops when the block ends."""
    if not apart:
        here = StandIn(**options)
        scene(here)
        here.start()
        try:
            yield here
        finally:
            here.stop()
        return
    context = multiprocessing.get_context("fork")
    ready, stop = context.Queue(), context.Event()
    process = context.Process(target=_serve, args=(scene, options, ready, stop), daemon=True)
    process.start()
    try:
        yield replace(ready.get(timeout=120), pid=process.pid)
    finally:
        stop.set()
        process.join(10)
        if process.is_alive():
            process.kill()
