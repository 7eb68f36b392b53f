"""APScheduler only calls `tick(now)` once a minute; the schedule's truth is in our tables.

In-memory job store, one job with a stable id, max_instances=1 and coalesce=True: a slow
tick is never overlapped by the next one, and missed runs collapse into one. Every instance
runs this; the job itself asks whether this instance leads (storage.locks.Leadership), so a
follower becomes leader at its next run after the leader is gone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

log = logging.getLogger(__name__)
JOB_ID = "leadbot-tick"


def start_scheduler(
    job: Callable[[datetime], object], *, clock: Callable[[], datetime], every_seconds: int = 60
) -> BackgroundScheduler:
    def run() -> None:
        try:
            job(clock().astimezone(UTC))
        except Exception:
            log.exception("the scheduled tick failed; the next one will try again")

    scheduler = BackgroundScheduler(timezone=UTC)
    if every_seconds == 60:
        trigger = CronTrigger(second=5, timezone=UTC)  # every minute, a few seconds past it
    else:
        trigger = IntervalTrigger(seconds=every_seconds, timezone=UTC)
    scheduler.add_job(
        run,
        trigger,
        id=JOB_ID,
        replace_existing=True,
        max_instances=1,
        coalesce=True,
        misfire_grace_time=max(1, every_seconds - 10),
    )
    scheduler.start()
    return scheduler
