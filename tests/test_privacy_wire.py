"""Personal data: export holds exactly the person's data, erase leaves nothing of theirs,
retention deletes old reflections, and the logs never carry what people wrote."""

from __future__ import annotations

import dataclasses
import json
import logging
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import SQLModel, select

from bot.services import Services
from bot.tick_job import run_tick
from storage.installation_tables import slack_metadata
from storage.models import Commitment, Nudge, Person, Reflection
from tests.wire import blocks_text

MONDAY_0905 = datetime(2026, 11, 30, 9, 5, tzinfo=UTC)


def say(slack, user: str, command: str, text: str, n: int) -> str:
    slack.command(user, command, text)
    return slack.last_reply_text(n)


def two_people_with_history(slack, services) -> None:
    """Anna (sv) and Ben (en), each with commitments, reflections and a check-in; Ben names
    Anna as his partner."""
    say(slack, "U0ANNA", "/commit", 'kurs "AI för chefer" senast 15 dec', 1)
    say(slack, "U0ANNA", "/commit", 'misslyckande "Berätta om piloten" senast 2027-01-20 privat', 2)
    say(slack, "U0ANNA", "/reflect", "#1 bokade platsen, ser fram emot det", 3)
    say(slack, "U0ANNA", "/reflect", "misslyckande: piloten floppade, vi lärde oss att fråga handläggarna", 4)
    partnered = 'collaboration "Call Täby about their AI policy" by 2027-01-12 with <@U0ANNA|anna>'
    say(slack, "U0BEN", "/commit", partnered, 5)
    say(slack, "U0BEN", "/reflect", "Walking one-on-ones work for me", 6)
    run_tick(services, MONDAY_0905)


def everything_in_the_database(engine) -> str:
    """Every row of every table, as text: what "nothing of theirs left" is checked against."""
    tables = [*SQLModel.metadata.sorted_tables, *slack_metadata().sorted_tables]
    rows = []
    with engine.connect() as connection:
        for table in tables:
            for row in connection.execute(sa.select(table)):
                rows.append(f"{table.name}: {tuple(row)}")
    return "\n".join(rows)


def test_export_sends_the_person_a_file_with_exactly_their_data(slack, standin, services, session):
    two_people_with_history(slack, services)

    reply = say(slack, "U0ANNA", "/leadbot", "export", 7)

    assert "Jag har skickat dig en fil" in reply
    [upload] = standin.uploaded(channel="DU0ANNA")
    assert upload.filename.startswith("leadbot-") and upload.filename.endswith(".json")
    data = json.loads(upload.content.decode("utf-8"))
    assert data["format"] == "leadbot-export/1"
    assert data["workspace"]["id"] == "T0LEAD"
    assert data["person"]["external_id"] == "U0ANNA" and data["person"]["display_name"] == "anna"
    assert [c["title"] for c in data["commitments"]] == ["AI för chefer", "Berätta om piloten"]
    assert [c["private"] for c in data["commitments"]] == [False, True]
    assert sorted(r["text"] for r in data["reflections"]) == [
        "bokade platsen, ser fram emot det",
        "piloten floppade, vi lärde oss att fråga handläggarna",
    ]
    assert [n["state"] for n in data["nudges"]] == ["sent"]
    assert data["named_as_partner"] == [
        {"title": "Call Täby about their AI policy", "due": "2027-01-12", "state": "active"}
    ]
    text = json.dumps(data, ensure_ascii=False)
    assert "Walking one-on-ones" not in text and "U0BEN" not in text  # nothing of Ben's
    assert upload.initial_comment.startswith("Här är allt leadbot sparar om dig")


