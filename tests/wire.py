"""The tests speak to the app through the same Slack simulator the sandbox uses."""

from bot.sandbox.simulator import Response, Slack, SocketSlack, blocks_text, sign

__all__ = ["Response", "Slack", "SocketSlack", "blocks_text", "sign"]
