"""The people in the conversations, the same on both platforms: each driver gives them the
ids its platform would (a Slack user id; a Teams user id and an Entra object id)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    key: str  # how a scenario names them: "anna", and "@anna" in a line
    name: str  # their display name
    locale: str  # the platform's locale for them (Slack profile, Teams client)
    admin: bool = False
    tz: str = "Europe/Stockholm"

    @property
    def language(self) -> str:
        return self.locale[:2]

    @property
    def slack_id(self) -> str:
        return "U0" + self.key.upper()

    @property
    def teams_id(self) -> str:
        return f"29:1{self.key.upper()}-teams"

    @property
    def entra_id(self) -> str:
        """An Entra object id, shaped as Entra writes them (a GUID)."""
        return str(uuid.uuid5(uuid.NAMESPACE_DNS, f"{self.key}.kommun.example"))


CAST = {
    person.key: person
    for person in (
        Person("anna", "Anna Andersson", "sv-SE"),
        Person("ben", "Ben Brown", "en-GB"),
        Person("pat", "Pat Persson", "sv-SE"),
        Person("eno", "Eno Evans", "en-US"),
        Person("kim", "Kim Karlsson", "sv-SE"),
        Person("ola", "Ola Olsson", "sv-SE"),
        Person("ada", "Ada Adminsson", "en-GB", admin=True),
    )
}
ADMINS = [person for person in CAST.values() if person.admin]


def person(key: str) -> Person:
    try:
        return CAST[key]
    except KeyError:
        raise KeyError(f"nobody called {key!r} in the cast: {', '.join(CAST)}") from None
