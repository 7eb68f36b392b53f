"""What a use case asks of the platform while answering a request, implemented by each front
end: the few things only the platform knows or can do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from nudges.service.actors import Actor
from nudges.service.results import CommitmentView


@dataclass(frozen=True)
class PartnerAsked:
    """Someone named the partner (parhäst) for a new commitment."""

    owner: Actor
    commitment: CommitmentView
    due: date


@dataclass(frozen=True)
class PartnerDone:
    """The commitment the partner was named for is done."""

    owner: Actor
    commitment: CommitmentView


Notice = PartnerAsked | PartnerDone


class Peers(Protocol):
    def find_by_handle(self, handle: str) -> str | None:
        """The user id of someone typed as a plain @handle, or None (Teams names people by
        @mention only, so there it is always None)."""

    def tell(self, user_id: str, notice: Notice) -> bool:
        """A courtesy to someone else, in their language: False when it could not be sent
        (the use case's own answer stands either way)."""

    def is_admin(self, actor: Actor) -> bool | None:
        """Whether the platform says the person administers the workspace; None when it
        cannot say (Teams without Graph, or the platform could not be reached)."""

    def join(self, channel: str, team_id: int) -> bool:
        """Makes sure the bot can post the digest of team `team_id` in `channel` (Slack joins
        it; Teams keeps the channel's reference); False when the bot must be invited."""


class NoPeers:
    """For front ends with nobody else to ask (the terminal)."""

    def find_by_handle(self, handle: str) -> str | None:
        return None

    def tell(self, user_id: str, notice: Notice) -> bool:
        return False

    def is_admin(self, actor: Actor) -> bool | None:
        return None

    def join(self, channel: str, team_id: int) -> bool:
        return True
