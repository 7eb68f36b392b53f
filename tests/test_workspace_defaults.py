"""A workspace's own defaults on a real database (SQLite and PostgreSQL): what each person of it
gets where they chose nothing, in which order with their own choice, the platform's word and the
process-wide settings, and that another workspace keeps the process's."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlmodel import select

from nudges.service import admin, strategy
from nudges.service import calendar as calendar_use_case
from nudges.service import home as home_use_case
from nudges.service.actors import identify
from nudges.service.core import Core
from nudges.service.peers import NoPeers
from storage.models import Commitment, Person
from tests.conftest import NOW, Clock


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def core(engine, clock) -> Core:
    return Core(
        engine=engine,
        clock=clock,
        default_locale="en",
        timezone="Europe/Stockholm",
        holidays="SE",
        admins=frozenset({"U0ADMIN"}),
        public_url="https://leadbot.kommun.example",
    )


def workspace(core: Core, external_id: str, **defaults: str) -> int:
    """A workspace, with the defaults its admin saved on the admin page (none: the process's)."""
    found = identify(core, platform="slack", workspace=external_id, user="U0ADMIN").workspace_id
    if defaults:
        saved = strategy.save_defaults(core, found, defaults)
        assert not isinstance(saved, list), saved
    return found


def person(core: Core, external_id: str, user: str, **profile):
    return identify(core, platform="slack", workspace=external_id, user=user, profile=profile or None)


def test_language_is_the_persons_choice_then_the_workspaces_then_the_clients_then_the_process(core):
    workspace(core, "T1", locale="sv")
    workspace(core, "T2")
    workspace(core, "T3", timezone="Europe/Helsinki")  # defaults, but no language of its own

    slack_in_english = person(core, "T1", "U1", platform_locale="en-US")
    assert slack_in_english.locale == "sv"  # the office chose Swedish; Slack's menus have none
    chose = home_use_case.setting(core, slack_in_english, "language", "en")
    assert chose.home.locale == "en"
    assert identify(core, platform="slack", workspace="T1", user="U1").locale == "en"  # and it stays

    assert person(core, "T2", "U2", platform_locale="sv-SE").locale == "sv"  # the client, then
    assert person(core, "T2", "U3").locale == "en"  # nothing known: the process's
    assert person(core, "T3", "U4", platform_locale="sv-SE").locale == "sv"
    assert person(core, "T3", "U5").locale == "en"


def test_time_zone_is_the_clients_then_the_workspaces_then_the_process(core):
    workspace(core, "T1", timezone="Europe/Helsinki")
    workspace(core, "T2")

    assert str(person(core, "T1", "U1", tz="Europe/London").tz) == "Europe/London"  # where they are
    assert str(person(core, "T1", "U2").tz) == "Europe/Helsinki"
    assert str(person(core, "T2", "U3").tz) == "Europe/Stockholm"


def test_the_check_in_slot_is_the_workspaces_until_the_person_chooses_one(core, session):
    workspace(core, "T1", nudge_weekday="1", nudge_time="08:30")
    workspace(core, "T2")
    anna = person(core, "T1", "U1")
    ben = person(core, "T2", "U2")

    shown = home_use_case.home(core, anna)
    assert (shown.nudge_weekday, shown.nudge_time) == (1, time(8, 30))
    other = home_use_case.home(core, ben)
    assert (other.nudge_weekday, other.nudge_time) == (0, time(9, 0))  # the process's: Monday 09:00

    home_use_case.set_fields(core, anna, {"nudge_time": time(10, 0)})  # only the time, from App Home
    shown = home_use_case.home(core, anna)
    assert (shown.nudge_weekday, shown.nudge_time) == (1, time(10, 0))  # the day still the workspace's
    home_use_case.setting(core, anna, "checkin", "thu 07:45")
    stored = session.exec(select(Person).where(Person.id == anna.person_id)).one()
    assert (stored.nudge_weekday, stored.nudge_time) == (3, time(7, 45))
    assert session.get(Person, ben.person_id).nudge_weekday is None  # follows whatever applies


def test_a_workspace_may_not_put_check_ins_on_a_weekend(core):
    found = workspace(core, "T1")
    assert strategy.save_defaults(core, found, {"nudge_weekday": "5"}) == [strategy.Problem("nudge_weekday", "unknown")]
    assert not isinstance(strategy.save_defaults(core, found, {"digest_weekday": "6"}), list)  # a digest may


def test_the_admin_page_speaks_the_workspaces_language_to_an_admin_who_chose_none(core):
    workspace(core, "T1", locale="sv")
    admin_here = person(core, "T1", "U0ADMIN", platform_locale="en-GB")
    link = admin.issue_link(core, admin_here, NoPeers())
    opened = admin.redeem(core, link.rsplit("=", 1)[1], NOW)
    assert admin.session(core, opened.token).locale == "sv"


def _commit(session, actor, *, due: date, category: str = "course") -> None:
    session.add(
        Commitment(
            workspace_id=actor.workspace_id,
            person_id=actor.person_id,
            number=1,
            category=category,
            title="Boka kursen",
            due=due,
        )
    )
    session.commit()


def test_the_calendar_events_default_day_skips_the_workspaces_own_holidays(core, session):
    """Due Tuesday 18 May 2027: the working day before is Monday 17 May in Sweden, but that
    Monday is Constitution Day (and Whit Monday) in Norway, so there it is Friday 14 May."""
    workspace(core, "T1", holidays="no")
    workspace(core, "T2")
    ola = person(core, "T1", "U1")
    sven = person(core, "T2", "U2")
    _commit(session, ola, due=date(2027, 5, 18))
    _commit(session, sven, due=date(2027, 5, 18))

    in_norway = calendar_use_case.add_to_calendar(core, ola, number=1)
    in_sweden = calendar_use_case.add_to_calendar(core, sven, number=1)

    assert in_norway.slot.start.date() == date(2027, 5, 14)
    assert in_sweden.slot.start.date() == date(2027, 5, 17)
