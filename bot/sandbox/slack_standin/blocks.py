"""Block Kit as Slack checks it: the limits of each block, element and composition object from
Slack's Block Kit reference, reported as Slack reports them ("[ERROR] … [json-pointer:/blocks/0/…]").

The stand-in refuses a message (`invalid_blocks`) or a view (`invalid_arguments`) that breaks one,
and the tests check every recorded call with the same function: one list of limits, not two.
slack_sdk's own models check what they know on top (types, required fields).
"""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
MESSAGE_TEXT = 40_000  # chat.postMessage's `text`: over this is msg_too_long
TEXT = 3000  # any text object
FIELD = 2000  # a section field
ID = 255  # block_id, action_id, callback_id, external_id
PRIVATE_METADATA = 3000
VIEW_TITLE = 24  # a modal's title, submit and close

# (block type) -> how many elements; (element type) -> its limits
BLOCK_TEXT = {"section": TEXT, "header": 150}
ELEMENT_COUNT = {"context": 10, "actions": 25}
OPTION_COUNT = {"static_select": 100, "multi_static_select": 100, "checkboxes": 10, "radio_buttons": 10, "overflow": 5}
PLACEHOLDER = 150


class _Check:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, message: str, pointer: str) -> None:
        self.errors.append(f"[ERROR] {message} [json-pointer:{pointer}]")

    def length(self, value: Any, limit: int, pointer: str, *, minimum: int = 0) -> None:
        if not isinstance(value, str):
            return
        if len(value) > limit:
            self.fail(f"must be less than {limit + 1} characters", pointer)
        elif len(value) < minimum:
            self.fail(f"must be more than {minimum - 1} characters", pointer)

    def count(self, items: Any, limit: int, pointer: str, *, minimum: int = 0) -> None:
        if not isinstance(items, list):
            return
        if len(items) > limit:
            self.fail(f"no more than {limit} items allowed", pointer)
        elif len(items) < minimum:
            self.fail(f"must provide at least {minimum} items", pointer)

    def text(self, obj: Any, limit: int, pointer: str, *, plain_only: bool = False) -> None:
        """A text object: {"type": "plain_text"|"mrkdwn", "text": 1..limit characters}."""
        if obj is None:
            return
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            self.fail("must be a text object", pointer)
            return
        if plain_only and obj.get("type") != "plain_text":
            self.fail("must be a plain_text text object", pointer + "/type")
        self.length(obj["text"], min(limit, TEXT), pointer + "/text", minimum=1)

    def option(self, obj: Any, pointer: str) -> None:
        if not isinstance(obj, dict):
            self.fail("must be an option object", pointer)
            return
        self.text(obj.get("text"), 75, pointer + "/text")
        self.length(obj.get("value"), 150, pointer + "/value", minimum=1)
        self.text(obj.get("description"), 75, pointer + "/description")

    def confirm(self, obj: Any, pointer: str) -> None:
        if not isinstance(obj, dict):
            return
        self.text(obj.get("title"), 100, pointer + "/title", plain_only=True)
        self.text(obj.get("text"), 300, pointer + "/text")
        self.text(obj.get("confirm"), 30, pointer + "/confirm", plain_only=True)
        self.text(obj.get("deny"), 30, pointer + "/deny", plain_only=True)

    def element(self, obj: Any, pointer: str) -> None:
        if not isinstance(obj, dict):
            return
        kind = obj.get("type")
        self.length(obj.get("action_id"), ID, pointer + "/action_id")
        if kind == "button":
            self.text(obj.get("text"), 75, pointer + "/text", plain_only=True)
            self.length(obj.get("value"), 2000, pointer + "/value")
            self.length(obj.get("url"), 3000, pointer + "/url")
        if "placeholder" in obj:
            self.text(obj.get("placeholder"), PLACEHOLDER, pointer + "/placeholder", plain_only=True)
        if kind in OPTION_COUNT:
            self.count(obj.get("options"), OPTION_COUNT[kind], pointer + "/options")
        for i, option in enumerate(obj.get("options") or []):
            self.option(option, f"{pointer}/options/{i}")
        if kind == "plain_text_input":
            for name in ("min_length", "max_length"):
                value = obj.get(name)
                if isinstance(value, int) and not 0 <= value <= TEXT:
                    self.fail(f"must be between 0 and {TEXT}", f"{pointer}/{name}")
        if "confirm" in obj:
            self.confirm(obj["confirm"], pointer + "/confirm")

    def image(self, block: dict, pointer: str) -> None:
        """An image block: alt_text (1..2000), a title (plain_text), and either a public image_url
        or a slack_file naming an uploaded file by id or by url, never both."""
        if not isinstance(block.get("alt_text"), str):
            self.fail("missing required field: alt_text", pointer)
        self.length(block.get("alt_text"), 2000, pointer + "/alt_text", minimum=1)
        self.text(block.get("title"), 2000, pointer + "/title", plain_only=True)
        self.length(block.get("image_url"), 3000, pointer + "/image_url")
        file = block.get("slack_file")
        if ("image_url" in block) == (file is not None):
            self.fail("must provide either image_url or slack_file", pointer)
        if file is not None and (not isinstance(file, dict) or ("id" in file) == ("url" in file)):
            self.fail("invalid slack file", pointer + "/slack_file")

    def block(self, block: Any, pointer: str) -> None:
        if not isinstance(block, dict):
            self.fail("must be an object", pointer)
            return
        kind = block.get("type")
        self.length(block.get("block_id"), ID, pointer + "/block_id")
        if kind in BLOCK_TEXT:
            self.text(block.get("text"), BLOCK_TEXT[kind], pointer + "/text", plain_only=kind == "header")
        if kind == "section":
            if block.get("text") is None and not block.get("fields"):
                self.fail("must provide either text or fields", pointer)
            self.count(block.get("fields"), 10, pointer + "/fields")
            for i, field in enumerate(block.get("fields") or []):
                self.text(field, FIELD, f"{pointer}/fields/{i}")
            self.element(block.get("accessory"), pointer + "/accessory")
        if kind in ELEMENT_COUNT:
            self.count(block.get("elements"), ELEMENT_COUNT[kind], pointer + "/elements", minimum=1)
            for i, element in enumerate(block.get("elements") or []):
                path = f"{pointer}/elements/{i}"
                if kind == "context" and isinstance(element, dict) and element.get("type") in ("mrkdwn", "plain_text"):
                    self.text(element, TEXT, path)
                else:
                    self.element(element, path)
        if kind == "image":
            self.image(block, pointer)
        if kind == "input":
            self.text(block.get("label"), 2000, pointer + "/label", plain_only=True)
            self.text(block.get("hint"), 2000, pointer + "/hint", plain_only=True)
            self.element(block.get("element"), pointer + "/element")
        try:
            parsed = Block.parse(block)
            if parsed is None or type(parsed) is Block:
                self.fail(f"unsupported type: {kind}", pointer + "/type")
            else:
                parsed.validate_json()
        except (SlackObjectFormationError, TypeError, KeyError, ValueError) as error:
            self.fail(str(error) or type(error).__name__, pointer)

    def blocks(self, blocks: Any, limit: int, pointer: str) -> None:
        if not isinstance(blocks, list):
            self.fail("must be an array", pointer)
            return
        self.count(blocks, limit, pointer)
        seen: set[str] = set()
        for i, block in enumerate(blocks):
            block_id = block.get("block_id") if isinstance(block, dict) else None
            if block_id is not None:
                if block_id in seen:
                    self.fail(f"duplicate block_id: {block_id}", f"{pointer}/{i}/block_id")
                seen.add(block_id)
            self.block(block, f"{pointer}/{i}")


