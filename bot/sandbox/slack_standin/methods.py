"""What Slack publishes about each Web API method leadbot calls: its arguments, which of them
are required, the scope a bot token needs for it, and its rate-limit tier.

Taken from each method's page in Slack's reference (docs.slack.dev/reference/methods/…): the
"Arguments", "Scopes" and "Rate limits" sections. The stand-in answers by this table, so a call
that real Slack would refuse (an argument it does not know, a scope the app never asked for, too
many calls a minute) is refused here first. A method missing from the table is refused as
`unknown_method`: add it here, from its page, before the app may use it.
"""

from __future__ import annotations

from dataclasses import dataclass

# Conversation ids: C… public channel, G… (or a C… marked private) private channel, D… direct
# message, and a user id U…/W… that chat.postMessage turns into the direct message with them.
ConversationKind = str  # "public", "private", "im", "mpim"


@dataclass(frozen=True)
class Method:
    """`scopes` maps a conversation kind to the scope needed there ("*" for any call); an empty
    mapping means the method needs no scope beyond a valid token (views.*, auth.test)."""

    optional: frozenset[str]
    required: tuple[str, ...] = ()
    scopes: dict[str, str] | None = None
    tier: str = "4"  # "1".."4" or "post" (chat.postMessage's own limits)
    # How a missing required argument is answered: most methods say invalid_arguments; a few,
    # older ones name what they could not find instead.
    missing: dict[str, str] | None = None

    @property
    def arguments(self) -> frozenset[str]:
        return self.optional | set(self.required) | ALWAYS

    def scope_for(self, kind: ConversationKind | None) -> str | None:
        if not self.scopes:
            return None
        return self.scopes.get(kind or "*") or self.scopes.get("*")


# Taken by every method: the token (when not in the Authorization header), and the workspace an
# org-wide install acts in, which slack_sdk sends with every call a Bolt listener makes.
ALWAYS = frozenset({"token", "team_id"})


def _args(*names: str) -> frozenset[str]:
    return frozenset(names)


_MESSAGE = ("attachments", "blocks", "text", "as_user", "link_names", "parse", "markdown_text")


def _per_kind(family: str) -> dict[str, str]:
    """conversations.history needs channels:history in a public channel, groups:history in a
    private one, im:history in a direct message, mpim:history in a group DM (same for :read)."""
    return {
        "public": f"channels:{family}",
        "private": f"groups:{family}",
        "im": f"im:{family}",
        "mpim": f"mpim:{family}",
    }


METHODS: dict[str, Method] = {
    "auth.test": Method(_args(), tier="special"),
    "chat.postMessage": Method(
        _args(
            *_MESSAGE,
            "icon_emoji",
            "icon_url",
            "metadata",
            "mrkdwn",
            "reply_broadcast",
            "thread_ts",
            "unfurl_links",
            "unfurl_media",
            "username",
        ),
        required=("channel",),
        scopes={"*": "chat:write"},
        tier="post",
        missing={"channel": "channel_not_found"},
    ),
    "chat.postEphemeral": Method(
        _args(*_MESSAGE, "icon_emoji", "icon_url", "thread_ts", "username"),
        required=("channel", "user"),
        scopes={"*": "chat:write"},
        tier="4",
        missing={"channel": "channel_not_found", "user": "user_not_in_channel"},
    ),
    "chat.update": Method(
        _args(*_MESSAGE, "file_ids", "metadata", "reply_broadcast"),
        required=("channel", "ts"),
        scopes={"*": "chat:write"},
        tier="3",
        missing={"channel": "channel_not_found", "ts": "message_not_found"},
    ),
    "conversations.open": Method(
        _args("channel", "prevent_creation", "return_im", "users"),
        scopes={"im": "im:write", "mpim": "mpim:write", "*": "im:write"},
        tier="3",
    ),
    "conversations.members": Method(
        _args("cursor", "limit"), required=("channel",), scopes=_per_kind("read"), tier="4"
    ),
    "conversations.join": Method(_args(), required=("channel",), scopes={"*": "channels:join"}, tier="3"),
    "conversations.history": Method(
        _args("cursor", "include_all_metadata", "inclusive", "latest", "limit", "oldest"),
        required=("channel",),
        scopes=_per_kind("history"),
        tier="3",
    ),
    "users.info": Method(_args("include_locale"), required=("user",), scopes={"*": "users:read"}, tier="4"),
    "users.list": Method(_args("cursor", "include_locale", "limit", "team_id"), scopes={"*": "users:read"}, tier="2"),
    "views.open": Method(_args("trigger_id", "interactivity_pointer"), required=("view",), tier="4"),
    "views.update": Method(_args("external_id", "hash", "view_id"), required=("view",), tier="4"),
    "views.publish": Method(_args("hash"), required=("user_id", "view"), tier="4"),
    "files.getUploadURLExternal": Method(
        _args("alt_txt", "snippet_type"), required=("filename", "length"), scopes={"*": "files:write"}, tier="4"
    ),
    "files.completeUploadExternal": Method(
        _args("blocks", "channel_id", "channels", "initial_comment", "thread_ts"),
        required=("files",),
        scopes={"*": "files:write"},
        tier="4",
    ),
    # Called with the app's client id and secret, not a bot token; an app-level token (xapp-…)
    # with connections:write opens a Socket Mode connection.
    "oauth.v2.access": Method(
        _args("client_id", "client_secret", "code", "grant_type", "redirect_uri", "refresh_token"), tier="4"
    ),
    "apps.connections.open": Method(_args(), tier="1"),
}

# Requests a minute per method per workspace, and how many may come at once ("burst"): Slack's
# rate-limit tiers. The numbers are the tiers' published floors ("1+ per minute" …); the bursts
# are ours, a minute's worth for the tiers Slack calls generous, a small one for Tier 1.
TIERS: dict[str, tuple[float, float]] = {
    "1": (1, 3),
    "2": (20, 20),
    "3": (50, 50),
    "4": (100, 100),
    "special": (600, 600),  # auth.test: "hundreds of requests per minute"
}
# chat.postMessage: "generally 1 message per second to a specific channel … limits governing your
# app's relationship with the entire workspace above that, limiting posting to several hundred
# messages per minute. Generous burst behavior is also granted."
POST_PER_CHANNEL = (60.0, 10.0)  # a minute's rate, and a short burst
POST_PER_WORKSPACE = (300.0, 300.0)  # "several hundred" read at its lowest
NON_MARKETPLACE_HISTORY = (1.0, 1.0)  # conversations.history for apps outside the Marketplace
