"""Reading and writing in the Agents Playground's chat as a person does, through its page in
headless Chromium (Playwright): pick a conversation, type, read what the bot wrote, press a
card's buttons, fill its fields. Selectors are the page's roles and labels, not its styles.
"""

from __future__ import annotations

import itertools
import re
from datetime import date
from pathlib import Path

from playwright.sync_api import Browser, Locator, Page, Playwright, expect

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT_MS = 15_000  # for one answer of the bot's to show
COMPOSE = "[data-lexical-editor='true']"  # in a channel the first one starts a new post
CARD = ".ac-adaptiveCard"
SEEN = "data-leadbot-seen"


def bot_messages_xpath(bot_name: str, *, unseen: bool = False) -> str:
    """Each of the bot's messages carries its avatar: in a chat or a channel thread the message
    is the avatar's grandparent; a channel post's avatar is in the header of the post's card
    (a `group`), which is then the message. Avatars in the side bar and in the @mention menu are
    not messages. `unseen`: only those not marked as read yet (a channel shows its newest post
    first, so a new message is not always the last one)."""
    avatar = (
        f"//*[@role='img'][@aria-label='{bot_name}']"
        "[not(ancestor::*[@role='treeitem' or @role='listbox' or @role='menu'])]"
    )
    in_post = "ancestor::*[starts-with(@id, 'fui-CardHeader')]"
    mark = f"[not(@{SEEN})]" if unseen else ""
    return (
        f"xpath={avatar}[not({in_post})]/parent::*/parent::*{mark}"
        f" | {avatar}[{in_post}]/ancestor::*[@role='group'][1]{mark}"
    )


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)


class Chat:
    """The Playground's page. `open` picks a conversation in its side bar; what is read is the
    text of the messages as rendered (markdown already turned into bold, code …)."""

    def __init__(self, browser: Browser, url: str, shots: Path, bot_name: str) -> None:
        self.shots, self.bot_name = shots, bot_name
        self.answers = itertools.count(1)
        # The page asks a CDN for its fonts: nothing leaves 127.0.0.1, so those are refused here.
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
        self.context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]|data:|blob:)"), lambda route: route.abort())
        self.page: Page = self.context.new_page()
        self.page.goto(url)
        self.compose.wait_for(timeout=WAIT_MS)

    @property
    def compose(self) -> Locator:
        return self.page.locator(COMPOSE).first

    def open(self, conversation: str) -> None:
        """'Personal Chat', the group chat's name, or 'Team - channel'."""
        self.page.get_by_role("treeitem", name=conversation, exact=True).click()
        self.compose.wait_for(timeout=WAIT_MS)
        shown = -1
        for _ in range(20):  # its history is drawn in a moment: wait until it stops growing
            now = self.bot_messages().count()
            if now == shown:
                break
            shown = now
            self.page.wait_for_timeout(150)

    def bot_messages(self) -> Locator:
        return self.page.locator(bot_messages_xpath(self.bot_name))

    def mark_read(self) -> None:
        """Marks every message of the bot's shown now, so that `next_answer` finds a new one."""
        self.bot_messages().evaluate_all(f"all => all.forEach(m => m.setAttribute('{SEEN}', ''))")

    def say(self, text: str, *, mention: bool = False) -> Locator:
        """Types a message (after an @mention of the bot, as a group chat or channel needs) and
        returns the bot's answer."""
        self.mark_read()
        self.compose.click()
        if mention:
            self.compose.press_sequentially("@" + self.bot_name[:3])
            self.page.get_by_role("menuitem", name=self.bot_name).first.click()
            self.compose.press_sequentially(" ")
        self.compose.press_sequentially(text)
        self.compose.press("Enter")
        return self.next_answer()

    def next_answer(self, timeout: float = WAIT_MS) -> Locator:
        """Waits (bounded) for the one message of the bot's that came after `mark_read`."""
        fresh = self.page.locator(bot_messages_xpath(self.bot_name, unseen=True))
        expect(fresh).to_have_count(1, timeout=timeout)
        expect(fresh).not_to_be_empty(timeout=timeout)
        name = f"leadbot-answer-{next(self.answers)}"
        fresh.evaluate(f"m => m.setAttribute('id', '{name}')")
        return self.page.locator(f"#{name}")

    def press(self, card: Locator, button: str, *, under: str | None = None) -> None:
        """Presses a card's button; `under` names the text of the card's part (a container,
        e.g. one commitment in a check-in) whose button it is."""
        if under is not None:
            card = card.locator(".ac-container", has_text=under).last
        card.get_by_role("button", name=button, exact=True).click()

    def pick_date(self, card: Locator, label: str, day: date) -> None:
        """Opens the card's date picker and clicks the day, moving month by month to it."""
        card.get_by_role("combobox", name=label).click()
        calendar = self.page.get_by_role("dialog", name="Calendar")
        wanted = f"{day.day}, {day:%B}, {day.year}"
        for _ in range(24):
            if calendar.get_by_role("button", name=wanted, exact=True).count():
                break
            calendar.get_by_role("button", name=re.compile(r"^Next month")).click()
        calendar.get_by_role("button", name=wanted, exact=True).click()
        expect(calendar).to_be_hidden(timeout=WAIT_MS)

    def choose(self, card: Locator, label: str, option: str) -> None:
        card.get_by_role("combobox", name=label).click()
        self.page.get_by_role("option", name=option).click()

    def shot(self, name: str) -> Path:
        path = self.shots / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def close(self) -> None:
        self.context.close()
