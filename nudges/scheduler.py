"""APScheduler only calls `tick(now)` once a minute; the schedule's truth is in our tables.

In-memory job store, one job with a stable id, max_instances=1 and coalesce=True: a slow
tick is never overlapped by the next one, and missed runs collapse into one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

log = logging.getLogger(__name__)
JOB_ID = "leadbot-tick"


def start_scheduler(job: Callable[[datetime], object], *, clock: Callable[[], datetime]) -> BackgroundScheduler:
    def run() -> None:
        try:
            job(clock().astimezone(UTC))
        except Exception:
            log.exception("the scheduled tick failed; the next one will try again")

    scheduler = BackgroundScheduler(timezone=UTC)
    scheduler.add_job(
        run,
        CronTrigger(second=5, timezone=UTC),  # every minute, a few seconds past it
        id=JOB_ID,
        replace_existing=True,
        max_instances=1,
        coalesce=True,
        misfire_grace_time=50,
    )
    scheduler.start()
    return scheduler
