"""The catalogs' neutral markup, and how each front end shows it.

The catalogs (bot.i18n) are written once, in one small markup every renderer reads:
`*bold*`, `_italic_`, `` `what the person types` ``, emoji by name (`:tada:`), a newline
between lines, and the commands as `/commit …`, `/reflect …`, `/leadbot …`. Slack's mrkdwn
is that markup as it is (Slack shows the commands and the emoji names as written). Teams:
chat messages are markdown (`markdown`: the commands become the words typed to the bot,
`/commit` → `commit`, `/leadbot digest` → `@leadbot digest`, `/leadbot stats` → `stats`;
**bold**; emoji as characters; a blank line between lines, since one newline is a space);
Adaptive Card TextBlocks know bold, italic, lists and links but not code (`card_text`:
what to type in bold); answers to card presses are plain text (`plain`). A terminal gets
`terminal`: no marks and no emoji names.
"""

from __future__ import annotations

import re

from nudges.drafts import Category

EMOJI = {
    "white_check_mark": "✅",
    "lock": "🔒",
    "handshake": "🤝",
    "tada": "🎉",
    "memo": "📝",
    "sparkles": "✨",
    "fire": "🔥",
    "seedling": "🌱",
    "zzz": "💤",
    "wave": "👋",
    "wastebasket": "🗑️",
    "hourglass_flowing_sand": "⏳",
    "calendar": "📅",
    "busts_in_silhouette": "👥",
    "bulb": "💡",
    "dart": "🎯",
    "books": "📚",
    "pencil2": "✏️",
}
CATEGORY_EMOJI = {Category.COURSE: "📚", Category.FAILURE: "🌱", Category.COLLABORATION: "🤝", Category.OTHER: "🎯"}
_BOLD = re.compile(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])")
_SHORTCODE = re.compile(r":([a-z][a-z0-9_]*):")
_COMMANDS = (
    (re.compile(r"(?<![\w/@])/leadbot digest\b"), "@leadbot digest"),
    (re.compile(r"(?<![\w/@])/leadbot (?=\w)"), ""),
    (re.compile(r"(?<![\w/@])/(commit|reflect)\b"), r"\1"),
)
_CODE = re.compile(r"`([^`\n]+)`")
_STRONG = re.compile(r"\*\*([^*\n]+)\*\*")
_ITALIC = re.compile(r"(?<![\w_])_([^_\n]+)_(?![\w_])")
_BREAK = re.compile(r"(?<!\n)\n(?!\n)")
QUOTES = {"sv": ("”", "”"), "en": ("“", "”")}


def markdown(text: str) -> str:
    """A shared sentence (Slack mrkdwn, Slack's commands) → Teams markdown and Teams' commands."""
    for pattern, replacement in _COMMANDS:
        text = pattern.sub(replacement, text)
    text = _BOLD.sub(r"**\1**", text)
    text = _SHORTCODE.sub(lambda m: EMOJI.get(m.group(1), m.group(0)), text)
    return _BREAK.sub("\n\n", text)


def card_text(text: str) -> str:
    """For an Adaptive Card TextBlock, which shows backticks as they are: a command in bold."""
    return _CODE.sub(r"**\1**", markdown(text))


def plain(text: str, locale: str) -> str:
    """For an answer to a card press, which Teams shows as plain text: no markup at all."""
    opening, closing = QUOTES.get(locale, QUOTES["en"])
    text = _CODE.sub(lambda m: f"{opening}{m.group(1)}{closing}", markdown(text))
    return _ITALIC.sub(r"\1", _STRONG.sub(r"\1", text))


_SHORTCODE_WORD = re.compile(r":[a-z][a-z0-9_]*: ?")
_MARKS = re.compile(r"[*_~]")


def terminal(text: str) -> str:
    """For a terminal: no markup at all, and what Slack escaped as it was typed."""
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return _MARKS.sub("", _SHORTCODE_WORD.sub("", text))
