"""The Teams side of "send this check-in" and "post this digest": proactive messages into
conversations whose references we keep, with Teams' answers sorted into "try again later"
(429/412/5xx, after the sender's own backoff), "gone" (403/404: the reference is marked) and
"refused" (any other 4xx: recorded as failed, never retried).

Teams offers a bot no way to read a conversation's history, so unlike Slack a message that
may have gone out cannot be looked for: a send that failed in an uncertain way is left
pending and tried again by the next tick.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from microsoft_agents.activity import Activity, ActivityTypes, Attachment, ConversationReference
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.i18n import t
from bot.teams import cards
from bot.teams.digest_card import digest_card
from bot.teams.people import PLATFORM
from bot.teams.sdk import Gone, Sdk
from nudges.checkin import CheckIn
from nudges.claims import PermanentFailure, Sent
from nudges.digests import DigestMessage
from storage.db import session_scope
from storage.models import ConversationRef, Person, Team, Workspace

log = logging.getLogger(__name__)


class TeamsDelivery:
    def __init__(self, sdk: Sdk, engine: Engine, default_tz: str) -> None:
        self.sdk, self.engine, self.default_tz = sdk, engine, default_tz

    # --- check-ins ------------------------------------------------------------------------

    def __call__(self, checkin: CheckIn) -> Sent:
        row = self._personal(checkin.workspace, checkin.person)
        if row is None:
            raise PermanentFailure("no personal chat with this person yet")
        activity = Activity(
            type=ActivityTypes.message,
            summary=t(checkin.locale, "checkin.fallback", count=len(checkin.lines)),
            attachments=[Attachment(content_type=cards.CARD, content=cards.checkin_card(checkin))],
        )
        return self._send(row, activity)

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
                    col(ConversationRef.gone_at).is_(None),
                )
                .order_by(col(ConversationRef.updated_at).desc())
            ).first()

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

    def members(self, platform: str, workspace: str, channel: str) -> set[str]:
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

    def post(self, message: DigestMessage) -> Sent:
        from nudges.zones import zone

        row = self._channel(message.workspace, message.channel)
        if row is None:
            raise PermanentFailure("no reference for this channel")
        content = digest_card(message.data, zone(message.tz, self.default_tz))
        activity = Activity(
            type=ActivityTypes.message,
            attachments=[Attachment(content_type=cards.CARD, content=content)],
        )
        return self._send(row, activity)


def member_id(member) -> str:
    """A roster entry's Entra object id, which is how people are kept (see people.user_of).
    Teams' roster (GET /v3/conversations/{id}/members) names it `objectId`; activities name it
    `aadObjectId`; the Teams user id is the last resort, as for a sender without one."""
    extra = getattr(member, "model_extra", None) or {}
    return extra.get("objectId") or getattr(member, "aad_object_id", None) or getattr(member, "id", None) or ""
