"""Every shared sentence reads right in Teams: no Slack short codes or single-star bold left."""

from __future__ import annotations

import re

import pytest

from bot.i18n import en, sv
from bot.teams.replies import markdown


@pytest.mark.parametrize("texts", [en.TEXTS, sv.TEXTS], ids=["en", "sv"])
def test_no_slack_emoji_codes_survive_in_teams(texts):
    leftovers = {key: re.findall(r":[a-z][a-z0-9_]*:", markdown(text)) for key, text in texts.items()}
    assert {key: found for key, found in leftovers.items() if found} == {}


def test_bold_becomes_teams_bold_code_stays_and_commands_are_teams_words():
    assert markdown("*#1* AI · by *15 Dec* `/commit list`") == "**#1** AI · by **15 Dec** `commit list`"
    assert markdown("`/leadbot digest off` stops it; `/leadbot export`") == "`@leadbot digest off` stops it; `export`"
    assert markdown("one\ntwo\n\nthree") == "one\n\ntwo\n\nthree"
    assert markdown(":handshake: a*b*c") == "🤝 a*b*c"  # stars inside a word are left alone
