"""The tick as a job: the one function the scheduler and `leadbot tick` both call (the
domain's tick through every configured platform, timed, counted and remembered), and the
scheduler's job around it (only while this instance leads)."""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime

from bot.outbound import outbounds
from bot.services import Services
from nudges import heartbeat
from nudges.calendar import WorkCalendar
from nudges.tick import TickConfig, TickReport, tick
from storage.locks import Leadership, process_name

log = logging.getLogger(__name__)


def run_tick(services: Services, now: datetime, *, stop: threading.Event | None = None) -> TickReport:
    """One tick, timed, counted and remembered in the database whatever it ends in."""
    settings = services.settings
    config = TickConfig(
        calendar=WorkCalendar(settings.holidays),
        default_tz=settings.timezone,
        default_locale=settings.default_locale,
        stop=stop,
        retention_months=settings.retention_months,
    )
    started, clock = datetime.now(UTC), time.perf_counter()
    ok = False
    try:
        report = tick(now, engine=services.engine, outbound=outbounds(services), config=config)
        ok = True
        services.metrics.observe_tick(report, time.perf_counter() - clock)
        return report
    finally:
        try:
            heartbeat.record(
                services.engine,
                instance=process_name(),
                started=started,
                ended=datetime.now(UTC),
                ok=ok,
            )
        except Exception:
            log.warning("could not record how the tick went", exc_info=True)


class ScheduledTick:
    """What the scheduler calls every interval: tick only while this instance leads."""

    def __init__(self, services: Services, leadership: Leadership, stop: threading.Event) -> None:
        self.services, self.leadership, self.stop = services, leadership, stop

    def __call__(self, now: datetime) -> None:
        if self.stop.is_set() or not self.leadership.hold():
            return
        run_tick(self.services, now, stop=self.stop)
