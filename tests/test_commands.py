"""The one reading of what a person typed, whatever the front end: Slack's `/commit X` is the
line "commit X", `/leadbot X` is "X", and Teams reads the message itself."""

from __future__ import annotations

import pytest

from bot.slack.listeners.commands import command_of
from nudges.service import commands as c


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('commit kurs "AI" senast 15 dec', c.Commit('kurs "AI" senast 15 dec')),
        ('/commit course "AI" by 15 Dec', c.Commit('course "AI" by 15 Dec')),
        ('åtagande kurs "AI" senast fredag', c.Commit('kurs "AI" senast fredag')),
        ("commit", c.OpenForm("commit")),
        ("commit ls", c.Listing()),
        ("commit lista", c.Listing()),
        ("ls", c.Listing()),
        ("list", c.Listing()),
        ("commit hjälp", c.Help(("commit",))),
        ("commit drop #2", c.Drop(number=2)),
        ("commit stryk 2", c.Drop(number=2)),
        ("commit drop", c.Usage("commit.drop_usage")),
        ("commit flytta #2 till 20 jan", c.Move(2, "till 20 jan")),
        ("commit move #2", c.Usage("commit.move_usage")),
        ("reflect #1 bokade kursen", c.Reflect("#1 bokade kursen")),
        ("reflektera", c.OpenForm("reflect")),
        ("reflect help", c.Help(("reflect",))),
        ("digest på", c.Digest("on")),
        ("veckobrev tid fre 14:00", c.Digest("time", ("fre", "14:00"))),
        ("digest språk en", c.Digest("language", ("en",))),
        ("digest", c.Digest("")),
        ("stats", c.Stats()),
        ("statistik", c.Stats()),
        ("export", c.Export()),
        ("radera", c.Erase()),
        ("språk en", c.Setting("language", "en")),
        ("avstämning mån 09:00", c.Setting("checkin", "mån 09:00")),
        ("pausa till 7 jan", c.Setting("pause", "till 7 jan")),
        ("visa", c.Setting("show_in_digests", "")),
        ("inställningar", c.Setting("show", "")),
        ("hjälp", c.Help(c.LEADBOT_HELP)),
        ("bokade kursen idag", c.Message("bokade kursen idag")),
    ],
)
def test_a_line_reads_as_one_command_in_either_language(line, expected):
    assert c.parse(line) == expected


@pytest.mark.parametrize(
    ("command", "text", "expected"),
    [
        ("/commit", "ls", c.Listing()),
        ("/commit", "", c.OpenForm("commit")),
        ("/reflect", "#1 klar", c.Reflect("#1 klar")),
        ("/reflect", "", c.OpenForm("reflect")),
        ("/leadbot", "digest on", c.Digest("on")),
        ("/leadbot", "stats", c.Stats()),
        ("/leadbot", "language en", c.Setting("language", "en")),
        ("/leadbot", "", c.Help(c.LEADBOT_HELP)),
        ("/leadbot", "what is this", c.Help(c.LEADBOT_HELP)),
    ],
)
def test_slack_commands_are_the_same_lines(command, text, expected):
    assert command_of(command, text) == expected


def test_what_is_ones_own_is_answered_in_private():
    personal = [
        c.parse(line) for line in ("commit ls", "ls", "stats", "export", "erase", "språk en", "commit x by friday")
    ]
    shared = [c.parse(line) for line in ("help", "digest on", "hello there", "commit drop")]
    assert all(c.is_personal(command) for command in personal)
    assert not any(c.is_personal(command) for command in shared)
