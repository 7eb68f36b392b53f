"""Conversations a manager has with leadbot, each held on Slack and on Teams, on SQLite and
PostgreSQL: what one platform lets a person do, the other must let them do in its own words.

"Now" is Thursday 2026-11-26, 10:00 in Stockholm, where the whole cast lives.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from storage.models import Commitment, Digest, Person, Reflection, Team
from tests.conversations.fixtures import chat_fixture  # noqa: F401  (the `chat` fixture)

MONDAY_0905 = datetime(2026, 11, 30, 8, 5, tzinfo=UTC)  # 09:05 in Stockholm: the check-ins' slot
FRIDAY_1405 = datetime(2026, 11, 27, 13, 5, tzinfo=UTC)  # 14:05 in Stockholm: the digest's slot


def person_row(session, chat, who: str) -> Person | None:
    session.expire_all()
    return session.exec(select(Person).where(Person.external_id == chat.id_of(who))).first()


def commitments(session, chat, who: str) -> list[Commitment]:
    found = person_row(session, chat, who)
    if found is None:
        return []
    return list(session.exec(select(Commitment).where(Commitment.person_id == found.id).order_by(Commitment.number)))


def reflections(session, chat, who: str) -> list[Reflection]:
    found = person_row(session, chat, who)
    if found is None:
        return []
    return list(session.exec(select(Reflection).where(Reflection.person_id == found.id).order_by(Reflection.id)))


def active_part(listing: str) -> str:
    """A listing up to where it turns to what is already completed."""
    return re.split(r"Nyligen avklarat|Recently completed", listing)[0]


def test_a_commitment_is_listed_reflected_on_and_done(chat, session):
    reply = chat.say("anna", 'commit kurs "Ledarskap i förändring" senast 15 jan')
    assert "Åtagande sparat" in reply and "#1" in reply
    assert "Ledarskap i förändring" in reply and "15 jan. 2027" in reply

    listing = chat.say("anna", "ls")
    assert "#1" in listing and "Ledarskap i förändring" in listing and "15 jan. 2027" in listing

    noted = chat.say("anna", "reflect #1 bokade kursen till den 10 december")
    assert "Noterat på #1" in noted and "Ledarskap i förändring" in noted
    done = chat.say("anna", "reflect #1 klar Gick kursen, lärde mig om AI-förordningen")
    assert "#1" in done and "Ledarskap i förändring" in done and "klart" in done

    after = chat.say("anna", "ls")
    assert "Ledarskap i förändring" not in active_part(after)

    [commitment] = commitments(session, chat, "anna")
    assert (commitment.title, commitment.category) == ("Ledarskap i förändring", "course")
    assert commitment.due == date(2027, 1, 15)
    assert commitment.state == "done" and commitment.completed_at is not None
    stored = [(r.kind, r.text, r.commitment_id) for r in reflections(session, chat, "anna")]
    assert stored == [
        ("progress", "bokade kursen till den 10 december", commitment.id),
        ("done", "Gick kursen, lärde mig om AI-förordningen", commitment.id),
    ]


def test_a_partner_hears_of_the_commitment_and_of_its_completion(chat, session):
    """Teams lets a bot write only where it has been before: Pat writes to leadbot first."""
    chat.say("pat", "hej")

    reply = chat.say("anna", 'commit samverkan "Workshop med Värmdö kommun" senast 30 januari med @pat')
    assert "Workshop med Värmdö kommun" in reply and "Pat Persson" in reply and "parhäst" in reply
    [note] = chat.inbox("pat")
    assert "Anna Andersson" in note and "parhäst" in note
    assert "Workshop med Värmdö kommun" in note and "30 jan. 2027" in note
    [commitment] = commitments(session, chat, "anna")
    assert commitment.partner_external_id == chat.id_of("pat")

    chat.tick(MONDAY_0905)
    [checkin] = chat.inbox("anna")
    assert "#1" in checkin and "Workshop med Värmdö kommun" in checkin
    pressed = chat.press("anna", "done", 1)
    assert "Workshop med Värmdö kommun" in pressed and "klart" in pressed.lower()

    notes = chat.inbox("pat", 2)
    assert len(notes) == 2
    assert "Anna Andersson" in notes[1] and "Workshop med Värmdö kommun" in notes[1]
    assert re.search(r"bockat av|klar", notes[1]), notes[1]
    assert commitments(session, chat, "anna")[0].state == "done"


def test_a_partner_who_never_wrote_to_leadbot(chat, session):
    """Slack opens a direct message with anyone in the workspace, so there Eno, who never wrote
    to leadbot, is told. Teams lets a bot write first only where it may open a chat: whether
    Eno hears of it there is the platform's to say, but Ben must not read that Eno was told
    when Eno was not."""
    reply = chat.say("ben", 'commit collaboration "Joint procurement workshop with Tyresö" by 2027-02-15 with @eno')

    assert "Joint procurement workshop with Tyresö" in reply and "Eno Evans" in reply
    [commitment] = commitments(session, chat, "ben")
    assert commitment.partner_external_id == chat.id_of("eno")
    notes = chat.inbox("eno", 1 if chat.platform == "slack" else 0)  # a note comes before the answer
    if notes:
        assert "Ben Brown" in notes[0] and "Joint procurement workshop with Tyresö" in notes[0]
    else:
        assert "has been told" not in reply, f"Ben reads that Eno was told, and Eno got nothing: {reply}"


def test_refusals_are_kind_and_save_nothing(chat, session):
    chat.say("anna", 'commit kurs "Ledarskap i förändring" senast 15 jan')

    vision = chat.say("anna", "commit bli en bättre ledare senast 15 jan")
    assert "mål än ett steg" in vision and "första" in vision  # it asks for the first concrete step
    assert "ändå" in vision  # and says how to keep it as written, if she insists
    assert len(commitments(session, chat, "anna")) == 1

    past = chat.say("anna", 'commit kurs "Förändringsledning" senast 2026-11-20')
    assert "passerat" in past and "Förändringsledning" not in [c.title for c in commitments(session, chat, "anna")]
    assert len(commitments(session, chat, "anna")) == 1

    unknown = chat.say("anna", "reflect #9 done")
    assert "#9" in unknown and "inget åtagande" in unknown
    [commitment] = commitments(session, chat, "anna")
    assert (commitment.number, commitment.title, commitment.state) == (1, "Ledarskap i förändring", "active")
    assert reflections(session, chat, "anna") == []


OPENINGS = {
    "sv": (
        "anna",
        ['commit kurs "Ledarskap i förändring" senast 15 jan', "ls", "reflect #1 bokade kursen", "reflect #1 klar"],
        ["Åtagande sparat", "15 jan. 2027", "Noterat på #1", "är klart"],
        ["Committed", "Noted", "is done", "Jan 15"],
    ),
    "en": (
        "ben",
        ['commit course "Leading through change" by 15 Jan', "ls", "reflect #1 booked the course", "reflect #1 done"],
        ["Committed", "Jan 15, 2027", "Noted on #1", "is done"],
        ["Åtagande", "Noterat", "klart", "senast"],
    ),
}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_opening_reads_in_the_persons_language(chat, session, language):
    who, lines, expected, foreign = OPENINGS[language]

    read = "\n".join(chat.say(who, line) for line in lines)

    missing = [words for words in expected if words not in read]
    assert not missing, f"{missing} not in what {who} read:\n{read}"
    other = [words for words in foreign if words in read]
    assert not other, f"{other} (the other language) in what {who} read:\n{read}"
    assert [c.state for c in commitments(session, chat, who)] == ["done"]


def test_switching_language_by_saying_so(chat, session):
    """On Teams in words; on Slack the same words after `/leadbot` (App Home's menu does it
    too: tests/test_forms_and_home_wire.py)."""
    switched = chat.say("anna", "language en")
    assert "English" in switched and "språk" not in switched.lower()
    assert "Committed" in chat.say("anna", 'commit kurs "Ledarskap i förändring" senast 15 jan')
    assert person_row(session, chat, "anna").locale_choice == "en"

    back = chat.say("anna", "språk sv")
    assert "Svenska" in back
    assert "Noterat på #1" in chat.say("anna", "reflect #1 bokade kursen")
    assert person_row(session, chat, "anna").locale_choice == "sv"


def test_the_team_digest_names_what_was_shared_and_never_what_was_private(chat, session):
    chat.team("ledning", ["anna", "ben"])
    switched_on = chat.say("anna", "digest on", channel="ledning")
    assert "fredag" in switched_on and "14:00" in switched_on

    chat.say("anna", 'commit kurs "Dela lärdomar på APT" senast 15 dec')
    chat.say("ben", 'commit course "Reorganise the IT unit" by 20 Dec private')
    chat.tick(FRIDAY_1405)

    [digest] = chat.channel("ledning")
    assert "Dela lärdomar på APT" in digest and "anna" in digest.lower()
    assert "Reorganise the IT unit" not in digest
    session.expire_all()
    [team] = session.exec(select(Team)).all()
    assert (team.enabled, team.weekday, team.at.strftime("%H:%M")) == (True, 4, "14:00")
    assert [d.state for d in session.exec(select(Digest))] == ["sent"]


def test_stats_are_for_admins_and_give_only_figures(chat, session):
    """Slack says who is a workspace admin; Teams tells a bot nothing of the kind, so there the
    operator names them in LEADBOT_ADMINS (the fixture names the cast's admin, Ada)."""
    leaders = ["anna", "ben", "pat", "eno", "kim"]
    for who in leaders:
        assert "#1" in chat.say(who, 'commit kurs "Förändringsledning i praktiken" senast 15 dec')
    chat.say("anna", "reflect #1 klar")

    figures = chat.say("ada", "stats")
    assert "4 of 5" in figures and "November 2026" in figures and "Course 1" in figures
    assert not any(chat_name in figures for chat_name in ("Anna", "Ben", "Pat", "Eno", "Kim"))

    refused = chat.say("ben", "stats")
    assert "admin" in refused and "4 of 5" not in refused


def test_the_first_hello_speaks_this_platforms_words(chat, session):
    hello = chat.open("eno")

    assert "lead by example" in hello.lower()
    said = [word for word in chat.not_here if word in hello]
    assert not said, f"{said} in the greeting:\n{hello}"
    assert person_row(session, chat, "eno") is not None
