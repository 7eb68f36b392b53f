"""The Slack app manifest: everything leadbot needs, to create the app in one paste."""

from __future__ import annotations

COMMANDS = {
    "/commit": ("Make a commitment: what and by when", '[course "AI for managers" by 15 Dec | list | help]'),
    "/reflect": ("Log progress, a learning or a failure", "[#1 done | #1 booked the dates | failure: …]"),
    "/leadbot": (
        "leadbot help, team digest, uptake, your data",
        "[help | digest on | digest off | digest time fri 14:00 | stats | export | erase]",
    ),
}
# Every scope a Web API method or event the app uses needs, by Slack's method pages (a bot
# token): nothing more, so an admin approving the install sees only what is used.
BOT_SCOPES = [
    "commands",  # /commit, /reflect, /leadbot
    "chat:write",  # chat.postMessage, chat.update
    "im:write",  # conversations.open (a person's DM, for check-ins and exports)
    "im:history",  # message.im (answers to check-ins), conversations.history in a DM
    "channels:history",  # conversations.history in a public team channel (is the digest there?)
    "groups:history",  # conversations.history in a private team channel
    "users:read",  # users.info (language, time zone, name), users.list (stats)
    "channels:read",  # conversations.members of a public channel (the digest's team)
    "groups:read",  # conversations.members of a private channel
    "channels:join",  # conversations.join (`digest on` in a public channel)
    "files:write",  # files.getUploadURLExternal, files.completeUploadExternal (export)
]
BOT_EVENTS = ["app_home_opened", "message.im", "app_uninstalled", "tokens_revoked"]


def manifest(*, request_url: str | None = None) -> dict:
    """With a request URL: HTTP mode. Without: Socket Mode (no public URL needed)."""
    events_url = f"{request_url.rstrip('/')}/slack/events" if request_url else None
    commands = []
    for name, (description, hint) in COMMANDS.items():
        command = {"command": name, "description": description, "usage_hint": hint, "should_escape": True}
        if events_url:
            command["url"] = events_url
        commands.append(command)
    interactivity: dict = {"is_enabled": True}
    event_subscriptions: dict = {"bot_events": BOT_EVENTS}
    if events_url:
        interactivity["request_url"] = events_url
        event_subscriptions["request_url"] = events_url
    oauth_config: dict = {"scopes": {"bot": BOT_SCOPES}}
    if request_url:  # for installing into many workspaces (SLACK_CLIENT_ID/SECRET)
        oauth_config["redirect_urls"] = [f"{request_url.rstrip('/')}/slack/oauth_redirect"]
    return {
        "display_information": {
            "name": "leadbot",
            "description": "Lead by example: concrete commitments, gentle nudges, and a weekly team digest.",
            "background_color": "#2c4a52",
        },
        "features": {
            "app_home": {
                "home_tab_enabled": True,
                "messages_tab_enabled": True,
                "messages_tab_read_only_enabled": False,
            },
            "bot_user": {"display_name": "leadbot", "always_online": True},
            "slash_commands": commands,
        },
        "oauth_config": oauth_config,
        "settings": {
            "event_subscriptions": event_subscriptions,
            "interactivity": interactivity,
            "org_deploy_enabled": False,
            "socket_mode_enabled": events_url is None,
            "token_rotation_enabled": False,
        },
    }
