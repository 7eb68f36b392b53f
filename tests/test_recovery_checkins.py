"""Check-ins after Slack said no: a 429 posted nothing, so the retry sends without looking; a 5xx
may have posted, so the retry looks first (once) and sends once; a refusal that can never
succeed ends failed, is counted, and is never tried again."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.tick_job import run_tick
from storage.models import Nudge
from tests.test_faults_wire import MONDAY_0905, checkin_counts
from tests.test_instances import seed


def states(session) -> Counter:
    session.expire_all()
    return Counter(n.state for n in session.exec(select(Nudge)))


def test_a_checkin_slack_throttled_is_sent_next_tick_without_a_lookup(standin, services, session):
    seed(services.engine, standin, 1)
    standin.fail("chat.postMessage", 429, times=4, retry_after=0)  # the first try and the client's three retries

    first = run_tick(services, MONDAY_0905)
    second = run_tick(services, MONDAY_0905 + timedelta(minutes=1))

    assert (first.pending, second.sent) == (1, 1)
    assert standin.of("conversations.history") == []  # a 429 posted nothing: nothing to look for
    assert checkin_counts(standin) == {"U00000": 1}
    assert states(session) == {"sent": 1}


def test_a_checkin_answered_with_a_5xx_is_looked_for_once_then_sent_once(standin, services, session):
    seed(services.engine, standin, 3)
    standin.fail("chat.postMessage", 502)

    first = run_tick(services, MONDAY_0905)
    second = run_tick(services, MONDAY_0905 + timedelta(minutes=1))

    assert (first.pending, second.sent) == (1, 1)
    [lookup] = standin.of("conversations.history")
    assert lookup.args["channel"].startswith("DU") and "oldest" in lookup.args  # only since the send began
    counts = checkin_counts(standin)
    assert len(counts) == 3 and set(counts.values()) == {1}
    assert states(session) == {"sent": 3}


@pytest.mark.slack_refuses
@pytest.mark.parametrize(
    "code", ["is_archived", "account_inactive", "invalid_blocks", "not_in_channel", "msg_too_long"]
)
def test_every_refusal_that_can_never_succeed_fails_the_checkin_once(standin, services, session, code):
    seed(services.engine, standin, 1)
    standin.fail("chat.postMessage", error=code, times=5)

    first = run_tick(services, MONDAY_0905)
    later = run_tick(services, MONDAY_0905 + timedelta(minutes=1))

    assert (first.sent, first.failed, first.pending) == (0, 1, 0)
    assert later.sent == later.failed == later.pending == 0
    session.expire_all()
    assert [(n.state, n.error) for n in session.exec(select(Nudge))] == [("failed", code)]


@pytest.mark.parametrize("code", ["internal_error", "fatal_error", "service_unavailable", "request_timeout"])
def test_slacks_own_passing_troubles_are_tried_again(standin, services, session, code):
    seed(services.engine, standin, 1)
    standin.fail("chat.postMessage", error=code)

    first = run_tick(services, MONDAY_0905)
    second = run_tick(services, MONDAY_0905 + timedelta(minutes=1))

    assert (first.sent, first.pending, second.sent) == (0, 1, 1)
    session.expire_all()
    assert [n.state for n in session.exec(select(Nudge))] == ["sent"]


def test_a_checkin_slack_refuses_for_good_is_failed_counted_and_never_retried(standin, services, session):
    seed(services.engine, standin, 3)
    del standin.users["U00001"]  # deactivated and gone from the workspace: channel_not_found

    first = run_tick(services, MONDAY_0905)
    later = [run_tick(services, MONDAY_0905 + timedelta(minutes=m)) for m in (1, 2, 30)]

    assert (first.sent, first.failed, first.pending) == (2, 1, 0)
    assert "2 sent, 0 pending, 1 failed" in first.summary()
    assert all(r.sent == r.pending == r.failed == 0 for r in later)
    session.expire_all()
    gone = [n for n in session.exec(select(Nudge)) if n.state == "failed"]
    assert [(n.attempts, n.error) for n in gone] == [(1, "channel_not_found")]
