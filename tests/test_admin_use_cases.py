"""The admin page's use cases on a real database (SQLite and PostgreSQL): one-time sign-in links,
sessions, focus areas, the workspace's defaults, the follow-up's group rule, and erasure."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlmodel import Session, select

from bot.services import Services
from bot.settings import Settings, SettingsError
from nudges.personal_data import erase
from nudges.service import admin, strategy
from nudges.service.actors import identify
from nudges.service.core import Core
from nudges.service.peers import NoPeers
from storage.models import AdminLink, AdminSession, Commitment, FocusArea, Person, Reflection
from tests.conftest import NOW, Clock


class PlatformAdmins(NoPeers):
    """The platform's own word on who is an admin (Slack's is_admin), as a front end's Peers gives it."""

    def __init__(self, *admins: str) -> None:
        self.admins = set(admins)

    def is_admin(self, actor):
        return actor.user_id in self.admins


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
        admins=frozenset({"U0ADMIN"}),
        public_url="https://leadbot.kommun.example",
    )


def token_of(link: str) -> str:
    prefix = "https://leadbot.kommun.example/admin/signin?token="
    assert link.startswith(prefix)
    return link.removeprefix(prefix)


def test_an_admin_gets_a_link_whose_token_is_kept_only_as_a_hash(core, session):
    anna = identify(core, platform="slack", workspace="T1", user="U0ADMIN")
    link = admin.issue_link(core, anna, NoPeers())
    token = token_of(link)
    kept = session.exec(select(AdminLink)).one()
    assert token not in kept.token_hash and len(kept.token_hash) == 64
    assert (kept.person_id, kept.workspace_id) == (anna.person_id, anna.workspace_id)
    assert kept.expires_at == NOW + timedelta(minutes=10)


def test_a_platform_admin_gets_a_link_and_anyone_else_none(core, session):
    peers = PlatformAdmins("U0OWNER")
    owner = identify(core, platform="slack", workspace="T1", user="U0OWNER")
    someone = identify(core, platform="slack", workspace="T1", user="U0SOMEONE")
    assert admin.issue_link(core, owner, peers) is not None
    assert admin.issue_link(core, someone, peers) is None
    assert len(session.exec(select(AdminLink)).all()) == 1


def test_without_a_public_url_no_link_is_made_and_the_reason_names_the_setting(core, session):
    bare = Core(engine=core.engine, clock=core.clock, default_locale="en", timezone="UTC", admins=core.admins)
    anna = identify(bare, platform="slack", workspace="T1", user="U0ADMIN")
    with pytest.raises(admin.NoPublicUrl, match="LEADBOT_PUBLIC_URL"):
        admin.issue_link(bare, anna, NoPeers())
    assert session.exec(select(AdminLink)).all() == []


def test_a_link_opens_one_session_once_bound_to_its_person(core, clock):
    anna = identify(core, platform="teams", workspace="tenant-1", user="U0ADMIN", profile={"platform_locale": "sv-SE"})
    token = token_of(admin.issue_link(core, anna, NoPeers()))
    opened = admin.redeem(core, token, NOW + timedelta(minutes=9))
    assert opened is not None
    assert admin.redeem(core, token, NOW + timedelta(minutes=9)) is None  # once only
    who = admin.session(core, opened.token)
    assert (who.workspace_id, who.person_id, who.locale, who.csrf) == (
        anna.workspace_id,
        anna.person_id,
        "sv",
        opened.csrf,
    )
    clock.now = NOW + timedelta(hours=8, minutes=10)
    assert admin.session(core, opened.token) is None  # a working day, no more


def test_an_expired_or_unknown_link_opens_nothing(core, session):
    anna = identify(core, platform="slack", workspace="T1", user="U0ADMIN")
    token = token_of(admin.issue_link(core, anna, NoPeers()))
    assert admin.redeem(core, token, NOW + timedelta(minutes=10)) is None
    assert admin.redeem(core, "not-a-token", NOW) is None
    assert admin.redeem(core, "", NOW) is None
    assert session.exec(select(AdminSession)).all() == []


