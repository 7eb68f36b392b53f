"""Wires the domain's tick to Slack delivery: the one function the scheduler and
`leadbot tick` both call, and the scheduler's job around it (leadership, heartbeat, metrics)."""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime

from bot.services import Services
from bot.slack.app import clients
from bot.slack.delivery import SlackDelivery, SlackDigestOutlet
from nudges import heartbeat
from nudges.calendar import WorkCalendar
from nudges.checkin import CheckIn
from nudges.claims import Sent, TemporaryFailure
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
    deliver, outlet = front_ends(services)
    started, clock = datetime.now(UTC), time.perf_counter()
    ok = False
    try:
        report = tick(now, engine=services.engine, deliver=deliver, config=config, outlet=outlet)
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


def front_ends(services: Services) -> tuple[ByPlatform, OutletByPlatform | None]:
    """Check-in delivery and digest posting for every platform configured here."""
    settings = services.settings
    deliveries, outlets = {}, {}
    if settings.slack:
        slack = clients(services)
        deliveries["slack"] = SlackDelivery(slack)
        outlets["slack"] = SlackDigestOutlet(slack, settings.timezone)
    if settings.teams is not None:
        from bot.teams.delivery import TeamsDelivery

        deliveries["teams"] = outlets["teams"] = TeamsDelivery(teams_sdk(services), services.engine, settings.timezone)
    return ByPlatform(deliveries), (OutletByPlatform(outlets) if outlets else None)


class ByPlatform:
    """Each check-in goes out through the front end of its person's platform."""

    def __init__(self, deliveries: dict) -> None:
        self.deliveries = deliveries

    def _for(self, checkin: CheckIn):
        found = self.deliveries.get(checkin.platform)
        if found is None:
            raise TemporaryFailure(f"{checkin.platform} is not configured here", unsent=True)
        return found

    def __call__(self, checkin: CheckIn) -> Sent:
        return self._for(checkin)(checkin)

    def find_sent(self, checkin: CheckIn, since: datetime) -> Sent | None:
        """Only where the platform can look (Slack's history; Teams offers bots none)."""
        found = getattr(self._for(checkin), "find_sent", None)
        return found(checkin, since) if found else None


class OutletByPlatform:
    """Each team's digest goes out through the front end of its workspace's platform."""

    def __init__(self, outlets: dict) -> None:
        self.outlets = outlets

    def _for(self, platform: str):
        found = self.outlets.get(platform)
        if found is None:
            raise TemporaryFailure(f"{platform} is not configured here", unsent=True)
        return found

    def members(self, platform: str, workspace: str, channel: str) -> set[str]:
        return self._for(platform).members(platform, workspace, channel)

    def post(self, message) -> Sent:
        return self._for(message.platform).post(message)

    def find_sent(self, platform: str, workspace: str, channel: str, digest_id: int, since: datetime) -> Sent | None:
        found = getattr(self._for(platform), "find_sent", None)
        return found(platform, workspace, channel, digest_id, since) if found else None


def teams_sdk(services: Services):
    """One SDK (and its event loop) per Services, kept between ticks."""
    from bot.teams.sdk import Sdk

    found = getattr(services, "_teams_sdk", None)
    if found is None:
        found = services._teams_sdk = Sdk(services.settings.teams, "teams-sender")
    return found


class ScheduledTick:
    """What the scheduler calls every interval: tick only while this instance leads."""

    def __init__(self, services: Services, leadership: Leadership, stop: threading.Event) -> None:
        self.services, self.leadership, self.stop = services, leadership, stop

    def __call__(self, now: datetime) -> None:
        if self.stop.is_set() or not self.leadership.hold():
            return
        run_tick(self.services, now, stop=self.stop)
