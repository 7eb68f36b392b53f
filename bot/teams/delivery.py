"""The Teams side of "send this check-in" and "post this digest": proactive messages into
conversations whose references we keep, with Teams' answers sorted into "try again later"
(429/412/5xx, after the sender's own backoff), "gone" (403/404: the reference is marked) and
"refused" (any other 4xx: recorded as failed, never retried).

Teams offers a bot no way to read a conversation's history, so unlike Slack a message that
may have gone out cannot be looked for: a send that failed in an uncertain way is left
pending and tried again by the next tick.

A person who never wrote to leadbot has no personal chat yet; leadbot opens one (Teams keeps
one 1:1 chat per bot and person) through the connector of any conversation it has in their
tenant, and keeps its reference like one Teams gave.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from microsoft_agents.activity import Activity, ActivityTypes, Attachment, ConversationReference
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.i18n import t
from bot.teams import cards
from bot.teams.digest_card import digest_card
from bot.teams.people import PLATFORM
from bot.teams.sdk import Gone, Sdk
from nudges.checkin import CheckIn
from nudges.claims import PermanentFailure, Sent, TemporaryFailure
from nudges.digest_posting import DigestMessage
from storage.db import session_scope
from storage.models import ConversationRef, Person, Team, Workspace

log = logging.getLogger(__name__)


class TeamsOutbound:
    looks_back = False  # Teams offers bots no history to look in
    uploads_pictures = False  # a digest's picture travels inside its card

    def __init__(self, sdk: Sdk, engine: Engine, default_tz: str) -> None:
        self.sdk, self.engine, self.default_tz = sdk, engine, default_tz

    # --- check-ins ------------------------------------------------------------------------

    def send_checkin(self, checkin: CheckIn) -> Sent:
        row = self._personal_chat(checkin.workspace, checkin.person)
        activity = Activity(
            type=ActivityTypes.message,
            summary=t(checkin.locale, "checkin.fallback", count=len(checkin.lines)),
            attachments=[Attachment(content_type=cards.CARD, content=cards.checkin_card(checkin))],
        )
        return self._send(row, activity)

    # --- personal chats -------------------------------------------------------------------

    def personal_chat(self, tenant: str, user: str) -> ConversationRef | None:
        """The person's own chat with leadbot, opened now if they never wrote to it; None (and
        a log line saying why) when there is none and none can be opened. Blocks: call it from
        any thread but the SDK loop's."""
        try:
            return self._personal_chat(tenant, user)
        except (PermanentFailure, TemporaryFailure) as error:
            log.info("no personal chat in tenant %s: %s", tenant, error)
            return None

    def tell(self, tenant: str, user: str, activity: Activity) -> bool:
        """Sends `activity` to the person's personal chat, opening it if need be. False when it
        did not arrive: no chat could be had, or Teams refused or failed the send (a 403/404
        marks the chat gone). Never raises for what Teams answers. Blocks, as personal_chat."""
        row = self.personal_chat(tenant, user)
        if row is None:
            return False
        try:
            self._send(row, activity)
        except (PermanentFailure, TemporaryFailure) as error:
            log.info("could not tell a person in tenant %s: %s", tenant, error)
            return False
        return True

    def _personal_chat(self, tenant: str, user: str) -> ConversationRef:
        """As personal_chat, but saying why not: PermanentFailure when no chat can be had,
        TemporaryFailure when Teams may open one on a later try (429, 5xx, the network)."""
        return self._personal(tenant, user) or self._open(tenant, user)

    def _personal(self, tenant: str, user: str) -> ConversationRef | None:
        with Session(self.engine) as session:
            return session.exec(
                select(ConversationRef)
                .join(Person, col(Person.id) == col(ConversationRef.person_id))
                .join(Workspace, col(Workspace.id) == col(ConversationRef.workspace_id))
                .where(
                    Workspace.platform == PLATFORM,
                    Workspace.external_id == tenant,
                    Person.external_id == user,
                    col(ConversationRef.team_id).is_(None),
                    col(ConversationRef.gone_at).is_(None),
                )
                .order_by(col(ConversationRef.updated_at).desc())
            ).first()

    def _open(self, tenant: str, user: str) -> ConversationRef:
        """Opens the person's personal chat. Only for someone leadbot keeps (a Person of that
        tenant: the chat's reference belongs to them), and only through a connector leadbot
        already talks to in that tenant, since Teams names no service URL otherwise."""
        with Session(self.engine) as session:
            person = session.exec(
                select(Person)
                .join(Workspace, col(Workspace.id) == col(Person.workspace_id))
                .where(Workspace.platform == PLATFORM, Workspace.external_id == tenant, Person.external_id == user)
            ).first()
            if person is None:
                raise PermanentFailure("no personal chat, and leadbot knows no such person in this tenant")
            via = session.exec(
                select(ConversationRef)
                .where(
                    ConversationRef.workspace_id == person.workspace_id,
                    col(ConversationRef.gone_at).is_(None),
                    ConversationRef.service_url != "",
                )
                .order_by(col(ConversationRef.updated_at).desc())
            ).first()
            person_id, workspace_id = person.id, person.workspace_id
        if via is None:
            raise PermanentFailure("no personal chat, and no conversation in this tenant to open one through")
        if not self.sdk.opens_chats(via.service_url):
            raise PermanentFailure("no personal chat, and no app credentials to open one with")
        reference = self.sdk.open_personal(
            ConversationReference.model_validate_json(via.reference), user=user, tenant=tenant
        )
        row = self._keep(workspace_id, person_id, reference)
        log.info("opened a personal chat with person %s", person_id)
        return row

    def _keep(self, workspace_id: int, person_id: int, reference: ConversationReference) -> ConversationRef:
        """Stores the new chat's reference; a chat opened at the same moment by another tick
        (Teams answers both with the same conversation) is the same row."""
        for _ in range(2):
            try:
                with session_scope(self.engine) as session:
                    row = session.exec(
                        select(ConversationRef).where(
                            ConversationRef.workspace_id == workspace_id,
                            ConversationRef.conversation_id == reference.conversation.id,
                        )
                    ).first()
                    if row is None:
                        row = ConversationRef(
                            workspace_id=workspace_id,
                            conversation_id=reference.conversation.id,
                            service_url="",
                            reference="",
                        )
                    row.person_id, row.team_id, row.gone_at = person_id, None, None
                    row.service_url = reference.service_url or ""
                    row.reference = reference.model_dump_json(by_alias=True, exclude_none=True)
                    row.updated_at = datetime.now(UTC)
                    session.add(row)
            except IntegrityError:
                continue
            return row
        raise TemporaryFailure("the new chat's reference could not be kept")

    def _send(self, row: ConversationRef, activity: Activity) -> Sent:
        reference = ConversationReference.model_validate_json(row.reference)
        try:
            activity_id = self.sdk.send(reference, activity)
        except Gone:
            self._gone(row)
            raise
        return Sent(channel=row.conversation_id, ts=activity_id)

    def _gone(self, row: ConversationRef) -> None:
        with session_scope(self.engine) as session:
            gone = session.get(ConversationRef, row.id)
            gone.gone_at = datetime.now(UTC)
            session.add(gone)
        log.info("conversation reference %s is gone (the bot was removed); nothing more is sent there", row.id)

    # --- digests --------------------------------------------------------------------------

    def _channel(self, workspace: str, channel: str) -> ConversationRef | None:
        with Session(self.engine) as session:
            return session.exec(
                select(ConversationRef)
                .join(Team, col(Team.id) == col(ConversationRef.team_id))
                .join(Workspace, col(Workspace.id) == col(ConversationRef.workspace_id))
                .where(
                    Workspace.platform == PLATFORM,
                    Workspace.external_id == workspace,
                    Team.channel_id == channel,
                    col(ConversationRef.gone_at).is_(None),
                )
            ).first()

    def members(self, workspace: str, channel: str) -> set[str]:
        row = self._channel(workspace, channel)
        if row is None:
            raise PermanentFailure("no reference for this channel")
        reference = ConversationReference.model_validate_json(row.reference)
        try:
            found = self.sdk.members(reference)
        except Gone:
            self._gone(row)
            raise
        return {member_id(m) for m in found or []} - {""}

    def post_digest(self, message: DigestMessage) -> Sent:
        from nudges.zones import zone

        row = self._channel(message.workspace, message.channel)
        if row is None:
            raise PermanentFailure("no reference for this channel")
        content = digest_card(message.data, zone(message.tz, self.default_tz), message.picture)
        activity = Activity(
            type=ActivityTypes.message,
            attachments=[Attachment(content_type=cards.CARD, content=content)],
        )
        return self._send(row, activity)

    def upload_picture(self, message: DigestMessage) -> str | None:
        return None  # never asked: the picture is in the card

    def find_checkin(self, checkin: CheckIn, since) -> Sent | None:
        return None

    def find_digest(self, message: DigestMessage, since) -> Sent | None:
        return None


def member_id(member) -> str:
    """A roster entry's Entra object id, which is how people are kept (see people.user_of).
    Teams' roster (GET /v3/conversations/{id}/members) names it `objectId`; activities name it
    `aadObjectId`; the Teams user id is the last resort, as for a sender without one."""
    extra = getattr(member, "model_extra", None) or {}
    return extra.get("objectId") or getattr(member, "aad_object_id", None) or getattr(member, "id", None) or ""
