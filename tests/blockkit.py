"""Checks a Block Kit payload against Slack's limits: the stand-in's own list of them
(bot/sandbox/slack_standin/blocks.py), so a test and the stand-in can never disagree about a limit."""

from __future__ import annotations

from bot.sandbox.slack_standin.blocks import MESSAGE_BLOCKS, block_errors, view_errors


def check_blocks(blocks: list[dict], *, max_blocks: int = MESSAGE_BLOCKS) -> None:
    errors = block_errors(blocks, limit=max_blocks)
    assert not errors, "\n".join(errors)


def check_view(view: dict) -> None:
    errors = view_errors(view)
    assert not errors, "\n".join(errors)


def check_call(method: str, args: dict) -> None:
    """Validates whatever a recorded Web API call carried."""
    if args.get("blocks"):
        check_blocks(args["blocks"])
    if isinstance(args.get("view"), dict):
        check_view(args["view"])
