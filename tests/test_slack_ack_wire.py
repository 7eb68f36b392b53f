"""A press or a message is answered to Slack as soon as it is acknowledged: the work after the
ack (telling the person, redrawing App Home) goes on while Slack is still being slow, and
nothing of it is lost when Slack does answer."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from bot.tick_job import run_tick
from storage.models import Commitment, Nudge, Reflection
from tests.wire import blocks_text

MONDAY_0905 = datetime(2026, 11, 30, 9, 5, tzinfo=UTC)


def test_a_press_from_app_home_is_acknowledged_while_its_home_is_still_being_published(slack, standin, session):
    slack.command("U0ANNA", "/commit", 'kurs "AI för chefer" senast 15 dec')
    slack.replies(1)
    commitment = session.exec(select(Commitment)).one()
    standin.hang("views.publish")

    answer = slack.interact(
        {
            "type": "block_actions",
            "user": {"id": "U0ANNA", "team_id": "T0LEAD"},
            "container": {"type": "view", "view_id": "V0HOME"},
            "actions": [{"action_id": "commitment_done", "value": str(commitment.id), "type": "button"}],
        }
    )

    assert answer.status == 200  # back while the home's publish is still waiting on Slack
    assert not standin.of("views.publish")  # no publish answered yet: the work is under way
    standin.release()
    [published] = standin.wait_for("views.publish")
    assert "AI för chefer" in blocks_text(published.args["view"])
    session.expire_all()
    assert session.get(Commitment, commitment.id).state == "done"


def test_an_answer_in_chat_is_acknowledged_while_its_reply_is_still_being_posted(slack, standin, services, session):
    slack.command("U0ANNA", "/commit", 'kurs "AI för chefer" senast 15 dec')
    slack.replies(1)
    run_tick(services, MONDAY_0905)
    nudge = session.exec(select(Nudge)).one()
    standin.clear()
    standin.hang("chat.postMessage")

    answer = slack.event(
        {
            "type": "message",
            "channel_type": "im",
            "channel": nudge.channel,
            "user": "U0ANNA",
            "text": "Bokade två pass i kalendern",
            "ts": "1800000000.000100",
            "thread_ts": nudge.ts,
        }
    )

    assert answer.status == 200
    assert not standin.of("chat.postMessage")
    standin.release()
    [reply] = standin.wait_for("chat.postMessage")
    assert reply.args["thread_ts"] == nudge.ts and "Noterat på *#1*" in blocks_text(reply.args)
    session.expire_all()
    assert session.exec(select(Reflection)).one().text == "Bokade två pass i kalendern"
