"""A channel becomes a team with a weekly digest: switched on, moved, put in a language, with or
without its picture, off."""

from __future__ import annotations

from dataclasses import dataclass

from nudges import digest_channels
from nudges.language import LOCALES
from nudges.service import results as r
from nudges.service import strategy
from nudges.service.actors import Actor
from nudges.service.commands import DIGEST_ACTIONS, Digest
from nudges.service.core import Core
from nudges.service.peers import Peers
from storage.db import session_scope

# `digest picture on|off`: the words of `digest on|off`, in either language.
DIGEST_SWITCH = {word: action == "on" for word, action in DIGEST_ACTIONS.items() if action in ("on", "off")}


@dataclass(frozen=True)
class Place:
    """Where a command was written: a team channel, or a private conversation."""

    channel: str
    name: str | None = None
    is_channel: bool = False


def digest(core: Core, actor: Actor, command: Digest, place: Place | None, peers: Peers) -> r.Result:
    if place is None or not place.is_channel:
        return r.Said("digest.not_a_channel")
    action, args = command.action, command.args
    own = strategy.workspace_defaults(core, actor.workspace_id) if action == "on" else None
    with session_scope(core.engine) as session:
        team = digest_channels.find(session, workspace_id=actor.workspace_id, channel_id=place.channel)
        if action == "on":
            team = digest_channels.switch_on(
                session,
                workspace_id=actor.workspace_id,
                channel_id=place.channel,
                name=place.name,
                locale=own.locale or core.default_locale,
                tz=own.timezone or core.timezone,
                weekday=own.digest_weekday,
                at=own.digest_time,
            )
            session.flush()
            schedule = (team.id, team.weekday, team.at, team.tz, team.picture)
        elif team is None:
            return r.Said("digest.not_on")
        elif action == "off":
            team.enabled = False
            session.add(team)
            return r.Said("digest.off")
        elif action == "time":
            when = digest_channels.parse_when(list(args))
            if when is None:
                return r.Said("digest.bad_time")
            team.weekday, team.at = when
            session.add(team)
            return r.DigestSchedule("digest.moved", team.weekday, team.at, team.tz)
        elif action == "language":
            choice = args[0].lower() if args else ""
            if choice not in LOCALES:
                return r.Said("digest.bad_language")
            team.locale = choice
            session.add(team)
            return r.Said("digest.language_set", locale=choice)
        elif action == "picture":
            choice = DIGEST_SWITCH.get(args[0].lower()) if len(args) == 1 else None
            if choice is None:
                return r.Said("digest.bad_picture")
            team.picture = choice
            session.add(team)
            return r.Said("digest.picture_on" if choice else "digest.picture_off")
        else:
            return r.HelpShown(("digest",))
    team_id, weekday, at, tz, picture = schedule
    joined = peers.join(place.channel, team_id)
    return r.DigestSchedule("digest.on", weekday, at, tz, joined=joined, picture=picture)
