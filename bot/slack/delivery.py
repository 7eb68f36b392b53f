"""The Slack side of "send this check-in": a direct message, with the nudge's id in the
message metadata so the message can be recognised later, and Slack's answers sorted into
"try again later" and "will never work"."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.slack import blocks
from bot.slack.installs import Clients
from nudges.checkin import CheckIn
from nudges.claims import PermanentFailure, Sent, TemporaryFailure
from nudges.digests import DigestMessage

PERMANENT_ERRORS = {
    "channel_not_found",
    "user_not_found",
    "account_inactive",
    "user_disabled",
    "not_authed",
    "invalid_auth",
    "token_revoked",
    "is_archived",
    "cannot_dm_bot",
    "missing_scope",
    "team_access_not_granted",
}


class SlackDelivery:
    def __init__(self, clients: Clients) -> None:
        self.clients = clients

    def __call__(self, checkin: CheckIn) -> Sent:
        message = blocks.checkin_message(checkin)
        client = self.clients.for_workspace(checkin.workspace)
        try:
            answer = client.chat_postMessage(
                channel=checkin.person,
                text=message.text,
                blocks=message.blocks,
                metadata={"event_type": "leadbot_nudge", "event_payload": {"nudge": checkin.nudge_id}},
            )
        except SlackApiError as error:
            raise _classify(error) from error
        except (SlackClientError, OSError) as error:
            raise TemporaryFailure(type(error).__name__) from error
        return Sent(channel=answer["channel"], ts=answer["ts"])

    def find_sent(self, checkin: CheckIn) -> Sent | None:
        """The check-in, if it is already in the person's DM (recognised by the nudge id in
        its metadata): what a claim taken over from a process that died mid-send asks first."""
        client = self.clients.for_workspace(checkin.workspace)
        try:
            channel = client.conversations_open(users=checkin.person)["channel"]["id"]
        except SlackApiError as error:
            raise _classify(error) from error
        except (SlackClientError, OSError) as error:
            raise TemporaryFailure(type(error).__name__) from error
        return _find(client, channel, "leadbot_nudge", "nudge", checkin.nudge_id)


SEARCH_PAGES = 3


def _find(client: WebClient, channel: str, event_type: str, field: str, value: int) -> Sent | None:
    """Looks through the newest messages only: a claim is taken over soon after its owner
    stopped (a slot missed by more than a day is not sent at all), so the message, if it went
    out, is among the latest there."""
    cursor = None
    try:
        for _ in range(SEARCH_PAGES):
            page = client.conversations_history(channel=channel, limit=200, include_all_metadata=True, cursor=cursor)
            for message in page.get("messages", []):
                metadata = message.get("metadata") or {}
                if (
                    metadata.get("event_type") == event_type
                    and (metadata.get("event_payload") or {}).get(field) == value
                ):
                    return Sent(channel=channel, ts=message["ts"])
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return None
    except SlackApiError as error:
        raise _classify(error) from error
    except (SlackClientError, OSError) as error:
        raise TemporaryFailure(type(error).__name__) from error
    return None


def _classify(error: SlackApiError) -> Exception:
    data = getattr(error.response, "data", None)
    code = data.get("error") if isinstance(data, dict) else None
    if code in PERMANENT_ERRORS or code == "not_in_channel":
        return PermanentFailure(code)
    return TemporaryFailure(f"{getattr(error.response, 'status_code', 0)} {code}")


class SlackDigestOutlet:
    """Where digests go: the team's channel. Members come from Slack at posting time, so
    someone who left the channel is no longer in its digest."""

    def __init__(self, clients: Clients, default_tz: str) -> None:
        self.clients = clients
        self.default_tz = default_tz

    def members(self, platform: str, workspace: str, channel: str) -> set[str]:
        client = self.clients.for_workspace(workspace)
        found: set[str] = set()
        cursor = None
        try:
            while True:
                page = client.conversations_members(channel=channel, limit=500, cursor=cursor)
                found.update(page.get("members", []))
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    return found
        except SlackApiError as error:
            raise _classify(error) from error
        except (SlackClientError, OSError) as error:
            raise TemporaryFailure(type(error).__name__) from error

    def post(self, message: DigestMessage) -> Sent:
        from nudges.zones import zone

        reply = blocks.digest_message(message.data, zone(message.tz, self.default_tz))
        client = self.clients.for_workspace(message.workspace)
        try:
            answer = client.chat_postMessage(
                channel=message.channel,
                text=reply.text,
                blocks=reply.blocks,
                unfurl_links=False,
                metadata={"event_type": "leadbot_digest", "event_payload": {"digest": message.digest_id or 0}},
            )
        except SlackApiError as error:
            raise _classify(error) from error
        except (SlackClientError, OSError) as error:
            raise TemporaryFailure(type(error).__name__) from error
        return Sent(channel=answer["channel"], ts=answer["ts"])

    def find_sent(self, platform: str, workspace: str, channel: str, digest_id: int) -> Sent | None:
        """The digest, if it is already in the channel (see SlackDelivery.find_sent)."""
        return _find(self.clients.for_workspace(workspace), channel, "leadbot_digest", "digest", digest_id)
