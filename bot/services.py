"""What every front end needs from the rest of leadbot, built once by the entry point."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.engine import Engine

from bot.metrics import Metrics
from bot.settings import Settings
from nudges.service import Core


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    settings: Settings
    engine: Engine
    # Passed in so that tests and the sandbox can say what "now" is; never naive.
    clock: Callable[[], datetime] = field(default=utc_now)
    metrics: Metrics = field(init=False)
    _teams_sdk: object = field(default=None, init=False, repr=False)
    _core: Core | None = field(default=None, init=False, repr=False)
    _making: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        self.metrics = Metrics(self.engine)

    @property
    def core(self) -> Core:
        """What the use cases need, from the settings (built once: settings never change)."""
        if self._core is None:
            from bot.slack.installs import forget_installer

            settings = self.settings
            self._core = Core(
                engine=self.engine,
                clock=lambda: self.clock(),
                default_locale=settings.default_locale,
                timezone=settings.timezone,
                admins=settings.admins,
                erase_also=(forget_installer,) if settings.slack else (),
                holidays=settings.holidays,
                public_url=settings.public_url or "",
            )
        return self._core

    def teams_sdk(self):
        """One Agents SDK (and its event loop) for sending outside a turn, kept between ticks."""
        with self._making:  # turns in several threads may ask at once: one SDK, one loop
            if self._teams_sdk is None:
                from bot.teams.sdk import Sdk

                self._teams_sdk = Sdk(self.settings.teams, "teams-sender")
            return self._teams_sdk

    def now(self) -> datetime:
        return self.clock()
