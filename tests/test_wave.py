"""Check-ins to many workspaces at once: Slack limits each workspace on its own, so one that Slack
throttles (a 429 with Retry-After) waits alone while the others' check-ins go out."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from slack_sdk.oauth.installation_store.models.installation import Installation
from sqlalchemy import insert
from sqlmodel import select

from bot.services import Services
from bot.settings import Settings
from bot.slack.installs import stores
from bot.tick_job import run_tick
from nudges.lanes import Lanes
from storage.models import Commitment, Nudge, Person, Workspace
from tests.conftest import SECRET
from tests.test_faults_wire import MONDAY_0905, checkin_counts
from tests.test_instances import seed

TEAMS = ("T0LEAD", "T0TWO")


def two_workspaces(standin, engine, database_url, people: int) -> Services:
    """The app installed in two workspaces (tokens in our database), `people` due in each."""
    standin.add_team("T0TWO", "Two")
    nine = datetime(2026, 1, 1, 9).time()
    with engine.begin() as connection:
        connection.execute(insert(Workspace.__table__), [{"platform": "slack", "external_id": t} for t in TEAMS])
        rows = [(w, f"U{w}{i:04d}") for w in range(2) for i in range(people)]
        for w, user in rows:
            standin.add_user(user, user.lower(), team_id=TEAMS[w])
        connection.execute(
            insert(Person.__table__),
            [
                {
                    "workspace_id": 1 + w,
                    "external_id": user,
                    "tz": "Europe/Stockholm",
                    "nudge_weekday": 0,
                    "nudge_time": nine,
                    "digest_opt_out": False,
                    "last_number": 1,
                }
                for w, user in rows
            ],
        )
        connection.execute(
            insert(Commitment.__table__),
            [
                {
                    "workspace_id": 1 + w,
                    "person_id": 1 + p,
                    "number": 1,
                    "category": "course",
                    "title": f"Step {p}",
                    "due": date(2027, 1, 15),
                    "private": False,
                    "state": "active",
                }
                for p, (w, _) in enumerate(rows)
            ],
        )
    store, _ = stores(engine, standin.client_id)
    for team_id in TEAMS:
        team = standin.teams[team_id]
        store.save(
            Installation(
                app_id=standin.app_id,
                team_id=team_id,
                bot_token=team.token,
                bot_id=team.bot_id,
                bot_user_id=team.bot_user_id,
                bot_scopes=standin.scope,
                user_id=f"U0{team_id}",
                installed_at=datetime.now(UTC).timestamp(),
            )
        )
    settings = Settings.from_env(
        {
            "SLACK_CLIENT_ID": standin.client_id,
            "SLACK_CLIENT_SECRET": standin.client_secret,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": standin.api_url,
            "DATABASE_URL": database_url,
        },
        dotenv_path=None,
    )
    return Services(settings=settings, engine=engine)


def nudges_of(session, workspace_id: int) -> list[Nudge]:
    session.expire_all()
    return list(session.exec(select(Nudge).where(Nudge.workspace_id == workspace_id)))


def test_a_workspace_slack_asks_to_wait_minutes_is_left_for_later_while_the_other_gets_everything(
    standin, engine, database_url, session
):
    services = two_workspaces(standin, engine, database_url, 30)
    standin.throttle("T0TWO", post_per_workspace=(0.5, 1))  # one post, then "come back in two minutes"

    report = run_tick(services, MONDAY_0905)

    counts = checkin_counts(standin)
    assert {u: n for u, n in counts.items() if u.startswith("U0")} == {f"U0{i:04d}": 1 for i in range(30)}
    assert sum(n for u, n in counts.items() if u.startswith("U1")) == 1
    assert (report.sent, report.pending) == (31, 29)
    assert Counter(n.state for n in nudges_of(session, 1)) == {"sent": 30}
    two = nudges_of(session, 2)
    assert Counter(n.state for n in two) == {"sent": 1, "pending": 29}
    # Handed back, refused with a 429 or never sent: no try is counted (a throttled workspace's
    # check-ins must not end failed after so many ticks of waiting).
    assert Counter(n.attempts for n in two if n.state == "pending") == {0: 29}


def test_a_429_with_a_short_retry_after_is_sent_in_the_same_tick(standin, services, session):
    seed(services.engine, standin, 5)
    standin.fail("chat.postMessage", 429, times=2, retry_after=1)

    report = run_tick(services, MONDAY_0905)

    assert (report.sent, report.pending) == (5, 0)
    assert set(checkin_counts(standin).values()) == {1} and len(checkin_counts(standin)) == 5
    session.expire_all()
    assert {n.state for n in session.exec(select(Nudge))} == {"sent"}
    assert standin.of("conversations.history") == []  # a 429 posted nothing: nothing to look for


def test_what_a_throttled_workspace_left_goes_out_in_the_next_ticks(standin, engine, database_url, session):
    services = two_workspaces(standin, engine, database_url, 3)
    standin.throttle("T0TWO", post_per_workspace=(0.5, 1))
    now = [0.0]
    standin.clock = lambda: now[0]

    sent = [run_tick(services, MONDAY_0905).sent]
    for minute in range(1, 5):
        now[0] += 120  # Slack's two minutes pass: one more post allowed there
        sent.append(run_tick(services, MONDAY_0905 + timedelta(minutes=minute)).sent)

    assert sent == [4, 1, 1, 0, 0]
    assert set(checkin_counts(standin).values()) == {1} and len(checkin_counts(standin)) == 6
    assert {n.state for n in nudges_of(session, 2)} == {"sent"}


# --- the lanes' bookkeeping ---------------------------------------------------------------


def test_a_paused_lane_waits_alone_and_its_message_goes_first_when_it_may_send_again():
    lanes = Lanes(concurrency=4)
    for i in range(3):
        lanes.add("A", f"a{i}")
        lanes.add("B", f"b{i}")
    first = [lanes.take(0.0), lanes.take(0.0)]
    assert first == [("A", "a0"), ("B", "b0")]
    lanes.throttled("A", "a0", retry_after=5, now=0.1)

    taken = [lanes.take(1.0) for _ in range(3)]

    assert taken == [("B", "b1"), ("B", "b2"), None]  # A paused takes no share: B may use them all
    assert round(lanes.wait_hint(1.0), 6) == 4.1  # paused at 0.1 for five seconds
    assert lanes.take(5.2) == ("A", "a0")


def test_a_lane_never_holds_more_than_its_share_of_the_threads():
    lanes = Lanes(concurrency=6)
    for i in range(10):
        for key in "ABC":
            lanes.add(key, f"{key}{i}")

    taken = [lanes.take(0.0) for _ in range(8)]

    busy = Counter(key for key, _ in filter(None, taken))
    assert busy == {"A": 2, "B": 2, "C": 2} and taken[6:] == [None, None]


def test_a_lane_refused_sends_fewer_at_once_and_a_closed_lane_hands_back_what_waited():
    lanes = Lanes(concurrency=4)
    for i in range(8):
        lanes.add("A", i)
    assert [lanes.take(0.0) for _ in range(5)] == [("A", 0), ("A", 1), ("A", 2), ("A", 3), None]
    for job in (0, 1, 2):  # three under way come back 429: halved once, not three times
        lanes.throttled("A", job, retry_after=1, now=0.0)
    lanes.answered("A")

    assert [lanes.take(2.0) for _ in range(3)] == [("A", 2), ("A", 1), None]
    assert lanes.close("A") == [0, 4, 5, 6, 7] and lanes.take(3.0) is None


@pytest.mark.parametrize("status", [400, 403, 404, 410, 413])
def test_an_http_4xx_other_than_429_fails_the_checkin_once_and_is_never_tried_again(standin, services, session, status):
    seed(services.engine, standin, 2)
    standin.fail("chat.postMessage", status)

    first = run_tick(services, MONDAY_0905)
    later = run_tick(services, MONDAY_0905 + timedelta(minutes=1))

    assert (first.sent, first.failed, first.pending) == (1, 1, 0)
    assert later.sent == later.failed == later.pending == 0
    assert len(checkin_counts(standin)) == 1
    session.expire_all()
    assert Counter(n.state for n in session.exec(select(Nudge))) == {"sent": 1, "failed": 1}