def test_signing_out_ends_the_session(core):
    anna = identify(core, platform="slack", workspace="T1", user="U0ADMIN")
    opened = admin.redeem(core, token_of(admin.issue_link(core, anna, NoPeers())), NOW)
    admin.sign_out(core, opened.token)
    assert admin.session(core, opened.token) is None


def test_focus_areas_are_made_edited_listed_and_archived_per_workspace(core):
    one = identify(core, platform="slack", workspace="T1", user="U0ADMIN").workspace_id
    other = identify(core, platform="slack", workspace="T2", user="U0ADMIN").workspace_id
    form = {
        "key": "AI",
        "name_sv": "AI i vardagen",
        "name_en": "AI in everyday work",
        "meaning_sv": "Vi prövar AI där det hjälper invånarna.",
        "meaning_en": "We try AI where it helps residents.",
        "suggestion-1-category": "course",
        "suggestion-1-sv": "Gå kursen AI för chefer",
        "suggestion-1-en": "Take the course AI for managers",
    }
    made = strategy.save_focus_area(core, one, form)
    assert made.key == "ai" and made.suggestions == (
        strategy.Suggestion("course", "Gå kursen AI för chefer", "Take the course AI for managers"),
    )
    assert strategy.save_focus_area(core, one, form) == [strategy.Problem("key", "key_taken")]
    edited = strategy.save_focus_area(core, one, {**form, "editing": "ai", "key": "ignored", "name_en": "AI at work"})
    assert (edited.key, edited.name("en"), edited.name("sv")) == ("ai", "AI at work", "AI i vardagen")
    strategy.save_focus_area(core, one, {"key": "e-tjänster", "name_sv": "E-tjänster", "name_en": "E-services"})
    assert [a.key for a in strategy.focus_areas(core, one)] == ["ai", "e-tjänster"]
    assert strategy.focus_areas(core, other) == []
    assert strategy.archive_focus_area(core, other, "ai") is False  # not that workspace's
    assert strategy.archive_focus_area(core, one, "ai") is True
    assert [a.key for a in strategy.focus_areas(core, one)] == ["e-tjänster"]
    assert [(a.key, a.archived) for a in strategy.focus_areas(core, one, archived=True)] == [
        ("e-tjänster", False),
        ("ai", True),
    ]


def test_a_focus_area_form_with_problems_saves_nothing_and_says_each(core, session):
    workspace = identify(core, platform="slack", workspace="T1", user="U0ADMIN").workspace_id
    problems = strategy.save_focus_area(
        core,
        workspace,
        {
            "key": "1 bad",
            "name_sv": "x" * 81,
            "name_en": "",
            "suggestion-2-sv": "Bara svenska",
            "suggestion-2-category": "x",
        },
    )
    assert set(problems) == {
        strategy.Problem("key", "key_format"),
        strategy.Problem("name_sv", "too_long"),
        strategy.Problem("name_en", "required"),
        strategy.Problem("suggestion-2-category", "unknown"),
        strategy.Problem("suggestion-2-en", "required"),
    }
    assert session.exec(select(FocusArea)).all() == []


def test_the_workspace_defaults_are_validated_and_stored(core):
    workspace = identify(core, platform="slack", workspace="T1", user="U0ADMIN").workspace_id
    assert strategy.workspace_defaults(core, workspace) == strategy.Defaults()
    wrong = strategy.save_defaults(
        core,
        workspace,
        {"timezone": "Mars/Olympus", "locale": "de", "nudge_time": "9", "digest_weekday": "7", "holidays": "XX"},
    )
    assert {p.field for p in wrong} == {"timezone", "locale", "nudge_time", "digest_weekday", "holidays"}
    saved = strategy.save_defaults(
        core,
        workspace,
        {"timezone": "Europe/Helsinki", "locale": "sv", "nudge_weekday": "0", "nudge_time": "08:30",
         "digest_weekday": "4", "digest_time": "14:00", "holidays": "fi"},
    )  # fmt: skip
    assert saved == strategy.workspace_defaults(core, workspace)
    assert saved == strategy.Defaults("Europe/Helsinki", "sv", 0, time(8, 30), 4, time(14, 0), "FI")
    assert strategy.save_defaults(core, workspace, {}) == strategy.Defaults()


