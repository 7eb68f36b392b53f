"""What every use case needs from the running process: the database, the clock, the defaults.

The defaults here are the process-wide ones: what a workspace that set nothing of its own gets
(see nudges.fallbacks)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.engine import Engine

from nudges.fallbacks import Fallbacks


@dataclass(frozen=True)
class Core:
    engine: Engine
    clock: Callable[[], datetime]
    default_locale: str
    timezone: str
    # People who may see workspace figures where the platform cannot say who its admins are
    # (Teams, without Graph): user ids as the platform names them.
    admins: frozenset[str] = field(default_factory=frozenset)
    # What else an erasure must clear that only a front end keeps (Slack's installation
    # record names the installer): called with the session and the person, in the same
    # transaction.
    erase_also: tuple[Callable, ...] = ()
    # The country whose public holidays are days off (a calendar event's default day).
    holidays: str = "SE"
    # Where people reach this leadbot over HTTP (no trailing slash): the admin page's sign-in
    # links start with it. Empty: no links can be issued.
    public_url: str = ""

    def now(self) -> datetime:
        return self.clock()

    @property
    def fallbacks(self) -> Fallbacks:
        """The process-wide settings, as what a workspace falls back on."""
        return Fallbacks(locale=self.default_locale, timezone=self.timezone, holidays=self.holidays)
