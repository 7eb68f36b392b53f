"""The scheduler's wiring: one job with a stable id that never overlaps itself. No sleeping
until it fires: the job is called directly, as APScheduler would."""

from __future__ import annotations

from datetime import UTC, datetime

from nudges.scheduler import JOB_ID, start_scheduler


def test_one_tick_job_every_minute_that_never_overlaps():
    seen = []
    moment = datetime(2026, 11, 30, 8, 5, tzinfo=UTC)
    scheduler = start_scheduler(seen.append, clock=lambda: moment)
    try:
        [job] = scheduler.get_jobs()
        assert job.id == JOB_ID and job.max_instances == 1 and job.coalesce is True
        assert "second='5'" in str(job.trigger)
        job.func()
        assert seen == [moment]
    finally:
        scheduler.shutdown(wait=False)


def test_a_failing_tick_does_not_stop_the_scheduler(caplog):
    def broken(now):
        raise RuntimeError("database restarting")

    scheduler = start_scheduler(broken, clock=lambda: datetime.now(UTC))
    try:
        scheduler.get_jobs()[0].func()
        assert "the scheduled tick failed" in caplog.text
        assert scheduler.running
    finally:
        scheduler.shutdown(wait=False)
