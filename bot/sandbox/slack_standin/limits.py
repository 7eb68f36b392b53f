"""Which of Slack's rate-limit buckets a call takes from, and a workspace that Slack treats
worse than the others.

Slack counts per method per workspace (the tiers), and chat.postMessage per channel (about one a
second, short bursts allowed) and per workspace ("several hundred a minute") at once. A real
region has workspaces that are throttled harder or answer slower than the rest (a busy Enterprise
Grid, a workspace Slack is having trouble with): `Throttle` plays one, so a test or a benchmark
can show that it does not hold up the others.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.sandbox.slack_standin.methods import NON_MARKETPLACE_HISTORY, TIERS, Method

Limit = tuple[tuple, float, float]  # (bucket key, per minute, burst)


@dataclass(frozen=True)
class Throttle:
    """One workspace's own limits: chat.postMessage's workspace-wide (per minute, burst) instead
    of the usual one, and seconds added to each of its answers."""

    post_per_workspace: tuple[float, float] | None = None
    delay: float = 0.0


@dataclass(frozen=True)
class Posting:
    """chat.postMessage's two limits, (per minute, burst) each."""

    per_channel: tuple[float, float]
    per_workspace: tuple[float, float]


def limits_for(
    method: str,
    spec: Method,
    team_id: str,
    channel: str | None,
    *,
    posting: Posting,
    marketplace: bool,
    throttle: Throttle | None = None,
) -> list[Limit]:
    """The buckets a call by `team_id`'s token takes one from (`channel`: where a post lands)."""
    workspace = (team_id, method)
    if spec.tier == "post":
        per_workspace = (throttle and throttle.post_per_workspace) or posting.per_workspace
        limits = [(workspace, *per_workspace)]
        if channel is not None:
            limits.append(((*workspace, channel), *posting.per_channel))
        return limits
    if method == "conversations.history" and not marketplace:
        return [(workspace, *NON_MARKETPLACE_HISTORY)]
    return [(workspace, *TIERS[spec.tier])]


def floor_seconds(messages: int, per_minute: float, burst: float) -> float:
    """The least time Slack's workspace-wide limit lets `messages` posts take, each to its own
    channel (a person's direct messages): the burst at once, the rest at the rate."""
    return max(0.0, messages - burst) * 60 / per_minute
