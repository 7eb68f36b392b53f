"""Sends queued per workspace, so that one workspace the platform throttles or answers slowly
holds up only itself.

Slack counts chat.postMessage per workspace: once a workspace has used its burst, its posts go
at its rate however many threads send, and a 429 says when to come back (Retry-After). So each
workspace gets its own lane: a queue, how many of its sends are under way, and until when it must
wait. A 429 puts the message back at the front of its lane and pauses only that lane; the
threads meanwhile send for the other workspaces. A lane never holds more than its fair share of
the threads (a slow workspace cannot take them all), and after a 429 it sends fewer at once
(halved, growing back one per window of answers), so that a workspace at its limit costs about
one refused call per pause rather than one per thread.

Pure bookkeeping, no threads and no clock of its own: the tick's sending loop asks what to send
next and tells what came back.
"""

from __future__ import annotations

import itertools
import math
from collections import deque
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class _Lane:
    window: float
    queue: deque = field(default_factory=deque)
    sending: int = 0
    paused_until: float = 0.0
    closed: bool = False


class Lanes:
    def __init__(self, concurrency: int) -> None:
        self.concurrency = max(1, concurrency)
        self._lanes: dict[Hashable, _Lane] = {}
        self._turns: deque[Hashable] = deque()  # round robin over the lanes

    def _lane(self, key: Hashable) -> _Lane:
        lane = self._lanes.get(key)
        if lane is None:
            lane = self._lanes[key] = _Lane(window=self.concurrency)
            self._turns.append(key)
        return lane

    def add(self, key: Hashable, job: Any) -> None:
        self._lane(key).queue.append(job)

    def queued(self, key: Hashable | None = None) -> int:
        if key is not None:
            lane = self._lanes.get(key)
            return len(lane.queue) if lane else 0
        return sum(len(lane.queue) for lane in self._lanes.values())

    def hungry(self, low: int) -> bool:
        """Whether some open lane (or none yet) has fewer than `low` messages waiting: time to
        build more."""
        open_lanes = [lane for lane in self._lanes.values() if not lane.closed]
        return not open_lanes or any(len(lane.queue) < low for lane in open_lanes)

    def take(self, now: float) -> tuple[Hashable, Any] | None:
        """The next message to send, from the next lane whose turn it is that may send now."""
        busy = sum(  # a paused or closed lane takes no share of the threads from the others
            1
            for lane in self._lanes.values()
            if lane.sending or (lane.queue and not lane.closed and lane.paused_until <= now)
        )
        share = max(1, math.ceil(self.concurrency / max(1, busy)))
        for _ in range(len(self._turns)):
            key = self._turns[0]
            self._turns.rotate(-1)
            lane = self._lanes[key]
            if lane.closed or not lane.queue or lane.paused_until > now:
                continue
            if lane.sending >= min(share, max(1, int(lane.window))):
                continue
            lane.sending += 1
            return key, lane.queue.popleft()
        return None

    def next_up(self, key: Hashable, count: int) -> list[Any]:
        """The first `count` messages of a lane, left there: the next ones it will send."""
        lane = self._lanes.get(key)
        if lane is None or lane.closed:
            return []
        return list(itertools.islice(lane.queue, count))

    def answered(self, key: Hashable) -> None:
        """A send of this lane ended, however (not a 429)."""
        lane = self._lanes[key]
        lane.sending -= 1
        lane.window = min(self.concurrency, lane.window + 1 / max(1.0, lane.window))

    def throttled(self, key: Hashable, job: Any | None, retry_after: float, now: float) -> None:
        """A 429: the message goes back to the front, the lane waits, and sends fewer at once
        (halved once per pause, however many of its sends under way come back refused). With
        `job` None the message is not tried again in this tick."""
        lane = self._lanes[key]
        lane.sending -= 1
        if lane.paused_until <= now:
            lane.window = max(1.0, lane.window / 2)
        lane.paused_until = max(lane.paused_until, now + retry_after)
        if job is not None and not lane.closed:
            lane.queue.appendleft(job)

    def close(self, key: Hashable) -> list[Any]:
        """Nothing more is sent in this lane; returns what was waiting in it."""
        lane = self._lane(key)
        lane.closed = True
        left = list(lane.queue)
        lane.queue.clear()
        return left

    def is_closed(self, key: Hashable) -> bool:
        lane = self._lanes.get(key)
        return bool(lane and lane.closed)

    def drain(self) -> list[Any]:
        """Everything still waiting, in every lane (on a stop)."""
        left = []
        for lane in self._lanes.values():
            left.extend(lane.queue)
            lane.queue.clear()
        return left

    def sending(self) -> int:
        return sum(lane.sending for lane in self._lanes.values())

    def wait_hint(self, now: float) -> float | None:
        """Seconds until a paused lane with messages may send again; None when none waits."""
        waits = [
            lane.paused_until - now
            for lane in self._lanes.values()
            if lane.queue and not lane.closed and lane.paused_until > now
        ]
        return max(0.0, min(waits)) if waits else None
