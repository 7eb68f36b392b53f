"""A workspace's defaults through the real tick and the stand-in Slack: its admin sets them, and
its people who chose nothing get their check-ins and reminders by them, while the people of
another workspace keep the process-wide settings (Monday 09:00 in Stockholm, Swedish holidays)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import select

from bot.tick_job import run_tick
from nudges.content import INTROS, REMINDER_INTRO
from nudges.service import strategy
from storage.models import Nudge, Person, Workspace
from tests.wire import blocks_text

HERE, OTHER = "T0LEAD", "T0OTHER"
HELSINKI_TUESDAYS_IN_SWEDISH = {
    "timezone": "Europe/Helsinki",
    "nudge_weekday": "1",
    "nudge_time": "08:30",
    "locale": "sv",
}


def checkins(standin) -> dict[str, str]:
    """Who got a nudge, and its text."""
    return {
        c.args["channel"]: blocks_text(c.args)
        for c in standin.of("chat.postMessage")
        if (c.args.get("metadata") or {}).get("event_type")
    }


def commit(slack, user: str, text: str, n: int, team: str = HERE) -> None:
    slack.command(user, "/commit", text, team=team)
    assert "#1" in slack.last_reply_text(n)


def set_defaults(services, session, team: str, **form: str) -> None:
    """What the admin saves on the admin page's defaults form."""
    found = session.exec(select(Workspace).where(Workspace.external_id == team)).one()
    assert not isinstance(strategy.save_defaults(services.core, found.id, form), list)


def test_people_who_chose_nothing_get_their_workspaces_slot_zone_and_language(slack, standin, services, session):
    standin.add_user("U0NILS", "nils", locale="en-US", tz=None)  # Slack knows no zone for him
    standin.add_user("U0OLA", "ola", locale="en-US", tz=None)
    commit(slack, "U0NILS", 'course "AI for managers" by 2027-01-15', 1)
    commit(slack, "U0BEN", 'course "Copilot basics" by 2027-01-15', 2)  # Slack says London
    commit(slack, "U0OLA", 'course "Data for managers" by 2027-01-15', 3, team=OTHER)
    set_defaults(services, session, HERE, **HELSINKI_TUESDAYS_IN_SWEDISH)
    standin.clear()

    # Monday 09:05 in Stockholm: the process's slot, so only the other workspace's Ola.
    monday = run_tick(services, datetime(2026, 11, 30, 8, 5, tzinfo=UTC))
    assert monday.sent == 1 and set(checkins(standin)) == {"U0OLA"}
    assert any(intro in checkins(standin)["U0OLA"] for intro in INTROS["en"])
    standin.clear()

    # Tuesday 08:30 in Helsinki is 06:30 UTC: Nils, in Swedish (the office's language beats
    # Slack's English menus); Ben's Slack zone is London, where it is 06:30 yet.
    assert run_tick(services, datetime(2026, 12, 1, 6, 29, tzinfo=UTC)).sent == 0
    early = run_tick(services, datetime(2026, 12, 1, 6, 30, tzinfo=UTC))
    assert early.sent == 1 and set(checkins(standin)) == {"U0NILS"}
    nils = checkins(standin)["U0NILS"]
    assert "AI for managers" in nils and any(intro in nils for intro in INTROS["sv"])
    standin.clear()

    later = run_tick(services, datetime(2026, 12, 1, 8, 31, tzinfo=UTC))  # 08:31 in London
    assert later.sent == 1 and set(checkins(standin)) == {"U0BEN"}

    slots = {
        external: nudge.slot_at
        for nudge, external in session.exec(
            select(Nudge, Person.external_id).join(Person, Person.id == Nudge.person_id)
        ).all()
    }
    assert slots == {
        "U0OLA": datetime(2026, 11, 30, 8, 0, tzinfo=UTC),
        "U0NILS": datetime(2026, 12, 1, 6, 30, tzinfo=UTC),
        "U0BEN": datetime(2026, 12, 1, 8, 30, tzinfo=UTC),
    }


def test_a_persons_own_slot_and_language_win_over_the_workspaces(slack, standin, services, session):
    standin.add_user("U0NILS", "nils", locale="en-US", tz=None)
    commit(slack, "U0NILS", 'course "AI for managers" by 2027-01-15', 1)
    slack.command("U0NILS", "/leadbot", "checkin wed 10:00")
    slack.command("U0NILS", "/leadbot", "language en")
    set_defaults(services, session, HERE, **HELSINKI_TUESDAYS_IN_SWEDISH)
    standin.clear()

    assert run_tick(services, datetime(2026, 12, 1, 6, 35, tzinfo=UTC)).sent == 0  # the workspace's Tuesday
    assert run_tick(services, datetime(2026, 12, 2, 8, 0, tzinfo=UTC)).sent == 1  # Wednesday 10:00 Helsinki
    assert any(intro in checkins(standin)["U0NILS"] for intro in INTROS["en"])


def test_the_workspaces_holidays_decide_the_day_of_a_reminder(slack, standin, services, session):
    """Due Wednesday 19 May 2027. Two working days before it: Monday 17 May in Sweden; in Norway
    that Monday is Constitution Day (and Whit Monday), so there it is Friday 14 May."""
    standin.add_user("U0NILS", "nils", locale="en-US", tz=None)
    standin.add_user("U0OLA", "ola", locale="en-US", tz=None)
    commit(slack, "U0NILS", 'course "AI for managers" by 2027-05-19', 1)
    commit(slack, "U0OLA", 'course "Data for managers" by 2027-05-19', 2, team=OTHER)
    set_defaults(services, session, HERE, timezone="Europe/Oslo", holidays="NO")
    standin.clear()

    friday = run_tick(services, datetime(2027, 5, 14, 8, 5, tzinfo=UTC))  # 10:05 in Oslo and Stockholm
    assert friday.sent == 1 and set(checkins(standin)) == {"U0NILS"}
    assert REMINDER_INTRO["en"] in checkins(standin)["U0NILS"]
    standin.clear()

    monday = run_tick(services, datetime(2027, 5, 17, 8, 5, tzinfo=UTC))
    assert monday.sent == 1 and set(checkins(standin)) == {"U0OLA"}  # Nils has the day off
    days = {n.person_id: n.day for n in session.exec(select(Nudge))}
    assert sorted(days.values()) == [date(2027, 5, 14), date(2027, 5, 17)]
