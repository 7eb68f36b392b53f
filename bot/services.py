"""What every front end needs from the rest of leadbot, built once by the entry point."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.engine import Engine

from bot.metrics import Metrics
from bot.settings import Settings


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    settings: Settings
    engine: Engine
    # Passed in so that tests and the sandbox can say what "now" is; never naive.
    clock: Callable[[], datetime] = field(default=utc_now)
    metrics: Metrics = field(init=False)

    def __post_init__(self) -> None:
        self.metrics = Metrics(self.engine)

    def now(self) -> datetime:
        return self.clock()
