"""What people read on Teams, through the real server and the stand-in connector: Teams'
commands rather than Slack's, markup each surface can show (markdown in messages, no code in
card TextBlocks, plain text in answers to card presses), readable line breaks, and Swedish
that reads as Swedish."""

# ruff: noqa: F811  (the fixtures imported below are named as parameters)
from __future__ import annotations

import re

from bot.tick_job import run_tick
from tests.test_teams_wire import MONDAY_0905, TENANT, card_text, connector, press, teams, teams_services  # noqa: F401

SLACK_WORDS = re.compile(r"(?<![\w@])/(commit|reflect|leadbot|invite)\b|App Home|Slack")


def texts_of(sent) -> str:
    return sent.text + "\n" + "\n".join(card_text(c) for c in sent.cards)


def test_a_teams_conversation_never_shows_slack_commands_or_slack_places(teams, teams_services, connector):
    teams.say("ben", 'commit course "Copilot in daily work" by 2026-11-27', locale="en-GB")
    teams.say("ben", "commit become data-driven", locale="en-GB")
    teams.say("ben", "commit list", locale="en-GB")
    teams.say("ben", "commit drop #7", locale="en-GB")
    teams.say("ben", "help", locale="en-GB")
    teams.say("ben", "erase", locale="en-GB")
    channel = teams.activity("ben", "<at>leadbot</at> digest on", locale="en-GB")
    channel["conversation"] = {"id": "19:c@thread.tacv2;messageid=1", "conversationType": "channel", "tenantId": TENANT}
    channel["entities"] = [{"type": "mention", "text": "<at>leadbot</at>", "mentioned": {"id": "28:leadbot"}}]
    before = len(connector.sent)
    teams.post(channel)
    digest_on = connector.wait_for(before + 1)[-1].text
    assert "`@leadbot digest time fri 14:00` moves it" in digest_on

    run_tick(teams_services, MONDAY_0905 + __import__("datetime").timedelta(days=7))  # #1 is overdue by then

    shown = [texts_of(s) for s in connector.sent]
    assert [found for found in (SLACK_WORDS.findall(text) for text in shown) if found] == []
    assert any("commit move #1" in text for text in shown)  # the overdue line, in Teams' words


def test_cards_show_no_backticks_and_a_check_in_names_its_own_number(teams, teams_services, connector):
    for title in ("Ett", "Två", "Tre"):
        teams.say("anna", f'commit kurs "{title}" senast 2027-01-15')
    teams.say("anna", "reflect #1 klar")
    teams.say("anna", "commit drop #2")

    run_tick(teams_services, MONDAY_0905)

    [card] = next(s for s in connector.sent if s.cards).cards
    shown = card_text(card)
    assert "`" not in shown
    assert "reflect #3 …" in shown and "#1" not in shown


def test_answers_to_card_presses_are_plain_text(teams, teams_services, connector):
    teams.say("ben", 'commit course "Copilot in daily work" by 2027-01-20', locale="en-GB")
    run_tick(teams_services, MONDAY_0905)
    [card] = next(s for s in connector.sent if s.cards).cards
    data = card["body"][1]["items"][-1]["actions"][0]["data"]

    refused = press(teams, "anna", "done", data, locale="sv-SE")  # not hers
    form = press(teams, "ben", "reflect", data, locale="en-GB")
    saved = press(
        teams, "ben", "commit_form", {"category": "course", "what": "Ethics", "due": "2027-02-01"}, locale="en-GB"
    )

    assert refused["type"] == "application/vnd.microsoft.activity.message"
    for answer in (refused, form, saved):
        if answer["type"] == "application/vnd.microsoft.activity.message":  # shown as plain text
            assert not re.search(r"\*\*|`|_\w", answer["value"]), answer["value"]
        else:
            assert "`" not in card_text(answer["value"])
    assert "Ethics" in str(saved["value"])


