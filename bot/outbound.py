"""The platforms' ways out (nudges.outbound), for every platform configured here: what the
tick and `leadbot digest` send through."""

from __future__ import annotations

from bot.services import Services
from nudges.outbound import Outbounds


def outbounds(services: Services) -> Outbounds:
    settings = services.settings
    found = {}
    if settings.slack:
        from bot.slack.app import clients
        from bot.slack.delivery import SlackOutbound

        found["slack"] = SlackOutbound(clients(services), settings.timezone)
    if settings.teams is not None:
        from bot.teams.delivery import TeamsOutbound

        found["teams"] = TeamsOutbound(services.teams_sdk(), services.engine, settings.timezone)
    return Outbounds(found)
