"""Forged, stale and repeated requests; Slack having a bad moment; the health check."""

from __future__ import annotations

import json
import time

from sqlmodel import select

from storage.models import Commitment, Reflection
from tests.wire import blocks_text


def count(session, model) -> int:
    session.expire_all()
    return len(list(session.exec(select(model))))


def test_a_forged_signature_gets_401_and_changes_nothing(slack, standin, session):
    body = slack.command_body("U0BEN", "/commit", 'course "AI" by 2026-12-15')
    response = slack.post(body, "application/x-www-form-urlencoded", signature="v0=" + "0" * 64)

    assert response.status == 401
    assert count(session, Commitment) == 0
    assert [c.method for c in standin.calls] == ["auth.test"]  # only the app's own start-up


def test_a_stale_request_gets_401(slack, session):
    body = slack.command_body("U0BEN", "/commit", 'course "AI" by 2026-12-15')
    stale = str(int(time.time()) - 10 * 60)
    response = slack.post(body, "application/x-www-form-urlencoded", timestamp=stale)

    assert response.status == 401
    assert count(session, Commitment) == 0


def test_a_body_changed_after_signing_gets_401(slack, session):
    body = slack.command_body("U0BEN", "/commit", 'course "AI" by 2026-12-15')
    timestamp = str(int(time.time()))
    from tests.conftest import SECRET
    from tests.wire import sign

    signature = sign(SECRET, timestamp, body)
    response = slack.post(
        body.replace("U0BEN", "U0ANNA"), "application/x-www-form-urlencoded", timestamp=timestamp, signature=signature
    )
    assert response.status == 401
    assert count(session, Commitment) == 0


def test_a_retried_command_is_applied_once(slack, standin, session):
    body = slack.command_body("U0BEN", "/commit", 'course "AI for managers" by 2026-12-15')
    first = slack.post(body, "application/x-www-form-urlencoded")
    again = slack.post(body, "application/x-www-form-urlencoded", headers={"X-Slack-Retry-Num": "1"})

    assert first.status == again.status == 200
    slack.replies(1)
    assert count(session, Commitment) == 1
    time.sleep(0.3)  # give a wrongly-accepted duplicate the chance to show up
    assert len(standin.of("response_url")) == 1


def test_a_retried_event_is_handled_once(slack, standin):
    event = {"type": "app_home_opened", "user": "U0BEN", "tab": "home", "channel": "D0BEN"}
    slack.event(event, event_id="Ev0RETRY")
    slack.event(event, event_id="Ev0RETRY", headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})

    standin.wait_for("views.publish")
    time.sleep(0.3)
    assert len(standin.of("views.publish")) == 1


def test_nobody_can_complete_someone_elses_commitment_with_a_button(slack, standin, session):
    slack.command("U0ANNA", "/commit", 'kurs "AI för chefer" senast 15 dec')
    slack.replies(1)
    commitment = session.exec(select(Commitment)).one()

    slack.click("U0BEN", "commitment_done", str(commitment.id))
    refusal = standin.wait_for("chat.postMessage")[0]
    assert refusal.args["channel"] == "U0BEN" and "isn't one of yours" in blocks_text(refusal.args)

    slack.click("U0BEN", "commitment_drop", str(commitment.id))
    standin.wait_for("chat.postMessage", 2)
    session.expire_all()
    assert session.get(Commitment, commitment.id).state == "active"
    assert count(session, Reflection) == 0


def test_nobody_can_reflect_on_someone_elses_commitment_through_a_form(slack, standin, session):
    slack.command("U0ANNA", "/commit", 'kurs "AI för chefer" senast 15 dec')
    slack.replies(1)
    commitment = session.exec(select(Commitment)).one()
    view = {
        "type": "modal",
        "callback_id": "reflect_modal",
        "private_metadata": json.dumps({"commitment": commitment.id}),
    }

    slack.submit(
        "U0BEN",
        view,
        {
            "text": {"type": "plain_text_input", "value": "I finished it"},
            "mark_done": {"type": "checkboxes", "selected_options": [{"value": "done"}]},
        },
    )
    refusal = standin.wait_for("chat.postMessage")[0]
    assert "isn't one of yours" in blocks_text(refusal.args)
    session.expire_all()
    assert session.get(Commitment, commitment.id).state == "active"
    assert count(session, Reflection) == 0


def test_slack_failing_users_info_still_gets_an_answer_in_the_default_language(slack, standin, session):
    standin.fail("users.info", 500, times=10)
    slack.command("U0ANNA", "/commit", 'kurs "AI för chefer" senast 15 dec')

    assert "Committed" in slack.last_reply_text()  # English: the default, since her locale is unknown
    assert count(session, Commitment) == 1


def test_rate_limited_partner_message_is_retried(slack, standin, session):
    standin.fail("chat.postMessage", 429, times=1, retry_after=0)
    slack.command("U0ANNA", "/commit", 'samverkan "Workshop med Värmdö" senast 30 januari med <@U0PA|pat>')

    [dm] = standin.wait_for("chat.postMessage")
    assert dm.args["channel"] == "U0PA"
    assert count(session, Commitment) == 1


def test_odd_input_never_causes_a_server_error(slack, session):
    for text in ["", "   ", "#", "#0", "drop", "drop x", '"', "“", "<@", "&lt;@", "kurs " + "x" * 5000, "\x00", "🙂"]:
        assert slack.command("U0BEN", "/commit", text).status == 200
        assert slack.command("U0BEN", "/reflect", text).status == 200
    garbage = slack.post("not a form", "application/x-www-form-urlencoded")
    assert garbage.status in (200, 400, 404)


def test_healthz(slack):
    response = slack.get("/healthz")
    assert response.status == 200 and response.json()["database"] == "ok"
