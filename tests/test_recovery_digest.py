"""A week's digest after a 5xx or a time-out, on real Slack's terms: looking for it in its channel
needs channels:history (the stand-in answers missing_scope for any scope our manifest lacks), a
digest that did arrive is recorded and not posted again, one that did not is posted once; a
refusal that can never succeed is failed, counted and not retried."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.services import Services
from bot.slack.manifest import BOT_SCOPES
from bot.tick_job import run_tick
from storage.models import Digest, Team
from tests.test_digest_wire import FRIDAY_1405, digests, leader_command, set_up_team


def activity(slack) -> None:
    leader_command(slack, "U0BEN", "/commit", 'course "GDPR refresher" by 2026-12-10', 2)


def test_a_digest_answered_with_a_5xx_is_looked_for_and_posted_once(slack, standin, services, session):
    set_up_team(slack, standin)
    activity(slack)
    standin.fail("chat.postMessage", 500)  # Slack's trouble: the post may or may not have gone through

    first = run_tick(services, FRIDAY_1405)
    second = run_tick(services, FRIDAY_1405 + timedelta(minutes=1))

    assert (first.digests["pending"], second.digests["sent"]) == (1, 1)
    [post] = digests(standin)
    assert "GDPR refresher" in str(post.args["blocks"])
    # The next tick looked in the channel first, as Slack lets an app with channels:history.
    [lookup] = standin.of("conversations.history")
    assert lookup.args["channel"] == "C0TEAM"
    session.expire_all()
    row = session.exec(select(Digest)).one()
    assert (row.state, row.ts, row.channel) == ("sent", post.result["ts"], "C0TEAM")
    assert "1 sent" in second.summary()


def test_a_digest_that_arrived_although_the_answer_did_not_is_recorded_not_posted_again(
    slack, standin, services, session
):
    set_up_team(slack, standin)
    activity(slack)
    impatient = Services(
        settings=dataclasses.replace(services.settings, slack_timeout=1), engine=services.engine, clock=services.clock
    )
    standin.hang("chat.postMessage")

    first = run_tick(impatient, FRIDAY_1405)
    standin.release()  # Slack did take it, after we had given up waiting
    standin.wait_for("chat.postMessage")
    second = run_tick(impatient, FRIDAY_1405 + timedelta(minutes=1))

    assert first.digests["pending"] == 1 and second.digests["sent"] == 1
    [post] = digests(standin)
    session.expire_all()
    assert session.exec(select(Digest)).one().ts == post.result["ts"]


@pytest.mark.slack_refuses  # conversations.history without channels:history, as such an install gets
def test_an_install_from_before_the_history_scopes_still_gets_its_digest(slack, standin, services, session):
    """Such an install cannot look: the digest is posted rather than lost (a doubled post would
    be visible; a lost week is not), and the log says how to grant what is missing."""
    standin.grant([s for s in BOT_SCOPES if s not in ("channels:history", "groups:history")])
    set_up_team(slack, standin)
    activity(slack)
    standin.fail("chat.postMessage", 500)

    run_tick(services, FRIDAY_1405)
    second = run_tick(services, FRIDAY_1405 + timedelta(minutes=1))

    assert second.digests["sent"] == 1 and len(digests(standin)) == 1
    session.expire_all()
    assert session.exec(select(Digest)).one().state == "sent"


def test_a_digest_slack_refuses_for_good_is_failed_counted_and_not_retried(slack, standin, services, session):
    set_up_team(slack, standin)
    activity(slack)
    del standin.channels["C0TEAM"]  # the channel was deleted: channel_not_found, whatever we try

    first = run_tick(services, FRIDAY_1405)
    later = [run_tick(services, FRIDAY_1405 + timedelta(minutes=m)) for m in (1, 2, 10)]

    assert first.digests["failed"] == 1 and "digests: 1 failed" in first.summary()
    assert all(r.digests.get("sent", 0) == r.digests.get("pending", 0) == 0 for r in later)
    assert len(standin.of("conversations.members")) == 0  # refused, so never recorded as a call
    assert digests(standin) == []
    session.expire_all()
    row = session.exec(select(Digest)).one()
    assert (row.state, row.attempts, row.error) == ("failed", 1, "channel_not_found")
    assert session.exec(select(Team)).one().enabled  # the team stays; an operator sees why it failed
