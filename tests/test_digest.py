"""Digest building as pure data: privacy filters, the period, the quiet week, the big team."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.digest_text import digest_text
from bot.slack.blocks import digest_message
from nudges.team_week import Activity, build, period_key, slot
from tests.blockkit import check_blocks
from tests.wire import blocks_text

STOCKHOLM = ZoneInfo("Europe/Stockholm")
END = datetime(2026, 12, 4, 13, 0, tzinfo=UTC)  # Friday 14:00 in Stockholm
START = END - timedelta(days=7)


def act(person="U1", kind="completed", *, private=False, opted_out=False, workspace=1, at=None, **values) -> Activity:
    base = dict(category="course", title="AI för chefer", text=None, learning=None)
    base.update(values)
    return Activity(
        workspace_id=workspace,
        person=person,
        name=person.lower(),
        opted_out=opted_out,
        kind=kind,
        private=private,
        at=at or END - timedelta(days=1),
        **base,
    )


def digest(activity, members=frozenset({"U1", "U2", "U3"}), locale="en"):
    return build(activity, workspace_id=1, members=set(members), start=START, end=END, locale=locale)


def test_completions_new_commitments_failures_and_learnings_are_grouped_and_summed():
    data = digest(
        [
            act("U1"),
            act("U1", title="GDPR"),
            act("U2", category="collaboration", title="Call Täby"),
            act("U3", "committed", title="Excel"),
            act("U3", "failure", category="failure", title=None, text="The pilot flopped", learning="Ask first"),
            act("U2", "learning", category=None, title=None, text="Walking one-on-ones work"),
        ]
    )
    assert (len(data.completed), data.leaders_completing, data.sharers, len(data.committed)) == (3, 2, 1, 1)
    text = digest_text(data, STOCKHOLM)
    assert "2 leaders completed 3 commitments, 1 shared a failure, 1 new commitment, 1 learning." in text
    assert "The pilot flopped — learned: Ask first" in text and "Walking one-on-ones work" in text


def test_private_items_opted_out_people_non_members_and_other_workspaces_never_appear():
    data = digest(
        [
            act("U1", title="Secret plan", private=True),
            act("U2", title="Quiet person", opted_out=True),
            act("U9", title="Not in this channel"),
            act("U1", title="Other workspace", workspace=2),
            act("U3", "learning", text="private learning", private=True),
            act("U3", title="Shown"),
        ]
    )
    text = digest_text(data, STOCKHOLM)
    assert "Shown" in text
    for hidden in ("Secret plan", "Quiet person", "Not in this channel", "Other workspace", "private learning"):
        assert hidden not in text


def test_only_the_period_counts():
    data = digest([act(at=START - timedelta(seconds=1)), act(at=START, title="First"), act(at=END, title="Late")])
    assert [e.title for e in data.completed] == ["First"]


@pytest.mark.parametrize("locale", ["sv", "en"])
def test_a_quiet_week_gets_one_encouraging_line(locale):
    data = digest([act("U9")], locale=locale)
    message = digest_message(data, STOCKHOLM)
    check_blocks(message.blocks)
    assert data.quiet and len(message.blocks) == 4
    assert ("lugn vecka" if locale == "sv" else "quiet week") in blocks_text({"blocks": message.blocks})


def test_nobody_is_named_for_being_late_or_doing_nothing():
    text = digest_text(digest([act("U1")]), STOCKHOLM)
    for word in ("late", "overdue", "nothing", "sen", "försenad"):
        assert word not in text.lower().split()


def test_three_hundred_leaders_and_a_thousand_events_stay_within_slacks_limits():
    members = {f"U{i:03d}" for i in range(300)}
    kinds = ["completed", "committed", "failure", "learning"]
    activity = [
        act(
            f"U{i % 300:03d}",
            kinds[i % 4],
            title="T" * 150,
            text="x" * 2000,
            learning="y" * 2000,
            at=START + timedelta(minutes=i),
        )
        for i in range(1000)
    ]
    data = digest(activity, members=members)
    message = digest_message(data, STOCKHOLM)
    check_blocks(message.blocks)
    text = blocks_text({"blocks": message.blocks})
    assert "…and 235 more" in text
    assert len(message.text) < 3000


def test_the_slot_is_the_teams_weekday_and_time_and_not_a_day_late():
    friday = dict(weekday=4, at=time(14, 0), tz=STOCKHOLM)
    assert slot(datetime(2026, 12, 4, 12, 59, tzinfo=UTC), **friday) is None
    assert slot(END, **friday) == END
    assert slot(END + timedelta(hours=23), **friday) == END
    assert slot(END + timedelta(days=1), **friday) is None
    assert period_key(END, STOCKHOLM) == "2026-W49"
