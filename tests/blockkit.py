"""Checks a Block Kit payload against Slack's limits, beyond what slack_sdk's models check."""

from __future__ import annotations

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

LIMITS = {"section": 3000, "header": 150, "context": 3000}


def check_blocks(blocks: list[dict], *, max_blocks: int = 50) -> None:
    assert len(blocks) <= max_blocks, f"{len(blocks)} blocks, Slack allows {max_blocks}"
    block_ids = [b["block_id"] for b in blocks if "block_id" in b]
    assert len(block_ids) == len(set(block_ids)), f"duplicate block_id in {block_ids}"
    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None and type(parsed) is not Block, f"unknown block type: {block.get('type')}"
        parsed.validate_json()
        _walk(block)


def check_view(view: dict) -> None:
    View(**view).validate_json()
    check_blocks(view.get("blocks") or [], max_blocks=100)
    assert len(view.get("private_metadata") or "") <= 3000


def _walk(node, parent: str | None = None) -> None:
    if isinstance(node, dict):
        kind = node.get("type")
        if kind in LIMITS and isinstance(node.get("text"), dict):
            text = node["text"]["text"]
            assert 0 < len(text) <= LIMITS[kind], f"{kind} text of {len(text)} characters"
        if kind == "button":
            assert len(node["text"]["text"]) <= 75, "button text over 75 characters"
            assert len(node.get("value", "")) <= 2000
        if kind == "context":
            assert len(node["elements"]) <= 10
            for element in node["elements"]:
                assert len(element.get("text", "")) <= 3000
        if "options" in node and isinstance(node["options"], list):
            assert len(node["options"]) <= 100
            for option in node["options"]:
                assert len(option["text"]["text"]) <= 75, "option text over 75 characters"
                assert len(option["value"]) <= 150
        for value in node.values():
            _walk(value, kind)
    elif isinstance(node, list):
        for item in node:
            _walk(item, parent)


def check_call(method: str, args: dict) -> None:
    """Validates whatever a recorded Web API call carried."""
    if args.get("blocks"):
        check_blocks(args["blocks"])
    if isinstance(args.get("view"), dict):
        check_view(args["view"])
