"""The Slack side of "send this check-in": a direct message, with the nudge's id in the
message metadata so the message can be recognised later, and Slack's answers sorted into
"try again later" and "will never work"."""

from __future__ import annotations

import copy
import logging
import threading
import time
import weakref
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.slack import blocks
from bot.slack.installs import Clients
from nudges.checkin import CheckIn
from nudges.claims import PermanentFailure, RateLimited, Sent, TemporaryFailure
from nudges.digest_posting import DigestMessage

log = logging.getLogger(__name__)

# Slack's answers that no retry can change (from the error lists of chat.postMessage,
# conversations.open, .history and .members): the message, the place or the install is refused.
PERMANENT_ERRORS = frozenset(
    {
        "access_denied",
        "account_inactive",
        "as_user_not_supported",
        "cannot_dm_bot",
        "channel_not_found",
        "ekm_access_denied",
        "invalid_arguments",
        "invalid_arg_name",
        "invalid_auth",
        "invalid_blocks",
        "invalid_blocks_format",
        "invalid_charset",
        "invalid_cursor",
        "invalid_form_data",
        "invalid_limit",
        "invalid_metadata_format",
        "invalid_metadata_schema",
        "invalid_post_type",
        "invalid_ts_latest",
        "invalid_ts_oldest",
        "is_archived",
        "messages_tab_disabled",
        "metadata_must_be_sent_from_app",
        "metadata_too_large",
        "method_deprecated",
        "missing_post_type",
        "missing_scope",
        "msg_too_long",
        "no_permission",
        "no_text",
        "not_allowed_token_type",
        "not_authed",
        "not_in_channel",
        "org_login_required",
        "restricted_action",
        "restricted_action_read_only_channel",
        "restricted_action_thread_only_channel",
        "team_access_not_granted",
        "token_revoked",
        "too_many_attachments",
        "two_factor_setup_required",
        "unknown_method",
        "user_disabled",
        "user_not_found",
    }
)
# Slack's own passing troubles: worth another try later (as are 429 and any 5xx).
TEMPORARY_ERRORS = frozenset(
    {
        "ratelimited",
        "internal_error",
        "fatal_error",
        "service_unavailable",
        "request_timeout",
        "team_added_to_org",
        "token_expired",  # a rotating token: the next try refreshes it
    }
)
# A lookup Slack will not do for this install (an install from before the app asked for the
# history scopes, or a channel the bot was removed from), although the post itself may work.
LOOKUP_IMPOSSIBLE = frozenset({"missing_scope", "not_in_channel"})
# Slack's ts is its own clock; ours may differ a little. A message sent after `since` is
# surely newer than this much before it.
CLOCK_MARGIN = timedelta(minutes=10)
# Slack makes an uploaded file ready a moment after files.completeUploadExternal answers (it is
# scanned first); an image block naming it before then is refused as an invalid slack file. The
# post is tried again after these pauses, then without the picture: the digest matters more.
FILE_WAITS = (1.0, 2.0)
PICTURE_NAME = "leadbot-digest.png"