def commit(session, workspace_id, person_id, area_id, number, **fields):
    row = Commitment(
        workspace_id=workspace_id,
        person_id=person_id,
        number=number,
        category=fields.pop("category", "other"),
        title="A step",
        due=NOW.date(),
        focus_area_id=area_id,
        created_at=fields.pop("created_at", datetime(2026, 10, 1, tzinfo=UTC)),
        **fields,
    )
    session.add(row)
    session.flush()
    return row


def test_the_follow_up_counts_only_groups_of_five_and_nothing_private(core, engine):
    workspace = identify(core, platform="slack", workspace="T1", user="U0ADMIN").workspace_id
    area = strategy.save_focus_area(core, workspace, {"key": "ai", "name_sv": "AI", "name_en": "AI"})
    people = [identify(core, platform="slack", workspace="T1", user=f"U{n}").person_id for n in range(6)]
    november = datetime(2026, 11, 10, 12, tzinfo=UTC)
    with Session(engine) as session:
        area_id = session.exec(select(FocusArea.id)).one()
        # Five leaders in November (one of them done with a course), one more with a private step only.
        for person in people[:4]:
            commit(session, workspace, person, area_id, 1, created_at=datetime(2026, 11, 2, tzinfo=UTC))
        done = commit(session, workspace, people[4], area_id, 1, category="course", state="done",
                      created_at=datetime(2026, 10, 20, tzinfo=UTC), completed_at=november)  # fmt: skip
        commit(session, workspace, people[5], area_id, 1, private=True, state="done", completed_at=november)
        commit(session, workspace, people[0], area_id, 2, category="collaboration", state="done",
               created_at=datetime(2026, 11, 3, tzinfo=UTC), completed_at=november)  # fmt: skip
        about = {"workspace_id": workspace, "person_id": people[4], "commitment_id": done.id, "kind": "failure"}
        for private in (False, True):
            session.add(
                Reflection(**about, text="It flopped", learning="Ask first", private=private, created_at=november)
            )
        session.add(Reflection(**about, text="No lesson", created_at=november))
        session.commit()
    (follow,) = strategy.follow_up(core, workspace)
    assert follow.area == area
    assert [(m.year, m.month) for m in follow.months] == [(2026, m) for m in range(6, 12)]
    november_figures = follow.months[-1]
    assert november_figures == strategy.Month(2026, 11, leaders=5, completed=2, failures=1, courses=1, collaborations=1)
    assert follow.months[-2].too_few  # October: one leader (the one who completed in November)
    assert all(m.too_few for m in follow.months[:-1])


def test_erasing_a_person_removes_their_links_and_sessions(core, engine):
    anna = identify(core, platform="slack", workspace="T1", user="U0ADMIN")
    admin.redeem(core, token_of(admin.issue_link(core, anna, NoPeers())), NOW)
    admin.issue_link(core, anna, NoPeers())
    erase(engine, anna.person_id)
    with Session(engine) as session:
        assert session.exec(select(AdminLink)).all() == []
        assert session.exec(select(AdminSession)).all() == []
        assert session.get(Person, anna.person_id) is None


@pytest.mark.parametrize("value", ["leadbot.kommun.example", "https://leadbot.kommun.example/", "ftp://x.example"])
def test_a_public_url_that_is_not_an_http_address_without_a_trailing_slash_stops_start_up(value):
    with pytest.raises(SettingsError, match="LEADBOT_PUBLIC_URL"):
        Settings.from_env({"LEADBOT_PUBLIC_URL": value}, dotenv_path=None)


def test_the_public_url_reaches_the_core(engine):
    settings = Settings.from_env({"LEADBOT_PUBLIC_URL": "http://127.0.0.1:3000"}, dotenv_path=None)
    assert Services(settings=settings, engine=engine).core.public_url == "http://127.0.0.1:3000"
    assert Services(settings=Settings.from_env({}, dotenv_path=None), engine=engine).core.public_url == ""
