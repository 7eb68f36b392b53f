"""The weekly digest through the real app, the tick and the stand-in Slack."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from bot.tick_job import run_tick
from storage.models import Digest, Team
from tests.wire import blocks_text

FRIDAY_1405 = datetime(2026, 11, 27, 13, 5, tzinfo=UTC)  # 14:05 in Stockholm


def leader_command(
    slack, user: str, command: str, text: str, n: int, *, channel: str = "C0TEAM", name: str = "ledning"
) -> str:
    body = slack.command_body(user, command, text).replace("C0GENERAL", channel).replace("=general", "=" + name)
    slack.post(body, "application/x-www-form-urlencoded")
    return slack.last_reply_text(n)


def set_up_team(slack, standin, members=("U0ANNA", "U0BEN")) -> None:
    standin.add_channel("C0TEAM", "ledning", list(members))
    reply = leader_command(slack, "U0ANNA", "/leadbot", "digest on", 1)
    assert "veckobrev" in reply and "fredag" in reply


def digests(standin) -> list:
    return [
        c
        for c in standin.of("chat.postMessage")
        if (c.args.get("metadata") or {}).get("event_type") == "leadbot_digest"
    ]


def test_switching_on_joins_the_channel_and_a_tick_posts_once(slack, standin, services, session, clock):
    set_up_team(slack, standin)
    assert standin.of("conversations.join")[0].args["channel"] == "C0TEAM"
    team = session.exec(select(Team)).one()
    assert (team.channel_id, team.name, team.weekday, team.enabled) == ("C0TEAM", "ledning", 4, True)

    leader_command(slack, "U0ANNA", "/commit", 'kurs "AI för chefer" senast 15 dec', 2)
    leader_command(slack, "U0ANNA", "/commit", 'annat "Hemlig plan" senast 20 dec privat', 3)
    leader_command(slack, "U0BEN", "/commit", 'course "GDPR refresher" by 2026-12-10', 4)
    leader_command(slack, "U0BEN", "/reflect", "#1 done", 5)
    leader_command(slack, "U0BEN", "/reflect", "failure: the chatbot pilot flopped; ask case workers first", 6)
    leader_command(slack, "U0EN", "/commit", 'course "Not in the channel" by 2026-12-10', 7)

    first = run_tick(services, FRIDAY_1405)
    again = run_tick(services, FRIDAY_1405)

    assert first.digests["sent"] == 1 and again.digests.get("sent", 0) == 0
    [post] = digests(standin)
    assert post.args["channel"] == "C0TEAM"
    text = blocks_text(post.args)
    assert "This week's leading by example" in text  # LEADBOT_DEFAULT_LOCALE until the team picks one
    assert "AI för chefer" in text and "GDPR refresher" in text and "chatbot pilot flopped" in text
    assert "Hemlig plan" not in text and "Not in the channel" not in text
    assert "1 leader completed 1 commitment, 1 shared a failure, 2 new commitments" in text
    assert "<@" not in str(post.args["blocks"])  # names, not pings
    assert session.exec(select(Digest)).one().state == "sent"


def test_retries_under_429_and_503_post_exactly_once(slack, standin, services):
    set_up_team(slack, standin)
    leader_command(slack, "U0BEN", "/commit", 'course "GDPR refresher" by 2026-12-10', 2)
    standin.fail("chat.postMessage", 503, times=2)  # not retried by the client: the post may have gone through

    first = run_tick(services, FRIDAY_1405)
    standin.fail("chat.postMessage", 429, times=1, retry_after=0)
    second = run_tick(services, FRIDAY_1405.replace(minute=6))
    third = run_tick(services, FRIDAY_1405.replace(minute=7))

    assert first.digests["pending"] == 1
    assert second.digests.get("sent", 0) + third.digests.get("sent", 0) == 1
    assert len(digests(standin)) == 1


def test_language_time_and_off(slack, standin, services):
    set_up_team(slack, standin)
    assert "English" in leader_command(slack, "U0BEN", "/leadbot", "digest language en", 2)
    assert "Monday at 09:30" in leader_command(slack, "U0BEN", "/leadbot", "digest time mon 9:30", 3)
    assert "day and a time" in leader_command(slack, "U0BEN", "/leadbot", "digest time someday", 4)

    assert run_tick(services, FRIDAY_1405).digests == {"sent": 0, "pending": 0, "failed": 0, "skipped": 0}
    monday = datetime(2026, 11, 30, 8, 35, tzinfo=UTC)
    assert run_tick(services, monday).digests["sent"] == 1
    assert "quiet week" in blocks_text(digests(standin)[0].args)

    assert "no longer" in leader_command(slack, "U0BEN", "/leadbot", "digest off", 5)
    assert run_tick(services, datetime(2026, 12, 7, 8, 35, tzinfo=UTC)).digests["sent"] == 0


def test_a_private_channel_gets_a_how_to_invite_line(slack, standin):
    standin.add_channel("C0TEAM", "hemligt", ["U0ANNA"], private=True)
    reply = leader_command(slack, "U0ANNA", "/leadbot", "digest on", 1)
    assert "/invite @leadbot" in reply


def test_digest_in_a_direct_message_is_explained(slack, standin):
    reply = leader_command(slack, "U0BEN", "/leadbot", "digest on", 1, channel="DU0BEN")
    assert "team's channel" in reply


def test_stats_for_admins_only_and_never_for_fewer_than_five(slack, standin, session):
    standin.add_user("U0ADM", "admin", admin=True)
    assert "for workspace admins" in leader_command(slack, "U0BEN", "/leadbot", "stats", 1)
    assert "Fewer than five" in leader_command(slack, "U0ADM", "/leadbot", "stats", 2)

    n = 2
    for i in range(5):
        user = f"U0L{i}"
        standin.add_user(user, f"leader{i}")
        n += 1
        leader_command(slack, user, "/commit", 'course "AI for managers" by 2026-12-15', n)
    n += 1
    leader_command(slack, "U0L0", "/reflect", "#1 done", n)
    n += 1
    stats = leader_command(slack, "U0ADM", "/leadbot", "stats", n)
    assert "4* of 5" in stats and "November 2026: Course 1" in stats
    assert "leader0" not in stats and "U0L0" not in stats


def test_opting_out_in_app_home_keeps_a_leader_out_of_the_digest(slack, standin, services, session):
    set_up_team(slack, standin)
    leader_command(slack, "U0BEN", "/commit", 'course "GDPR refresher" by 2026-12-10', 2)
    leader_command(slack, "U0ANNA", "/commit", 'kurs "AI för chefer" senast 15 dec', 3)
    slack.click(
        "U0BEN", "setting_digest_opt_out", extra={"type": "checkboxes", "selected_options": [{"value": "opt_out"}]}
    )
    home = standin.wait_for("views.publish")[0].args
    assert "Leave me out of team digests" in blocks_text(home)

    run_tick(services, FRIDAY_1405)

    text = blocks_text(digests(standin)[0].args)
    assert "AI för chefer" in text and "GDPR refresher" not in text


def test_channels_posted_together_each_show_only_their_own_members(slack, standin, services, session):
    standin.add_channel("C0TEAM", "ledning", ["U0ANNA", "U0BEN"])
    standin.add_channel("C0OTHER", "projekt", ["U0BEN", "U0EN"])
    assert "veckobrev" in leader_command(slack, "U0ANNA", "/leadbot", "digest on", 1)
    assert "weekly digest" in leader_command(
        slack, "U0BEN", "/leadbot", "digest on", 2, channel="C0OTHER", name="projekt"
    )
    leader_command(slack, "U0ANNA", "/commit", 'kurs "Annas kurs" senast 15 dec', 3)
    leader_command(slack, "U0BEN", "/commit", 'kurs "Bens kurs" senast 15 dec', 4)
    leader_command(slack, "U0EN", "/commit", 'course "En course" by 2026-12-10', 5)
    leader_command(slack, "U0EN", "/commit", 'course "En secret" by 2026-12-10 private', 6)

    report = run_tick(services, FRIDAY_1405)

    assert report.digests["sent"] == 2
    posted = {c.args["channel"]: blocks_text(c.args) for c in digests(standin)}
    assert set(posted) == {"C0TEAM", "C0OTHER"}
    assert "Annas kurs" in posted["C0TEAM"] and "Bens kurs" in posted["C0TEAM"]
    assert "En course" not in posted["C0TEAM"] and "En secret" not in posted["C0TEAM"]
    assert "Bens kurs" in posted["C0OTHER"] and "En course" in posted["C0OTHER"]
    assert "Annas kurs" not in posted["C0OTHER"] and "En secret" not in posted["C0OTHER"]
    assert {d.state for d in session.exec(select(Digest))} == {"sent"}