class SlackOutbound:
    """Check-ins to a person's DM, digests to a team's channel; both can be looked for later.

    A digest's picture is uploaded first as a file shared nowhere (files.getUploadURLExternal,
    the bytes, files.completeUploadExternal without a channel), then shown by the post's own
    image block (`slack_file`): one message, with the digest's metadata, so it is looked for and
    recorded like any digest, and the file id kept on the digest's row makes a post tried again
    show the same file."""

    looks_back = True
    uploads_pictures = True

    def __init__(self, clients: Clients, default_tz: str) -> None:
        self.clients = clients
        self.default_tz = default_tz
        self._paced: weakref.WeakKeyDictionary[WebClient, WebClient] = weakref.WeakKeyDictionary()
        self._guard = threading.Lock()

    def send_checkin(self, checkin: CheckIn) -> Sent:
        """A 429 is raised at once as RateLimited with Slack's Retry-After: the tick paces each
        workspace itself, and a client sleeping out the wait would hold a sending thread that
        the other workspaces' check-ins need."""
        message = blocks.checkin_message(checkin)
        client = self._unwaiting(self.clients.for_workspace(checkin.workspace))
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

    def _unwaiting(self, client: WebClient) -> WebClient:
        """The same workspace's client without slack_sdk's retry of a 429 (which sleeps)."""
        with self._guard:
            paced = self._paced.get(client)
            if paced is None:
                paced = copy.copy(client)
                paced.retry_handlers = [
                    h for h in client.retry_handlers if not isinstance(h, RateLimitErrorRetryHandler)
                ]
                self._paced[client] = paced
            return paced

    def find_checkin(self, checkin: CheckIn, since: datetime) -> Sent | None:
        """The check-in, if it is already in the person's DM (recognised by the nudge id in
        its metadata): what a claim whose earlier send may have gone out (begun at `since`)
        asks first."""
        client = self.clients.for_workspace(checkin.workspace)
        try:
            channel = client.conversations_open(users=checkin.person)["channel"]["id"]
        except SlackApiError as error:
            raise _classify(error) from error
        except (SlackClientError, OSError) as error:
            raise TemporaryFailure(type(error).__name__) from error
        return _find(client, channel, "leadbot_nudge", "nudge", checkin.nudge_id, since)

    def members(self, workspace: str, channel: str) -> set[str]:
        """Members come from Slack at posting time, so someone who left the channel is no
        longer in its digest."""
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

    def upload_picture(self, message: DigestMessage) -> str | None:
        """The picture as a file of the workspace, shared into no channel (the post shows it);
        None when Slack does not take it, for whatever reason (an install without files:write,
        a rate limit on files.*, a proxy that blocks the upload host): the picture is a garnish,
        and a digest held back for it could end failed after its attempts, so the digest goes
        out without it, once."""
        from bot import digest_picture

        client = self.clients.for_workspace(message.workspace)
        try:
            answer = client.files_upload_v2(
                file=digest_picture.png(message.picture),
                filename=PICTURE_NAME,
                title=digest_picture.title(message.picture),
            )
        except SlackApiError as error:
            failure = _classify(error)
            data = getattr(error.response, "data", None)
            needed = data.get("needed") if isinstance(data, dict) else None  # a 5xx may answer in plain text
            log.warning(
                "digest %s goes out without its picture: Slack did not take the upload (%s%s)",
                message.digest_id,
                failure,
                f"; reinstall the app to grant {needed}" if needed else "",
            )
            return None
        except (SlackClientError, OSError) as error:
            log.warning("digest %s goes out without its picture: the upload failed (%r)", message.digest_id, error)
            return None
        return answer["file"]["id"]

    def post_digest(self, message: DigestMessage) -> Sent:
        from bot import digest_picture
        from nudges.zones import zone

        tz = zone(message.tz, self.default_tz)
        client = self.clients.for_workspace(message.workspace)
        picture = None
        if message.picture is not None and message.picture_file:
            trend = message.picture
            picture = (message.picture_file, digest_picture.title(trend), digest_picture.alt_text(trend))
            for pause in (*FILE_WAITS, None):
                try:
                    return self._post_digest(client, message, blocks.digest_message(message.data, tz, picture))
                except SlackApiError as error:
                    if not _refuses_file(error):
                        raise _classify(error) from error
                    if pause is None:
                        break
                    time.sleep(pause)
            log.warning("digest %s: Slack did not take its picture's file; posted without it", message.digest_id)
        try:
            return self._post_digest(client, message, blocks.digest_message(message.data, tz))
        except SlackApiError as error:
            raise _classify(error) from error

    @staticmethod
    def _post_digest(client: WebClient, message: DigestMessage, reply) -> Sent:
        try:
            answer = client.chat_postMessage(
                channel=message.channel,
                text=reply.text,
                blocks=reply.blocks,
                unfurl_links=False,
                metadata={"event_type": "leadbot_digest", "event_payload": {"digest": message.digest_id or 0}},
            )
        except (SlackClientError, OSError) as error:
            if isinstance(error, SlackApiError):
                raise
            raise TemporaryFailure(type(error).__name__) from error
        return Sent(channel=answer["channel"], ts=answer["ts"])

    def find_digest(self, message: DigestMessage, since: datetime) -> Sent | None:
        """The digest, if it is already in the channel (see find_checkin)."""
        client = self.clients.for_workspace(message.workspace)
        return _find(client, message.channel, "leadbot_digest", "digest", message.digest_id or 0, since)