def block_errors(blocks: Any, *, limit: int = MESSAGE_BLOCKS) -> list[str]:
    """What Slack would say about a message's `blocks`; empty when it takes them."""
    check = _Check()
    check.blocks(blocks, limit, "/blocks")
    return check.errors


def view_errors(view: Any) -> list[str]:
    """What Slack would say about a `view` for views.open/update/publish; empty when it takes it."""
    check = _Check()
    if not isinstance(view, dict):
        check.fail("must be an object", "/view")
        return check.errors
    kind = view.get("type")
    if kind not in ("modal", "home"):
        check.fail("must be one of modal, home", "/view/type")
    if "blocks" not in view:
        check.fail("missing required field: blocks", "/view")
    else:
        check.blocks(view["blocks"], VIEW_BLOCKS, "/view/blocks")
    if kind == "modal":
        if "title" not in view:
            check.fail("missing required field: title", "/view")
        for name in ("title", "submit", "close"):
            check.text(view.get(name), VIEW_TITLE, f"/view/{name}", plain_only=True)
    check.length(view.get("private_metadata"), PRIVATE_METADATA, "/view/private_metadata")
    check.length(view.get("callback_id"), ID, "/view/callback_id")
    check.length(view.get("external_id"), ID, "/view/external_id")
    try:
        View(**view).validate_json()
    except (SlackObjectFormationError, TypeError, KeyError, ValueError) as error:
        check.fail(str(error) or type(error).__name__, "/view")
    return check.errors
