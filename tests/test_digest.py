"""Digest building as pure data: privacy filters, the period, the quiet week, the big team; and
what a digest reads from and keeps in the database."""

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


def test_read_from_the_database_a_digest_shows_only_what_may_be_shown(engine):
    """What `load_activity` reads and `build()` keeps, row by row: steps and their focus area,
    failures about old steps (one of them private), a repeating step done again, learnings; and
    nothing of someone who opted out, someone who left the channel or another workspace."""
    from sqlmodel import Session

    from nudges.digest_posting import message_for
    from storage.models import Commitment, FocusArea, Person, Reflection, Team, Workspace

    month_ago, during = START - timedelta(days=30), START + timedelta(days=2)
    with Session(engine) as session:
        here, elsewhere = (
            Workspace(platform="slack", external_id="T0HERE"),
            Workspace(platform="slack", external_id="T0ELSE"),
        )
        session.add_all([here, elsewhere])
        session.flush()
        area = FocusArea(workspace_id=here.id, key="ai", name_sv="AI i verksamheten", name_en="AI at work")
        team = Team(workspace_id=here.id, channel_id="C0TEAM", locale="en", picture=False)
        session.add_all([area, team])
        anna, ben, quiet, gone = (
            Person(workspace_id=here.id, external_id=u, display_name=n, digest_opt_out=u == "U0QUIET")
            for u, n in (("U0ANNA", "Anna"), ("U0BEN", "Ben"), ("U0QUIET", "Quiet"), ("U0GONE", "Gone"))
        )
        twin = Person(workspace_id=elsewhere.id, external_id="U0ANNA", display_name="Other Anna")
        session.add_all([anna, ben, quiet, gone, twin])
        session.flush()
        numbers = iter(range(1, 100))

        def step(person, title, *, created=during, completed=None, private=False, repeat=None, focus=None):
            row = Commitment(
                workspace_id=person.workspace_id,
                person_id=person.id,
                number=next(numbers),
                category="course",
                title=title,
                due=END.date(),
                private=private,
                repeat=repeat,
                state="done" if completed else "active",
                created_at=created,
                completed_at=completed,
                focus_area_id=focus,
            )
            session.add(row)
            session.flush()
            return row

        def reflect(person, kind, text, *, about=None, learning=None, private=False):
            session.add(
                Reflection(
                    workspace_id=person.workspace_id,
                    person_id=person.id,
                    commitment_id=about.id if about else None,
                    kind=kind,
                    text=text,
                    learning=learning,
                    private=private,
                    created_at=during + timedelta(hours=1),
                )
            )

        step(anna, "AI course", completed=during + timedelta(hours=2), focus=area.id)
        step(anna, "Done long ago", created=month_ago, completed=month_ago + timedelta(days=1))
        reflect(anna, "failure", "The pilot flopped", about=step(anna, "Old pilot", created=month_ago), learning="Ask")
        reflect(anna, "failure", "About a secret", about=step(anna, "Old secret", created=month_ago, private=True))
        reflect(ben, "done", "again", about=step(ben, "Weekly walk", created=month_ago, repeat="weekly"))
        reflect(ben, "learning", "Walking one-on-ones work")
        reflect(ben, "learning", "A private learning", private=True)
        step(quiet, "Quiet step", completed=during)
        step(gone, "Step of one who left", completed=during)
        step(twin, "Another workspace's step", completed=during)
        session.commit()
        members = {"U0ANNA", "U0BEN", "U0QUIET"}
        data = message_for(session, team, start=START, end=END, members=members, digest_id=None).data

    def shown(entries):
        return [(e.name, e.title, e.text, e.learning, e.focus) for e in entries]

    assert shown(data.completed) == [
        ("Ben", "Weekly walk", None, None, None),
        ("Anna", "AI course", None, None, ("AI i verksamheten", "AI at work")),
    ]
    assert shown(data.committed) == [("Anna", "AI course", None, None, ("AI i verksamheten", "AI at work"))]
    assert shown(data.failures) == [("Anna", "Old pilot", "The pilot flopped", "Ask", None)]
    assert shown(data.learnings) == [("Ben", None, "Walking one-on-ones work", None, None)]


def test_the_picture_file_is_kept_on_the_digest_only_while_the_run_holds_its_claim(engine, session):
    from nudges.claims import TemporaryFailure
    from nudges.digest_posting import _keep_picture, claim_period
    from storage.locks import Owner
    from storage.models import Digest, Team, Workspace

    workspace = Workspace(platform="slack", external_id="T0KEEP")
    session.add(workspace)
    session.flush()
    team = Team(workspace_id=workspace.id, channel_id="C0KEEP")
    session.add(team)
    session.commit()
    with Owner(engine) as run:
        claimed = claim_period(engine, team, "2026-W49", end=END, now=END, owner=run)
        with Owner(engine) as other, pytest.raises(TemporaryFailure) as refused:
            _keep_picture(engine, claimed.id, "F0OTHER", other)  # not its claim
        assert refused.value.unsent
        _keep_picture(engine, claimed.id, "F0MINE", run)
        session.expire_all()
        assert session.get(Digest, claimed.id).picture_file == "F0MINE"
        with engine.begin() as connection:  # posted meanwhile: nothing is written over it
            connection.execute(Digest.__table__.update().values(state="sent"))
        with pytest.raises(TemporaryFailure):
            _keep_picture(engine, claimed.id, "F0LATE", run)
    session.expire_all()
    assert session.get(Digest, claimed.id).picture_file == "F0MINE"