def test_plain_text_keeps_the_words_and_drops_the_markup():
    from bot.teams.replies import plain

    said = plain(":handshake: Committed: *#3* Course · AI · by *15 Dec*\nLog progress with `/reflect #3 …`.", "en")
    assert said == "🤝 Committed: #3 Course · AI · by 15 Dec\n\nLog progress with “reflect #3 …”."
    assert plain("Skriv `commit list`, _Framsteg_", "sv") == "Skriv ”commit list”, Framsteg"


def test_the_install_greeting_is_short_readable_and_about_teams(teams, connector):
    for locale in ("en-US", "sv-SE"):
        install = teams.activity("eva" if locale == "en-US" else "erik", "", locale=locale, tz=None)
        install.pop("text")
        install.update(type="conversationUpdate", membersAdded=[{"id": "28:leadbot"}])
        before = len(connector.sent)
        assert teams.post(install)[0] == 202
        hello = connector.wait_for(before + 1)[-1].text

        assert "App Home" not in hello and "sidebar" not in hello and "sidofältet" not in hello
        assert re.search(r"(?<!\n)\n(?!\n)", hello) is None  # a single newline is a space in Teams
        assert hello.count("\n\n") >= 2 and len(hello) < 400
        assert "commit" in hello


def test_swedish_settings_read_as_swedish_and_take_swedish_words(teams, connector):
    teams.say("anna", 'commit kurs "AI för chefer" senast 2027-01-15')

    shown = teams.say("anna", "inställningar")
    assert "avstämning måndag 09:00" in shown
    how = shown.split("\n\n")[-1]
    assert not re.search(r"`(resume|hide|show|language|checkin|pause)\b", how), how
    assert "`återuppta`" in how and "`dölj`" in how and "`visa`" in how

    assert "avstämning tisdag 08:30" in teams.say("anna", "avstämning tis 08:30")
    assert "pausade till 7 jan. 2027" in teams.say("anna", "pausa till 7 jan")
    assert "pausade" not in teams.say("anna", "återuppta")
    assert "teamens veckobrev: inte med" in teams.say("anna", "dölj")
    assert "teamens veckobrev: med" in teams.say("anna", "visa")
    assert "language English" in teams.say("anna", "språk en")


def test_several_reasons_are_sentences_without_stray_punctuation(teams, connector):
    refused = teams.say("anna", "commit bli datadriven")
    assert ".;" not in refused and "; det" not in refused
    assert "senast nästa fredag`. Det låter mer som" in refused  # the second reason, a sentence of its own


def test_commit_list_shows_no_empty_reflection(teams, connector):
    teams.say("ben", 'commit course "Copilot in daily work" by 2027-01-20', locale="en-GB")
    teams.say("ben", "reflect #1 done", locale="en-GB")

    listed = teams.say("ben", "commit list", locale="en-GB")

    reflections = listed.split("**Recent reflections**")[1]
    assert reflections.strip() and not re.search(r"·\s*(\n|$)", reflections), reflections


def test_the_swedish_words_the_help_names_for_a_channel_work(teams, connector):
    def in_channel(text: str) -> str:
        activity = teams.activity("anna", f"<at>leadbot</at> {text}")
        activity["conversation"] = {
            "id": "19:c@thread.tacv2;messageid=2",
            "conversationType": "channel",
            "tenantId": TENANT,
        }
        activity["entities"] = [{"type": "mention", "text": "<at>leadbot</at>", "mentioned": {"id": "28:leadbot"}}]
        before = len(connector.sent)
        assert teams.post(activity)[0] == 202
        return connector.wait_for(before + 1)[-1].text

    help_text = in_channel("hjälp")
    assert "`@leadbot veckobrev på`" in help_text and "/leadbot stats" not in help_text
    assert "varje fredag kl. 14:00" in in_channel("veckobrev på")
    assert "varje tisdag kl. 10:00" in in_channel("veckobrev tid tis 10:00")
    assert "på svenska" in in_channel("veckobrev språk sv")
    assert "inte längre" in in_channel("veckobrev av")
