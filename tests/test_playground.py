"""leadbot in Microsoft 365 Agents Playground, Microsoft's own Teams emulator, as a person uses it.

`leadbot run` (Teams, anonymous mode, SQLite) and the Playground pointed at it run as processes;
headless Chromium shows the Playground's chat and the tests type, read and press there. Its
connector validates what the bot sends as Teams would, so a check-in or digest that Teams would
refuse is refused here too (the recorder in between keeps the connector's answer for the message).

The tests are one conversation, in order: Anna commits in English (a private one), fills the
commit form, switches to Swedish and commits again; `leadbot tick` at the next Monday 09:05
brings her check-in, which she presses, and a tick two working days before the private one is
due its reminder, pressed too; she turns the digest on in the team channel and `leadbot digest`
posts the week (nothing private in it); `commit list` in the group chat shows nothing private.
Screenshots of each step go to the test's temporary folder (its path is printed with `-s`), or
to LEADBOT_PLAYGROUND_SHOTS when set.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from playwright.sync_api import expect, sync_playwright

from nudges.calendar import WorkCalendar
from tests.playground_chat import CARD, WAIT_MS, Chat, launch
from tests.playground_servers import (
    TIMEZONE,
    ConnectorRecorder,
    Leadbot,
    Missing,
    Playground,
    install_playground,
)

PERSONAL = "Personal Chat"
GROUP = "Ledningsgruppen"  # tests/playground/leadbot.yml
CHANNEL = "Kommunledningen - ledning"
CHANNEL_ID = "19:ledning@thread.tacv2"  # Teams tells a bot a channel's id, not always its name
PRIVATE_TITLE = "Tell the team about the e-service that flopped"
FORM_TITLE = "Workshop with Värmdö municipality"
SWEDISH_TITLE = "AI för chefer"
PRIVATE_DUE_IN = timedelta(days=20)


@dataclass
class World:
    bot: Leadbot
    playground: Playground
    recorder: ConnectorRecorder
    chat: Chat
    shots: Path
    today: date

    def why(self) -> str:
        """What the connector refused and what leadbot logged: the failure's own words."""
        refused = "\n".join(str(e) for e in self.recorder.refusals()[-5:]) or "(nothing refused)"
        return f"\nconnector refusals:\n{refused}\nleadbot run log:\n{self.bot.log_tail(15)}\nscreenshots: {self.shots}"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    try:
        install_playground()
    except Missing as missing:
        if os.environ.get("LEADBOT_REQUIRE_PLAYGROUND") == "1":
            pytest.fail(f"the Agents Playground is required here: {missing}")
        pytest.skip(f"{missing} (set LEADBOT_REQUIRE_PLAYGROUND=1 to fail instead)")
    folder = tmp_path_factory.mktemp("playground")
    shots = Path(os.environ.get("LEADBOT_PLAYGROUND_SHOTS") or folder / "screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    print(f"\nPlayground screenshots: {shots}")
    with contextlib.ExitStack() as stack:
        recorder = ConnectorRecorder()
        stack.callback(recorder.close)
        bot = Leadbot(folder)
        stack.callback(bot.stop)
        playground = Playground(folder, bot.endpoint, recorder.service_url)
        stack.callback(playground.stop)
        recorder.upstream = playground.port
        playwright = stack.enter_context(sync_playwright())
        browser = launch(playwright)
        stack.callback(browser.close)
        chat = Chat(browser, playground.url, shots, bot_name="leadbot")
        stack.callback(chat.close)
        yield World(bot, playground, recorder, chat, shots, datetime.now(ZoneInfo(TIMEZONE)).date())


@pytest.fixture(autouse=True)
def screenshot_after(request, world):
    """Each step ends with a picture of what the person sees, passed or failed."""
    yield
    world.chat.shot(f"after-{request.node.name}")


def said(done) -> str:
    """What a `leadbot` command told its user (its own lines, not the log's)."""
    lines = (done.stdout + done.stderr).splitlines()
    return " / ".join(line for line in lines if line.startswith("leadbot:")) or f"exit {done.returncode}"


def text(message) -> str:
    """What a person reads in a message; no markdown is left in it (the Playground renders as
    Teams does, so `**` or a backtick here is one the person sees)."""
    shown = message.inner_text().strip()
    assert "**" not in shown and "`" not in shown, f"raw markdown shown to the person: {shown!r}"
    return shown


def test_install_greets_in_the_personal_chat(world):
    chat = world.chat
    expect(chat.bot_messages().first).to_contain_text("commit", timeout=WAIT_MS)
    greeting = text(chat.bot_messages().first)
    assert "commit" in greeting and "reflect" in greeting
    assert "App Home" not in greeting and "sidebar" not in greeting, greeting  # Slack's words, not Teams'


def test_an_english_commitment_kept_private(world):
    due = world.today + PRIVATE_DUE_IN
    answer = text(world.chat.say(f'commit failure "{PRIVATE_TITLE}" by {due.isoformat()} private'))
    assert "Committed: #1" in answer and PRIVATE_TITLE in answer, answer
    assert f"by {format_date(due, 'medium', locale='en')}" in answer, answer
    assert "Private" in answer, answer


def test_the_commit_form_filled_and_saved(world):
    chat = world.chat
    form = chat.say("commit")
    expect(form).to_contain_text("New commitment")
    card = form.locator(CARD)
    chat.choose(card, "Category", "🤝 Collaboration")
    card.get_by_role("textbox", name="What will you do?").fill(FORM_TITLE)
    due = world.today + timedelta(days=30)
    chat.pick_date(card, "By when?", due)
    chat.shot("form-filled")
    chat.press(card, "Save")
    expect(form).to_contain_text("#2", timeout=WAIT_MS)
    saved = text(form)
    assert FORM_TITLE in saved and format_date(due, "medium", locale="en") in saved, saved
    expect(card.get_by_role("button", name="Save")).to_have_count(0)  # saved once: no second Save


def test_language_sv(world):
    answer = text(world.chat.say("language sv"))
    assert "Dina inställningar" in answer, answer
    assert "avstämning måndag 09:00" in answer, answer  # weekdays lower case mid-sentence


def test_a_swedish_commitment(world):
    answer = text(world.chat.say(f'commit kurs "{SWEDISH_TITLE}" senast 15 december'))
    due = date(world.today.year, 12, 15)
    due = due if due >= world.today else due.replace(year=due.year + 1)
    assert "Åtagande sparat: #3" in answer and f"Kurs · {SWEDISH_TITLE}" in answer, answer
    assert f"senast {format_date(due, 'medium', locale='sv')}" in answer, answer


def next_working_monday(after: date) -> date:
    calendar = WorkCalendar("SE")
    day = after + timedelta(days=(7 - after.weekday()) % 7 or 7)
    while not calendar.is_working_day(day):
        day += timedelta(days=7)
    return day


def test_the_checkin_arrives_and_is_pressed(world):
    chat = world.chat
    chat.mark_read()
    monday = next_working_monday(world.today)
    tick = world.bot.command("tick", "--at", f"{monday.isoformat()}T09:05")
    assert tick.returncode == 0, said(tick)
    assert "1 sent, 0 pending, 0 failed" in said(tick), said(tick) + world.why()
    try:
        checkin = chat.next_answer()
    except AssertionError as error:
        raise AssertionError(f"no check-in in the Playground after `{said(tick)}`{world.why()}") from error
    chat.shot("checkin-before-the-press")
    shown = text(checkin)
    assert SWEDISH_TITLE in shown and FORM_TITLE in shown and PRIVATE_TITLE in shown, shown
    card = checkin.locator(CARD)
    chat.press(card, "Klar", under=SWEDISH_TITLE)
    expect(card.locator(".ac-container", has_text=SWEDISH_TITLE).last).to_contain_text(
        "Klart — snyggt jobbat!", timeout=WAIT_MS
    )
    expect(card.get_by_role("button", name="Klar", exact=True)).to_have_count(2)  # the other two, as they were
    text(checkin)


def test_a_reminder_two_working_days_before_is_pressed(world):
    chat = world.chat
    chat.mark_read()
    day = WorkCalendar("SE").add_working_days(world.today + PRIVATE_DUE_IN, -2)
    tick = world.bot.command("tick", "--at", f"{day.isoformat()}T09:05")
    assert tick.returncode == 0 and "1 sent, 0 pending, 0 failed" in said(tick), said(tick) + world.why()
    try:
        reminder = chat.next_answer()
    except AssertionError as error:
        raise AssertionError(f"no reminder in the Playground after `{said(tick)}`{world.why()}") from error
    card = reminder.locator(CARD)
    private = card.locator(".ac-container", has_text=PRIVATE_TITLE).last
    expect(private).to_contain_text("Två arbetsdagar kvar", timeout=WAIT_MS)
    text(reminder)
    chat.press(card, "Klar", under=PRIVATE_TITLE)
    expect(private).to_contain_text("Klart — snyggt jobbat!", timeout=WAIT_MS)


def test_the_digest_in_the_team_channel(world):
    chat = world.chat
    chat.open(CHANNEL)
    answer = text(chat.say("digest on", mention=True))
    chat.shot("digest-on")
    assert "veckobrev" in answer, answer  # Anna chose Swedish
    chat.mark_read()
    posted = world.bot.command("digest", "--team", CHANNEL_ID)
    assert posted.returncode == 0 and "posted" in said(posted), f"{said(posted)}{world.why()}"
    try:
        digest = text(chat.next_answer())
    except AssertionError as error:
        raise AssertionError(f"no digest in the channel after `{said(posted)}`{world.why()}") from error
    assert "A quiet week" not in digest, digest + world.why()
    assert "1 leader completed 1 commitment, 2 new commitments" in digest, digest
    completed, _, new = digest.partition("New commitments")
    assert f"Anna Andersson · 📚 {SWEDISH_TITLE}" in completed.partition("Completed")[2], digest
    assert f"Anna Andersson · 🤝 {FORM_TITLE}" in new, digest
    assert PRIVATE_TITLE not in digest, digest


def test_commit_list_in_the_group_chat_shows_nothing_private(world):
    chat = world.chat
    chat.open(GROUP)
    answer = text(chat.say("commit list", mention=True))
    assert PRIVATE_TITLE not in answer, answer
    assert not re.search(r"flopped|misslyck", answer), answer
    chat.open(PERSONAL)  # the list itself is in Anna's own chat with leadbot
    expect(chat.bot_messages().last).to_contain_text(PRIVATE_TITLE, timeout=WAIT_MS)
    listed = text(chat.bot_messages().last)
    assert FORM_TITLE in listed, listed


def test_the_connector_refused_nothing_in_the_whole_conversation(world):
    """Every reply, the check-in, the channel's roster and the digest went through the
    Playground's connector, which checks each as Teams does, and it took every one."""
    assert len(world.recorder) > 0, "nothing reached the connector through the recorder"
    assert not world.recorder.refusals(), world.why()
