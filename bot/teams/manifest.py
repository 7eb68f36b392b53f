"""The Teams app package: manifest.json and the two icons, zipped, ready to upload in Teams
(Apps → Manage your apps → Upload an app) or in the Teams admin center.

The icons are drawn here (a plain PNG writer, no imaging library): a 192×192 colour icon
and a 32×32 white-on-transparent outline, as Teams requires.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib

from bot.settings import TEAMS_PREFIX, SettingsError, TeamsSettings

SCHEMA = "https://developer.microsoft.com/en-us/json-schemas/teams/v1.19/MicrosoftTeams.schema.json"
VERSION = "1.19"
ACCENT = (0x2C, 0x4A, 0x52)

PERSONAL_COMMANDS = [
    ("commit", 'Make a commitment: commit course "AI for managers" by 15 Dec'),
    ("reflect", "Log progress, a learning or a failure: reflect #1 done"),
    ("commit list", "Your active commitments"),
    ("help", "What leadbot can do"),
]
TEAM_COMMANDS = [
    ("digest on", "The weekly digest of what this channel's leaders did"),
    ("digest time fri 14:00", "Move the weekly digest"),
    ("digest off", "Stop the weekly digest"),
]


def manifest(
    bot_id: str,
    *,
    privacy_url: str,
    terms_url: str,
    version: str = "1.0.0",
    website: str = "https://github.com/leadbot",
) -> dict:
    """The manifest (schema v1.19). `supportsFiles` is on because `export` offers the person
    their data as a file (a file consent card, which Teams allows only to bots that say so)."""

    def commands(pairs):
        return [{"title": title, "description": description[:128]} for title, description in pairs]

    return {
        "$schema": SCHEMA,
        "manifestVersion": VERSION,
        "version": version,
        "id": bot_id,
        "developer": {
            "name": "leadbot",
            "websiteUrl": website,
            "privacyUrl": privacy_url,
            "termsOfUseUrl": terms_url,
        },
        "name": {"short": "leadbot", "full": "leadbot — lead by example"},
        "description": {
            "short": "Concrete commitments, gentle nudges, a weekly team digest.",
            "full": "Managers make concrete commitments (take a course, share a failure, collaborate with another "
            "municipality), get a check-in at the right time, answer in chat, and every week the team's channel "
            "gets a digest of what its leaders actually did.",
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#{:02X}{:02X}{:02X}".format(*ACCENT),
        "bots": [
            {
                "botId": bot_id,
                "scopes": ["personal", "team"],
                "supportsFiles": True,
                "isNotificationOnly": False,
                "commandLists": [
                    {"scopes": ["personal"], "commands": commands(PERSONAL_COMMANDS)},
                    {"scopes": ["team"], "commands": commands(TEAM_COMMANDS)},
                ],
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [],
    }


def for_settings(teams: TeamsSettings | None) -> dict:
    """The manifest for the configured bot, or a SettingsError naming what is missing."""
    if teams is None or not teams.client_id:
        raise SettingsError(
            f"{TEAMS_PREFIX}CLIENTID is not set: the package names the Azure Bot's app id (Microsoft App ID)"
        )
    for name, value in (("LEADBOT_TEAMS_PRIVACY_URL", teams.privacy_url), ("LEADBOT_TEAMS_TERMS_URL", teams.terms_url)):
        if not value:
            page = "privacy statement" if "PRIVACY" in name else "terms of use"
            raise SettingsError(
                f"{name} is not set: the Teams app package must link to your organisation's {page} "
                "(an https URL; Teams admin validation rejects placeholders)"
            )
    return manifest(teams.client_id, privacy_url=teams.privacy_url, terms_url=teams.terms_url)


def package(teams: TeamsSettings | None) -> bytes:
    """The zip Teams takes: manifest.json, color.png and outline.png at its root."""
    found = for_settings(teams)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(found, indent=2, ensure_ascii=False))
        archive.writestr("color.png", _icon(192, background=(*ACCENT, 255), mark=(255, 255, 255, 255)))
        archive.writestr("outline.png", _icon(32, background=(0, 0, 0, 0), mark=(255, 255, 255, 255)))
    return out.getvalue()


def _icon(size: int, *, background: tuple, mark: tuple) -> bytes:
    """A rising step shape (leading by example: one step ahead) on a background."""
    rows = []
    for y in range(size):
        row = bytearray([0])  # filter: none
        for x in range(size):
            u, v = x / size, y / size
            step = (0.2 <= u < 0.45 and 0.55 <= v < 0.8) or (0.45 <= u < 0.8 and 0.3 <= v < 0.8)
            row += bytes(mark if step else background)
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
