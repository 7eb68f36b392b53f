"""Slack's rate limits as token buckets: per method per workspace, and for chat.postMessage per
channel and per workspace as well.

Time comes from a clock the stand-in is given, times `scale`: with scale 60 a minute of Slack's
limits passes in a second, so a test can send what a real fan-out sends (and meet the limits it
would meet) without waiting minutes. The limits themselves never change with the scale.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    at: float  # Slack seconds


class Buckets:
    def __init__(self, clock: Callable[[], float], scale: Callable[[], float] = lambda: 1.0) -> None:
        """Both are read at each call, so a test may set them on a stand-in before it starts."""
        self.clock = clock
        self.scale = scale
        self._buckets: dict[tuple, _Bucket] = {}
        self._lock = threading.Lock()

    def _now(self) -> float:
        return self.clock() * self.scale()

    def _level(self, key: tuple, per_minute: float, burst: float, now: float) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(burst, now)
        bucket.tokens = min(burst, bucket.tokens + (now - bucket.at) * per_minute / 60)
        bucket.at = now
        return bucket

    def take(self, limits: list[tuple[tuple, float, float]]) -> int:
        """Takes one call from every (key, per minute, burst) bucket, or from none of them.

        Returns 0 when the call may go, else the Retry-After to answer: whole seconds of the
        caller's clock (Slack never says less than 1), for the emptiest bucket to hold a call again.
        """
        with self._lock:
            now = self._now()
            buckets = [(self._level(key, rate, burst, now), rate) for key, rate, burst in limits]
            short = [(1 - b.tokens) * 60 / rate for b, rate in buckets if b.tokens < 1]
            if short:
                return max(1, math.ceil(max(short) / self.scale()))
            for bucket, _ in buckets:
                bucket.tokens -= 1
            return 0

    def reset(self) -> None:
        with self._lock:
            self._buckets.clear()
