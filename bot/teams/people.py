"""Who is acting in Teams: the tenant is the workspace, the person is their Entra object id
(or the Teams user id when that is all there is). Language comes from the activity's
`locale`, time zone from its `localTimezone`, else LEADBOT_TIMEZONE."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.services import Services
from nudges.service import Actor, chats, identify

PLATFORM = "teams"


def tenant_of(activity) -> str:
    conversation = activity.conversation
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    return (conversation and conversation.tenant_id) or ((data.get("tenant") or {}).get("id")) or "unknown"


def user_of(activity) -> str:
    sender = activity.from_property
    return (sender.aad_object_id or sender.id) if sender else ""


def actor_for(services: Services, activity) -> Actor:
    """Finds or makes the person, refreshes what the activity says about them, and keeps the
    personal chat's reference so that check-ins can be sent there later."""
    sender = activity.from_property
    profile = {
        "platform_locale": activity.locale or None,
        "tz": activity.local_timezone if _valid_zone(activity.local_timezone) else None,
        "display_name": sender.name[:200] if sender and sender.name else None,
    }
    actor = identify(
        services.core, platform=PLATFORM, workspace=tenant_of(activity), user=user_of(activity), profile=profile
    )
    if activity.conversation and activity.conversation.conversation_type == "personal":
        remember(services, actor.workspace_id, activity, person_id=actor.person_id)
    return actor


def remember(
    services: Services,
    workspace_id: int,
    activity,
    *,
    person_id: int | None = None,
    team_id: int | None = None,
    conversation_id: str | None = None,
) -> None:
    """Keeps the reference of the activity's conversation — for a channel, of the channel
    itself rather than the thread the command was written in."""
    reference = activity.get_conversation_reference()
    conversation_id = conversation_id or activity.conversation.id
    reference.conversation.id = conversation_id
    chats.remember(
        services.core,
        workspace_id=workspace_id,
        conversation_id=conversation_id,
        service_url=activity.service_url or "",
        reference=reference.model_dump_json(by_alias=True, exclude_none=True),
        person_id=person_id,
        team_id=team_id,
    )


def shared(activity) -> bool:
    """Anything but a personal chat (a group chat, a channel, or a kind we do not know) may be read
    by others: only "personal" gets answers about one person's own commitments."""
    conversation = activity.conversation
    if not conversation:
        return True
    return conversation.conversation_type != "personal" or bool(getattr(conversation, "is_group", False))


def personal_reference(services: Services, person_id: int):
    """The person's own chat with leadbot, to answer there what is theirs alone; None when
    they have none yet (Teams lets a bot write only where it has been before)."""
    from microsoft_agents.activity import ConversationReference

    found = chats.personal(services.core, person_id)
    return ConversationReference.model_validate_json(found) if found else None


def _valid_zone(name: str | None) -> bool:
    if not name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def text_with_partners(activity) -> str:
    """The message text with each @mention of a person written as the grammar reads a partner
    (`<@id|Name>`), by their Entra id when Teams gives it. The bot's own mention is gone
    already (the SDK removes it)."""
    text = activity.text or ""
    for entity in activity.entities or []:
        data = entity.model_dump(by_alias=True) if hasattr(entity, "model_dump") else dict(entity)
        if data.get("type") != "mention":
            continue
        mentioned = data.get("mentioned") or {}
        shown = data.get("text") or ""
        who = mentioned.get("aadObjectId") or mentioned.get("id")
        if shown and shown in text:
            name = (mentioned.get("name") or shown.removeprefix("<at>").removesuffix("</at>")).replace("|", " ")
            usable = who and len(who) <= 64  # what a partner id may be; else just the name
            text = text.replace(shown, f"<@{who}|{name}>" if usable else name)
    return text
