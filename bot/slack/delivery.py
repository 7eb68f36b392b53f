"""The Slack side of "send this check-in": a direct message, with the nudge's id in the
message metadata so the message can be recognised later, and Slack's answers sorted into
"try again later" and "will never work"."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.slack import blocks
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
    def __init__(self, client: WebClient) -> None:
        self.client = client

    def __call__(self, checkin: CheckIn) -> Sent:
        message = blocks.checkin_message(checkin)
        try:
            answer = self.client.chat_postMessage(
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


def _classify(error: SlackApiError) -> Exception:
    data = getattr(error.response, "data", None)
    code = data.get("error") if isinstance(data, dict) else None
    if code in PERMANENT_ERRORS or code == "not_in_channel":
        return PermanentFailure(code)
    return TemporaryFailure(f"{getattr(error.response, 'status_code', 0)} {code}")


class SlackDigestOutlet:
    """Where digests go: the team's channel. Members come from Slack at posting time, so
    someone who left the channel is no longer in its digest."""

    def __init__(self, client: WebClient, default_tz: str) -> None:
        self.client = client
        self.default_tz = default_tz

    def members(self, platform: str, workspace: str, channel: str) -> set[str]:
        found: set[str] = set()
        cursor = None
        try:
            while True:
                page = self.client.conversations_members(channel=channel, limit=500, cursor=cursor)
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
        try:
            answer = self.client.chat_postMessage(
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