SEARCH_PAGES = 3


def _find(client: WebClient, channel: str, event_type: str, field: str, value: int, since: datetime) -> Sent | None:
    """Looks through what was posted since the earlier send began (a page is usually all
    there is), so a lookup costs one call of conversations.history (Tier 3; for apps outside
    the Marketplace one a minute, 15 messages a page).

    When Slack will not let us look (missing_scope: an install from before the app asked for
    channels:history/groups:history; not_in_channel), this says "not found" and the message is
    sent: a doubled post is visible and harmless, where a lost week's digest or check-in
    silently is not, and a post to a channel the bot has left fails for good on its own."""
    cursor = None
    oldest = f"{(since - CLOCK_MARGIN).timestamp():.6f}"
    try:
        for _ in range(SEARCH_PAGES):
            page = client.conversations_history(
                channel=channel, oldest=oldest, limit=200, include_all_metadata=True, cursor=cursor
            )
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
        if _code(error) in LOOKUP_IMPOSSIBLE:
            log.warning(
                "cannot look in %s for an earlier send (%s: reinstall the app to grant %s); sending it",
                channel,
                _code(error),
                (getattr(error.response, "data", None) or {}).get("needed") or "the history scopes",
            )
            return None
        raise _classify(error) from error
    except (SlackClientError, OSError) as error:
        raise TemporaryFailure(type(error).__name__) from error
    return None


def _refuses_file(error: SlackApiError) -> bool:
    """Slack refused the image block's file (not ready yet, or gone), not the rest of the post."""
    data = getattr(error.response, "data", None)
    if not isinstance(data, dict):  # a 5xx may answer in plain text
        return False
    return data.get("error") == "invalid_blocks" and any("slack_file" in str(e) for e in data.get("errors") or [])


def _code(error: SlackApiError) -> str | None:
    data = getattr(error.response, "data", None)
    return data.get("error") if isinstance(data, dict) else None


def _retry_after(error: SlackApiError) -> float:
    """Slack's Retry-After in seconds (1 when it says nothing usable, as slack_sdk assumes)."""
    headers = getattr(error.response, "headers", None) or {}
    for name, value in headers.items():
        if name.lower() == "retry-after":
            value = value[0] if isinstance(value, list | tuple) else value
            try:
                return max(0.0, float(value))
            except (TypeError, ValueError):
                break
    return 1.0


def _classify(error: SlackApiError) -> Exception:
    """A refusal that will never succeed is permanent; rate limits, 5xx and Slack's own
    passing troubles are temporary (a 429 surely did not post anything). An error code we do
    not know is taken as temporary: the claim's attempts are counted and end failed anyway."""
    code = _code(error)
    status = getattr(error.response, "status_code", 0) or 0
    if status == 429 or code == "ratelimited":
        return RateLimited(f"429 {code}", retry_after=_retry_after(error))
    if 400 <= status < 500 and status != 408:  # refused by HTTP itself (forbidden, gone, too large)
        return PermanentFailure(f"{status} {code or 'refused'}")
    if status >= 500 or code in TEMPORARY_ERRORS:
        return TemporaryFailure(f"{status} {code}")
    if code in PERMANENT_ERRORS:
        return PermanentFailure(code)
    log.warning("Slack answered %s %s, which is not known here: taken as passing", status, code)
    return TemporaryFailure(f"{status} {code}")
