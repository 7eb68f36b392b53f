"""The tests speak to the app through the same Slack simulator the sandbox uses."""

from bot.slack.simulator import Response, Slack, blocks_text, sign

__all__ = ["Response", "Slack", "blocks_text", "sign"]
