"""The one way out to a chat platform: what the tick and the digests need from Slack or
Teams, as one port that each platform implements.

`looks_back` says whether the platform can look for a message that may already have gone
out (Slack reads the DM or channel history for our metadata; Teams offers bots no history):
a claim whose earlier send is uncertain is then looked for first, else tried again.

`uploads_pictures` says whether a digest's picture must be uploaded before the post (Slack: a
file the post's image block shows) or travels in the post itself (Teams: a data URL in the card).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from nudges.claims import Sent, TemporaryFailure

if TYPE_CHECKING:
    from nudges.checkin import CheckIn
    from nudges.digest_posting import DigestMessage


class Outbound(Protocol):
    looks_back: bool
    uploads_pictures: bool

    def send_checkin(self, checkin: CheckIn) -> Sent: ...

    def find_checkin(self, checkin: CheckIn, since: datetime) -> Sent | None: ...

    def members(self, workspace: str, channel: str) -> set[str]: ...

    def upload_picture(self, message: DigestMessage) -> str | None:
        """The uploaded picture's id, or None when the platform will not take it (the digest
        then goes out without it); TemporaryFailure when it may on a later try."""
        ...

    def post_digest(self, message: DigestMessage) -> Sent: ...

    def find_digest(self, message: DigestMessage, since: datetime) -> Sent | None: ...


class Outbounds:
    """Each platform's way out, by platform name ("slack", "teams")."""

    def __init__(self, by_platform: dict[str, Outbound]) -> None:
        self.by_platform = dict(by_platform)

    def of(self, platform: str) -> Outbound:
        """A platform not configured here is a passing reason: another instance, or this one
        once configured, may send it."""
        found = self.by_platform.get(platform)
        if found is None:
            raise TemporaryFailure(f"{platform} is not configured here", unsent=True)
        return found

    def looks_back(self, platform: str) -> bool:
        found = self.by_platform.get(platform)
        return bool(found is not None and found.looks_back)

    def __bool__(self) -> bool:
        return bool(self.by_platform)
