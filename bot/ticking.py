"""Wires the domain's tick to Slack delivery: the one function the scheduler and
`leadbot tick` both call."""

from __future__ import annotations

from datetime import datetime

from bot.services import Services
from bot.slack.app import make_client
from bot.slack.delivery import SlackDelivery, SlackDigestOutlet
from nudges.calendar import WorkCalendar
from nudges.tick import TickConfig, TickReport, tick


def run_tick(services: Services, now: datetime) -> TickReport:
    settings = services.settings
    config = TickConfig(
        calendar=WorkCalendar(settings.holidays),
        default_tz=settings.timezone,
        default_locale=settings.default_locale,
    )
    client = make_client(services)
    outlet = SlackDigestOutlet(client, settings.timezone)
    return tick(now, engine=services.engine, deliver=SlackDelivery(client), config=config, outlet=outlet)
