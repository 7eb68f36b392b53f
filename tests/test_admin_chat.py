"""Asking the bot for the admin page, on Slack and on Teams alike: an admin gets a one-time
sign-in link in their own chat, anyone else a kind no, and without a public address nobody
gets a link that could not work."""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta

from nudges.service import admin
from tests.conversations.fixtures import chat_fixture  # noqa: F401  (the `chat` fixture)

PUBLIC = "https://leadbot.kommun.example"


def with_public_url(chat) -> None:
    services = chat.services
    services._core = dataclasses.replace(services.core, public_url=PUBLIC)


def test_an_admin_gets_a_link_that_signs_in_once(chat):
    assert "LEADBOT_PUBLIC_URL" in chat.say("ada", "admin")  # not set up: no link that could not work

    with_public_url(chat)
    answer = chat.say("ada", "admin")
    if chat.platform == "slack":  # the link goes to the DM, the channel reads only that it was sent
        assert "direct message" in answer and "token=" not in answer
        [message] = chat.inbox("ada")
    else:
        message = answer
    found = re.search(rf"{re.escape(PUBLIC)}/admin/signin\?token=([\w-]+)", message)
    assert found, message
    token = found.group(1)

    core = chat.services.core
    opened = admin.redeem(core, token, core.now())
    assert opened is not None and admin.session(core, opened.token).workspace_id
    assert admin.redeem(core, token, core.now()) is None  # once only


def test_a_link_expires(chat):
    with_public_url(chat)
    answer = (
        chat.say("ada", "admin") if chat.platform == "teams" else (chat.say("ada", "admin"), chat.inbox("ada")[0])[1]
    )
    token = re.search(r"token=([\w-]+)", answer).group(1)
    core = chat.services.core
    assert admin.redeem(core, token, core.now() + timedelta(minutes=11)) is None


def test_someone_who_is_not_an_admin_gets_a_kind_no(chat):
    with_public_url(chat)
    answer = chat.say("anna", "admin")
    assert "token=" not in answer and "admin" in answer.lower()
