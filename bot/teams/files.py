"""Sending a person a file in Teams: a bot may not just attach one. It offers it with a
file consent card; when the person accepts, Teams hands over an upload URL in their OneDrive,
the bytes go there, and a file info card shows the file in the chat."""

from __future__ import annotations

import aiohttp
from microsoft_agents.activity import Activity, ActivityTypes, Attachment

CONSENT = "application/vnd.microsoft.teams.card.file.consent"
INFO = "application/vnd.microsoft.teams.card.file.info"


def consent(name: str, size: int, description: str) -> Activity:
    return Activity(
        type=ActivityTypes.message,
        attachments=[
            Attachment(
                content_type=CONSENT,
                name=name,
                content={
                    "description": description,
                    "sizeInBytes": size,
                    "acceptContext": {"export": True},
                    "declineContext": {"export": True},
                },
            )
        ],
    )


async def upload(url: str, content: bytes) -> None:
    """One PUT of the whole file, as OneDrive's upload sessions accept for small files."""
    headers = {"Content-Length": str(len(content)), "Content-Range": f"bytes 0-{len(content) - 1}/{len(content)}"}
    async with aiohttp.ClientSession() as session, session.put(url, data=content, headers=headers) as answer:
        answer.raise_for_status()


def file_info(info: dict, text: str) -> Activity:
    return Activity(
        type=ActivityTypes.message,
        text=text,
        attachments=[
            Attachment(
                content_type=INFO,
                content_url=info.get("contentUrl"),
                name=info.get("name"),
                content={"uniqueId": info.get("uniqueId"), "fileType": info.get("fileType")},
            )
        ],
    )
