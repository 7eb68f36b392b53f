"""The Slack side of "send this check-in": a direct message, with the nudge's id in the
message metadata so the message can be recognised later, and Slack's answers sorted into
"try again later" and "will never work"."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.slack import blocks
from nudges.checkin import CheckIn
from nudges.tick import PermanentFailure, Sent, TemporaryFailure

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
            data = getattr(error.response, "data", None)
            code = data.get("error") if isinstance(data, dict) else None
            status = getattr(error.response, "status_code", 0)
            if code in PERMANENT_ERRORS:
                raise PermanentFailure(code) from error
            raise TemporaryFailure(f"{status} {code}") from error
        except (SlackClientError, OSError) as error:
            raise TemporaryFailure(type(error).__name__) from error
        return Sent(channel=answer["channel"], ts=answer["ts"])
