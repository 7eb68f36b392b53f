"""The forms behind bare /commit and /reflect, and App Home with its settings."""

from __future__ import annotations

from datetime import date, time

from sqlmodel import select

from storage.models import Commitment, Person, Reflection
from tests.wire import blocks_text


def input_ids(view: dict) -> list[str]:
    return [b["block_id"] for b in view["blocks"] if b["type"] == "input"]


def commit_values(**overrides) -> dict:
    values = {
        "category": {"type": "static_select", "selected_option": {"value": "collaboration"}},
        "what": {"type": "plain_text_input", "value": "Studiebesök i Göteborg"},
        "due": {"type": "datepicker", "selected_date": "2027-01-29"},
        "repeat": {"type": "static_select", "selected_option": {"value": "none"}},
        "partner": {"type": "users_select", "selected_user": "U0PA"},
        "visibility": {"type": "radio_buttons", "selected_option": {"value": "team"}},
    }
    values.update(overrides)
    return values


def test_bare_commit_opens_the_form_and_submitting_saves(slack, standin, session):
    slack.command("U0ANNA", "/commit", "")
    [opened] = standin.wait_for("views.open")
    view = opened.args["view"]
    assert view["callback_id"] == "commit_modal"
    assert input_ids(view) == ["category", "what", "due", "repeat", "partner", "visibility"]
    assert "Vad ska du göra?" in blocks_text(opened.args)

    response = slack.submit("U0ANNA", view, commit_values())
    assert response.status == 200 and response.body == ""

    confirmations = [c for c in standin.wait_for("chat.postMessage", 2) if c.args["channel"] == "U0ANNA"]
    assert "Studiebesök i Göteborg" in blocks_text(confirmations[0].args)
    commitment = session.exec(select(Commitment)).one()
    assert (commitment.category, commitment.due, commitment.partner_external_id) == (
        "collaboration",
        date(2027, 1, 29),
        "U0PA",
    )
    standin.wait_for("views.publish")


def test_the_form_shows_problems_next_to_the_fields_and_saves_nothing(slack, standin, session):
    slack.command("U0BEN", "/commit", "")
    view = standin.wait_for("views.open")[0].args["view"]

    response = slack.submit(
        "U0BEN",
        view,
        commit_values(
            what={"type": "plain_text_input", "value": "Become data-driven"},
            due={"type": "datepicker", "selected_date": "2026-11-01"},
            partner={"type": "users_select", "selected_user": "U0BEN"},
        ),
    )

    answer = response.json()
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"what", "due", "partner"}
    assert answer["errors"]["what"].startswith("That sounds like a goal rather than a step")
    assert "What is the first thing" in answer["errors"]["what"]  # a later sentence keeps its capital
    assert "end the title with “anyway”" in answer["errors"]["what"]  # the form's way to keep it
    assert "passed" in answer["errors"]["due"]
    assert session.exec(select(Commitment)).all() == []


def test_a_vision_in_the_form_is_saved_as_written_when_its_title_ends_with_anyway(slack, standin, session):
    slack.command("U0BEN", "/commit", "")
    view = standin.wait_for("views.open")[0].args["view"]

    response = slack.submit(
        "U0BEN",
        view,
        commit_values(
            what={"type": "plain_text_input", "value": "Become data-driven anyway"},
            due={"type": "datepicker", "selected_date": "2026-12-18"},
        ),
    )

    assert response.status == 200 and not response.body
    standin.wait_for("chat.postMessage")  # the receipt in the DM: saved by then
    commitment = session.exec(select(Commitment)).one()
    assert (commitment.title, commitment.due) == ("Become data-driven", date(2026, 12, 18))


def test_reflect_form_for_a_failure_asks_what_happened_and_what_we_learned(slack, standin, session):
    slack.command("U0ANNA", "/commit", 'misslyckande "Dela misslyckandet med e-tjänsten" senast 18 dec')
    slack.replies()
    commitment = session.exec(select(Commitment)).one()

    slack.command("U0ANNA", "/reflect", "")
    view = standin.wait_for("views.open")[0].args["view"]
    assert input_ids(view) == ["text", "share"]

    opened = {**view, "id": "V0REFLECT", "hash": "h1"}
    slack.click(
        "U0ANNA",
        "pick_commitment",
        view=opened,
        extra={"type": "static_select", "selected_option": {"value": str(commitment.id)}},
    )
    updated = standin.wait_for("views.update")[0].args
    assert updated["view_id"] == "V0REFLECT"
    assert input_ids(updated["view"]) == ["text", "learned", "mark_done", "share"]
    assert "Vad lärde vi oss?" in blocks_text(updated)

    slack.submit(
        "U0ANNA",
        updated["view"],
        {
            "text": {"type": "plain_text_input", "value": "E-tjänsten lanserades utan att handläggarna testat den"},
            "learned": {"type": "plain_text_input", "value": "Testa med handläggarna först"},
            "mark_done": {"type": "checkboxes", "selected_options": [{"value": "done"}]},
            "share": {"type": "checkboxes", "selected_options": []},
        },
    )
    standin.wait_for("chat.postMessage")
    session.expire_all()
    assert session.get(Commitment, commitment.id).state == "done"
    reflection = session.exec(select(Reflection)).one()
    assert reflection.kind == "done" and reflection.private


