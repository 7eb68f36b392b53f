"""Check-ins through the real tick, the stand-in Slack and the real app's buttons."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import select

from bot.tick_job import run_tick
from nudges.content import HINTS
from storage.models import Commitment, Nudge, Reflection
from tests.wire import blocks_text

MONDAY_0905 = datetime(2026, 11, 30, 9, 5, tzinfo=UTC)  # 10:05 in Stockholm, 09:05 in London (Ben)


def commit(slack, user: str, text: str, n: int) -> None:
    slack.command(user, "/commit", text)
    slack.replies(n)


def checkins(standin) -> list:
    return [c for c in standin.of("chat.postMessage") if (c.args.get("metadata") or {}).get("event_type")]


def test_a_monday_tick_sends_each_manager_one_check_in_in_their_language(slack, standin, services, session):
    commit(slack, "U0ANNA", 'kurs "AI för chefer" senast 15 dec', 1)
    commit(slack, "U0ANNA", 'misslyckande "Berätta om piloten" senast 2027-01-20 privat', 2)
    commit(slack, "U0BEN", 'collaboration "Call Täby about their AI policy" by 2027-01-12', 3)
    commit(slack, "U0EN", 'course "Old plan" by 2027-01-12', 4)  # New York: 04:05, and dropped anyway
    slack.command("U0EN", "/commit", "drop #1")
    slack.replies(5)
    standin.clear()

    report = run_tick(services, MONDAY_0905)

    assert (report.sent, report.failed, report.pending) == (2, 0, 0)
    by_person = {c.args["channel"]: c.args for c in checkins(standin)}
    assert set(by_person) == {"U0ANNA", "U0BEN"}
    anna = blocks_text(by_person["U0ANNA"])
    assert "AI för chefer" in anna and "senast om 15 dagar" in anna and "Berätta om piloten" in anna
    assert any(hint in anna for hint in HINTS["course"]["sv"])  # block time in the calendar, and so on
    assert any(hint in anna for hint in HINTS["failure"]["sv"])  # the next team meeting, what to tell
    ben = blocks_text(by_person["U0BEN"])
    assert "Call Täby" in ben and "due in 43 days" in ben
    assert any(hint in ben for hint in HINTS["collaboration"]["en"])  # who to call
    buttons = [e["action_id"] for b in by_person["U0BEN"]["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["commitment_done", "commitment_reflect", "commitment_snooze", "commitment_drop"]
    sent = session.exec(select(Nudge)).all()
    assert all(n.state == "sent" and n.ts and n.day == date(2026, 11, 30) for n in sent) and len(sent) == 2


def test_a_repeated_tick_sends_nothing_twice(slack, standin, services):
    commit(slack, "U0BEN", 'course "AI for managers" by 15 Dec', 1)
    standin.clear()

    first = run_tick(services, MONDAY_0905)
    again = run_tick(services, MONDAY_0905)
    later = run_tick(services, MONDAY_0905.replace(hour=15))

    assert (first.sent, again.sent, later.sent) == (1, 0, 0)
    assert len(checkins(standin)) == 1


def test_slack_429_and_503_leave_it_pending_and_a_later_tick_sends_it_once(slack, standin, services, session):
    commit(slack, "U0BEN", 'course "AI for managers" by 15 Dec', 1)
    commit(slack, "U0ANNA", 'kurs "AI för chefer" senast 15 dec', 2)
    standin.clear()
    standin.fail("chat.postMessage", 503, times=3)  # not retried by the client: the post may have gone through

    first = run_tick(services, MONDAY_0905)
    assert first.sent + first.pending == 2 and first.pending >= 1
    standin.fail("chat.postMessage", 429, times=1, retry_after=0)
    second = run_tick(services, MONDAY_0905.replace(minute=6))
    third = run_tick(services, MONDAY_0905.replace(minute=7))

    assert first.sent + second.sent + third.sent == 2
    channels = sorted(c.args["channel"] for c in checkins(standin))
    assert channels == ["U0ANNA", "U0BEN"]
    session.expire_all()
    assert {n.state for n in session.exec(select(Nudge))} == {"sent"}


def test_done_on_a_check_in_completes_and_redraws_it(slack, standin, services, session, clock):
    commit(slack, "U0BEN", 'course "AI for managers" by 15 Dec', 1)
    clock.now = MONDAY_0905
    run_tick(services, MONDAY_0905)
    nudge = session.exec(select(Nudge)).one()
    commitment = session.exec(select(Commitment)).one()

    slack.interact(
        {
            "type": "block_actions",
            "user": {"id": "U0BEN", "team_id": "T0LEAD"},
            "container": {"type": "message", "channel_id": nudge.channel, "message_ts": nudge.ts},
            "channel": {"id": nudge.channel},
            "message": {"ts": nudge.ts},
            "actions": [{"action_id": "commitment_done", "value": str(commitment.id), "type": "button"}],
        }
    )

    [update] = standin.wait_for("chat.update")
    assert update.args["ts"] == nudge.ts and "Done — well done!" in blocks_text(update.args)
    session.expire_all()
    assert session.get(Commitment, commitment.id).state == "done"


def test_snooze_and_someone_elses_press(slack, standin, services, session, clock):
    commit(slack, "U0BEN", 'course "AI for managers" by 15 Dec', 1)
    clock.now = MONDAY_0905
    run_tick(services, MONDAY_0905)
    nudge = session.exec(select(Nudge)).one()
    commitment = session.exec(select(Commitment)).one()

    def press(user, action):
        return slack.interact(
            {
                "type": "block_actions",
                "user": {"id": user, "team_id": "T0LEAD"},
                "container": {"type": "message", "channel_id": nudge.channel, "message_ts": nudge.ts},
                "actions": [{"action_id": action, "value": str(commitment.id), "type": "button"}],
            }
        )

    press("U0ANNA", "commitment_done")
    refusal = [c for c in standin.wait_for("chat.postMessage", 2) if c.args["channel"] == "U0ANNA"]
    assert "inte ditt" in blocks_text(refusal[0].args)

    press("U0BEN", "commitment_snooze")
    [update] = standin.wait_for("chat.update")
    assert "Snoozed for a week" in blocks_text(update.args)
    session.expire_all()
    snoozed = session.get(Commitment, commitment.id)
    assert snoozed.state == "active" and snoozed.snoozed_until == date(2026, 12, 7)
    assert run_tick(services, datetime(2026, 12, 7, 9, 5, tzinfo=UTC)).sent == 0  # still snoozed that day
    assert run_tick(services, datetime(2026, 12, 14, 9, 5, tzinfo=UTC)).sent == 1


def test_a_reply_in_the_thread_is_a_reflection_on_that_commitment(slack, standin, services, session):
    commit(slack, "U0ANNA", 'kurs "AI för chefer" senast 15 dec', 1)
    run_tick(services, MONDAY_0905)
    nudge = session.exec(select(Nudge)).one()
    standin.clear()

    slack.event(
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

    [ack] = standin.wait_for("chat.postMessage")
    assert ack.args["thread_ts"] == nudge.ts and "Noterat på *#1*" in blocks_text(ack.args)
    reflection = session.exec(select(Reflection)).one()
    commitment = session.exec(select(Commitment)).one()
    assert (reflection.kind, reflection.commitment_id, reflection.text) == (
        "progress",
        commitment.id,
        "Bokade två pass i kalendern",
    )


def test_two_ticks_side_by_side_and_a_flaky_slack_still_nudge_everyone_exactly_once(slack, standin, services):
    from concurrent.futures import ThreadPoolExecutor

    from storage import repo
    from storage.db import session_scope

    people = [f"U{i:04d}" for i in range(40)]
    with session_scope(services.engine) as s:
        workspace = repo.get_or_create_workspace(s, platform="slack", external_id=standin.team_id)
        for user in people:
            standin.add_user(user, user.lower())
            person = repo.get_or_create_person(s, workspace_id=workspace.id, external_id=user)
            person.tz = "Europe/Stockholm"
            s.add(
                Commitment(
                    workspace_id=workspace.id,
                    person_id=person.id,
                    number=1,
                    category="course",
                    title="AI för chefer",
                    due=date(2026, 12, 15),
                )
            )
    standin.fail("chat.postMessage", 429, times=5, retry_after=0)
    standin.fail("chat.postMessage", 503, times=8)

    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = list(pool.map(lambda _: run_tick(services, MONDAY_0905), range(2)))
    for minute in range(6, 12):
        run_tick(services, MONDAY_0905.replace(minute=minute))

    delivered = sorted(c.args["channel"] for c in checkins(standin))
    assert delivered == people
    assert sum(r.sent for r in reports) <= len(people)


def test_a_plain_message_soon_after_a_check_in_is_a_reflection(slack, standin, services, session, clock):
    slack.command("U0BEN", "/commit", 'course "AI for managers" by 15 Dec')
    slack.replies(1)
    run_tick(services, MONDAY_0905)
    clock.now = MONDAY_0905.replace(hour=11)
    nudge = session.exec(select(Nudge)).one()
    standin.clear()

    slack.event(
        {
            "type": "message",
            "channel_type": "im",
            "channel": nudge.channel,
            "user": "U0BEN",
            "text": "#1 done Finished it, great course",
            "ts": "1800000000.000200",
        }
    )

    [ack] = standin.wait_for("chat.postMessage")
    assert "is done" in blocks_text(ack.args)
    session.expire_all()
    assert session.exec(select(Commitment)).one().state == "done"


def test_a_message_out_of_the_blue_gets_a_pointer_not_a_reflection(slack, standin, session):
    slack.event(
        {
            "type": "message",
            "channel_type": "im",
            "channel": "DU0BEN",
            "user": "U0BEN",
            "text": "hello?",
            "ts": "1800000000.000300",
        }
    )

    [answer] = standin.wait_for("chat.postMessage")
    assert "/reflect" in blocks_text(answer.args)
    assert session.exec(select(Reflection)).all() == []


def test_the_partner_hears_when_it_is_done_and_reflect_opens_the_form(slack, standin, services, session, clock):
    slack.command("U0ANNA", "/commit", 'samverkan "Workshop med Värmdö" senast 2027-01-20 med <@U0PA|pat>')
    slack.replies(1)
    standin.wait_for("chat.postMessage")
    run_tick(services, MONDAY_0905)
    clock.now = MONDAY_0905
    nudge = session.exec(select(Nudge)).one()
    commitment = session.exec(select(Commitment)).one()
    container = {"type": "message", "channel_id": nudge.channel, "message_ts": nudge.ts}

    slack.interact(
        {
            "type": "block_actions",
            "user": {"id": "U0ANNA", "team_id": "T0LEAD"},
            "container": container,
            "actions": [{"action_id": "commitment_reflect", "value": str(commitment.id), "type": "button"}],
        }
    )
    form = standin.wait_for("views.open")[0].args["view"]
    assert "Workshop med Värmdö" in str(form["blocks"][0]["accessory"]["initial_option"])

    slack.interact(
        {
            "type": "block_actions",
            "user": {"id": "U0ANNA", "team_id": "T0LEAD"},
            "container": container,
            "actions": [{"action_id": "commitment_done", "value": str(commitment.id), "type": "button"}],
        }
    )
    standin.wait_for("chat.update")
    notes = [c for c in standin.wait_for("chat.postMessage", 3) if c.args["channel"] == "U0PA"]
    assert "har bockat av" in blocks_text(notes[-1].args)


def test_a_slot_moved_after_the_weeks_check_in_brings_no_second_one_that_week(slack, standin, services, session):
    commit(slack, "U0BEN", 'course "AI for managers" by 2027-01-15', 1)
    commit(slack, "U0BEN", 'collaboration "Call Täby" by 2026-12-03', 2)  # Thursday: due in two working days
    standin.clear()
    assert run_tick(services, MONDAY_0905).sent == 1

    slack.command("U0BEN", "/leadbot", "checkin tue 09:00")
    slack.replies(1)
    tuesday = run_tick(services, datetime(2026, 12, 1, 9, 5, tzinfo=UTC))  # 09:05 in London, his new slot

    assert tuesday.sent == 1
    [monday, reminder] = [blocks_text(c.args) for c in checkins(standin)]
    assert "AI for managers" in monday and "Call Täby" in monday
    assert "Call Täby" in reminder and "AI for managers" not in reminder  # only what is due soon
    assert [n.checkin for n in session.exec(select(Nudge).order_by(Nudge.day))] == [True, False]
    # next week the new slot is his check-in day
    assert run_tick(services, datetime(2026, 12, 7, 9, 5, tzinfo=UTC)).sent == 0
    assert run_tick(services, datetime(2026, 12, 8, 9, 5, tzinfo=UTC)).sent == 1