def test_erase_asks_then_deletes_everything_of_theirs_and_nothing_of_others(slack, standin, services, engine, session):
    two_people_with_history(slack, services)
    anna_id = session.exec(select(Person.id).where(Person.external_id == "U0ANNA")).one()

    slack.command("U0ANNA", "/leadbot", "erase")
    [ask] = slack.replies(7)[-1:]
    assert "Det går inte att ångra" in blocks_text(ask)
    [button] = ask["blocks"][1]["elements"]
    assert button["style"] == "danger" and button["confirm"]["confirm"]["text"] == "Radera"
    assert session.exec(select(Commitment).where(Commitment.person_id == anna_id)).all()  # nothing yet

    slack.interact(
        {
            "type": "block_actions",
            "user": {"id": "U0ANNA", "team_id": "T0LEAD"},
            "team": {"id": "T0LEAD"},
            "container": {"type": "message", "is_ephemeral": True},
            "response_url": standin.response_url("erase"),
            "actions": [
                {"action_id": button["action_id"], "block_id": "b", "value": button["value"], "type": "button"}
            ],
        }
    )

    done = slack.replies(8)[-1]
    assert done["replace_original"] is True
    assert "Klart: 2 åtaganden, 2 reflektioner och 1 avstämningar är raderade" in blocks_text(done)
    stored = everything_in_the_database(engine)
    for trace in ("U0ANNA", "Anna Andersson", "AI för chefer", "Berätta om piloten", "piloten floppade", "bokade"):
        assert trace not in stored, trace
    session.expire_all()
    assert session.get(Person, anna_id) is None
    assert not session.exec(select(Nudge).where(Nudge.person_id == anna_id)).all()
    bens = session.exec(select(Commitment)).one()
    assert bens.title == "Call Täby about their AI policy" and bens.partner_external_id is None
    assert [r.text for r in session.exec(select(Reflection))] == ["Walking one-on-ones work for me"]
    assert len(session.exec(select(Nudge)).all()) == 1  # Ben's check-in history stays


def test_someone_else_pressing_erase_erases_only_themselves(slack, standin, services, session):
    two_people_with_history(slack, services)
    slack.command("U0ANNA", "/leadbot", "erase")
    [ask] = slack.replies(7)[-1:]
    [button] = ask["blocks"][1]["elements"]

    # A payload crafted with Anna's prompt but pressed by Eno, who has nothing stored.
    slack.interact(
        {
            "type": "block_actions",
            "user": {"id": "U0EN", "team_id": "T0LEAD"},
            "team": {"id": "T0LEAD"},
            "response_url": standin.response_url("erase-eno"),
            "actions": [{"action_id": button["action_id"], "block_id": "b", "value": "U0ANNA", "type": "button"}],
        }
    )

    assert "0 commitments, 0 reflections and 0 check-ins" in blocks_text(slack.replies(8)[-1])
    session.expire_all()
    assert len(session.exec(select(Commitment)).all()) == 3
    assert session.exec(select(Person).where(Person.external_id == "U0ANNA")).one()


def test_retention_deletes_reflections_older_than_the_set_months(slack, standin, services, engine, session, clock):
    say(slack, "U0BEN", "/reflect", "An old learning", 1)
    say(slack, "U0BEN", "/reflect", "A recent learning", 2)
    with engine.begin() as connection:
        connection.execute(
            sa.update(Reflection.__table__)
            .where(Reflection.__table__.c.text == "An old learning")
            .values(created_at=clock.now - timedelta(days=200))
        )
    keeping = Services(
        settings=dataclasses.replace(services.settings, retention_months=6), engine=engine, clock=services.clock
    )

    run_tick(keeping, clock.now)

    session.expire_all()
    assert [r.text for r in session.exec(select(Reflection))] == ["A recent learning"]
    run_tick(services, clock.now)  # without retention nothing more goes
    session.expire_all()
    assert len(session.exec(select(Reflection)).all()) == 1


def test_info_logs_carry_ids_never_what_people_wrote(slack, standin, services, caplog):
    caplog.set_level(logging.INFO)
    say(slack, "U0ANNA", "/commit", 'kurs "Hemlig chefskurs" senast 15 dec', 1)
    say(slack, "U0ANNA", "/reflect", "#1 privat tanke om min chef", 2)
    say(slack, "U0ANNA", "/leadbot", "export", 3)
    run_tick(services, MONDAY_0905)

    logged = "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.INFO)
    assert "commitment made" in logged or "export sent" in logged  # something was logged
    for text in ("Hemlig chefskurs", "privat tanke", "min chef"):
        assert text not in logged