def test_reflect_form_for_a_free_failure_keeps_the_learning(slack, standin, session):
    slack.command("U0BEN", "/reflect", "")
    view = standin.wait_for("views.open")[0].args["view"]

    response = slack.submit("U0BEN", view, {"text": {"type": "plain_text_input", "value": ""}})
    assert response.json()["response_action"] == "errors"

    slack.submit(
        "U0BEN",
        view,
        {
            "text": {
                "type": "plain_text_input",
                "value": "failure: the chatbot pilot flopped, we learned to ask first",
            },
            "share": {"type": "checkboxes", "selected_options": [{"value": "share"}]},
        },
    )
    standin.wait_for("chat.postMessage")
    reflection = session.exec(select(Reflection)).one()
    assert reflection.kind == "failure" and not reflection.private
    assert reflection.text.startswith("the chatbot pilot flopped")


def test_app_home_shows_commitments_streak_and_settings(slack, standin, session):
    slack.command("U0ANNA", "/commit", 'kurs "AI för chefer" senast 15 dec')
    slack.replies(1)
    slack.command("U0ANNA", "/commit", 'annat "Läsa AI-rapporten" senast imorgon')
    slack.replies(2)
    slack.command("U0ANNA", "/reflect", "#2 klar")
    slack.replies(3)

    slack.event({"type": "app_home_opened", "user": "U0ANNA", "tab": "home", "channel": "D0ANNA"})
    home = standin.wait_for("views.publish")[0].args
    assert home["user_id"] == "U0ANNA"
    text = blocks_text(home)
    assert "Aktiva åtaganden" in text and "AI för chefer" in text and "senast 15 dec. 2026" in text
    assert "Nyligen avklarat" in text and "Läsa AI-rapporten" in text
    assert "1 vecka i rad" in text
    assert "Dag för avstämning" in text and "Måndag" in text
    done_buttons = [
        e
        for b in home["view"]["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e.get("action_id") == "commitment_done"
    ]
    assert len(done_buttons) == 1


def test_settings_change_language_day_time_and_pause(slack, standin, session):
    slack.click("U0ANNA", "setting_language", extra={"type": "static_select", "selected_option": {"value": "en"}})
    home = standin.wait_for("views.publish")[0].args
    assert "Active commitments" in blocks_text(home)

    slack.click("U0ANNA", "setting_nudge_day", extra={"type": "static_select", "selected_option": {"value": "2"}})
    standin.wait_for("views.publish", 2)
    slack.click("U0ANNA", "setting_nudge_time", extra={"type": "timepicker", "selected_time": "08:30"})
    standin.wait_for("views.publish", 3)
    slack.click("U0ANNA", "setting_pause", extra={"type": "datepicker", "selected_date": "2026-12-31"})
    standin.wait_for("views.publish", 4)

    session.expire_all()
    person = session.exec(select(Person)).one()
    assert (person.locale_choice, person.nudge_weekday, person.nudge_time, person.paused_until) == (
        "en",
        2,
        time(8, 30),
        date(2026, 12, 31),
    )

    slack.command("U0ANNA", "/commit", 'kurs "AI för chefer" senast 15 dec')
    assert "Committed" in slack.last_reply_text()  # her choice wins over her Slack locale


def test_home_buttons_complete_and_drop(slack, standin, session):
    slack.command("U0BEN", "/commit", 'course "AI for managers" by 15 Dec')
    slack.replies(1)
    slack.command("U0BEN", "/commit", 'course "GDPR refresher" by 20 Dec')
    slack.replies(2)
    first, second = session.exec(select(Commitment).order_by(Commitment.number)).all()

    slack.click("U0BEN", "commitment_done", str(first.id))
    standin.wait_for("views.publish")
    slack.click("U0BEN", "commitment_drop", str(second.id))
    standin.wait_for("views.publish", 2)

    session.expire_all()
    assert [c.state for c in session.exec(select(Commitment).order_by(Commitment.number))] == ["done", "dropped"]
    assert "GDPR refresher" not in blocks_text(standin.of("views.publish")[-1].args).split("Recently completed")[0]
