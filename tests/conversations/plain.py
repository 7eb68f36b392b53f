"""What a person reads, without the marks each platform draws with: the scenarios assert
words, so the same assertion holds for Slack's mrkdwn and for Teams' markdown and cards."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

_SLACK_LINK = re.compile(r"<(?P<target>[^<>|]+)(?:\|(?P<label>[^<>]*))?>")
_SHORTCODE = re.compile(r"(?<![\w:]):[a-z][a-z0-9_+-]*:(?![\w:])")
_SLACK_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)_(?![\w_])")
_STRIKE = re.compile(r"(?<![\w~])~(?=\S)([^~\n]+?)~(?![\w~])")
# What Slack shows only on a press (a confirm dialog) or when a menu is opened (its options).
_UNSEEN = {"confirm", "options", "option_groups"}
_CODE = re.compile(r"`([^`\n]*)`")
_STRONG = re.compile(r"\*\*([^*\n]+?)\*\*")
_TEAMS_MENTION = re.compile(r"</?at>")


def slack(text: str, name_of: Callable[[str], str]) -> str:
    """Slack mrkdwn as a Slack client shows it: mentions as names, links as their labels,
    emoji codes gone (they are pictures), bold, italic and code as their words."""

    def link(match: re.Match) -> str:
        target, label = match.group("target"), match.group("label")
        if target.startswith("@"):
            return "@" + (label or name_of(target[1:]))
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!"):
            return "@" + (label or target[1:].split("^")[0])
        return label or target

    text = _SLACK_LINK.sub(link, text)
    text = _SHORTCODE.sub("", text)
    text = _CODE.sub(r"\1", text)
    text = _SLACK_BOLD.sub(r"\1", text)
    text = _ITALIC.sub(r"\1", text)
    text = _STRIKE.sub(r"\1", text)
    return _tidy(html.unescape(text))


def teams(text: str) -> str:
    """Teams markdown as the chat shows it: **bold**, _italic_ and `code` as their words,
    mentions as the names."""
    text = _TEAMS_MENTION.sub("", text)
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(r"\1", text)
    text = _ITALIC.sub(r"\1", text)
    return _tidy(html.unescape(text))


def slack_blocks(message: dict, name_of: Callable[[str], str]) -> str:
    """Every word of a Slack message or view (its blocks, else its fallback text), in order."""
    parts: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
                parts.append(node["text"])
            for key, value in node.items():
                if key not in _UNSEEN and (key != "text" or not isinstance(value, str)):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(message.get("blocks") or (message.get("view") or {}).get("blocks") or [])
    if not parts and message.get("text"):
        parts.append(message["text"])
    return slack("\n".join(parts), name_of)


def card(content: dict) -> str:
    """Every word of an Adaptive Card: its text blocks, facts and the titles of its buttons."""
    parts: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            kind = node.get("type")
            if kind in ("TextBlock", "TextRun") and isinstance(node.get("text"), str):
                parts.append(node["text"])
            elif kind == "FactSet":
                parts.extend(f"{f.get('title', '')} {f.get('value', '')}".strip() for f in node.get("facts") or [])
            elif kind and kind.startswith("Action.") and node.get("title"):
                parts.append(node["title"])
            for key, value in node.items():
                if key not in ("text", "title", "facts"):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(content)
    return teams("\n".join(parts))


def _tidy(text: str) -> str:
    lines = [re.sub(r"[ \t]{2,}", " ", line).strip() for line in text.splitlines()]
    return "\n".join(lines).strip()
