"""What an operator's Prometheus scrapes at GET /metrics.

Counters are this process's own (commands it handled, nudges its ticks sent). What only the
database knows — messages still pending, when the last tick ran and who ran it — is read
at scrape time, so every instance tells the same story whichever one leads.
"""

from __future__ import annotations

import logging
from datetime import datetime

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from storage.models import Digest, Heartbeat, Nudge

log = logging.getLogger(__name__)
CONTENT_TYPE = CONTENT_TYPE_LATEST


class Metrics:
    def __init__(self, engine: Engine) -> None:
        self.registry = CollectorRegistry()
        self.commands = Counter(
            "leadbot_commands",
            "Commands handled, by command and outcome",
            ["command", "outcome"],
            registry=self.registry,
        )
        self.nudges = Counter(
            "leadbot_nudges", "Nudges this process tried to send, by outcome", ["outcome"], registry=self.registry
        )
        self.digests = Counter(
            "leadbot_digests",
            "Team digests this process tried to post, by outcome",
            ["outcome"],
            registry=self.registry,
        )
        self.tick_seconds = Histogram(
            "leadbot_tick_duration_seconds",
            "How long a tick run by this process took",
            buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120),
            registry=self.registry,
        )
        self.registry.register(_FromDatabase(engine))

    def observe_tick(self, report, seconds: float) -> None:
        for outcome in ("sent", "pending", "failed", "skipped"):
            self.nudges.labels(outcome).inc(getattr(report, outcome))
        for outcome, count in (report.digests or {}).items():
            self.digests.labels(outcome).inc(count)
        self.tick_seconds.observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)


class _FromDatabase:
    """Gauges read from the shared database when scraped; absent when it cannot be reached."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def describe(self):
        return []

    def collect(self):
        try:
            with Session(self.engine) as session:
                nudges = dict(session.exec(select(Nudge.state, func.count()).group_by(Nudge.state)).all())
                digests = dict(session.exec(select(Digest.state, func.count()).group_by(Digest.state)).all())
                beat = session.get(Heartbeat, "tick")
        except Exception:
            log.warning("metrics: the database is unreachable", exc_info=True)
            up = GaugeMetricFamily("leadbot_database_up", "Whether the database answered this scrape")
            up.add_metric([], 0)
            yield up
            return
        up = GaugeMetricFamily("leadbot_database_up", "Whether the database answered this scrape")
        up.add_metric([], 1)
        yield up
        messages = GaugeMetricFamily(
            "leadbot_messages", "Nudges and digests stored, by kind and state", labels=["kind", "state"]
        )
        for kind, counts in (("nudge", nudges), ("digest", digests)):
            for state in ("sending", "pending", "sent", "failed"):
                messages.add_metric([kind, state], counts.get(state, 0))
        yield messages
        if beat is not None:
            last = GaugeMetricFamily(
                "leadbot_last_tick_timestamp_seconds", "When the last tick (by any instance) ended", labels=["ok"]
            )
            last.add_metric(["true" if beat.ok else "false"], _seconds(beat.at))
            yield last
            if beat.last_ok_at is not None:
                ok = GaugeMetricFamily(
                    "leadbot_last_successful_tick_timestamp_seconds", "When the last tick that did not fail ended"
                )
                ok.add_metric([], _seconds(beat.last_ok_at))
                yield ok
            took = GaugeMetricFamily("leadbot_last_tick_duration_seconds", "How long the last tick took")
            took.add_metric([], beat.duration_ms / 1000)
            yield took


def _seconds(moment: datetime) -> float:
    return moment.timestamp()
