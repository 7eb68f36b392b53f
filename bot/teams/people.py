"""Who is acting in Teams: the tenant is the workspace, the person is their Entra object id
(or the Teams user id when that is all there is). Language comes from the activity's
`locale`, time zone from its `localTimezone`, else LEADBOT_TIMEZONE."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import col, select

from bot.i18n import pick_locale
from bot.services import Services
from nudges.zones import zone
from storage import repo
from storage.db import session_scope
from storage.models import ConversationRef

PLATFORM = "teams"


@dataclass(frozen=True)
class TeamsActor:
    person_id: int
    workspace_id: int
    tenant_id: str
    user_id: str
    name: str | None
    locale: str
    tz: ZoneInfo

    def today(self, now: datetime) -> date:
        return now.astimezone(self.tz).date()


def tenant_of(activity) -> str:
    conversation = activity.conversation
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    return (conversation and conversation.tenant_id) or ((data.get("tenant") or {}).get("id")) or "unknown"


def user_of(activity) -> str:
    sender = activity.from_property
    return (sender.aad_object_id or sender.id) if sender else ""


def actor_for(services: Services, activity) -> TeamsActor:
    """Finds or makes the person, refreshes what the activity says about them, and keeps the
    personal chat's reference so that check-ins can be sent there later."""
    now = services.now()
    tenant, user = tenant_of(activity), user_of(activity)
    sender = activity.from_property
    with session_scope(services.engine) as session:
        workspace = repo.get_or_create_workspace(session, platform=PLATFORM, external_id=tenant)
        person = repo.get_or_create_person(session, workspace_id=workspace.id, external_id=user)
        fields = {"profile_checked_at": now}
        if activity.locale:
            fields["platform_locale"] = activity.locale
        if _valid_zone(activity.local_timezone):
            fields["tz"] = activity.local_timezone
        if sender and sender.name:
            fields["display_name"] = sender.name[:200]
        repo.set_person_fields(session, person=person, **fields)
        if activity.conversation and activity.conversation.conversation_type == "personal":
            remember(session, workspace.id, activity, person_id=person.id)
    settings = services.settings
    return TeamsActor(
        person_id=person.id,
        workspace_id=person.workspace_id,
        tenant_id=tenant,
        user_id=user,
        name=person.display_name,
        locale=pick_locale(person.platform_locale, choice=person.locale_choice, default=settings.default_locale),
        tz=zone(person.tz, settings.timezone),
    )


def remember(
    session,
    workspace_id: int,
    activity,
    *,
    person_id: int | None = None,
    team_id: int | None = None,
    conversation_id: str | None = None,
):
    """Stores (or refreshes) the reference of the activity's conversation — for a channel, of
    the channel itself rather than the thread the command was written in."""
    reference = activity.get_conversation_reference()
    conversation_id = conversation_id or activity.conversation.id
    reference.conversation.id = conversation_id
    data = reference.model_dump_json(by_alias=True, exclude_none=True)
    row = session.exec(
        select(ConversationRef).where(
            ConversationRef.workspace_id == workspace_id, ConversationRef.conversation_id == conversation_id
        )
    ).first()
    if row is None:
        row = ConversationRef(workspace_id=workspace_id, conversation_id=conversation_id, service_url="", reference="")
    row.service_url, row.reference, row.gone_at = activity.service_url or "", data, None
    row.person_id = person_id if person_id is not None else row.person_id
    row.team_id = team_id if team_id is not None else row.team_id
    row.updated_at = datetime.now(UTC)
    session.add(row)
    return row


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

    with session_scope(services.engine) as session:
        row = session.exec(
            select(ConversationRef)
            .where(
                ConversationRef.person_id == person_id,
                col(ConversationRef.team_id).is_(None),
                col(ConversationRef.gone_at).is_(None),
            )
            .order_by(col(ConversationRef.updated_at).desc())
        ).first()
        return ConversationReference.model_validate_json(row.reference) if row else None


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
