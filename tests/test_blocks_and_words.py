"""Block Kit builders as pure functions, the catalogs, and the streak."""

from __future__ import annotations

import re
import string
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import CATALOGS, format_date, pick_locale, t
from bot.slack import blocks
from nudges.drafts import Problem
from nudges.service.results import CommitmentView, Home, ReflectionView
from nudges.streak import streak
from storage.models import Commitment, Reflection
from tests.blockkit import check_blocks, check_view
from tests.wire import blocks_text

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TODAY = date(2026, 11, 26)


def commitment(number: int, title: str = "AI för chefer", **fields) -> Commitment:
    values = dict(
        id=number,
        workspace_id=1,
        person_id=1,
        number=number,
        category="course",
        title=title,
        due=date(2026, 12, 15),
        state="active",
    )
    values.update(fields)
    return Commitment(**values)


def home(locale: str = "sv", active: int = 2, **fields) -> Home:
    values = dict(
        locale=locale,
        tz=STOCKHOLM,
        today=TODAY,
        active=[CommitmentView.of(commitment(i, f"Steg {i} " + "x" * 140)) for i in range(1, active + 1)],
        completed=[
            CommitmentView.of(commitment(99, state="done", completed_at=datetime(2026, 11, 20, 12, tzinfo=UTC)))
        ],
        reflections=[
            ReflectionView.of(
                Reflection(
                    id=1,
                    workspace_id=1,
                    person_id=1,
                    commitment_id=1,
                    kind="progress",
                    text="<!here> bokade tid",
                    private=True,
                    created_at=datetime(2026, 11, 25, 8, tzinfo=UTC),
                ),
                1,
            )
        ],
        streak=3,
        nudge_weekday=0,
        nudge_time=time(9),
        paused_until=None,
    )
    values.update(fields)
    return Home(**values)


def test_catalogs_have_the_same_keys_and_placeholders():
    english, swedish = CATALOGS["en"], CATALOGS["sv"]
    assert set(english) == set(swedish)
    fields = lambda text: {f for _, f, _, _ in string.Formatter().parse(text) if f}  # noqa: E731
    for key in english:
        assert fields(english[key]) == fields(swedish[key]), key


def test_language_comes_from_choice_then_slack_then_default():
    assert pick_locale("sv-SE", choice=None, default="en") == "sv"
    assert pick_locale("en-GB", choice="sv", default="en") == "sv"
    assert pick_locale("de-DE", choice=None, default="sv") == "sv"
    assert pick_locale(None, choice=None, default="en") == "en"


def test_dates_are_written_the_local_way():
    assert format_date(date(2026, 12, 15), "sv") == "15 dec. 2026"
    assert format_date(date(2026, 12, 15), "en") == "Dec 15, 2026"


@pytest.mark.parametrize("locale", ["sv", "en"])
def test_home_is_valid_and_escapes_what_people_typed(locale):
    view = blocks.home_view(home(locale))
    check_view(view)
    text = blocks_text({"view": view})
    assert "&lt;!here&gt; bokade tid" in text and "<!here>" not in str(view)
    assert t(locale, "home.active") in text


def test_home_stays_within_100_blocks_for_someone_with_many_commitments():
    view = blocks.home_view(home(active=80, paused_until=date(2026, 12, 24)))
    check_view(view)
    assert "65" in blocks_text({"view": view})  # "…and 65 more"


@pytest.mark.parametrize("locale", ["sv", "en"])
def test_modals_are_valid(locale):
    check_view(blocks.commit_modal(locale, today=TODAY))
    failure = commitment(2, category="failure", private=True)
    many = [commitment(i, "y" * 150) for i in range(1, 130)]
    check_view(blocks.reflect_modal(locale, commitments=many, selected=failure))
    check_view(blocks.reflect_modal(locale, commitments=[]))


def test_a_long_list_is_split_within_slacks_limits():
    reply = blocks.commitment_list("en", [commitment(i, "z" * 150) for i in range(1, 60)], TODAY)
    check_blocks(reply.blocks)
    assert "19 more" in blocks_text({"blocks": reply.blocks})


def test_every_problem_has_words_in_both_languages():
    for locale in ("sv", "en"):
        for problem in Problem:
            text = blocks.reflect_refused(locale, (problem,), 3).text
            assert "{" not in text and len(text) > 20
        for problem in set(Problem) - {Problem.NO_TEXT, Problem.EMPTY}:
            assert "{" not in blocks.commit_refused(locale, (problem,)).text


def test_overdue_and_repeating_lines():
    overdue = blocks.commitment_line("en", commitment(1, due=date(2026, 11, 20)), TODAY)
    repeating = blocks.commitment_line("sv", commitment(2, repeat="month"), TODAY)
    assert "was due Nov 20, 2026" in overdue
    assert re.search(r"varje månad, nästa senast 15 dec\. 2026", repeating)


def at(day: str, hour: int = 12) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=STOCKHOLM)


def test_streak_counts_consecutive_weeks_and_forgives_the_current_one():
    now = at("2026-11-26")  # Thursday, week 48
    assert streak([], now=now, tz=STOCKHOLM) == 0
    assert streak([at("2026-11-24")], now=now, tz=STOCKHOLM) == 1
    three = [at("2026-11-24"), at("2026-11-17"), at("2026-11-13")]
    assert streak(three, now=now, tz=STOCKHOLM) == 3
    assert streak([at("2026-11-17"), at("2026-11-13")], now=now, tz=STOCKHOLM) == 2  # this week not over yet
    assert streak([at("2026-11-10"), at("2026-11-03")], now=now, tz=STOCKHOLM) == 0  # last week missed


def test_streak_uses_the_persons_time_zone():
    # 22:30 UTC on Sunday 22 Nov is still that Sunday in Stockholm but already Monday in Helsinki,
    # so by Monday 30 Nov the Stockholm week is two weeks back and the streak is broken.
    sunday_night = datetime(2026, 11, 22, 22, 30, tzinfo=UTC)
    now = at("2026-11-30")
    assert streak([sunday_night], now=now, tz=STOCKHOLM) == 0
    assert streak([sunday_night], now=now, tz=ZoneInfo("Europe/Helsinki")) == 1
