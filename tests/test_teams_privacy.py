"""Private stays private in Teams: what is a person's alone (their commitments, reflections,
settings, data) asked for in a group chat or a channel is answered in their personal chat;
the shared conversation reads a short pointer. Through the real server and the stand-in."""

# ruff: noqa: F811  (the fixtures imported below are named as parameters)
from __future__ import annotations

from sqlmodel import select

from storage.models import Reflection
from tests.test_teams_wire import TENANT, connector, press, teams  # noqa: F401

GROUP = "19:group-ledning@thread.v2"
CHANNEL = "19:team-general@thread.tacv2"


def in_group(teams, user: str, text: str, *, locale: str = "sv-SE", channel: bool = False) -> dict:
    activity = teams.activity(user, f"<at>leadbot</at> {text}", locale=locale)
    if channel:
        activity["conversation"] = {"id": f"{CHANNEL};messageid=7", "conversationType": "channel", "tenantId": TENANT}
        activity["channelData"] = {"tenant": {"id": TENANT}, "team": {"id": "19:team"}, "channel": {"name": "Ledning"}}
    else:
        activity["conversation"] = {"id": GROUP, "conversationType": "groupChat", "tenantId": TENANT, "isGroup": True}
    activity["entities"] = [{"type": "mention", "text": "<at>leadbot</at>", "mentioned": {"id": "28:leadbot"}}]
    return activity


def said(connector, before: int, count: int) -> dict[str, list]:
    by_conversation: dict[str, list] = {}
    for sent in connector.wait_for(before + count)[before:]:
        by_conversation.setdefault(sent.conversation.split(";")[0], []).append(sent)
    return by_conversation


def test_commit_list_in_a_group_chat_shows_nothing_private_there(teams, connector):
    teams.say("anna", 'commit misslyckande "Berätta om piloten som floppade" senast 2027-01-15 privat')
    teams.say("anna", "reflect testade gående enskilda samtal privat")
    before = len(connector.sent)

    assert teams.post(in_group(teams, "anna", "commit list"))[0] == 202

    answers = said(connector, before, 2)
    [group] = answers[GROUP]
    assert group.text == "🔒 Det gäller bara dig, så jag har svarat i vår personliga chatt."
    [personal] = answers["a:personal-anna"]
    assert "Berätta om piloten som floppade" in personal.text and "gående enskilda samtal" in personal.text
    assert personal.reply_to is None  # a message of its own in her chat, not a reply to the group


def test_settings_a_form_and_export_asked_in_a_channel_go_to_the_personal_chat(teams, connector):
    teams.say("ben", 'commit course "Copilot in daily work" by 2027-01-20 private', locale="en-GB")
    for text, shows in (("settings", "Your settings"), ("reflect", "Copilot in daily work"), ("export", None)):
        before = len(connector.sent)
        assert teams.post(in_group(teams, "ben", text, locale="en-GB", channel=True))[0] == 202
        answers = said(connector, before, 2)
        [shared] = answers[CHANNEL]
        assert shared.text == "🔒 That is for you alone, so I have answered in our personal chat.", text
        assert not shared.cards and not shared.body.get("attachments")
        [personal] = answers["a:personal-ben"]
        if shows:
            assert shows in personal.text + str(personal.cards), text
        else:
            assert personal.body["attachments"][0]["contentType"].endswith("file.consent")


def test_without_a_personal_chat_nothing_is_done_and_the_group_is_told_where_to_ask(teams, connector, session):
    from sqlmodel import select

    from storage.models import Commitment

    before = len(connector.sent)
    assert teams.post(in_group(teams, "eva", 'commit course "Secret plan" by 2027-01-20', locale="en-GB"))[0] == 202

    [answer] = connector.wait_for(before + 1)[before:]
    assert answer.conversation == GROUP and "open a chat with leadbot" in answer.text
    assert "Secret plan" not in answer.text
    assert session.exec(select(Commitment)).all() == []


def test_help_in_a_group_chat_is_answered_there(teams, connector):
    before = len(connector.sent)
    assert teams.post(in_group(teams, "anna", "hjälp"))[0] == 202
    [answer] = connector.wait_for(before + 1)[before:]
    assert answer.conversation == GROUP and "Teams" in answer.text


def test_a_conversation_of_a_kind_we_do_not_know_is_treated_as_shared(teams, connector):
    teams.say("anna", 'commit misslyckande "Berätta om piloten som floppade" senast 2027-01-15 privat')
    activity = teams.activity("anna", "commit list")
    activity["conversation"] = {"id": "19:meeting-chat@thread.v2", "conversationType": "meeting", "tenantId": TENANT}
    before = len(connector.sent)

    assert teams.post(activity)[0] == 202

    answers = said(connector, before, 2)
    assert all("piloten" not in sent.text for sent in answers["19:meeting-chat@thread.v2"])
    assert any("piloten" in sent.text for sent in answers["a:personal-anna"])


def test_the_reflect_form_keeps_a_reflection_private_unless_shared_and_done_keeps_the_words(teams, connector, session):
    teams.say("anna", 'commit kurs "AI för chefer" senast 2027-01-15')
    before = len(connector.sent)
    teams.post(teams.activity("anna", "reflect"))
    [form] = connector.wait_for(before + 1)[-1].cards
    inputs = {i["id"]: i for i in form["body"] if i.get("id")}
    assert inputs["share"]["value"] == "false"  # private unless she chooses to share
    save = form["actions"][0]

    press(teams, "anna", save["verb"], {**save["data"], "number": "0", "text": "Jag sover dåligt", "done": "false"})
    press(teams, "anna", save["verb"], {**save["data"], "number": "0", "text": "Gå-möten fungerar", "share": "true"})
    press(teams, "anna", save["verb"], {**save["data"], "number": "1", "text": "Bästa kursen", "done": "true"})

    session.expire_all()
    kept = [(r.text, r.private) for r in session.exec(select(Reflection).order_by(Reflection.id))]
    assert kept == [("Jag sover dåligt", True), ("Gå-möten fungerar", False), ("Bästa kursen", True)]


def test_when_the_personal_chat_refuses_the_group_is_told_where_to_ask_not_pointed_at_nothing(teams, connector):
    teams.say("anna", 'commit misslyckande "Berätta om piloten som floppade" senast 2027-01-15 privat')
    connector.fail(403, times=1, body={"error": {"code": "Forbidden", "message": "The bot is not part of it"}})
    before = len(connector.sent)

    assert teams.post(in_group(teams, "anna", "commit list"))[0] == 202

    [group] = said(connector, before, 1)[GROUP]
    assert "open a chat with leadbot" in group.text or "öppna en chatt med leadbot" in group.text
    assert "piloten" not in group.text
